/**
 * Hostile input, ids in URL paths (issue 29, class 2: a server must not steer our deletes). An id
 * that comes from a server, a leftovers file or a flag is one path segment. `encodeURIComponent`
 * leaves `.` and `..` as they are, and the URL parser then resolves them: `DELETE Users/..` became
 * `DELETE /ng/api/scim/account/ACC/`. Such ids are refused before anything is sent.
 */
import * as assert from 'node:assert/strict';
import { HarnessApiError } from '../../../src/core/harness';
import { startCannedServer, type CannedServer } from '../harness/cannedServer';
import { testClient } from '../harness/fixtures';
import { scimConnection } from '../testHttp';

suite('hostile input: ids in URL paths', () => {
  let server: CannedServer;
  suiteSetup(async () => {
    server = await startCannedServer();
  });
  suiteTeardown(async () => {
    await server.close();
  });

  const bad = ['..', '.', '', '%2e%2e', '../Users/victim'];

  test('SCIM calls refuse ".", ".." and empty ids, and send nothing', async () => {
    const conn = scimConnection({
      baseUrl: server.baseUrl,
      accountId: 'ACC',
      env: {},
      retries: { maxAttempts: 1 },
    });
    try {
      for (const id of ['..', '.', '']) {
        const before = server.requests.length;
        for (const call of [
          () => conn.scim.deleteUser('t', id),
          () => conn.scim.deleteGroup('t', id),
          () => conn.scim.getUser('t', id),
          () => conn.scim.getGroup('t', id),
          () => conn.scim.patchUser('t', id, []),
          () => conn.scim.patchGroup('t', id, []),
        ]) {
          await assert.rejects(
            call(),
            (e: unknown) => e instanceof Error && /not a valid identifier|path segment/i.test(e.message),
            `id ${JSON.stringify(id)}`,
          );
        }
        assert.equal(
          server.requests.length,
          before,
          `requests sent for id ${JSON.stringify(id)}: ${server.requests
            .slice(before)
            .map((r) => `${r.method} ${r.url}`)
            .join(', ')}`,
        );
      }
    } finally {
      await conn.close();
    }
  });

  test('an id with / or % stays inside its one segment', async () => {
    const conn = scimConnection({
      baseUrl: server.baseUrl,
      accountId: 'ACC',
      env: {},
      retries: { maxAttempts: 1 },
    });
    try {
      for (const id of bad.filter((b) => b.length > 2)) {
        const before = server.requests.length;
        await conn.scim.deleteUser('t', id).catch(() => undefined);
        const sent = server.requests.slice(before);
        assert.equal(sent.length, 1);
        assert.equal(sent[0]?.url, `/ng/api/scim/account/ACC/Users/${encodeURIComponent(id)}`);
      }
    } finally {
      await conn.close();
    }
  });

  test('Harness API reads by id refuse "." and "..": a role, a resource group, a service account', async () => {
    const client = testClient(server.baseUrl);
    try {
      const before = server.requests.length;
      for (const id of ['..', '.']) {
        await assert.rejects(client.getRole(id), (e: unknown) => e instanceof HarnessApiError || e instanceof Error);
        await assert.rejects(client.getResourceGroup(id), Error);
        await assert.rejects(client.getServiceAccountAggregate(id), Error);
      }
      assert.equal(
        server.requests.length,
        before,
        server.requests
          .slice(before)
          .map((r) => `${r.method} ${r.url}`)
          .join(', '),
      );
    } finally {
      await client.close();
    }
  });
});
