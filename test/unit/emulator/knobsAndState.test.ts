import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { call } from './helpers';

suite('emulator: persistence, fault injection, CLI entry', () => {
  let dir: string;
  suiteSetup(() => {
    dir = mkdtempSync(join(tmpdir(), 'harness-emulator-'));
  });
  suiteTeardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('state survives a restart through the JSON file; secrets of minted keys are not stored', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startEmulator({ stateFile });
    const { key } = first.addApiKey({ kind: 'sat', principal: 'persisted_sa', permissions: ['core_account_view'] });
    const put = await call(first, 'PUT', `/ng/api/settings?accountIdentifier=${first.accountId}`, {
      key: first.adminKey,
      body: [
        { identifier: 'scim_jwt_token_key_field', value: 'client_id', allowOverrides: false, updateType: 'UPDATE' },
      ],
    });
    assert.equal(put.status, 200);
    first.setFeatureFlag(false);
    await first.close();
    assert.ok(!readFileSync(stateFile, 'utf8').includes(key.split('.')[3] ?? 'x'), 'the SAT secret is not in the file');

    const second = await startEmulator({ stateFile });
    try {
      assert.equal(second.accountId, first.accountId);
      assert.equal(second.adminKey, first.adminKey);
      const one = await call(
        second,
        'GET',
        `/ng/api/settings/scim_jwt_token_key_field?accountIdentifier=${second.accountId}`,
        { key },
      );
      assert.equal(one.status, 200, 'the SAT minted before the restart still works');
      assert.equal((one.json.data as Record<string, unknown>).value, 'client_id');
      assert.equal(second.snapshot().featureFlagOn, false);
    } finally {
      await second.close();
    }
  });

  suite('faults', () => {
    let emu: Emulator;
    let path: string;
    suiteSetup(async () => {
      emu = await startEmulator();
      path = `/ng/api/settings?accountIdentifier=${emu.accountId}&category=SCIM`;
    });
    suiteTeardown(async () => {
      await emu.close();
    });

    test('5xx and 429 are answered the given number of times, then the API answers normally', async () => {
      emu.injectFault({ path: /\/settings/, kind: '5xx', times: 2 });
      assert.equal((await call(emu, 'GET', path, { key: emu.adminKey })).status, 503);
      assert.equal((await call(emu, 'GET', path, { key: emu.adminKey })).status, 503);
      assert.equal((await call(emu, 'GET', path, { key: emu.adminKey })).status, 200);
      emu.injectFault({ kind: '429' });
      const limited = await call(emu, 'GET', path, { key: emu.adminKey });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), null);
    });

    test('an HTML error page, a dropped connection and a truncated body', async () => {
      emu.injectFault({ kind: 'html', status: 502 });
      const html = await call(emu, 'GET', path, { key: emu.adminKey });
      assert.equal(html.status, 502);
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      emu.injectFault({ kind: 'drop' });
      await assert.rejects(call(emu, 'GET', path, { key: emu.adminKey }));
      emu.injectFault({ kind: 'truncated' });
      await assert.rejects(call(emu, 'GET', path, { key: emu.adminKey }));
      assert.equal((await call(emu, 'GET', path, { key: emu.adminKey })).status, 200);
    });

    test('a fault limited to one path leaves the others alone; requests are counted', async () => {
      const before = emu.requestCount('/authz/api/roles');
      emu.injectFault({ path: /^\/authz\/api\/roles/, kind: '5xx', status: 504 });
      assert.equal((await call(emu, 'GET', path, { key: emu.adminKey })).status, 200);
      assert.equal(
        (await call(emu, 'GET', `/authz/api/roles?accountIdentifier=${emu.accountId}`, { key: emu.adminKey })).status,
        504,
      );
      assert.equal(emu.requestCount('/authz/api/roles'), before + 1);
    });
  });

  test('emulator-main prints base URL, account and admin key, and stops on SIGTERM', async () => {
    const main = join(__dirname, '..', '..', 'sandbox', 'emulator-main.js');
    const child = spawn(process.execPath, [main, '--port', '0', '--settings-cache-ms', '1000'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.includes('admin key')) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
      child.once('exit', () => {
        clearInterval(timer);
        reject(new Error(`exited early: ${out}`));
      });
    });
    const baseUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const account = /account id: (\S+)/.exec(out)?.[1];
    const key = /admin key: +(pat\.\S+)/.exec(out)?.[1];
    assert.ok(baseUrl && account && key, out);
    const r = await fetch(`${baseUrl}/ng/api/settings?accountIdentifier=${account}&category=SCIM`, {
      headers: { 'x-api-key': key },
    });
    assert.equal(r.status, 200);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        resolve(code);
      }),
    );
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
