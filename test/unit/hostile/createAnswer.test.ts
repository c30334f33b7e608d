/**
 * Hostile input, a create answer that names someone else (issue 29, class 2: the rehearsal only ever
 * changes what it provably created). A server answering POST Users with another user's record made
 * the rehearsal rename and deactivate (in Harness: delete) that user. The answer must name the test
 * user, and a POST Groups answer the test group, before any step acts on its id.
 */
import * as assert from 'node:assert/strict';
import { memoryLeftoversStore, runRehearsal } from '../../../src/core/rehearsal';
import { json } from '../harness/cannedServer';
import { cannedScimSuite } from './harnessAnswers';

const SUPPORTED = { supported: true };
const CONFIG = {
  patch: SUPPORTED,
  bulk: { supported: false },
  filter: { supported: true },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
};
const EMPTY = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };
const OURS = 'scim-rehearsal-abcdef123456';

suite('hostile input: create answers that name someone else', () => {
  const canned = cannedScimSuite();

  /** A Harness whose creates answer `user` and `group`; every id it is asked about is that object. */
  function lying(user: Record<string, unknown>, group: Record<string, unknown>): void {
    const since = canned.server.requests.length;
    canned.server.handle((req, res) => {
      const p = new URL(req.url, 'http://x').pathname.replace('/ng/api/scim/account/ACC/', '');
      if (p === 'ServiceProviderConfig') json(res, 200, CONFIG);
      else if (req.method === 'GET' && (p === 'Users' || p === 'Groups')) json(res, 200, EMPTY);
      else if (p.startsWith('Users') && req.method === 'PATCH') {
        // Applies displayName as Harness does; a deactivation deletes and answers 204.
        const ops = (JSON.parse(req.body) as { Operations: { path: string; value: unknown }[] }).Operations;
        if (ops.some((o) => o.path === 'active')) {
          res.writeHead(204);
          res.end();
        } else {
          json(res, 200, { ...user, displayName: ops.find((o) => o.path === 'displayName')?.value });
        }
      } else if (
        p.startsWith('Users/') &&
        req.method === 'GET' &&
        canned.server.requests.slice(since).some((q) => q.method === 'PATCH' && q.body.includes('"active"'))
      ) {
        json(res, 404, { schemas: [], status: '404', detail: 'gone' });
      } else if (p.startsWith('Users')) json(res, req.method === 'POST' ? 201 : 200, user);
      else json(res, req.method === 'POST' ? 201 : 200, group);
    });
  }

  const run = (): ReturnType<typeof runRehearsal> =>
    runRehearsal({
      scim: canned.conn.scim,
      token: 't',
      target: { baseUrl: canned.conn.baseUrl, accountId: 'ACC' },
      store: memoryLeftoversStore(),
      suffix: 'abcdef123456',
    });

  test('POST Users answers the CEO: no PATCH or DELETE of the CEO, and the run fails', async () => {
    lying(
      { schemas: [], id: 'ceo-id', userName: 'ceo@corp.example', displayName: 'CEO', active: true },
      { schemas: [], id: OURS.replace(/-/g, '_'), displayName: OURS, members: [] },
    );
    const before = canned.server.requests.length;
    const r = await run();
    const touched = canned.server.requests.slice(before).filter((q) => q.method !== 'GET' && q.url.includes('ceo-id'));
    assert.deepEqual(
      touched.map((q) => `${q.method} ${q.url}`),
      [],
    );
    assert.equal(r.ok, false);
  });

  test('POST Groups answers the Admins group: it is not patched or deleted', async () => {
    lying(
      { schemas: [], id: 'u1', userName: `${OURS}@example.com`, displayName: 'SCIM Rehearsal', active: true },
      { schemas: [], id: 'admins', displayName: 'Admins', members: [] },
    );
    const before = canned.server.requests.length;
    const r = await run();
    const sent = canned.server.requests.slice(before);
    assert.ok(
      sent.some((q) => q.method === 'POST' && q.url.endsWith('/Groups')),
      'the run reached the group create',
    );
    const touched = sent.filter((q) => q.method !== 'GET' && q.url.includes('/Groups/admins'));
    assert.deepEqual(
      touched.map((q) => `${q.method} ${q.url}`),
      [],
    );
    assert.equal(r.ok, false);
  });
});
