/**
 * docs/key-rotation.md, "Daily check in CI": the GitHub Actions step, the script and the cron line,
 * taken out of the page and run as written (bash for the workflow, sh for cron) against the sandbox:
 * the Harness emulator and the test identity provider on 127.0.0.1. `scim-jwt` on the PATH is the
 * real CLI (the compiled src/cli), with one difference: its clock does not sleep through Harness's
 * 120 s settings cache (the emulator here applies settings at once).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startIdp, type Idp } from '../../sandbox/idp';
import { account, CLAIM, putSettings, SCIM_PERMISSIONS, settingsFor, type Account } from './fixtures';

const DOC = resolve(__dirname, '../../../../docs/key-rotation.md');
const CLI_MAIN = resolve(__dirname, '../../../src/cli/main.js');

/** The fenced block right after `<!-- recipe: name -->`. */
function recipe(name: string): string {
  const doc = readFileSync(DOC, 'utf8');
  const m = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (!m?.[1]) throw new Error(`docs/key-rotation.md has no recipe block "${name}"`);
  return m[1];
}

/** The workflow step that runs the check: its `env` names and its `run` script, dedented. */
function workflowStep(yaml: string): { env: string[]; run: string } {
  const lines = yaml.split('\n');
  // The one multi-line `run: |` is the check; the install step's `run:` is a single line.
  const checkRun = lines.findIndex((l) => /^\s+run: \|$/.test(l));
  const runIndent = (lines[checkRun] ?? '').search(/\S/);
  const body: string[] = [];
  for (const l of lines.slice(checkRun + 1)) {
    if (l.trim() !== '' && l.search(/\S/) <= runIndent) break;
    body.push(l);
  }
  const bodyIndent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
  let envAt = checkRun;
  while (envAt > 0 && !/^\s+env:$/.test(lines[envAt] ?? '')) envAt--;
  const env = lines
    .slice(envAt + 1, checkRun)
    .map((l) => /^\s+([A-Z_]+): /.exec(l)?.[1])
    .filter((k): k is string => k !== undefined);
  return { env, run: body.map((l) => l.slice(bodyIndent)).join('\n') };
}

function sh(
  shell: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(shell, args, { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, out: stdout, err: stderr });
    });
  });
}

