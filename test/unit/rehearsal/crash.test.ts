/**
 * A rehearsal killed after step 3 leaves its test user behind, recorded in the cache file; the
 * next `scim-jwt rehearse` finds it, deletes it first, then runs. Entries that are not the
 * rehearsal's own are never acted on.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftoversFilePath } from '../../../src/cli/leftoversFile';
import { memoryLeftoversStore, runRehearsal } from '../../../src/core/rehearsal';
import { runInProcess } from '../cli/inProcess';
import { startIdp, type Idp } from '../../sandbox/idp';
import { CLAIM, holdings, scimAccount, type ScimAccount } from './fixtures';

function runChild(
  env: Record<string, string>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'crashChild.js')], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 15_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, err });
    });
  });
}

suite('SCIM rehearsal: a run that dies half-way', () => {
  let idp: Idp;
  let token: string;
  let a: ScimAccount;
  let cache: string;

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    token = await idp.getToken();
    a = await scimAccount(idp);
    cache = await mkdtemp(join(tmpdir(), 'rehearsal-cache-'));
  });
  suiteTeardown(async () => {
    await a.close();
    await idp.close();
    await rm(cache, { recursive: true, force: true });
  });

  test('killed after step 3: the user stays, recorded with its id; the next run deletes it first and passes', async () => {
    const before = holdings(a.emu);
    const env = { XDG_CACHE_HOME: cache };
    const child = await runChild({
      ...env,
      REHEARSE_BASE_URL: a.emu.baseUrl,
      REHEARSE_ACCOUNT: a.emu.accountId,
      REHEARSE_TOKEN: token,
    });
    assert.equal(child.signal, 'SIGKILL', `child exited with ${String(child.code)}: ${child.err}`);
    const file = leftoversFilePath(env);
    assert.ok(file.startsWith(join(cache, 'harness-scim-jwt')));
    const stored = JSON.parse(await readFile(file, 'utf8')) as {
      leftovers: { kind: string; name: string; id?: string }[];
    };
    assert.equal(stored.leftovers.length, 1);
    const left = stored.leftovers[0];
    assert.equal(left?.kind, 'user');
    assert.match(left.name, /^scim-rehearsal-[a-z0-9]+@example\.com$/);
    assert.ok(left.id !== undefined && a.emu.snapshot().users.some((u) => u.id === left.id && u.email === left.name));
    assert.notDeepEqual(holdings(a.emu), before);

    const r = await runInProcess(
      ['rehearse', '--base-url', a.emu.baseUrl, `--account=${a.emu.accountId}`, '--token', token, '--yes'],
      { env },
    );
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /## Leftovers of an earlier run/);
    assert.ok(r.out.includes(`DELETE /ng/api/scim/account/${a.emu.accountId}/Users/${left.id}`), r.out);
    assert.deepEqual(holdings(a.emu), before);
    const after = JSON.parse(await readFile(file, 'utf8')) as { leftovers: unknown[] };
    assert.deepEqual(after.leftovers, []);
  });

  const lost: readonly (readonly [string, string])[] = [
    ['this version', 'scim-rehearsal-lostanswer01@example.com'],
    ['an earlier version ("+" in the name)', 'scim-rehearsal+lostanswer02@example.com'],
  ];
  for (const [label, name] of lost) {
    test(`a create whose answer was lost (no id recorded), named by ${label}, is found by its unique name and deleted`, async () => {
      const before = holdings(a.emu);
      // Harness decodes filter values twice; the lookup escapes "+" so it is still found (never a false "never created").
      const created = await a.conn.scim.createUser(token, { userName: name, active: true });
      const target = { baseUrl: a.conn.baseUrl, accountId: a.emu.accountId };
      const store = memoryLeftoversStore([{ kind: 'user', name, ...target, recordedAt: new Date().toISOString() }]);
      const r = await runRehearsal({ scim: a.conn.scim, token, target, store, removePrevious: true });
      assert.equal(r.outcome, 'passed');
      assert.ok(
        r.previousCleanup.some((c) => c.ok && c.id === created.id && c.request.startsWith('DELETE')),
        JSON.stringify(r.previousCleanup),
      );
      assert.deepEqual(store.entries(), []);
      assert.deepEqual(holdings(a.emu), before);
    });
  }

  test('stored leftovers already gone are cleared: looked up first (404), never a DELETE that Harness answers 400 or 401', async () => {
    const target = { baseUrl: a.conn.baseUrl, accountId: a.emu.accountId };
    const user = await a.conn.scim.createUser(token, {
      userName: 'scim-rehearsal-alreadygone1@example.com',
      active: true,
    });
    const group = await a.conn.scim.createGroup(token, { displayName: 'scim-rehearsal-alreadygone1' });
    await a.conn.scim.deleteGroup(token, group.id);
    await a.conn.scim.deleteUser(token, user.id);
    const store = memoryLeftoversStore([
      { kind: 'user', name: 'scim-rehearsal-alreadygone1@example.com', id: user.id, ...target, recordedAt: '' },
      { kind: 'group', name: 'scim-rehearsal-alreadygone1', id: group.id, ...target, recordedAt: '' },
    ]);
    const r = await runRehearsal({ scim: a.conn.scim, token, target, store, removePrevious: true });
    assert.equal(r.outcome, 'passed');
    assert.deepEqual(
      r.previousCleanup.map((c) => [c.kind, c.ok, c.status, c.request.split(' ')[0]]),
      [
        ['group', true, 404, 'GET'],
        ['user', true, 404, 'GET'],
      ],
    );
    assert.ok(r.previousCleanup.every((c) => c.message.includes('already gone')));
    assert.deepEqual(store.entries(), []);
  });

  test('a look-up refused (no view permission): a recorded id is never deleted blind, and the entries stay recorded', async () => {
    // The id in a store is only a claim; with no way to read what it is (403), nor to find it by name,
    // a DELETE could remove anyone. Harness's "already gone" answers to a DELETE used to count here.
    const b = await scimAccount(idp, ['core_user_manage', 'core_usergroup_manage']);
    try {
      const target = { baseUrl: b.conn.baseUrl, accountId: b.emu.accountId };
      const store = memoryLeftoversStore([
        { kind: 'user', name: 'scim-rehearsal-goneanyway1@example.com', id: 'no-such-user', ...target, recordedAt: '' },
        { kind: 'group', name: 'scim-rehearsal-goneanyway1', id: 'no_such_group', ...target, recordedAt: '' },
      ]);
      const r = await runRehearsal({ scim: b.conn.scim, token, target, store, removePrevious: true });
      assert.deepEqual(
        r.previousCleanup.map((c) => [c.kind, c.ok, c.status, c.request.split(' ')[0]]),
        [
          ['group', false, 403, 'GET'],
          ['user', false, 403, 'GET'],
        ],
        JSON.stringify(r.previousCleanup, null, 2),
      );
      assert.ok(r.previousCleanup.every((c) => /Could not confirm .* not deleted/.test(c.message)));
      assert.equal(store.entries().filter((e) => e.name.startsWith('scim-rehearsal-goneanyway1')).length, 2);
    } finally {
      await b.close();
    }
  });

  test('a stored entry that is not a rehearsal name is never acted on, even with a real id', async () => {
    const someone = await a.conn.scim.createUser(token, { userName: 'alice@example.org', active: true });
    try {
      const before = holdings(a.emu);
      const target = { baseUrl: a.conn.baseUrl, accountId: a.emu.accountId };
      const store = memoryLeftoversStore([
        { kind: 'user', name: 'alice@example.org', id: someone.id, ...target, recordedAt: '' },
      ]);
      const r = await runRehearsal({ scim: a.conn.scim, token, target, store, removePrevious: true });
      assert.equal(r.outcome, 'passed');
      assert.ok(r.previousCleanup.every((c) => !c.request.startsWith('DELETE')));
      assert.deepEqual(holdings(a.emu), before);
      assert.ok(a.emu.snapshot().users.some((u) => u.id === someone.id));
    } finally {
      await a.conn.scim.deleteUser(token, someone.id);
    }
  });

  test("another account's leftovers in the same store are left alone", async () => {
    const other = {
      kind: 'user' as const,
      name: 'scim-rehearsal-otheraccount1@example.com',
      id: 'x1',
      baseUrl: a.conn.baseUrl,
      accountId: 'another_account',
      recordedAt: '',
    };
    const store = memoryLeftoversStore([other]);
    const r = await runRehearsal({
      scim: a.conn.scim,
      token,
      target: { baseUrl: a.conn.baseUrl, accountId: a.emu.accountId },
      store,
      removePrevious: true,
    });
    assert.equal(r.outcome, 'passed');
    assert.deepEqual(r.previousCleanup, []);
    assert.deepEqual(store.entries(), [other]);
  });
});
