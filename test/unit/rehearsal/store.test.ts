/** Where the CLI keeps leftovers, how the file survives damage, and cancellation still cleaning up. */
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileLeftoversStore, leftoversFilePath } from '../../../src/cli/leftoversFile';
import {
  mementoLeftoversStore,
  memoryLeftoversStore,
  parseLeftovers,
  rehearsalSummary,
  runRehearsal,
  type RehearsalLeftover,
} from '../../../src/core/rehearsal';
import { startIdp, type Idp } from '../../sandbox/idp';
import { CLAIM, holdings, scimAccount, type ScimAccount } from './fixtures';

const entry: RehearsalLeftover = {
  kind: 'group',
  name: 'scim-rehearsal-abcdef123',
  id: 'g1',
  baseUrl: 'http://127.0.0.1:1',
  accountId: 'acc',
  recordedAt: '2026-01-01T00:00:00.000Z',
};

suite('SCIM rehearsal: leftovers store', () => {
  test('the cache path: XDG_CACHE_HOME when absolute, else ~/.cache, LOCALAPPDATA on Windows', () => {
    assert.equal(
      leftoversFilePath({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, 'linux'),
      '/x/cache/harness-scim-jwt/rehearsal-leftovers.json',
    );
    assert.equal(
      leftoversFilePath({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }, 'linux'),
      '/home/u/.cache/harness-scim-jwt/rehearsal-leftovers.json',
    );
    assert.equal(
      leftoversFilePath({ HOME: '/Users/u' }, 'darwin'),
      '/Users/u/.cache/harness-scim-jwt/rehearsal-leftovers.json',
    );
    assert.match(
      leftoversFilePath({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'),
      /AppData.Local.harness-scim-jwt.rehearsal-leftovers\.json$/,
    );
  });

  test('the file store round-trips, creates its directory private, and reads a damaged file as empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leftovers-'));
    try {
      const path = join(dir, 'sub', 'rehearsal-leftovers.json');
      const store = fileLeftoversStore(path);
      assert.deepEqual(await store.load(), []);
      await store.save([entry]);
      assert.deepEqual(await store.load(), [entry]);
      if (process.platform !== 'win32') assert.equal((await stat(path)).mode & 0o077, 0);
      assert.match(await readFile(path, 'utf8'), /"leftovers"/);
      await writeFile(path, '{ not json');
      assert.deepEqual(await store.load(), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a memento store (the extension's globalState) keeps the list under one key and ignores junk there", async () => {
    const data = new Map<string, unknown>([['k', 'junk']]);
    const store = mementoLeftoversStore(
      {
        get: (k) => data.get(k),
        update: (k, v) => {
          data.set(k, v);
          return Promise.resolve();
        },
      },
      'k',
    );
    assert.deepEqual(await store.load(), []);
    await store.save([entry]);
    assert.deepEqual(data.get('k'), [entry]);
    assert.deepEqual(await store.load(), [entry]);
  });

  test('malformed entries are dropped, never acted on', () => {
    assert.deepEqual(
      parseLeftovers([
        entry,
        { kind: 'role', name: 'x', baseUrl: 'b', accountId: 'a' },
        null,
        'x',
        { kind: 'user', name: 3 },
      ]),
      [entry],
    );
    assert.deepEqual(parseLeftovers({ leftovers: [] }), []);
  });
});

suite('SCIM rehearsal: runs cut short', () => {
  let idp: Idp;
  let token: string;
  let a: ScimAccount;

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    token = await idp.getToken();
    a = await scimAccount(idp);
  });
  suiteTeardown(async () => {
    await a.close();
    await idp.close();
  });

  test('cancelled after step 7: the rest is not sent, the cleanup still deletes the group and the user (looking first)', async () => {
    const before = holdings(a.emu);
    const abort = new AbortController();
    const store = memoryLeftoversStore();
    const r = await runRehearsal({
      scim: a.conn.scim,
      token,
      target: { baseUrl: a.conn.baseUrl, accountId: a.emu.accountId },
      store,
      signal: abort.signal,
      onStep: (s) => {
        if (s.step === 7) abort.abort();
      },
    });
    assert.equal(r.outcome, 'cancelled');
    assert.equal(
      rehearsalSummary(r),
      'SCIM rehearsal: step 8 (Read the group back with its member) failed: no answer. Everything created was deleted.',
    );
    assert.equal(r.steps[7]?.problem, 'cancelled');
    assert.deepEqual(
      r.cleanup.map((c) => c.request.split(' ')[0]),
      ['DELETE', 'DELETE'],
    );
    assert.match(r.cleanup[0]?.request ?? '', /\/Groups\//);
    assert.deepEqual(holdings(a.emu), before);
    assert.deepEqual(store.entries(), []);
  });

  test('a store that cannot record: nothing is created (step 3 fails before sending), the account is as it was', async () => {
    const before = holdings(a.emu);
    const store = { load: () => Promise.resolve([]), save: () => Promise.reject(new Error('read-only file system')) };
    let sent = 0;
    const scim = Object.create(a.conn.scim) as typeof a.conn.scim;
    scim.createUser = (...args) => {
      sent++;
      return a.conn.scim.createUser(...args);
    };
    const r = await runRehearsal({
      scim,
      token,
      target: { baseUrl: a.conn.baseUrl, accountId: a.emu.accountId },
      store,
    });
    const create = r.steps[2];
    assert.equal(create?.problem, 'store-failed');
    assert.match(create.message, /read-only file system/);
    assert.equal(sent, 0, 'no POST Users was sent');
    assert.deepEqual(holdings(a.emu), before);
  });

  test('a progress callback that throws does not stop the run or its cleanup', async () => {
    const before = holdings(a.emu);
    const r = await runRehearsal({
      scim: a.conn.scim,
      token,
      target: { baseUrl: a.conn.baseUrl, accountId: a.emu.accountId },
      store: memoryLeftoversStore(),
      onStep: () => {
        throw new Error('display gone');
      },
    });
    assert.equal(r.outcome, 'passed');
    assert.deepEqual(holdings(a.emu), before);
  });
});
