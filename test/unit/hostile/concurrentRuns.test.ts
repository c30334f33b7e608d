/**
 * Hostile input, a server and a shared store must not steer our deletes (issue 29, class 2): two
 * rehearsals at once share one leftovers store, and the second deleted the first's live test user as
 * a "leftover". An entry whose run is still going is never a leftover. And a recorded id whose
 * look-up answers 403 (or anything but the object) is not deleted unless a search by the test name
 * lists that very id.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import {
  finishRun,
  memoryLeftoversStore,
  removePreviousLeftovers,
  startRun,
  type RehearsalLeftover,
} from '../../../src/core/rehearsal';
import { json } from '../harness/cannedServer';
import { cannedScimSuite } from './harnessAnswers';

suite('hostile input: a rehearsal never deletes what another run or another user owns', () => {
  const canned = cannedScimSuite();
  const target = (): { baseUrl: string; accountId: string } => ({ baseUrl: canned.conn.baseUrl, accountId: 'ACC' });
  const entry = (suffix: string, extra: Partial<RehearsalLeftover> = {}): RehearsalLeftover => ({
    kind: 'user',
    name: `scim-rehearsal-${suffix}@example.com`,
    id: `id-${suffix}`,
    ...target(),
    recordedAt: new Date().toISOString(),
    ...extra,
  });
  const sentSince = (before: number): string[] =>
    canned.server.requests.slice(before).map((q) => `${q.method} ${q.url}`);

  test("a run still going in this process, or in another live process: its entries are not touched; a dead run's are", async () => {
    canned.server.handle((req, res) => {
      if (req.method === 'GET') json(res, 404, { detail: 'not found' });
      else json(res, 204, {});
    });
    const running = startRun();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    try {
      const store = memoryLeftoversStore([
        entry('live0thisproc', { owner: running }),
        entry('live0otherproc', { owner: { host: hostname(), pid: child.pid ?? 0, run: 'other' } }),
        entry('dead0run00001', { owner: { host: hostname(), pid: dead, run: 'gone' } }),
      ]);
      const before = canned.server.requests.length;
      await removePreviousLeftovers({ scim: canned.conn.scim, token: 't', target: target(), store });
      const sent = sentSince(before);
      assert.ok(!sent.some((s) => s.includes('live0')), sent.join('\n'));
      assert.ok(
        sent.some((s) => s.includes('id-dead0run00001')),
        sent.join('\n'),
      );
      assert.deepEqual(
        store.entries().map((e) => e.name.split('@')[0]),
        ['scim-rehearsal-live0thisproc', 'scim-rehearsal-live0otherproc'],
      );
    } finally {
      finishRun(running);
      child.kill();
    }
  });

  test('the run is over: its unfinished entries become leftovers like any other', async () => {
    canned.server.handle((req, res) => {
      if (req.method === 'GET') json(res, 404, { detail: 'not found' });
      else json(res, 204, {});
    });
    const owner = startRun();
    finishRun(owner);
    const store = memoryLeftoversStore([entry('finished0run1', { owner })]);
    await removePreviousLeftovers({ scim: canned.conn.scim, token: 't', target: target(), store });
    assert.deepEqual(store.entries(), []);
  });

  test('a planted id whose look-up answers 403: not deleted, since a search by the test name does not list it', async () => {
    canned.server.handle((req, res) => {
      if (req.method === 'GET' && req.url.includes('filter='))
        json(res, 200, { schemas: [], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });
      else if (req.method === 'GET') json(res, 403, { status: 'ERROR', code: 'NOT_AUTHORIZED', message: 'denied' });
      else json(res, 204, {});
    });
    const store = memoryLeftoversStore([entry('planted00ceo1', { id: 'ceo-id' })]);
    const before = canned.server.requests.length;
    const r = await removePreviousLeftovers({ scim: canned.conn.scim, token: 't', target: target(), store });
    const sent = sentSince(before);
    assert.ok(!sent.some((s) => s.startsWith('DELETE')), sent.join('\n'));
    assert.match(r.actions[0]?.message ?? '', /Could not confirm .* not deleted/);
    assert.equal(store.entries().length, 1);
  });

  test('a look-up that answers 403, and a search by the test name that lists this very id: deleted', async () => {
    const name = 'scim-rehearsal-listed0byname@example.com';
    canned.server.handle((req, res) => {
      if (req.method === 'GET' && req.url.includes('filter='))
        json(res, 200, {
          schemas: [],
          totalResults: 1,
          itemsPerPage: 1,
          startIndex: 1,
          Resources: [{ schemas: [], id: 'id-listed', userName: name, active: true }],
        });
      else if (req.method === 'GET') json(res, 403, { status: 'ERROR', code: 'NOT_AUTHORIZED', message: 'denied' });
      else json(res, 204, {});
    });
    const store = memoryLeftoversStore([entry('listed0byname', { id: 'id-listed' })]);
    const before = canned.server.requests.length;
    await removePreviousLeftovers({ scim: canned.conn.scim, token: 't', target: target(), store });
    assert.ok(sentSince(before).some((s) => s.startsWith('DELETE') && s.includes('id-listed')));
  });
});
