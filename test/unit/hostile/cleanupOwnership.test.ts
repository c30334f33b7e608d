/**
 * Hostile input, the leftovers record and the server (issue 29, class 2: a server must not steer
 * our deletes). A recorded id is only a claim: before a DELETE, Harness must say the object at that
 * id is the test object by name. A planted entry (a rehearsal name with another user's id) or a
 * server answering another user for our id must delete nothing.
 */
import * as assert from 'node:assert/strict';
import { memoryLeftoversStore, removePreviousLeftovers } from '../../../src/core/rehearsal';
import { json } from '../harness/cannedServer';
import { cannedScimSuite } from './harnessAnswers';

suite('hostile input: cleanup deletes only what is provably ours', () => {
  const canned = cannedScimSuite();

  const target = (): { baseUrl: string; accountId: string } => ({ baseUrl: canned.conn.baseUrl, accountId: 'ACC' });
  const ourUser = 'scim-rehearsal-abcdef123456@example.com';
  const ourGroup = 'scim-rehearsal-abcdef123456';

  test("a planted user entry: our name, the CEO's id. GET says it is the CEO: no DELETE, entry kept", async () => {
    canned.server.handle((req, res) => {
      if (req.method === 'GET')
        json(res, 200, {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: 'ceo-id',
          userName: 'ceo@corp.example',
          active: true,
        });
      else json(res, 204, {});
    });
    const store = memoryLeftoversStore([
      { kind: 'user', name: ourUser, id: 'ceo-id', ...target(), recordedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const before = canned.server.requests.length;
    const r = await removePreviousLeftovers({ scim: canned.conn.scim, token: 't', target: target(), store });
    const sent = canned.server.requests.slice(before).map((q) => `${q.method} ${q.url}`);
    assert.ok(!sent.some((s) => s.startsWith('DELETE')), sent.join(', '));
    assert.equal(
      r.actions.every((a) => a.ok),
      false,
    );
    assert.match(r.actions[0]?.message ?? '', /ceo@corp\.example.*not deleted/);
  });

  test('a planted group entry pointing at another group: no DELETE', async () => {
    canned.server.handle((req, res) => {
      if (req.method === 'GET')
        json(res, 200, {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          id: 'admins',
          displayName: 'Admins',
          members: [],
        });
      else json(res, 204, {});
    });
    const store = memoryLeftoversStore([
      { kind: 'group', name: ourGroup, id: 'admins', ...target(), recordedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const before = canned.server.requests.length;
    await removePreviousLeftovers({ scim: canned.conn.scim, token: 't', target: target(), store });
    assert.ok(!canned.server.requests.slice(before).some((q) => q.method === 'DELETE'));
    assert.equal(store.entries().length, 1);
  });

  test('a server that answers a different id than asked for: no DELETE', async () => {
    canned.server.handle((req, res) => {
      if (req.method === 'GET')
        json(res, 200, {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: 'someone-else',
          userName: ourUser,
          active: true,
        });
      else json(res, 204, {});
    });
    const store = memoryLeftoversStore([
      { kind: 'user', name: ourUser, id: 'u1', ...target(), recordedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const before = canned.server.requests.length;
    await removePreviousLeftovers({ scim: canned.conn.scim, token: 't', target: target(), store });
    assert.ok(!canned.server.requests.slice(before).some((q) => q.method === 'DELETE'));
  });

  test('a leftover id "..": never a DELETE of the parent path; looked up by name instead', async () => {
    canned.server.handle((_req, res) => {
      json(res, 200, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 0,
        itemsPerPage: 0,
        startIndex: 1,
        Resources: [],
      });
    });
    const store = memoryLeftoversStore([
      { kind: 'user', name: ourUser, id: '..', ...target(), recordedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const before = canned.server.requests.length;
    await removePreviousLeftovers({ scim: canned.conn.scim, token: 't', target: target(), store });
    const sent = canned.server.requests.slice(before);
    assert.ok(
      sent.every((q) => q.method === 'GET' && q.url.startsWith('/ng/api/scim/account/ACC/Users?')),
      sent.map((q) => `${q.method} ${q.url}`).join(', '),
    );
  });

  test('our own test user at its id is still deleted', async () => {
    canned.server.handle((req, res) => {
      if (req.method === 'GET')
        json(res, 200, {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: 'u1',
          userName: ourUser,
          active: true,
        });
      else {
        res.writeHead(204);
        res.end();
      }
    });
    const store = memoryLeftoversStore([
      { kind: 'user', name: ourUser, id: 'u1', ...target(), recordedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const before = canned.server.requests.length;
    const r = await removePreviousLeftovers({ scim: canned.conn.scim, token: 't', target: target(), store });
    assert.ok(
      canned.server.requests
        .slice(before)
        .some((q) => q.method === 'DELETE' && q.url === '/ng/api/scim/account/ACC/Users/u1'),
    );
    assert.ok(
      r.actions.every((a) => a.ok),
      JSON.stringify(r.actions),
    );
    assert.equal(store.entries().length, 0);
  });
});
