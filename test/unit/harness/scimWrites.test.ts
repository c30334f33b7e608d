/**
 * ScimClient's write calls over the one transport, without an API key (ScimConnection): bearer
 * only, SCIM bodies, 204 answers read as "nothing", the status heard through `observe`, writes
 * never retried, and the token never echoed in an error.
 */
import * as assert from 'node:assert/strict';
import { HarnessApiError, HarnessScimError } from '../../../src/core/harness';
import { type CannedServer, json, startCannedServer } from './cannedServer';
import { type TestScimConnection, scimConnection } from '../testHttp';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzY2ltIn0.c2lnbmF0dXJlLW9mLWEtdGVzdC10b2tlbg';

suite('harness client: SCIM writes', () => {
  let server: CannedServer;
  let conn: TestScimConnection;

  setup(async () => {
    server = await startCannedServer();
    conn = scimConnection({
      baseUrl: `${server.baseUrl}/gateway`,
      accountId: 'acc',
      env: {},
      retries: { sleep: () => Promise.resolve(), maxAttempts: 3 },
    });
  });
  teardown(async () => {
    await conn.close();
    await server.close();
  });

  test('PATCH answered 204 with no body resolves to undefined; the status is observed; only a bearer is sent', async () => {
    server.handle((_r, res) => {
      res.writeHead(204).end();
    });
    let status: number | undefined;
    const user = await conn.scim.patchUser(TOKEN, 'u 1', [{ op: 'replace', path: 'active', value: false }], {
      observe: (a) => {
        status = a.status;
      },
    });
    assert.equal(user, undefined);
    assert.equal(status, 204);
    const req = server.requests[0];
    assert.equal(req?.method, 'PATCH');
    assert.equal(req.url, '/gateway/ng/api/scim/account/acc/Users/u%201');
    assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(req.headers['x-api-key'], undefined);
    assert.deepEqual(JSON.parse(req.body), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
  });

  test("Harness's DELETE answers for what is already gone reach the caller with their status and code (400 INVALID_REQUEST for a user, 401 for a group)", async () => {
    // harness-core 1dcec145: CG's UnauthorizedException ("Token is not valid.") re-thrown as INVALID_REQUEST (CGRestUtils.java:94-104);
    // a group's UnauthorizedException is INVALID_TOKEN (NGScimGroupServiceImpl.java:231-233). The rehearsal's cleanup reads these.
    server.handle((r, res) => {
      if (r.url.includes('/Users/'))
        json(res, 400, { status: 'ERROR', code: 'INVALID_REQUEST', message: 'Invalid request: Token is not valid.' });
      else json(res, 401, { status: 'ERROR', code: 'INVALID_TOKEN', message: 'Token is not valid.' });
    });
    const user = await conn.scim.deleteUser(TOKEN, 'u1').then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(user instanceof HarnessApiError);
    assert.equal(user.httpStatus, 400);
    assert.equal(user.code, 'INVALID_REQUEST');
    const group = await conn.scim.deleteGroup(TOKEN, 'g1').then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(group instanceof HarnessApiError);
    assert.equal(group.httpStatus, 401);
    assert.equal(server.requests.length, 2, 'neither DELETE is retried');
  });

  test('a failed POST Users is a 409 SCIM error whose status says 404; a 503 on a write is not retried', async () => {
    server.handle((_r, res) => {
      json(res, 409, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        detail: `bad user ${TOKEN}`,
        status: 404,
      });
    });
    const e = await conn.scim.createUser(TOKEN, { userName: 'a@example.com', active: true }).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(e instanceof HarnessScimError);
    assert.equal(e.httpStatus, 409);
    assert.equal(e.scimStatus, '404');
    assert.ok(!e.message.includes(TOKEN) && !(e.detail ?? '').includes(TOKEN));
    server.handle((_r, res) => {
      json(res, 503, { status: 'ERROR', code: 'UNKNOWN_ERROR', message: 'Oops' });
    });
    const before = server.requests.length;
    await assert.rejects(conn.scim.deleteGroup(TOKEN, 'g'));
    assert.equal(server.requests.length - before, 1);
  });
});
