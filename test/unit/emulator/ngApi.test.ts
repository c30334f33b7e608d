import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { call } from './helpers';

type Obj = Record<string, unknown>;

suite('emulator: NG API auth, settings, service accounts, access control', () => {
  let emu: Emulator;
  let acc: string;
  suiteSetup(async () => {
    emu = await startEmulator();
    acc = emu.accountId;
  });
  suiteTeardown(async () => {
    await emu.close();
  });

  test('a wrong or unknown key gets 401 INVALID_TOKEN "Token is not valid." with a correlation id in the body only', async () => {
    const forged = emu.adminKey.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    for (const key of [forged, `pat.${acc}.000000000000000000000000.secret`, 'garbage']) {
      const r = await call(emu, 'GET', `/ng/api/settings?accountIdentifier=${acc}&category=SCIM`, { key });
      assert.equal(r.status, 401);
      assert.equal(r.json.code, 'INVALID_TOKEN');
      assert.equal(r.json.message, 'Token is not valid.');
      assert.equal(typeof r.json.correlationId, 'string');
      // Harness sets no correlation header on the response (HC 970-ng-commons/src/main/java/io/harness/ng/core/CorrelationFilter.java:28-43).
      assert.equal(r.headers.get('x-correlation-id'), null);
    }
    // The request's X-requestId becomes the body's correlationId (same filter; CorrelationContext.java:25).
    const res = await fetch(`${emu.baseUrl}/ng/api/settings?accountIdentifier=${acc}&category=SCIM`, {
      headers: { 'x-api-key': 'garbage', 'X-requestId': 'req-123' },
    });
    assert.equal(((await res.json()) as Obj).correlationId, 'req-123');
    const otherAccount = await call(emu, 'GET', `/ng/api/settings?accountIdentifier=someOtherAccount&category=SCIM`, {
      key: emu.adminKey,
    });
    assert.equal(otherAccount.status, 401);
  });

  test('the /gateway prefix and the bare form serve the same API', async () => {
    const a = await call(emu, 'GET', `/gateway/ng/api/settings?accountIdentifier=${acc}&category=SCIM`, {
      key: emu.adminKey,
    });
    const b = await call(emu, 'GET', `/ng/api/settings?accountIdentifier=${acc}&category=SCIM`, { key: emu.adminKey });
    assert.equal(a.status, 200);
    assert.deepEqual(a.json.data, b.json.data);
    assert.ok(emu.requestCount('/gateway/ng/api/settings') >= 1);
  });

  test('missing permission → 403 AccessDeniedErrorDTO naming it in failedPermissionChecks', async () => {
    const { key } = emu.addApiKey({ kind: 'sat', principal: 'viewer_only', permissions: ['core_account_view'] });
    const r = await call(emu, 'PUT', `/ng/api/settings?accountIdentifier=${acc}`, {
      key,
      body: [{ identifier: 'scim_jwt_token_key_field', value: 'sub', allowOverrides: false, updateType: 'UPDATE' }],
    });
    assert.equal(r.status, 403);
    assert.equal(r.json.code, 'NG_ACCESS_DENIED');
    assert.equal(
      r.json.message,
      'Principal of type SERVICE_ACCOUNT with identifier viewer_only : Missing permission core_setting_edit on setting',
    );
    const checks = r.json.failedPermissionChecks as Obj[];
    assert.equal(checks[0]?.permission, 'core_setting_edit');
    assert.equal(checks[0].resourceType, 'SETTING');
    assert.deepEqual(checks[0].resourceScope, { accountIdentifier: acc, orgIdentifier: null, projectIdentifier: null });
    const read = await call(emu, 'GET', `/ng/api/settings?accountIdentifier=${acc}&category=SCIM`, { key });
    assert.equal(read.status, 200);
  });

  test('settings: category is required, SCIM lists the four unset settings', async () => {
    const missing = await call(emu, 'GET', `/ng/api/settings?accountIdentifier=${acc}`, { key: emu.adminKey });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.status, 'FAILURE');
    assert.deepEqual(missing.json.errors, [{ fieldId: 'category', error: 'must not be null' }]);
    const r = await call(
      emu,
      'GET',
      `/ng/api/settings?accountIdentifier=${acc}&category=SCIM&group=scim_jwt_token_configuration_g1`,
      { key: emu.adminKey },
    );
    const data = r.json.data as { setting: Obj; lastModifiedAt: unknown }[];
    assert.deepEqual(data.map((d) => d.setting.identifier).sort(), [
      'scim_jwt_token_jwks_keys_url',
      'scim_jwt_token_key_field',
      'scim_jwt_token_service_account_id',
      'scim_jwt_token_value_field',
    ]);
    for (const d of data) {
      assert.equal(d.setting.value, null);
      assert.equal(d.setting.settingSource, 'DEFAULT');
      assert.deepEqual(d.setting.allowedScopes, ['ACCOUNT']);
      assert.equal(d.lastModifiedAt, null);
    }
    const core = await call(emu, 'GET', `/ng/api/settings?accountIdentifier=${acc}&category=CORE`, {
      key: emu.adminKey,
    });
    assert.ok((core.json.data as Obj[]).some((d) => (d.setting as Obj).identifier === 'enable_force_delete'));
  });

  test('settings PUT: per-item results, HTTP 200 even when an item fails; RESTORE goes back to default', async () => {
    const put = await call(emu, 'PUT', `/ng/api/settings?accountIdentifier=${acc}`, {
      key: emu.adminKey,
      body: [
        {
          identifier: 'scim_jwt_token_key_field',
          value: '  not validated  ',
          allowOverrides: false,
          updateType: 'UPDATE',
        },
        { identifier: 'scim_jwt_token_typo', value: 'x', allowOverrides: false, updateType: 'UPDATE' },
      ],
    });
    assert.equal(put.status, 200);
    assert.equal(put.json.status, 'SUCCESS');
    const [ok, bad] = put.json.data as Obj[];
    assert.equal(ok?.updateStatus, true);
    assert.equal((ok.setting as Obj).value, '  not validated  ');
    assert.equal((ok.setting as Obj).settingSource, 'ACCOUNT');
    assert.equal(typeof ok.lastModifiedAt, 'number');
    assert.deepEqual(bad, {
      identifier: 'scim_jwt_token_typo',
      setting: null,
      lastModifiedAt: null,
      updateStatus: false,
      errorMessage: 'Setting [scim_jwt_token_typo] is either invalid or is not applicable in scope [ACCOUNT]',
    });
    const one = await call(emu, 'GET', `/ng/api/settings/scim_jwt_token_key_field?accountIdentifier=${acc}`, {
      key: emu.adminKey,
    });
    assert.deepEqual(one.json.data, { valueType: 'String', value: '  not validated  ' });
    const restore = await call(emu, 'PUT', `/ng/api/settings?accountIdentifier=${acc}`, {
      key: emu.adminKey,
      body: [
        { identifier: 'scim_jwt_token_key_field', value: 'ignored', allowOverrides: false, updateType: 'RESTORE' },
      ],
    });
    const restored = (restore.json.data as Obj[])[0];
    assert.equal(restored?.updateStatus, true);
    assert.equal((restored.setting as Obj).value, null);
    assert.equal((restored.setting as Obj).settingSource, 'DEFAULT');
  });

  test('settings PUT at org scope: a SCIM item fails on the override check first ("cannot be overridden"), alone (HC SettingsServiceImpl.java:147,165-198)', async () => {
    const put = await call(emu, 'PUT', `/ng/api/settings?accountIdentifier=${acc}&orgIdentifier=default`, {
      key: emu.adminKey,
      body: [
        { identifier: 'scim_jwt_token_key_field', value: 'sub', allowOverrides: false, updateType: 'UPDATE' },
        { identifier: 'pipeline_timeout', value: '2h', allowOverrides: true, updateType: 'UPDATE' },
      ],
    });
    assert.equal(put.status, 200);
    const [scim, pms] = put.json.data as Obj[];
    assert.equal(scim?.updateStatus, false);
    assert.equal(scim.errorMessage, 'Setting- scim_jwt_token_key_field cannot be overridden at the current scope');
    assert.equal(pms?.updateStatus, true);
    assert.equal((pms.setting as Obj).settingSource, 'ORG');
  });

  test('service accounts: FailureDTO on invalid body, create, duplicate, aggregate with role bindings', async () => {
    const invalid = await call(emu, 'POST', `/ng/api/serviceaccount?accountIdentifier=${acc}`, {
      key: emu.adminKey,
      body: { identifier: '9bad', name: '', email: 'nope', accountIdentifier: acc },
    });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json.status, 'FAILURE');
    assert.deepEqual((invalid.json.errors as Obj[]).map((e) => e.fieldId).sort(), ['email', 'identifier', 'name']);
    const body = {
      identifier: 'scim_jwt_sa',
      name: 'scim-jwt-sa',
      email: 'scim_jwt_sa@service.harness.io',
      description: 'SCIM via external JWT',
      tags: {},
      accountIdentifier: acc,
    };
    const created = await call(emu, 'POST', `/ng/api/serviceaccount?accountIdentifier=${acc}`, {
      key: emu.adminKey,
      body,
    });
    assert.equal(created.status, 200);
    assert.equal((created.json.data as Obj).identifier, 'scim_jwt_sa');
    const dup = await call(emu, 'POST', `/ng/api/serviceaccount?accountIdentifier=${acc}`, { key: emu.adminKey, body });
    assert.equal(dup.status, 400);
    assert.equal(dup.json.code, 'DUPLICATE_FIELD');
    const assign = await call(emu, 'POST', `/authz/api/roleassignments?accountIdentifier=${acc}`, {
      key: emu.adminKey,
      body: {
        resourceGroupIdentifier: '_all_account_level_resources',
        roleIdentifier: '_account_viewer',
        principal: { identifier: 'scim_jwt_sa', type: 'SERVICE_ACCOUNT', scopeLevel: 'account' },
        disabled: false,
      },
    });
    assert.equal(assign.status, 200);
    const agg = await call(emu, 'GET', `/ng/api/serviceaccount/aggregate/scim_jwt_sa?accountIdentifier=${acc}`, {
      key: emu.adminKey,
    });
    const meta = (agg.json.data as Obj).roleAssignmentsMetadataDTO as Obj[];
    assert.deepEqual(
      meta.map((m) => [m.roleIdentifier, m.roleName, m.resourceGroupIdentifier, m.managedRole]),
      [['_account_viewer', 'Account Viewer', '_all_account_level_resources', true]],
    );
    const page = await call(emu, 'GET', `/ng/api/serviceaccount/aggregate?accountIdentifier=${acc}&searchTerm=scim`, {
      key: emu.adminKey,
    });
    const content = (page.json.data as Obj).content as Obj[];
    assert.equal(content.length, 1);
    assert.equal((page.json.data as Obj).totalItems, 1);
    // A missing service account is InvalidArgumentsException: 400 INVALID_ARGUMENT (HC ServiceAccountServiceImpl.java:449-451).
    const missing = await call(emu, 'GET', `/ng/api/serviceaccount/aggregate/nobody?accountIdentifier=${acc}`, {
      key: emu.adminKey,
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.code, 'INVALID_ARGUMENT');
    assert.equal(missing.json.message, "Invalid argument(s): Service account [nobody] doesn't exist in scope");
  });

  test('roles: managed ones listed with their permissions, custom role created, unknown permission refused', async () => {
    const list = await call(emu, 'GET', `/authz/api/roles?accountIdentifier=${acc}&pageSize=100`, {
      key: emu.adminKey,
    });
    const roles = (list.json.data as Obj).content as { role: Obj; harnessManaged: boolean }[];
    const viewer = roles.find((r) => r.role.identifier === '_account_viewer');
    assert.ok(viewer?.harnessManaged);
    const perms = viewer.role.permissions as string[];
    assert.ok(perms.includes('core_user_view') && perms.includes('core_usergroup_view'));
    assert.ok(!perms.includes('core_user_manage'));
    const five = [
      'core_user_view',
      'core_user_manage',
      'core_user_invite',
      'core_usergroup_view',
      'core_usergroup_manage',
    ];
    const admin = await call(emu, 'GET', `/gateway/authz/api/roles/_account_admin?accountIdentifier=${acc}`, {
      key: emu.adminKey,
    });
    for (const p of five)
      assert.ok(((admin.json.data as Obj).role as Obj & { permissions: string[] }).permissions.includes(p), p);
    const created = await call(emu, 'POST', `/authz/api/roles?accountIdentifier=${acc}`, {
      key: emu.adminKey,
      body: {
        identifier: 'scim_provisioner',
        name: 'SCIM provisioner',
        allowedScopeLevels: ['account'],
        permissions: five,
      },
    });
    assert.equal(created.status, 200);
    assert.equal((created.json.data as Obj).harnessManaged, false);
    const bad = await call(emu, 'POST', `/authz/api/roles?accountIdentifier=${acc}`, {
      key: emu.adminKey,
      body: { identifier: 'r2', name: 'r2', permissions: ['core_user_fly'] },
    });
    assert.equal(bad.status, 400);
    // javax.ws.rs.NotFoundException → NotFoundExceptionMapper: a 400 FailureDTO (HC RoleResourceImpl.java:129-133, NotFoundExceptionMapper.java:23-26).
    const notFound = await call(emu, 'GET', `/authz/api/roles/nope?accountIdentifier=${acc}`, { key: emu.adminKey });
    assert.equal(notFound.status, 400);
    assert.equal(notFound.json.status, 'FAILURE');
    assert.equal(notFound.json.code, 'RESOURCE_NOT_FOUND_EXCEPTION');
    assert.equal(notFound.json.message, 'Role with identifier [nope] is not found in the given scope');
  });

  test('role assignments: filter by principal, refusal without manage permission', async () => {
    emu.addApiKey({ kind: 'sat', principal: 'sa_filter_me' });
    const create = await call(emu, 'POST', `/authz/api/roleassignments?accountIdentifier=${acc}`, {
      key: emu.adminKey,
      body: {
        resourceGroupIdentifier: '_all_account_level_resources',
        roleIdentifier: '_account_admin',
        principal: { identifier: 'sa_filter_me', type: 'SERVICE_ACCOUNT' },
      },
    });
    assert.equal(create.status, 200);
    const filtered = await call(
      emu,
      'POST',
      `/authz/api/roleassignments/filter?accountIdentifier=${acc}&pageIndex=0&pageSize=100`,
      {
        key: emu.adminKey,
        body: { principalFilter: [{ identifier: 'sa_filter_me', type: 'SERVICE_ACCOUNT' }] },
      },
    );
    const content = (filtered.json.data as Obj).content as { roleAssignment: Obj }[];
    assert.deepEqual(
      content.map((c) => c.roleAssignment.roleIdentifier),
      ['_account_admin'],
    );
    const { key } = emu.addApiKey({ kind: 'pat', principal: 'nobody_special', permissions: [] });
    const denied = await call(emu, 'POST', `/authz/api/roleassignments?accountIdentifier=${acc}`, {
      key,
      body: {
        resourceGroupIdentifier: '_all_account_level_resources',
        roleIdentifier: '_account_admin',
        principal: { identifier: 'nobody_special', type: 'USER' },
      },
    });
    assert.equal(denied.status, 403);
    assert.equal((denied.json.failedPermissionChecks as Obj[])[0]?.permission, 'core_user_manage');
  });

  test('token/validate on an API key returns its TokenDTO', async () => {
    const { key, tokenId } = emu.addApiKey({ kind: 'sat', principal: 'cli_sa' });
    const r = await call(emu, 'POST', `/ng/api/token/validate?accountIdentifier=${acc}`, { key, text: key });
    assert.equal(r.status, 200);
    const dto = r.json.data as Obj;
    assert.equal(dto.identifier, tokenId);
    assert.equal(dto.apiKeyType, 'SERVICE_ACCOUNT');
    assert.equal(dto.parentIdentifier, 'cli_sa');
    assert.equal(dto.encodedPassword, null);
  });
});
