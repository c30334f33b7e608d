/**
 * The `.tf` checks: static findings, the lens's online check of one setting against the project's
 * IdP and Harness emulator on 127.0.0.1, drift against the account's values, and the round trip
 * from the Terraform export back through the parser.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwksCache } from '../../../src/core/jwt';
import {
  buildTerraform,
  harnessSetupPort,
  SETTING_ID_OF,
  SETUP_FIELDS,
  terraformNames,
  UNSET_SETTINGS,
  valuesToSend,
  type ScimJwtSettings,
} from '../../../src/core/setup';
import {
  analyseModule,
  checkSettingOnline,
  driftOf,
  driftSentence,
  loadHclParser,
  moduleFindings,
  moduleLine,
  NOT_CONNECTED_NOTE,
  UNTRUSTED_NOTE,
  type HclParser,
  type TfModule,
} from '../../../src/core/terraform';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { startIdp, type Idp } from '../../sandbox/idp';
import { harnessClient, testHttp, type TestHarnessClient } from '../testHttp';
import { GOOD_MODULE, known, settingOf } from './fixtures';

let parser: HclParser;
const mod = (text: string, vars: { path: string; text: string }[] = []): TfModule =>
  analyseModule(parser, [{ path: '/m/main.tf', text }], vars);

const setting = (field: (typeof SETUP_FIELDS)[number], value: string, extra = ''): string =>
  `resource "harness_platform_setting" "${field}" {\n  identifier = "${SETTING_ID_OF[field]}"\n  value = ${value}\n  allow_overrides = false\n${extra}}\n`;

suite('terraform: moduleFindings', () => {
  suiteSetup(async () => {
    parser = await loadHclParser();
  });

  test('a good module has nothing to say, and its module line says all four are there', () => {
    const m = mod(GOOD_MODULE);
    assert.deepEqual(moduleFindings(m), []);
    assert.deepEqual(moduleLine(m), { level: 'ok', message: 'All four SCIM JWT settings are in this module.' });
  });

  test('a module without any of the four says nothing (it is not a SCIM JWT module)', () => {
    assert.deepEqual(moduleFindings(mod('resource "harness_platform_roles" "r" {\n  identifier = "x"\n}\n')), []);
  });

  test('each problem at its place: missing, duplicate, scope, overrides, bad values, unknowns, syntax', () => {
    const text =
      setting('jwksUrl', '"ftp://keys.example.com/jwks"') +
      setting('keyField', '"client_id "', '  org_id = "default"\n') +
      setting('keyField', '"sub"') +
      'resource "harness_platform_setting" "v" {\n  identifier = "scim_jwt_token_value_field"\n  value = var.v\n}\nvariable "v" {}\n' +
      'resource "broken" {\n';
    const m = mod(text);
    const f = moduleFindings(m);
    const by = (re: RegExp): (typeof f)[number] => {
      const found = f.find((x) => re.test(x.message));
      assert.ok(found, `no finding matching ${String(re)} in ${JSON.stringify(f.map((x) => x.message))}`);
      return found;
    };
    const missing = by(/sets three of the four SCIM JWT settings; missing: Service account/);
    assert.equal(missing.level, 'warning');
    assert.deepEqual(missing.at, m.settings[0]?.block);
    assert.equal(by(/writes scim_jwt_token_key_field again/).level, 'error');
    const scope = by(/sets org_id/);
    assert.equal(scope.level, 'error');
    assert.match(scope.message, /account scope only/);
    const overrides = by(/allow_overrides is not written/);
    assert.equal(overrides.level, 'info');
    assert.equal(overrides.field, 'value');
    const url = by(/JWKS URL: Harness fetches the key set over https or http only, not ftp:/);
    assert.equal(url.level, 'error');
    assert.equal(url.at.range.start.line, 2);
    assert.equal(by(/Harness does not trim the claim name/).level, 'warning');
    const later = by(/Value to match: not known before apply \(var\.v has no default/);
    assert.equal(later.level, 'info');
    assert.equal(by(/HCL syntax error/).level, 'error');
    assert.deepEqual(moduleLine(m), {
      level: 'warning',
      message: 'Three of the four SCIM JWT settings are in this module; missing: Service account.',
    });
  });

  test('a setting with no value, and a referenced service account whose identifier is unknown', () => {
    const text =
      'resource "harness_platform_setting" "j" {\n  identifier = "scim_jwt_token_jwks_keys_url"\n  allow_overrides = false\n}\n' +
      setting('serviceAccountId', 'harness_platform_service_account.sa.identifier') +
      'resource "harness_platform_service_account" "sa" {\n  identifier = var.id\n}\nvariable "id" {}\n';
    const f = moduleFindings(mod(text));
    assert.ok(f.some((x) => x.level === 'error' && x.message.includes('has no value: the provider requires one')));
    assert.ok(
      f.some(
        (x) =>
          x.level === 'info' && x.message.includes('identifier of harness_platform_service_account.sa is not known'),
      ),
    );
  });

  test('a referenced service account created in an organization: a warning on its block', () => {
    const m = mod(
      'resource "harness_platform_service_account" "sa" {\n  identifier = "scim_sa"\n  org_id = "default"\n}\n' +
        setting('serviceAccountId', 'harness_platform_service_account.sa.identifier'),
    );
    const [account] = m.serviceAccounts;
    assert.ok(account);
    assert.equal(known(account.orgId), 'default');
    const f = moduleFindings(m).filter((x) =>
      x.message.includes('sets org_id: Harness looks the SCIM service account up at account scope only'),
    );
    assert.equal(f.length, 1);
    assert.equal(f[0]?.level, 'warning');
    assert.deepEqual(f[0].at, account.block);
    // The same account at account scope: nothing to say.
    assert.deepEqual(
      moduleFindings(
        mod(
          'resource "harness_platform_service_account" "sa" {\n  identifier = "scim_sa"\n}\n' +
            setting('serviceAccountId', 'harness_platform_service_account.sa.identifier'),
        ),
      ).filter((x) => x.message.includes('account scope only')),
      [],
    );
  });

  test('a file over 1 MB is a warning on its first line', () => {
    const m = analyseModule(parser, [{ path: 'big.tf', text: `#${'x'.repeat(1024 * 1024)}` }]);
    const [f] = moduleFindings(m);
    assert.equal(f?.level, 'warning');
    assert.match(f.message, /big\.tf|not checked: larger than 1 MB/);
    assert.deepEqual(f.at.range.start, { line: 0, character: 0 });
  });
});

suite('terraform: checkSettingOnline against the IdP and the emulator', function () {
  this.timeout(30_000);
  let idp: Idp;
  let emu: Emulator;
  let client: TestHarnessClient;
  let cache: JwksCache;
  let html: Server;
  let htmlUrl: string;

  suiteSetup(async () => {
    parser = await loadHclParser();
    idp = await startIdp();
    emu = await startEmulator({ settingsCacheMs: 0 });
    emu.addApiKey({
      kind: 'sat',
      principal: 'scim_full',
      permissions: [
        'core_user_view',
        'core_user_manage',
        'core_user_invite',
        'core_usergroup_view',
        'core_usergroup_manage',
      ],
    });
    emu.addApiKey({ kind: 'sat', principal: 'scim_partial', permissions: ['core_user_view'] });
    client = harnessClient({ baseUrl: emu.baseUrl, apiKey: emu.adminKey, retries: { maxAttempts: 1 } });
    cache = new JwksCache({ timeoutMs: 2000, http: testHttp() });
    html = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Sign in</body></html>');
    });
    await new Promise<void>((done) => html.listen(0, '127.0.0.1', done));
    htmlUrl = `http://127.0.0.1:${String((html.address() as AddressInfo).port)}/keys`;
  });
  suiteTeardown(async () => {
    await client.close();
    await cache.close();
    await emu.close();
    await new Promise((done) => html.close(done));
  });

  const jwksSetting = (url: string): { m: TfModule } => ({ m: mod(setting('jwksUrl', JSON.stringify(url))) });

  test('a good JWKS URL: fetched, its keys listed', async () => {
    const { m } = jwksSetting(idp.jwksUri);
    const check = await checkSettingOnline(settingOf(m, 'jwksUrl'), m, { keySets: cache });
    assert.notEqual(check.level, 'error');
    assert.match(check.message, /A JWK Set with 1 signing key/);
    assert.deepEqual(
      check.keys?.map((k) => k.kid),
      [idp.currentKid()],
    );
  });

  test('a wrong JWKS URL: a 404, and an HTML page, are errors', async () => {
    const notFound = jwksSetting(`${idp.issuer}/no-such-keys`).m;
    const a = await checkSettingOnline(settingOf(notFound, 'jwksUrl'), notFound, { keySets: cache });
    assert.equal(a.level, 'error');
    assert.match(a.message, /404/);
    const page = jwksSetting(htmlUrl).m;
    const b = await checkSettingOnline(settingOf(page, 'jwksUrl'), page, { keySets: cache });
    assert.equal(b.level, 'error');
    assert.match(b.message, /HTML/i);
  });

  test('no key-set loader (untrusted workspace): nothing fetched, and it says why', async () => {
    const { m } = jwksSetting(htmlUrl);
    const check = await checkSettingOnline(settingOf(m, 'jwksUrl'), m, {});
    assert.equal(check.level, 'info');
    assert.equal(check.message, UNTRUSTED_NOTE);
  });

  test('a referenced service account with the five permissions, and one without', async () => {
    const port = harnessSetupPort(client);
    const sa = (id: string): TfModule =>
      mod(
        `resource "harness_platform_service_account" "scim" {\n  identifier = "${id}"\n  name = "SCIM"\n}\n` +
          setting('serviceAccountId', 'harness_platform_service_account.scim.identifier'),
      );
    const full = sa('scim_full');
    const ok = await checkSettingOnline(settingOf(full, 'serviceAccountId'), full, { harness: port });
    assert.equal(ok.level, 'ok', ok.message);
    assert.match(ok.message, /scim_full.*holds the five/);
    const partial = sa('scim_partial');
    const bad = await checkSettingOnline(settingOf(partial, 'serviceAccountId'), partial, { harness: port });
    assert.equal(bad.level, 'error');
    assert.match(bad.message, /lacks 4 of the five SCIM permissions: Users: Manage/);
    // The module creates it: not being in Harness yet is expected before apply.
    const fresh = sa('scim_not_yet');
    const created = await checkSettingOnline(settingOf(fresh, 'serviceAccountId'), fresh, { harness: port });
    assert.equal(created.level, 'info');
    assert.match(created.message, /not in Harness yet: this module's apply creates it/);
    // Created in an organization: never found at account scope, whatever Harness holds.
    const inOrg = mod(
      'resource "harness_platform_service_account" "scim" {\n  identifier = "scim_full"\n  org_id = "default"\n}\n' +
        setting('serviceAccountId', 'harness_platform_service_account.scim.identifier'),
    );
    const org = await checkSettingOnline(settingOf(inOrg, 'serviceAccountId'), inOrg, { harness: port });
    assert.equal(org.level, 'warning');
    assert.match(org.message, /sets org_id: Harness looks the SCIM service account up at account scope only/);
    // A literal identifier Harness does not have is the form's error.
    const literal = mod(setting('serviceAccountId', '"scim_absent"'));
    const absent = await checkSettingOnline(settingOf(literal, 'serviceAccountId'), literal, { harness: port });
    assert.equal(absent.level, 'error');
    assert.match(absent.message, /No service account "scim_absent"/);
  });

  test('not connected, unknown identifiers, malformed identifiers', async () => {
    const literal = mod(setting('serviceAccountId', '"scim_full"'));
    const offline = await checkSettingOnline(settingOf(literal, 'serviceAccountId'), literal, {});
    assert.equal(offline.level, 'info');
    assert.ok(offline.message.endsWith(NOT_CONNECTED_NOTE));
    const open = mod(
      'resource "harness_platform_service_account" "s" {\n  identifier = var.x\n}\nvariable "x" {}\n' +
        setting('serviceAccountId', 'harness_platform_service_account.s.id'),
    );
    const unknown = await checkSettingOnline(settingOf(open, 'serviceAccountId'), open, {
      harness: harnessSetupPort(client),
    });
    assert.equal(unknown.level, 'info');
    assert.match(unknown.message, /identifier of harness_platform_service_account\.s is not known before apply/);
    const malformed = mod(setting('serviceAccountId', '"SCIM Bot"'));
    const shape = await checkSettingOnline(settingOf(malformed, 'serviceAccountId'), malformed, {});
    assert.equal(shape.level, 'error');
    assert.match(shape.message, /not a Harness identifier/);
  });

  test('key field and value: the form checks, with the account scope problem in the details', async () => {
    const m = mod(setting('keyField', '" sub"', '  project_id = "p"\n') + setting('value', '"acme"'));
    const key = await checkSettingOnline(settingOf(m, 'keyField'), m, {});
    assert.equal(key.level, 'warning');
    assert.ok(key.details.some((d) => d.includes('account scope only')));
    const value = await checkSettingOnline(settingOf(m, 'value'), m, {});
    assert.equal(value.level, 'ok');
  });
});

suite('terraform: driftOf', () => {
  suiteSetup(async () => {
    parser = await loadHclParser();
  });

  test('same, different, unset in Harness, unknown in the file; sentences escaped and clipped', () => {
    const m = mod(
      setting('jwksUrl', '"https://login.example.com/keys"') +
        setting('keyField', '"client_id"') +
        setting('value', 'var.v') +
        setting('serviceAccountId', 'harness_platform_service_account.s.identifier') +
        'variable "v" {}\nresource "harness_platform_service_account" "s" {\n  identifier = "scim_sa"\n}\n',
    );
    const current = {
      ...UNSET_SETTINGS,
      jwksUrl: 'https://login.example.com/keys',
      keyField: 'a`b|c\n' + 'x'.repeat(500),
      value: 'abc',
    };
    const drift = driftOf(m, current);
    assert.deepEqual(drift, [
      { field: 'jwksUrl', kind: 'same', value: 'https://login.example.com/keys' },
      { field: 'keyField', kind: 'different', harness: current.keyField, file: 'client_id' },
      { field: 'value', kind: 'unknown-in-file', harness: 'abc' },
      { field: 'serviceAccountId', kind: 'unset-in-harness', file: 'scim_sa' },
    ]);
    const sentences = drift.map(driftSentence);
    assert.equal(sentences[0], 'Harness holds this JWKS URL.');
    assert.ok(sentences[1]?.startsWith('Harness has a different claim name: `` a`b\\|c '));
    assert.ok((sentences[1]?.length ?? 0) < 200);
    assert.equal(sentences[2], "Not compared: the file's claim value is known only at apply. Harness has `abc`.");
    assert.equal(sentences[3], 'Harness holds no service account yet: the apply sets it.');
    assert.equal(
      driftSentence({ field: 'value', kind: 'different', harness: 'abc', file: 'xyz' }),
      'Harness has a different claim value: `abc`.',
    );
  });

  test('a trimmed setting differing only in spaces is still drift, and says so', () => {
    const m = mod(setting('jwksUrl', '"https://login.example.com/keys "'));
    const [d] = driftOf(m, { ...UNSET_SETTINGS, jwksUrl: 'https://login.example.com/keys' });
    assert.equal(d?.kind, 'different');
    assert.match(driftSentence(d), /differ only in spaces at the ends/);
  });
});

suite('terraform: round trip from the export', () => {
  suiteSetup(async () => {
    parser = await loadHclParser();
  });

  const HOSTILE: ScimJwtSettings[] = [
    {
      jwksUrl: 'https://login.example.com/oauth2/v1/keys',
      keyField: 'client_id',
      value: 'scim-client',
      serviceAccountId: 'scim_jwt_sa',
    },
    {
      jwksUrl: ' https://x.example/${var.a}/%{if true}k%{endif}/"q"\\ ',
      keyField: ' claim "quoted" \\back\\slash ${x} %{y} $${z} %%{w} ',
      value: 'line1\nline2\r\n\ttab é😀 \u202e \u2028 \u0001 $ % ${ %{ \\u0041 \\n',
      serviceAccountId: ' scim_$sa ',
    },
    { jwksUrl: '', keyField: '', value: '', serviceAccountId: '' },
    { jwksUrl: '"', keyField: '\\', value: '${', serviceAccountId: '%{' },
  ];

  for (const [i, settings] of HOSTILE.entries()) {
    for (const withServiceAccount of [false, true]) {
      test(`values set ${String(i)}${withServiceAccount ? ', with the service account resource' : ''}: parsed back exactly as exported`, () => {
        const text = buildTerraform({
          target: { baseUrl: 'https://app.harness.io/gateway', accountId: 'acc"${x}' },
          settings,
          withServiceAccount,
        });
        const m = analyseModule(parser, [{ path: 'scim_jwt.tf', text }]);
        assert.deepEqual(m.syntaxErrors, []);
        assert.deepEqual(m.missing, []);
        const sent = valuesToSend(settings);
        for (const field of SETUP_FIELDS) {
          const s = settingOf(m, field);
          assert.equal(s.allowOverrides, false);
          if (field === 'serviceAccountId' && withServiceAccount) {
            assert.deepEqual(s.value && { ...s.value, origin: [] }, {
              kind: 'service-account',
              address: `harness_platform_service_account.${terraformNames(sent.serviceAccountId).serviceAccount}`,
              identifier: sent.serviceAccountId,
              origin: [],
            });
          } else assert.equal(known(s.value), sent[field], field);
        }
      });
    }
  }
});
