/**
 * `scim-jwt setup`, in-process against the emulator and an IdP on 127.0.0.1: the settings PUT
 * with the form's checks, what it sends and what it refuses to send.
 */
import * as assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import { SETTINGS_PROPAGATION_SECONDS, SCIM_JWT_SETTING_IDS } from '../../../src/core/harness/constants';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { startIdp, type Idp } from '../../sandbox/idp';
import type { CliRun } from './inProcess';
import { parse as parseHcl } from '@cdktf/hcl2json';

const SCIM_PERMISSIONS = [
  'core_user_view',
  'core_user_manage',
  'core_user_invite',
  'core_usergroup_view',
  'core_usergroup_manage',
];
const SETTINGS_PATH = '/ng/api/settings';

interface Terminal {
  /** The answer typed at the question; the questions asked are collected. */
  answer: string;
  asked: string[];
  /** Ctrl-C pressed at the question: aborts this (the bin's first-Ctrl-C signal). */
  interrupt?: AbortController;
}

/** Runs `scim-jwt setup …`; with `terminal`, a person can answer the question. */
async function runSetup(argv: string[], env: Record<string, string | undefined>, terminal?: Terminal): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(['setup', ...argv], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    stdin: () => Promise.reject(new Error('standard input is a terminal')),
    env,
    ...(terminal
      ? {
          interactive: true,
          ...(terminal.interrupt ? { interrupt: terminal.interrupt.signal } : {}),
          ask: (q: string) => {
            terminal.asked.push(q);
            terminal.interrupt?.abort(new Error('interrupted by SIGINT'));
            return Promise.resolve(terminal.answer);
          },
        }
      : {}),
  });
  return { code, out, err };
}

/** The account's stored SCIM settings, id → value. */
function stored(emu: Emulator): Record<string, string | null> {
  const rows = emu
    .snapshot()
    .settings.filter((r) => (SCIM_JWT_SETTING_IDS as readonly string[]).includes(r.identifier));
  return Object.fromEntries(rows.map((r) => [r.identifier, r.value]));
}

