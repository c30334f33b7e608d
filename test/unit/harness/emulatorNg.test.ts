/**
 * Every NG/authz call of HarnessClient against the real emulator over HTTP: settings (list, get,
 * update with per-item results, restore), service accounts, roles, role assignments, token
 * validation, access denied, and the emulator's faults counted on its request counter.
 */
import * as assert from 'node:assert/strict';
import {
  HarnessAccessDeniedError,
  HarnessValidationError,
  isNotFound,
  SCIM_JWT_SETTING_IDS,
  SCIM_PERMISSIONS,
  scimPermissionReport,
  type SettingRequestDTO,
} from '../../../src/core/harness';
import { type Emulator, startEmulator } from '../../sandbox/emulator';
import { failure as failWith, testClient } from './fixtures';
import { type TestHarnessClient } from '../testHttp';

const update = (identifier: string, value: string): SettingRequestDTO => ({
  identifier,
  value,
  allowOverrides: false,
  updateType: 'UPDATE',
});

suite('harness client against the emulator: NG and authz', () => {
  let emu: Emulator;
  let admin: TestHarnessClient;
  let adminSecret: string;
  const failure = (p: Promise<unknown>) => failWith(p, [adminSecret]);
  /** One setting's value as Harness lists it (the product reads settings by list, never one by one). */
  const settingValue = async (identifier: string): Promise<string | null | undefined> =>
    (await admin.listSettings({ category: 'SCIM', includeParentScopes: false })).find(
      (s) => s.setting.identifier === identifier,
    )?.setting.value;
  /** The emulator's role-assignment endpoints, which the product itself does not call. */
  const roleAssignments = async (
    path: string,
    body?: unknown,
  ): Promise<{ roleAssignment: { roleIdentifier: string; principal: { identifier: string } } }[]> => {
    const res = await fetch(
      `${emu.baseUrl}/authz/api/roleassignments${path}?accountIdentifier=${emu.accountId}&pageSize=100`,
      {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'x-api-key': emu.adminKey, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      },
    );
    return ((await res.json()) as { data: { content: [] } }).data.content;
  };

  suiteSetup(async () => {
    emu = await startEmulator();
    adminSecret = emu.adminKey.split('.').at(-1)!;
    admin = testClient(emu.baseUrl, { apiKey: emu.adminKey });
  });
  suiteTeardown(async () => {
    await admin.close();
    await emu.close();
  });
  teardown(() => {
    emu.clearFaults();
  });

  test('the admin key says who it is', async () => {
    const me = await admin.whoAmI();
    assert.equal(me.apiKeyType, 'USER');
    assert.equal(admin.accountId, emu.accountId);
    assert.equal(admin.keyKind, 'pat');
  });

  test('the account: its name, from GET accounts/{id}', async () => {
    const account = await admin.getAccount();
    assert.equal(account.identifier, emu.accountId);
    assert.equal(account.name, 'Emulated Account');
  });

  test('a wrong secret is refused with 401 INVALID_TOKEN, the key nowhere in the error', async () => {
    const wrong = emu.adminKey.replace(/[^.]+$/, 'WrongSecretWrongSecret');
    const client = testClient(emu.baseUrl, { apiKey: wrong });
    try {
      const e = await failWith(client.scimJwtSettings(), [adminSecret, 'WrongSecretWrongSecret']);
      assert.equal(e.kind, 'harness-error');
      assert.equal(e.httpStatus, 401);
      assert.equal(e.code, 'INVALID_TOKEN');
      assert.ok(e.correlationId);
      const refusal = await client.validateToken();
      assert.equal(refusal.valid, false);
      assert.equal(refusal.reason, 'invalid-token');
    } finally {
      await client.close();
    }
  });

  test('token/validate on another key: a wrong secret is an invalid-token refusal, not a throw', async () => {
    const wrong = emu.adminKey.replace(/[^.]+$/, 'WrongSecretWrongSecret');
    const r = await admin.validateToken(wrong);
    assert.equal(r.valid, false);
    assert.equal(r.reason, 'invalid-token');
    assert.equal(r.code, 'INVALID_REQUEST');
    assert.ok(!r.message.includes('WrongSecretWrongSecret') && !r.message.includes(adminSecret), r.message);
    const { key } = emu.addApiKey({ kind: 'sat', principal: 'probe_sa' });
    const ok = await admin.validateToken(key);
    assert.ok(ok.valid);
    assert.equal(ok.token.parentIdentifier, 'probe_sa');
    assert.equal(ok.token.apiKeyType, 'SERVICE_ACCOUNT');
  });

  test('settings: the four SCIM JWT settings start unset; other categories list too', async () => {
    const scim = await admin.scimJwtSettings();
    assert.deepEqual(scim.map((s) => s.setting.identifier).sort(), [...SCIM_JWT_SETTING_IDS].sort());
    assert.ok(scim.every((s) => s.setting.value === null && s.setting.settingSource === 'DEFAULT'));
    const core = await admin.listSettings({ category: 'CORE', includeParentScopes: false });
    assert.ok(core.length > 0 && core.every((s) => s.setting.category === 'CORE'));
    assert.equal(await settingValue('scim_jwt_token_key_field'), null);
  });

  test('settings: a PUT with a typo saves the good items and reports the bad one', async () => {
    const result = await admin.updateSettings([
      update('scim_jwt_token_key_field', 'client_id'),
      update('scim_jwt_token_value_field', 'harness-scim'),
      update('scim_jwt_token_typo', 'x'),
    ]);
    assert.equal(result.allSucceeded, false);
    assert.ok(!result.allSucceeded);
    assert.deepEqual(
      result.failed.map((f) => f.identifier),
      ['scim_jwt_token_typo'],
    );
    assert.match(
      result.failed[0]?.errorMessage ?? '',
      /Setting \[scim_jwt_token_typo\] is either invalid or is not applicable in scope \[ACCOUNT\]/,
    );
    assert.equal(
      result.succeeded.find((s) => s.identifier === 'scim_jwt_token_key_field')?.setting?.value,
      'client_id',
    );
    assert.equal(await settingValue('scim_jwt_token_value_field'), 'harness-scim');
  });

  test("settings: the account-only SCIM settings fail item by item at org scope, on Harness's override check", async () => {
    // checkOverridesAreAllowedInParentScope runs first (HC SettingsServiceImpl.java:147,165-198).
    const result = await admin.updateSettings([update('scim_jwt_token_key_field', 'sub')], {
      orgIdentifier: 'default',
    });
    assert.equal(result.allSucceeded, false);
    assert.ok(result.summary.includes('cannot be overridden at the current scope'), result.summary);
  });

  test('settings: restore brings back the default', async () => {
    const result = await admin.restoreSettings(['scim_jwt_token_key_field']);
    assert.ok(result.allSucceeded);
    assert.equal(result.updated[0]?.setting?.value ?? null, null);
    assert.equal(await settingValue('scim_jwt_token_key_field'), null);
  });

  test('service accounts: create, list, aggregate pages, get, not found, duplicate, invalid', async () => {
    const sa = await admin.createServiceAccount({
      identifier: 'scim_sa',
      name: 'SCIM SA',
      email: 'scim_sa@service.harness.io',
      description: 'test',
      tags: {},
    });
    assert.equal(sa.accountIdentifier, emu.accountId);
    await admin.createServiceAccount({ identifier: 'other_sa', name: 'Other', email: 'other_sa@service.harness.io' });
    const plain = await admin.listServiceAccounts();
    assert.ok(plain.some((s) => s.identifier === 'scim_sa'));
    assert.deepEqual(
      (await admin.listServiceAccounts({ identifiers: ['other_sa'] })).map((s) => s.identifier),
      ['other_sa'],
    );
    const page = await admin.listServiceAccountAggregates({ pageIndex: 0, pageSize: 1 });
    assert.equal(page.pageItemCount, 1);
    assert.ok(page.totalItems >= 2);
    const all = await admin.allServiceAccountAggregates();
    assert.equal(all.length, page.totalItems);
    const agg = await admin.getServiceAccountAggregate('scim_sa');
    assert.equal(agg.serviceAccount.email, 'scim_sa@service.harness.io');
    assert.deepEqual(agg.roleAssignmentsMetadataDTO, []);
    // Harness answers a missing service account with 400 INVALID_ARGUMENT, not 404
    // (HC ServiceAccountServiceImpl.java:449-451); the client still classes it as "not found".
    const missing = await failure(admin.getServiceAccountAggregate('nobody_here'));
    assert.equal(missing.httpStatus, 400);
    assert.equal(missing.code, 'INVALID_ARGUMENT');
    assert.equal(missing.serverMessage, "Invalid argument(s): Service account [nobody_here] doesn't exist in scope");
    assert.ok(isNotFound(missing), `${missing.kind} ${String(missing.httpStatus)}`);
    const dup = await failure(
      admin.createServiceAccount({ identifier: 'scim_sa', name: 'again', email: 'scim_sa@service.harness.io' }),
    );
    assert.equal(dup.httpStatus, 400);
    const bad = await failure(admin.createServiceAccount({ identifier: 'bad_sa', name: 'bad', email: 'not-an-email' }));
    assert.ok(bad instanceof HarnessValidationError, bad.kind);
    assert.ok(bad.fieldErrors.some((f) => f.fieldId === 'email'));
  });

  test('roles and role assignments: create, get, list, filter; the permission report follows', async () => {
    const role = await admin.createRole({
      identifier: 'scim_provisioner',
      name: 'SCIM provisioner',
      permissions: [...SCIM_PERMISSIONS],
      allowedScopeLevels: ['account'],
    });
    assert.deepEqual([...role.role.permissions].sort(), [...SCIM_PERMISSIONS].sort());
    assert.deepEqual((await admin.getRole('scim_provisioner')).role.identifier, 'scim_provisioner');
    const roles = await admin.allRoles();
    assert.ok(roles.some((r) => r.role.identifier === '_account_admin'));
    const page = await admin.listRoles({ pageSize: 1 });
    assert.equal(page.content.length, 1);
    const created = await admin.createRoleAssignment({
      resourceGroupIdentifier: '_all_account_level_resources',
      roleIdentifier: 'scim_provisioner',
      principal: { identifier: 'scim_sa', type: 'SERVICE_ACCOUNT', scopeLevel: 'account' },
      disabled: false,
    });
    assert.equal(created.roleAssignment.roleIdentifier, 'scim_provisioner');
    const listed = await roleAssignments('');
    assert.ok(listed.some((a) => a.roleAssignment.principal.identifier === 'scim_sa'));
    const mine = await roleAssignments('/filter', {
      principalFilter: [{ identifier: 'scim_sa', type: 'SERVICE_ACCOUNT' }],
    });
    assert.deepEqual(
      mine.map((a) => a.roleAssignment.roleIdentifier),
      ['scim_provisioner'],
    );
    const agg = await admin.getServiceAccountAggregate('scim_sa');
    assert.deepEqual(
      agg.roleAssignmentsMetadataDTO.map((m) => m.roleIdentifier),
      ['scim_provisioner'],
    );
    const report = scimPermissionReport({
      assignments: agg.roleAssignmentsMetadataDTO,
      roles: roles.map((r) => r.role),
    });
    assert.equal(report.allHeld, true);
  });

  test('a key without core_setting_edit gets access-denied naming it', async () => {
    const { key } = emu.addApiKey({ kind: 'sat', principal: 'viewer_sa', permissions: ['core_account_view'] });
    const viewer = testClient(emu.baseUrl, { apiKey: key });
    try {
      assert.equal((await viewer.scimJwtSettings()).length, 4);
      const e = await failWith(viewer.updateSettings([update('scim_jwt_token_key_field', 'x')]), [
        key.split('.').at(-1)!,
      ]);
      assert.ok(e instanceof HarnessAccessDeniedError, e.kind);
      assert.ok(e.missingPermissions.includes('core_setting_edit'), e.message);
      assert.match(e.message, /core_setting_edit/);
    } finally {
      await viewer.close();
    }
  });

  test('faults: 5xx and 429 on a GET are retried, as counted by the emulator', async () => {
    emu.injectFault({ path: /\/ng\/api\/settings/, kind: '5xx', times: 1 });
    emu.injectFault({ path: /\/ng\/api\/settings/, kind: '429', times: 1 });
    const before = emu.requestCount('/ng/api/settings');
    assert.equal((await admin.scimJwtSettings()).length, 4);
    assert.equal(emu.requestCount('/ng/api/settings') - before, 3);
  });

  test('faults: a dropped connection and a truncated body on a GET are retried', async () => {
    emu.injectFault({ path: /\/authz\/api\/roles/, kind: 'drop', times: 1 });
    emu.injectFault({ path: /\/authz\/api\/roles/, kind: 'truncated', times: 1 });
    const before = emu.requestCount('/authz/api/roles');
    await admin.getRole('scim_provisioner');
    assert.equal(emu.requestCount('/authz/api/roles') - before, 3);
  });

  test('faults: retries stop at the bound and the last error is typed', async () => {
    emu.injectFault({ path: /\/ng\/api\/settings/, kind: 'html', times: 5 });
    const before = emu.requestCount('/ng/api/settings');
    const html = await failure(admin.scimJwtSettings());
    assert.equal(html.kind, 'html-page');
    assert.equal(html.httpStatus, 502);
    assert.equal(emu.requestCount('/ng/api/settings') - before, 3);
    emu.clearFaults();
    emu.injectFault({ path: /\/ng\/api\/settings/, kind: 'truncated', times: 5 });
    const cut = await failure(admin.scimJwtSettings());
    assert.equal(cut.kind, 'invalid-json');
    emu.clearFaults();
    emu.injectFault({ path: /\/ng\/api\/settings/, kind: '429', times: 5 });
    assert.equal((await failure(admin.scimJwtSettings())).kind, 'rate-limited');
  });

  test('faults: writes are not retried (5xx, dropped connection)', async () => {
    emu.injectFault({ path: /\/ng\/api\/settings/, kind: '5xx', times: 1 });
    let before = emu.requestCount('/ng/api/settings');
    const e = await failure(admin.updateSettings([update('scim_jwt_token_key_field', 'client_id')]));
    assert.equal(e.httpStatus, 503);
    assert.equal(emu.requestCount('/ng/api/settings') - before, 1);
    emu.injectFault({ path: /\/ng\/api\/serviceaccount/, kind: 'drop', times: 1 });
    before = emu.requestCount('/ng/api/serviceaccount');
    const d = await failure(
      admin.createServiceAccount({ identifier: 'dropped_sa', name: 'x', email: 'dropped_sa@service.harness.io' }),
    );
    assert.equal(d.kind, 'connection');
    assert.equal(emu.requestCount('/ng/api/serviceaccount') - before, 1);
  });

  test('faults: latency beyond the call deadline is a timeout', async () => {
    // The whole-call deadline is a plain timer; undici's own headers/body timers tick at ~0.5 s.
    const impatient = testClient(emu.baseUrl, {
      apiKey: emu.adminKey,
      timeouts: { totalMs: 150 },
      retries: { maxAttempts: 1 },
    });
    emu.injectFault({ path: /\/ng\/api\/settings/, kind: 'latency', ms: 800 });
    try {
      const e = await failure(impatient.scimJwtSettings());
      assert.equal(e.kind, 'timeout');
    } finally {
      await impatient.close();
    }
  });

  test('a response over the size cap is refused', async () => {
    const tiny = testClient(emu.baseUrl, { apiKey: emu.adminKey, maxBytes: 512 });
    try {
      assert.equal((await failure(tiny.scimJwtSettings())).kind, 'too-large');
    } finally {
      await tiny.close();
    }
  });

  test('gateway-prefixed base URLs work the same', async () => {
    const gw = testClient(`${emu.baseUrl}/gateway`, { apiKey: emu.adminKey });
    try {
      assert.equal((await gw.scimJwtSettings()).length, 4);
    } finally {
      await gw.close();
    }
  });
});
