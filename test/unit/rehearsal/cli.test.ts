/** `scim-jwt rehearse`: consent, exit codes, the JSON shape, stdin tokens, and an incomplete cleanup. */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { runInProcess, type CliRun } from '../cli/inProcess';
import { startIdp, type Idp } from '../../sandbox/idp';
import { CLAIM, holdings, SCIM_PERMISSIONS, scimAccount, type ScimAccount } from './fixtures';

interface JsonReport {
  ok: boolean;
  deactivationDeleted: boolean | null;
  steps: Record<string, unknown>[];
  leftovers: { kind: string; name: string; id: string | null }[];
  findings: { id: string; title: string; observed: string | null; source: string }[];
}

suite('scim-jwt rehearse', () => {
  let idp: Idp;
  let token: string;
  let a: ScimAccount;
  let cache: string;
  let env: Record<string, string>;
  const args = (...more: string[]): string[] => [
    'rehearse',
    '--base-url',
    a.emu.baseUrl,
    `--account=${a.emu.accountId}`,
    ...more,
  ];
  const cli = (argv: string[], stdin?: string): Promise<CliRun> => runInProcess(argv, { env, stdin });

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    token = await idp.getToken();
    a = await scimAccount(idp);
    cache = await mkdtemp(join(tmpdir(), 'rehearse-cli-'));
    env = { XDG_CACHE_HOME: cache };
  });
  suiteTeardown(async () => {
    await a.close();
    await idp.close();
    await rm(cache, { recursive: true, force: true });
  });
  teardown(() => {
    a.emu.clearFaults();
  });

  test('without --yes and no terminal to ask on: exit 2 and nothing is sent', async () => {
    const sent = a.emu.requestCount();
    const r = await cli(args('--token', token));
    assert.equal(r.code, 2);
    assert.match(r.err, /pass --yes/);
    assert.equal(r.out, '');
    assert.equal(a.emu.requestCount(), sent);
  });

  test('--yes --json: exit 0 and exactly { ok, deactivationDeleted, steps: [{ step, request, status, ok, permission, message }], leftovers, findings }', async () => {
    const before = holdings(a.emu);
    const r = await cli(args('--token', token, '--yes', '--json'));
    assert.equal(r.code, 0, r.out + r.err);
    const report = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(Object.keys(report), ['ok', 'deactivationDeleted', 'steps', 'leftovers', 'findings']);
    assert.equal(report.ok, true);
    assert.equal(report.deactivationDeleted, true);
    assert.equal(report.steps.length, 12);
    for (const s of report.steps)
      assert.deepEqual(Object.keys(s), ['step', 'request', 'status', 'ok', 'permission', 'message']);
    assert.deepEqual(
      report.steps.map((s) => s.status),
      [200, 200, 201, 200, 200, 201, 204, 200, 204, 204, 204, 404],
    );
    assert.deepEqual(
      report.findings.map((f) => f.id),
      ['username-is-email', 'group-identifiers', 'total-results', 'plus-addresses', 'external-id', 'name-patches'],
    );
    for (const f of report.findings) assert.deepEqual(Object.keys(f), ['id', 'title', 'observed', 'source']);
    assert.deepEqual(report.leftovers, []);
    assert.deepEqual(holdings(a.emu), before);
    assert.ok(!r.out.includes(token) && !r.err.includes(token));
  });

  test('Ctrl-C mid-run: the rest is skipped, what was made is deleted now, the report is printed, exit 130', async () => {
    const before = holdings(a.emu);
    const interrupt = new AbortController();
    let out = '';
    let err = '';
    const code = await runCli(args('--token', token, '--yes'), {
      stdout: (t) => {
        out += t;
      },
      // The user presses Ctrl-C once the group exists (step 7): both a user and a group are then in the account.
      stderr: (t) => {
        err += t;
        if (t.startsWith('[ 7/12]')) interrupt.abort(new Error('interrupted by SIGINT'));
      },
      stdin: () => Promise.reject(new Error('terminal')),
      env,
      interrupt: interrupt.signal,
    });
    assert.equal(code, 130, out + err);
    assert.match(err, /interrupted; deleting what this run made before stopping/);
    assert.doesNotMatch(err, /\[ 8\/12\] pass/);
    assert.match(out, /^# SCIM provisioning rehearsal/);
    assert.match(out, /Deactivating a user in your identity provider DELETES the Harness user/);
    assert.deepEqual(holdings(a.emu), before, 'nothing is left in the account');
  });

  test('the compiled bin: SIGINT mid-run deletes what was made before the process ends (exit 130)', async () => {
    const before = holdings(a.emu);
    a.emu.setLatency(150);
    try {
      const bin = resolve(__dirname, '../../../src/cli/bin.js');
      const child = spawn(process.execPath, [bin, ...args('--token', token, '--yes')], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        if (err.includes('[ 4/12]') && !child.killed) child.kill('SIGINT');
      });
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      assert.equal(code, 130, out + err);
      assert.match(err, /interrupted; deleting what this run made/);
      assert.deepEqual(holdings(a.emu), before, 'the user made in step 3 was deleted before the process ended');
    } finally {
      a.emu.setLatency(0);
    }
  });

  test('the token from standard input; progress on stderr, the Markdown report on stdout', async () => {
    const r = await cli(args('--token', '-', '--yes'), `Bearer ${token}\n`);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^# SCIM provisioning rehearsal/);
    assert.match(r.err, /\[ 3\/12\] pass POST \/ng\/api\/scim\/account\/[^/]+\/Users -> 201/);
  });

  test("core_user_invite missing: exit 1, step 3 (Harness's 409) names it, and the account is as it was", async () => {
    const b = await scimAccount(
      idp,
      SCIM_PERMISSIONS.filter((p) => p !== 'core_user_invite'),
    );
    try {
      const before = holdings(b.emu);
      const r = await runInProcess(
        ['rehearse', '--base-url', b.emu.baseUrl, `--account=${b.emu.accountId}`, '--token', token, '--yes', '--json'],
        { env },
      );
      assert.equal(r.code, 1, r.out + r.err);
      const report = JSON.parse(r.out) as JsonReport;
      assert.equal(report.ok, false);
      assert.deepEqual(report.steps[2], {
        ...report.steps[2],
        step: 3,
        status: 409,
        ok: false,
        permission: 'core_user_invite',
      });
      assert.match(JSON.stringify(report.steps[2]), /lacks core_user_invite/);
      assert.deepEqual(holdings(b.emu), before);
    } finally {
      await b.close();
    }
  });

  test('Harness not reached: exit 2', async () => {
    const r = await runInProcess(
      ['rehearse', '--base-url', 'http://127.0.0.1:1', '--account', 'acc', '--token', token, '--yes'],
      { env },
    );
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.out, /Harness was not reached/);
  });

  test('cleanup incomplete: exit 2 listing what is left; the next run deletes it first', async () => {
    const before = holdings(a.emu);
    // Step 5 fails (a PATCH is never retried), then both of the cleanup's tries to delete the user fail.
    a.emu.injectFault({ method: 'PATCH', path: /\/Users\/[^/]+$/, kind: '5xx' });
    a.emu.injectFault({ method: 'DELETE', path: /\/Users\/[^/]+$/, kind: '5xx', times: 2 });
    const r = await cli(args('--token', token, '--yes', '--json'));
    assert.equal(r.code, 2, r.out + r.err);
    const report = JSON.parse(r.out) as JsonReport;
    const [left, ...more] = report.leftovers;
    assert.ok(left !== undefined && more.length === 0);
    assert.equal(left.kind, 'user');
    assert.match(r.err, /cleanup incomplete; still in the account/);
    assert.ok(r.err.includes(left.name));
    const again = await cli(args('--token', token, '--yes'));
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /Leftovers of an earlier run/);
    assert.deepEqual(holdings(a.emu), before);
  });

  test('interactive: the question names the account, the objects and the e-mail; "n" sends nothing', async () => {
    const sent = a.emu.requestCount();
    let asked = '';
    let err = '';
    const code = await runCli(args('--token', token), {
      stdout: () => undefined,
      stderr: (s) => (err += s),
      stdin: () => Promise.reject(new Error('terminal')),
      env,
      interactive: true,
      ask: (q) => {
        asked = q;
        return Promise.resolve('n');
      },
    });
    assert.equal(code, 2);
    assert.match(asked, /\[y\/N\]/);
    assert.match(err, new RegExp(`Harness account ${a.emu.accountId} .*writes to the account`));
    assert.match(err, /scim-rehearsal-[a-z0-9]+@example\.com/);
    assert.match(err, /deactivates the user, which in Harness deletes it/);
    assert.match(err, /invitation e-mail .*example\.com is reserved/);
    assert.equal(a.emu.requestCount(), sent);
  });

  test('usage errors: exit 2 without a request', async () => {
    const sent = a.emu.requestCount();
    assert.equal((await cli(['rehearse', '--account', 'acc', '--token', token, '--yes'])).code, 2);
    assert.equal((await cli(['rehearse', '--base-url', a.emu.baseUrl, '--token', token, '--yes'])).code, 2);
    assert.equal(
      (await cli(['rehearse', '--base-url', a.emu.baseUrl, '--account', 'a/b', '--token', token, '--yes'])).code,
      2,
    );
    assert.equal((await cli(args('--yes'))).code, 2);
    assert.equal(a.emu.requestCount(), sent);
  });
});