suite('scim-jwt setup', () => {
  let idp: Idp;
  let emu: Emulator;
  let env: Record<string, string>;
  let values: string[];

  suiteSetup(async () => {
    idp = await startIdp();
  });
  suiteTeardown(async () => {
    await idp.close();
  });
  setup(async () => {
    emu = await startEmulator();
    // A service account that holds exactly the five SCIM permissions on all account-level resources.
    emu.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: SCIM_PERMISSIONS });
    env = { HARNESS_API_KEY: emu.adminKey };
    values = [
      '--base-url',
      emu.baseUrl,
      '--jwks-url',
      idp.jwksUri,
      '--key-field',
      'client_id',
      '--value',
      'harness-scim',
    ];
  });
  teardown(async () => {
    await emu.close();
  });

  const expected = (sa: string): Record<string, string> => ({
    scim_jwt_token_jwks_keys_url: idp.jwksUri,
    scim_jwt_token_key_field: 'client_id',
    scim_jwt_token_value_field: 'harness-scim',
    scim_jwt_token_service_account_id: sa,
  });

  test('--dry-run prints the JSON body and the curl with $HARNESS_API_KEY, and sends no PUT', async () => {
    const before = emu.requestCount(SETTINGS_PATH);
    const r = await runSetup([...values, '--service-account', 'scim_sa', '--dry-run'], env);
    assert.equal(r.code, 0, r.out + r.err);
    // One settings request: the read of the current values. No PUT, nothing stored.
    assert.equal(emu.requestCount(SETTINGS_PATH) - before, 1);
    assert.deepEqual(stored(emu), {});
    assert.ok(r.out.includes('Request body:\n[\n  {\n    "identifier": "scim_jwt_token_jwks_keys_url",'), r.out);
    for (const [id, value] of Object.entries(expected('scim_sa')))
      assert.ok(
        r.out.includes(
          `"identifier": "${id}",\n    "value": ${JSON.stringify(value)},\n    "allowOverrides": false,\n    "updateType": "UPDATE"`,
        ),
        id,
      );
    assert.ok(
      r.out.includes(`curl -sS -X PUT '${emu.baseUrl}/ng/api/settings?accountIdentifier=${emu.accountId}'`),
      r.out,
    );
    assert.ok(r.out.includes('-H "x-api-key: $HARNESS_API_KEY"'));
    assert.ok(!(r.out + r.err).includes(emu.adminKey), 'the key is never printed');
    assert.match(r.out, /Dry run; nothing was sent\./);
  });

  test('--dry-run --create-service-account makes nothing and says what a real run would make', async () => {
    const before = emu.snapshot();
    const r = await runSetup([...values, '--create-service-account', 'scim_later', '--dry-run'], env);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /\[info\] Service account: --create-service-account makes what "scim_later" is missing/);
    assert.match(r.out, /A real run would first create or reuse service account scim_later/);
    const after = emu.snapshot();
    assert.deepEqual(
      [after.serviceAccounts, after.roles, after.roleAssignments, after.settings],
      [before.serviceAccounts, before.roles, before.roleAssignments, before.settings],
    );
  });

  test('Harness not reached: exit 2 (an I/O error, not a refusal), nothing sent', async () => {
    const r = await runSetup(
      ['--base-url', 'http://127.0.0.1:1', ...values.slice(2), '--service-account', 'scim_sa', '--yes'],
      env,
    );
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.out, /Could not read the current settings; nothing was sent\./);
    assert.deepEqual(stored(emu), {});
  });

  test('a real send: per-setting results, the read-back, and the settings cache named', async () => {
    const r = await runSetup([...values, '--service-account', 'scim_sa', '--yes'], env);
    assert.equal(r.code, 0, r.out + r.err);
    assert.deepEqual(stored(emu), expected('scim_sa'));
    for (const id of SCIM_JWT_SETTING_IDS) assert.match(r.out, new RegExp(`\\[ok\\]\\s+${id}: Saved: `));
    assert.match(r.out, /Read back: Harness holds what was sent\./);
    assert.ok(r.out.includes(`caches these settings for ${SETTINGS_PROPAGATION_SECONDS} s`), r.out);
    assert.match(r.out, /\(unset\) -> "client_id"/);
    assert.ok(!(r.out + r.err).includes(emu.adminKey));
  });

  test('a second identical run reads, changes nothing, sends no PUT and says so (exit 0, no --yes needed)', async () => {
    assert.equal((await runSetup([...values, '--service-account', 'scim_sa', '--yes'], env)).code, 0);
    const modified = emu.snapshot().settings.map((s) => s.lastModifiedAt);
    const before = emu.requestCount(SETTINGS_PATH);
    const again = await runSetup([...values, '--service-account', 'scim_sa'], env);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /Already set; nothing to change/);
    assert.equal(emu.requestCount(SETTINGS_PATH) - before, 1, 'only the read');
    assert.deepEqual(
      emu.snapshot().settings.map((s) => s.lastModifiedAt),
      modified,
    );
  });

  test('--create-service-account twice in a row: the first makes the account, role and assignment; the second reuses them', async () => {
    const first = await runSetup([...values, '--create-service-account', 'scim_cli', '--yes', '--json'], env);
    assert.equal(first.code, 0, first.out + first.err);
    const one = JSON.parse(first.out) as { outcome: string; serviceAccount: { steps: { status: string }[] } };
    assert.equal(one.outcome, 'sent');
    assert.ok(
      one.serviceAccount.steps.some((s) => s.status === 'created'),
      first.out,
    );
    assert.deepEqual(stored(emu), expected('scim_cli'));
    const state = emu.snapshot();
    assert.ok(state.serviceAccounts.some((s) => s.identifier === 'scim_cli'));
    const assignments = (): number =>
      emu.snapshot().roleAssignments.filter((a) => a.principal.identifier === 'scim_cli').length;
    assert.equal(assignments(), 1);

    const second = await runSetup([...values, '--create-service-account', 'scim_cli', '--yes', '--json'], env);
    assert.equal(second.code, 0, second.out + second.err);
    const two = JSON.parse(second.out) as {
      outcome: string;
      message: string;
      serviceAccount: { steps: { status: string }[] };
    };
    assert.equal(two.outcome, 'unchanged');
    assert.match(two.message, /Already set; nothing to change/);
    assert.ok(
      two.serviceAccount.steps.some((s) => s.status === 'reused') &&
        !two.serviceAccount.steps.some((s) => s.status === 'created'),
      second.out,
    );
    assert.equal(assignments(), 1, 'no second assignment');
  });

  test('--create-service-account where custom roles are Enterprise-only: stops and lists the roles that hold the five, with their extras; --role assigns the one chosen', async () => {
    emu.setProfile({ plan: 'TEAM' });
    const assigned = (): string[] =>
      emu
        .snapshot()
        .roleAssignments.filter((a) => a.principal.identifier === 'scim_team')
        .map((a) => a.roleIdentifier);
    const first = await runSetup([...values, '--create-service-account', 'scim_team', '--yes'], env);
    assert.equal(first.code, 1, first.out + first.err);
    assert.match(first.out, /does not allow custom roles/);
    // The role made for scim_sa holds exactly the five; the account admin role holds them and more.
    assert.match(first.out, /emu_scim_sa_permissions\): exactly the five SCIM permissions/);
    assert.match(first.out, /_account_admin\): also grants \d+ more/);
    assert.match(first.out, /Run again with --role emu_scim_sa_permissions/);
    assert.match(first.out, /Run it again with --role ROLE, naming one of the roles listed/);
    assert.deepEqual(assigned(), [], 'nothing is assigned without a choice');
    assert.deepEqual(stored(emu), {});

    const chosen = await runSetup(
      [...values, '--create-service-account', 'scim_team', '--role', 'emu_scim_sa_permissions', '--yes'],
      env,
    );
    assert.equal(chosen.code, 0, chosen.out + chosen.err);
    assert.deepEqual(assigned(), ['emu_scim_sa_permissions']);
    assert.deepEqual(stored(emu), expected('scim_team'));
    const again = await runSetup(
      [...values, '--create-service-account', 'scim_team', '--role', 'emu_scim_sa_permissions', '--yes'],
      env,
    );
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /Already set; nothing to change/);
    assert.deepEqual(assigned(), ['emu_scim_sa_permissions'], 'no second assignment');
  });

  test('--create-service-account that fails half way: exit 1, what was done listed, no PUT; the next run completes it', async () => {
    emu.injectFault({ path: /^\/authz\/api\/roles$/, method: 'POST', kind: '5xx', status: 500 });
    const settingsBefore = emu.requestCount(SETTINGS_PATH);
    const failed = await runSetup([...values, '--create-service-account', 'scim_half', '--yes'], env);
    assert.equal(failed.code, 1, failed.out + failed.err);
    assert.match(failed.out, /Could not prepare service account scim_half for SCIM/);
    assert.match(failed.out, /\[created\][^\n]*scim_half/);
    assert.match(failed.out, /the settings were not sent/);
    assert.equal(emu.requestCount(SETTINGS_PATH) - settingsBefore, 1, 'only the read');
    assert.deepEqual(stored(emu), {});

    const again = await runSetup([...values, '--create-service-account', 'scim_half', '--yes'], env);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /\[reused\][^\n]*scim_half/);
    assert.deepEqual(stored(emu), expected('scim_half'));
  });

  test('--restore sets the four back to the default; a second --restore has nothing to change', async () => {
    assert.equal((await runSetup([...values, '--service-account', 'scim_sa', '--yes'], env)).code, 0);
    const r = await runSetup(['--base-url', emu.baseUrl, '--restore', '--yes'], env);
    assert.equal(r.code, 0, r.out + r.err);
    assert.deepEqual(stored(emu), {});
    assert.match(r.out, /"client_id" -> \(unset\)/);
    assert.match(r.out, /Read back: all four are unset/);
    const before = emu.requestCount(SETTINGS_PATH);
    const again = await runSetup(['--base-url', emu.baseUrl, '--restore'], env);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /Already at the default; nothing to change/);
    assert.equal(emu.requestCount(SETTINGS_PATH) - before, 1);
  });

  test('--json prints one JSON object with the checks, changes, items, read-back and effective time', async () => {
    const r = await runSetup([...values, '--service-account', 'scim_sa', '--yes', '--json'], env);
    assert.equal(r.code, 0, r.out + r.err);
    const report = JSON.parse(r.out) as Record<string, unknown>;
    assert.equal(report.ok, true);
    assert.equal(report.outcome, 'sent');
    assert.equal(report.operation, 'update');
    assert.deepEqual(report.account, { baseUrl: emu.baseUrl, accountId: emu.accountId });
    assert.equal(report.settingsCacheSeconds, SETTINGS_PROPAGATION_SECONDS);
    const changes = report.changes as { settingId: string; current: string | null; next: string; change: string }[];
    assert.deepEqual(
      changes.map((c) => [c.settingId, c.current, c.next, c.change]),
      Object.entries(expected('scim_sa')).map(([id, v]) => [id, null, v, 'new']),
    );
    const items = report.items as { settingId: string; ok: boolean }[];
    assert.deepEqual(
      items.map((i) => [i.settingId, i.ok]),
      SCIM_JWT_SETTING_IDS.map((id) => [id, true]),
    );
    assert.equal((report.readBack as { allMatch: boolean }).allMatch, true);
    const effective = Date.parse(String(report.effectiveAt));
    assert.ok(
      effective > Date.now() && effective <= Date.now() + SETTINGS_PROPAGATION_SECONDS * 1000,
      String(report.effectiveAt),
    );
    // client_id and harness-scim pass the form's checks without a note; the key set is on plain
    // http at 127.0.0.1 (a warning), and the service account holds the five.
    const checks = report.checks as { field: string; level: string }[];
    assert.deepEqual(
      checks.map((c) => [c.field, c.level]),
      [
        ['jwksUrl', 'warning'],
        ['serviceAccountId', 'ok'],
      ],
    );
    assert.equal(report.failure, null);
  });

  test('without HARNESS_API_KEY: usage error naming it, nothing sent', async () => {
    const before = emu.requestCount();
    const r = await runSetup([...values, '--service-account', 'scim_sa', '--yes'], {});
    assert.equal(r.code, 2);
    assert.match(r.err, /^scim-jwt: set HARNESS_API_KEY/);
    assert.equal(emu.requestCount(), before);
  });

  test('no terminal and no --yes: refused with the usage exit code, no PUT; on a terminal the question shows current -> new', async () => {
    const before = emu.requestCount(SETTINGS_PATH);
    const r = await runSetup([...values, '--service-account', 'scim_sa'], env);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /pass --yes to run it without a terminal/);
    assert.equal(emu.requestCount(SETTINGS_PATH) - before, 1, 'only the read');
    assert.deepEqual(stored(emu), {});

    const no: Terminal = { answer: 'n', asked: [] };
    const declined = await runSetup([...values, '--service-account', 'scim_sa'], env, no);
    assert.equal(declined.code, 2);
    assert.equal(no.asked.length, 1);
    assert.match(declined.err, /scim_jwt_token_key_field\s+\(unset\) -> "client_id"/);
    assert.deepEqual(stored(emu), {});

    const yes: Terminal = { answer: 'y', asked: [] };
    const sent = await runSetup([...values, '--service-account', 'scim_sa'], env, yes);
    assert.equal(sent.code, 0, sent.out + sent.err);
    assert.deepEqual(stored(emu), expected('scim_sa'));
  });

  test('Ctrl-C at the question stops with 130 and nothing sent', async () => {
    const before = emu.requestCount(SETTINGS_PATH);
    const terminal: Terminal = { answer: '', asked: [], interrupt: new AbortController() };
    const r = await runSetup([...values, '--service-account', 'scim_sa'], env, terminal);
    assert.equal(r.code, 130, r.out + r.err);
    assert.match(r.out, /Interrupted; the settings were not sent\./);
    assert.equal(emu.requestCount(SETTINGS_PATH) - before, 1, 'only the read');
    assert.deepEqual(stored(emu), {});
  });

  test('--format terraform prints a module HCL parses, sends nothing, and refers to an existing service account by its id', async () => {
    const before = emu.snapshot();
    const r = await runSetup([...values, '--service-account', 'scim_sa', '--format', 'terraform'], env);
    assert.equal(r.code, 0, r.out + r.err);
    type Setting = { identifier: string; value: string; allow_overrides: boolean }[];
    const doc = (await parseHcl('main.tf', r.out)) as {
      resource: { harness_platform_setting?: Record<string, Setting> };
      import?: unknown;
    };
    const settings = Object.values(doc.resource.harness_platform_setting ?? {}).flat();
    assert.deepEqual(Object.fromEntries(settings.map((s) => [s.identifier, s.value])), expected('scim_sa'));
    assert.ok(settings.every((s) => !s.allow_overrides));
    assert.deepEqual(Object.keys(doc.resource), ['harness_platform_setting']);
    assert.equal(doc.import, undefined);
    assert.ok(!r.out.includes('/ng/api/settings'), 'no request of its own: the provider sends it');
    assert.ok(!(r.out + r.err).includes(emu.adminKey), 'the key is never printed');
    assert.deepEqual(emu.snapshot().settings, before.settings, 'nothing sent');
  });

  test('--format terraform --create-service-account: resources for a new account; after a real run, import blocks with the ids Harness holds', async () => {
    interface Doc {
      resource: Record<string, unknown>;
      import?: { to: string; id: string }[];
    }
    const argv = [...values, '--create-service-account', 'scim_tf', '--format', 'terraform'];
    const fresh = await runSetup(argv, env);
    assert.equal(fresh.code, 0, fresh.out + fresh.err);
    const first = (await parseHcl('main.tf', fresh.out)) as Doc;
    assert.deepEqual(Object.keys(first.resource).sort(), [
      'harness_platform_role_assignments',
      'harness_platform_roles',
      'harness_platform_service_account',
      'harness_platform_setting',
    ]);
    assert.equal(first.import, undefined, 'nothing exists yet');
    assert.ok(!emu.snapshot().serviceAccounts.some((s) => s.identifier === 'scim_tf'), 'nothing made');

    const made = await runSetup([...values, '--create-service-account', 'scim_tf', '--yes'], env);
    assert.equal(made.code, 0, made.out + made.err);
    const assignment = emu
      .snapshot()
      .roleAssignments.find((a) => a.principal.identifier === 'scim_tf' && a.roleIdentifier === 'scim_jwt_provisioner');
    assert.ok(assignment);
    const again = await runSetup(argv, env);
    assert.equal(again.code, 0, again.out + again.err);
    const second = (await parseHcl('main.tf', again.out)) as Doc;
    assert.deepEqual(second.import, [
      { to: '${harness_platform_service_account.scim_tf}', id: 'scim_tf' },
      { to: '${harness_platform_roles.scim_jwt_provisioner}', id: 'scim_jwt_provisioner' },
      { to: '${harness_platform_role_assignments.scim_tf_scim_jwt_provisioner}', id: assignment.identifier },
      // The four settings the run saved, at account level: the importer's id is the setting's identifier.
      ...Object.keys(expected('scim_tf')).map((id) => ({ to: `\${harness_platform_setting.${id}}`, id })),
    ]);
    assert.match(again.out, /Harness already holds these values/);
  });

  test('--format: a bad value, or flags an export cannot take, are usage errors; a failing check stops the export unless --force', async () => {
    const before = emu.requestCount();
    const cases: [string[], RegExp][] = [
      [
        [...values, '--service-account', 'scim_sa', '--format', 'hcl'],
        /--format must be one of text, json, terraform \(got "hcl"\)/,
      ],
      [
        [...values, '--service-account', 'scim_sa', '--format', 'terraform', '--json'],
        /--json and --format terraform disagree/,
      ],
      [['--base-url', emu.baseUrl, '--restore', '--format', 'terraform'], /--format terraform .* takes no --restore/],
      [[...values, '--service-account', 'scim_sa', '--format', 'terraform', '--yes'], /takes no --yes/],
    ];
    for (const [argv, message] of cases) {
      const r = await runSetup(argv, env);
      assert.equal(r.code, 2, `${argv.join(' ')} → ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    }
    assert.equal(emu.requestCount(), before);

    const missing = await runSetup([...values, '--service-account', 'nobody_here', '--format', 'terraform'], env);
    assert.equal(missing.code, 1, missing.out + missing.err);
    assert.equal(missing.out, '', 'no module printed');
    assert.match(missing.err, /\[FAIL\] Service account: /);
    assert.match(missing.err, /Not exported: Service account fails its check; fix, or pass --force/);
    const forced = await runSetup(
      [...values, '--service-account', 'nobody_here', '--format', 'terraform', '--force'],
      env,
    );
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /resource "harness_platform_setting"/);
  });

  test('conflicting or missing flags: usage errors before anything is sent', async () => {
    const before = emu.requestCount();
    const cases: [string[], RegExp][] = [
      [
        [...values, '--service-account', 'scim_sa', '--create-service-account', 'other', '--yes'],
        /either --service-account ID or --create-service-account ID, not both/,
      ],
      [
        ['--base-url', emu.baseUrl, '--restore', '--jwks-url', idp.jwksUri, '--yes'],
        /--restore .* takes no --jwks-url/,
      ],
      [[...values, '--yes'], /missing --service-account ID/],
      [
        ['--base-url', emu.baseUrl, '--key-field', 'sub', '--value', 'v', '--service-account', 'scim_sa'],
        /missing --jwks-url/,
      ],
      [[...values, '--service-account', '9 not an id', '--yes'], /is not a Harness identifier/],
      [[...values, '--service-account', 'scim_sa', 'stray'], /unexpected argument "stray"/],
      [[...values.slice(2), '--service-account', 'scim_sa', '--yes'], /--base-url URL is required/],
      [
        [...values, '--service-account', 'scim_sa', '--account', 'someOtherAccount', '--yes'],
        /The key belongs to account [\w-]+, not someOtherAccount/,
      ],
      [['--base-url', emu.baseUrl, '--restore', '--force', '--yes'], /--restore runs no checks/],
      [
        [...values, '--service-account', 'scim_sa', '--role', 'emu_scim_sa_permissions', '--yes'],
        /--role ROLE goes with --create-service-account/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await runSetup(argv, env);
      assert.equal(r.code, 2, `${argv.join(' ')} → ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
    assert.equal(emu.requestCount(), before);
  });

  test('a bad JWKS URL is refused before sending: not a URL (2, no request), no key set there (1, no PUT); --force sends', async () => {
    const before = emu.requestCount();
    const malformed = await runSetup(
      [
        '--base-url',
        emu.baseUrl,
        '--jwks-url',
        'keys.example.com/jwks',
        '--key-field',
        'sub',
        '--value',
        'v',
        '--service-account',
        'scim_sa',
        '--yes',
      ],
      env,
    );
    assert.equal(malformed.code, 2);
    assert.match(malformed.err, /JWKS URL: "keys\.example\.com\/jwks" is not an absolute URL/);
    assert.equal(emu.requestCount(), before);

    // The IdP's issuer answers, but not with a key set.
    const notKeys = [
      '--base-url',
      emu.baseUrl,
      '--jwks-url',
      `${idp.issuer}/no-such-key-set`,
      '--key-field',
      'sub',
      '--value',
      'v',
      '--service-account',
      'scim_sa',
      '--yes',
    ];
    const settingsBefore = emu.requestCount(SETTINGS_PATH);
    const refused = await runSetup(notKeys, env);
    assert.equal(refused.code, 1, refused.out + refused.err);
    assert.match(refused.out, /\[FAIL\] JWKS URL: /);
    assert.match(refused.out, /Nothing was sent\. A check fails \(JWKS URL\): fix it, or pass --force/);
    assert.equal(emu.requestCount(SETTINGS_PATH) - settingsBefore, 1, 'only the read');
    assert.deepEqual(stored(emu), {});

    const forced = await runSetup([...notKeys, '--force'], env);
    assert.equal(forced.code, 0, forced.out + forced.err);
    assert.equal(stored(emu).scim_jwt_token_jwks_keys_url, `${idp.issuer}/no-such-key-set`);
  });

  test('a service account that does not exist is refused before sending', async () => {
    const r = await runSetup([...values, '--service-account', 'nobody_here', '--yes'], env);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /\[FAIL\] Service account: No service account "nobody_here"/);
    assert.deepEqual(stored(emu), {});
  });

  test('help: listed in scim-jwt --help, and its own help names every option', async () => {
    let text = '';
    const top = await runCli(['--help'], {
      stdout: (s) => (text += s),
      stderr: () => undefined,
      stdin: () => Promise.reject(new Error('no input')),
      env: {},
    });
    assert.equal(top, 0);
    assert.match(text, /^ {2}setup\s+Write the four SCIM JWT settings/m);
    const own = await runSetup(['--help'], {});
    assert.equal(own.code, 0);
    for (const option of [
      '--jwks-url',
      '--key-field',
      '--value',
      '--service-account',
      '--create-service-account',
      '--restore',
      '--dry-run',
      '--yes',
      '--force',
      '--json',
      '--account',
      '--base-url',
      '--ca-file',
    ]) {
      assert.ok(own.out.includes(option), option);
    }
  });
});