suite('docs/key-rotation.md: the daily check runs as written against the sandbox', function () {
  this.timeout(120_000);
  let idp: Idp;
  let dir: string;
  let bin: string;

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    dir = mkdtempSync(join(tmpdir(), 'scim-jwt-recipe-'));
    bin = join(dir, 'path');
    mkdirSync(bin);
    // `scim-jwt`: the CLI itself, with a clock that skips the settings-cache wait.
    writeFileSync(
      join(bin, 'scim-jwt'),
      `#!${process.execPath}
const { runCli } = require(${JSON.stringify(CLI_MAIN)});
let offset = 0;
runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: () => Promise.reject(new Error('standard input is a terminal')),
  env: process.env,
  clock: { now: () => Date.now() + offset, sleep: (ms) => { offset += ms; return Promise.resolve(); } },
}).then((code) => { process.exitCode = code; });
`,
    );
    chmodSync(join(bin, 'scim-jwt'), 0o755);
  });
  suiteTeardown(async () => {
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** An account whose settings were written 150 s ago (by the emulator's clock), so they are in force. */
  async function sandbox(values = settingsFor(idp), permissions = SCIM_PERMISSIONS): Promise<Account> {
    const a = await account(idp, { settings: false, fresh: true, permissions });
    a.emu.advanceClock(-150_000);
    await putSettings(a.emu, values);
    a.emu.advanceClock(150_000);
    return a;
  }

  /** Harness caches today's key set while SCIM traffic goes on; then the provider rotates under the same URL. */
  async function rotateUnderTraffic(a: Account): Promise<void> {
    const scim = async (): Promise<number> =>
      (
        await fetch(`${a.emu.baseUrl}/ng/api/scim/account/${a.emu.accountId}/Users?count=1`, {
          headers: { authorization: `Bearer ${await idp.getToken()}` },
        })
      ).status;
    assert.equal(await scim(), 200);
    await idp.rotateKeys();
    assert.equal(await scim(), 401, 'Harness still uses the key set from before the rotation');
  }

  function env(a: Account, extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      HARNESS_BASE_URL: a.emu.baseUrl,
      HARNESS_API_KEY: a.emu.adminKey,
      IDP_TOKEN_ENDPOINT: idp.tokenEndpoint,
      IDP_CLIENT_ID: idp.clientId,
      CLIENT_SECRET: idp.clientSecret,
      ...extra,
    };
  }

  const jwksUrl = (a: Account): string | null | undefined =>
    a.emu.snapshot().settings.find((s) => s.identifier === 'scim_jwt_token_jwks_keys_url')?.value;

  test('the workflow step: every variable it reads is in its env; 0 when healthy, refresh after a rotation, 1 when broken', async () => {
    const step = workflowStep(recipe('workflow'));
    const used = [...new Set([...step.run.matchAll(/\$\{?([A-Z_]+)/g)].map((m) => m[1] ?? ''))];
    for (const name of used) assert.ok(step.env.includes(name), `${name} is read but not in the step's env`);
    assert.ok(step.env.includes('HARNESS_API_KEY') && step.env.includes('CLIENT_SECRET'));
    const work = mkdtempSync(join(dir, 'gh-'));
    // GitHub runs a `run:` block with `bash -e {0}` (and pipefail).
    const run = (a: Account): Promise<{ code: number; out: string; err: string }> =>
      sh('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], work, env(a));

    const healthy = await sandbox();
    try {
      const r = await run(healthy);
      assert.equal(r.code, 0, r.out + r.err);
      assert.equal(jwksUrl(healthy), idp.jwksUri, 'nothing refreshed on a good day');
      assert.equal((JSON.parse(readFileSync(join(work, 'doctor.json'), 'utf8')) as { ok: boolean }).ok, true);
    } finally {
      await healthy.close();
    }

    const stale = await sandbox();
    try {
      await rotateUnderTraffic(stale);
      const r = await run(stale);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /Probably Harness is still using the key set it downloaded from the JWKS URL/);
      assert.match(
        r.out,
        /Harness re-read the key set from .*\?scim-jwt-refresh=\d{8}T\d{4}\b.* and accepts the token/,
      );
      assert.match(jwksUrl(stale) ?? '', /\?scim-jwt-refresh=\d{8}T\d{4}$/);
      // The doctor ran again after the refresh: its report, and its exit code, are the job's.
      const report = JSON.parse(readFileSync(join(work, 'doctor.json'), 'utf8')) as {
        ok: boolean;
        staleKeySet: unknown;
      };
      assert.equal(report.ok, true, 'the second doctor passes');
      assert.equal(report.staleKeySet, null);
    } finally {
      await stale.close();
    }

    // Reproduction: the service account lacks core_usergroup_manage and the keys rotate under
    // traffic. The refresh would make SCIM calls pass, but the job must stay red: exit 1, URL untouched.
    const both = await sandbox(
      settingsFor(idp),
      SCIM_PERMISSIONS.filter((p) => p !== 'core_usergroup_manage'),
    );
    try {
      await rotateUnderTraffic(both);
      const r = await run(both);
      assert.equal(r.code, 1, r.out + r.err);
      assert.equal(jwksUrl(both), idp.jwksUri, 'no refresh while another check fails');
      const report = JSON.parse(readFileSync(join(work, 'doctor.json'), 'utf8')) as {
        problems: string[];
        staleKeySet: { onlyProblem: boolean } | null;
      };
      assert.ok(report.problems.includes('permissions-missing'), report.problems.join(', '));
      assert.equal(report.staleKeySet?.onlyProblem, false);
    } finally {
      await both.close();
    }

    const broken = await sandbox(settingsFor(idp, { value: 'not-this-tenant' }));
    try {
      const r = await run(broken);
      assert.equal(r.code, 1, r.out + r.err);
      assert.equal(jwksUrl(broken), idp.jwksUri, 'a wrong claim is no reason to touch the URL');
    } finally {
      await broken.close();
    }
  });

  test('the cron line runs the script with the variables from its env file', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    mkdirSync(join(home, 'bin'));
    mkdirSync(join(home, '.config', 'scim-jwt'), { recursive: true });
    writeFileSync(join(home, 'bin', 'scim-jwt-daily-check.sh'), `${recipe('script')}\n`);
    const cron = recipe('cron').trim();
    const fields = cron.split(/\s+/);
    assert.equal(fields.slice(0, 5).join(' '), '17 6 * * *', 'a daily schedule');
    const command = cron.replace(/^(\S+\s+){5}/, '');

    const stale = await sandbox();
    try {
      // The emulator's clock runs 150 s behind: what the refresh writes is in force for the next day's
      // doctor on the real clock (Harness's settings cache is over by then).
      stale.emu.advanceClock(-150_000);
      await rotateUnderTraffic(stale);
      const vars = env(stale);
      writeFileSync(
        join(home, '.config', 'scim-jwt', 'env'),
        Object.entries(vars)
          .map(([k, v]) => `export ${k}='${v}'`)
          .join('\n'),
      );
      // cron runs the command with /bin/sh, HOME set and its own short PATH.
      const r = await sh('sh', ['-c', command], home, { HOME: home, PATH: '/usr/bin:/bin' });
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /and accepts the token/);
      assert.ok(existsSync(join(home, '.cache', 'scim-jwt', 'doctor.json')));
      const first = jwksUrl(stale) ?? '';
      assert.match(first, /\?scim-jwt-refresh=/);

      // A second rotation a day later: the refresh replaces its parameter.
      await rotateUnderTraffic(stale);
      const again = await sh('sh', ['-c', command], home, { HOME: home, PATH: '/usr/bin:/bin' });
      assert.equal(again.code, 0, again.out + again.err);
      assert.notEqual(jwksUrl(stale), first);
      assert.equal((jwksUrl(stale) ?? '').split('scim-jwt-refresh=').length, 2);
    } finally {
      await stale.close();
    }

    const broken = await sandbox(settingsFor(idp, { value: 'not-this-tenant' }));
    try {
      writeFileSync(
        join(home, '.config', 'scim-jwt', 'env'),
        Object.entries(env(broken))
          .map(([k, v]) => `export ${k}='${v}'`)
          .join('\n'),
      );
      const r = await sh('sh', ['-c', command], home, { HOME: home, PATH: '/usr/bin:/bin' });
      assert.match(r.out, /SCIM JWT daily check failed/);
    } finally {
      await broken.close();
    }
  });
});
