/**
 * Conformance table, NG API (settings, service accounts, access control, token/validate,
 * authentication): one row per behaviour of the NG audit (C1–C33 confirmed, R1–R18 refuted), each
 * naming the Harness source line it follows and checking a live emulator on 127.0.0.1.
 *
 * HC = harness-core at 1dcec145c507a87fc596b148cc2fc73d47cbc9cc (line numbers at that commit);
 * HC2 = idp-catalog-info-org/repo-harness-services at e1430ea4 (cited by file and method).
 * Short paths: SetSvc = 120-ng-manager/modules/ng-settings/src/main/java/io/harness/ngsettings/services/impl/SettingsServiceImpl.java,
 * SASvc = 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/service/impl/ServiceAccountServiceImpl.java,
 * RARes = access-control/service/src/main/java/io/harness/accesscontrol/roleassignments/api/RoleAssignmentResourceImpl.java,
 * JWTUtils = 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java,
 * TokHelper = 965-ng-filter/src/main/java/io/harness/token/TokenValidationHelper.java,
 * NGFilter = 965-ng-filter/src/main/java/io/harness/security/NextGenAuthenticationFilter.java.
 */
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import {
  call,
  configureScimJwt,
  nowSeconds,
  rsaKey,
  signJwt,
  startJwksHost,
  type CallResult,
  type JwksHost,
  type TestKey,
} from './helpers';

type Obj = Record<string, unknown>;

const FIVE = ['core_user_view', 'core_user_manage', 'core_user_invite', 'core_usergroup_view', 'core_usergroup_manage'];

interface World {
  /** Flag on, SCIM JWT configured for `scim_sa` (the five permissions). */
  emu: Emulator;
  /** Nothing configured. */
  bare: Emulator;
  jwks: JwksHost;
  key: TestKey;
  jwt: (extra?: Obj) => string;
}

interface Row {
  id: string;
  behaviour: string;
  source: string;
  check(w: World): Promise<void>;
}

const q = (emu: Emulator): string => `accountIdentifier=${emu.accountId}`;
const data = (r: CallResult): Obj => r.json.data as Obj;
const items = (r: CallResult): Obj[] => r.json.data as Obj[];
const scimSettings = (emu: Emulator): Promise<CallResult> =>
  call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=SCIM&group=scim_jwt_token_configuration_g1`, {
    key: emu.adminKey,
  });
const put = (emu: Emulator, body: unknown, scope = ''): Promise<CallResult> =>
  call(emu, 'PUT', `/ng/api/settings?${q(emu)}${scope}`, { key: emu.adminKey, body });
const validate = (emu: Emulator, token: string, key = emu.adminKey): Promise<CallResult> =>
  call(emu, 'POST', `/ng/api/token/validate?${q(emu)}`, { key, text: token });
const assignment = (sa: string, role: string, group = '_all_account_level_resources', disabled = false): Obj => ({
  resourceGroupIdentifier: group,
  roleIdentifier: role,
  principal: { identifier: sa, type: 'SERVICE_ACCOUNT', scopeLevel: 'account' },
  disabled,
});
const assign = (emu: Emulator, body: Obj, key = emu.adminKey): Promise<CallResult> =>
  call(emu, 'POST', `/authz/api/roleassignments?${q(emu)}`, { key, body });
const newSa = (emu: Emulator, identifier: string): Promise<CallResult> =>
  call(emu, 'POST', `/ng/api/serviceaccount?${q(emu)}`, {
    key: emu.adminKey,
    body: { identifier, name: identifier, email: `${identifier}@service.harness.io`, accountIdentifier: emu.accountId },
  });
const item = (identifier: string, value: string | null, updateType = 'UPDATE', allowOverrides = false): Obj => ({
  identifier,
  value,
  allowOverrides,
  updateType,
});

const ROWS: Row[] = [
  // ----- settings -----
  {
    id: 'C1',
    behaviour: 'GET /ng/api/settings: category required (FailureDTO), group narrows, includeParentScopes accepted',
    source:
      'HC 120-ng-manager/modules/ng-settings/contracts/src/main/java/io/harness/ngsettings/remote/SettingsResource.java:90-109; SetSvc:339-356; 960-ng-core-beans/src/main/java/io/harness/ng/core/exceptionmappers/JerseyViolationExceptionMapperV2.java:38-56',
    check: async ({ emu }) => {
      const none = await call(emu, 'GET', `/ng/api/settings?${q(emu)}`, { key: emu.adminKey });
      assert.equal(none.status, 400);
      assert.deepEqual(none.json.errors, [{ fieldId: 'category', error: 'must not be null' }]);
      // JerseyViolationExceptionMapperV2 joins "field: error" pairs; no "Invalid request: " template.
      assert.deepEqual(
        [none.json.status, none.json.code, none.json.message],
        ['FAILURE', 'INVALID_REQUEST', 'category: must not be null'],
      );
      const r = await call(
        emu,
        'GET',
        `/ng/api/settings?${q(emu)}&category=SCIM&group=scim_jwt_token_configuration_g1&includeParentScopes=true`,
        { key: emu.adminKey },
      );
      assert.equal(items(r).length, 4);
    },
  },
  {
    id: 'C2',
    behaviour:
      'SettingResponseDTO shape; an unset SCIM setting is value null, settingSource DEFAULT, no lastModifiedAt',
    source:
      'HC …/ngsettings/dto/SettingDTO.java:45-59; SettingValueType.java:21-23; SetSvc:120-133; …/mapper/SettingsMapper.java:60-76,94-99',
    check: async ({ bare }) => {
      for (const d of items(await scimSettings(bare))) {
        const s = d.setting as Obj;
        assert.equal(s.value, null);
        assert.equal(s.settingSource, 'DEFAULT');
        assert.equal(s.valueType, 'String');
        assert.equal(s.isSettingEditable, true);
        assert.deepEqual(s.allowedScopes, ['ACCOUNT']);
        assert.equal(d.lastModifiedAt, null);
      }
    },
  },
  {
    id: 'C3',
    behaviour: 'reading settings needs core_account_view on ACCOUNT',
    source:
      'HC 120-ng-manager/modules/ng-settings/src/main/java/io/harness/ngsettings/remote/SettingsResourceImpl.java:40,48',
    check: async ({ emu }) => {
      const { key } = emu.addApiKey({ kind: 'sat', principal: 'c3_nobody', permissions: [] });
      const r = await call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=SCIM`, { key });
      assert.equal(r.status, 403);
      const check = (r.json.failedPermissionChecks as Obj[])[0];
      assert.equal(check?.permission, 'core_account_view');
      assert.equal(check.resourceType, 'ACCOUNT');
    },
  },
  {
    id: 'C4',
    behaviour:
      'writing settings needs core_setting_edit on SETTING: 403 AccessDeniedErrorDTO NG_ACCESS_DENIED naming it',
    source:
      'HC SettingsResourceImpl.java:57; clients/access-control/sdk/src/main/java/io/harness/accesscontrol/clients/AbstractAccessControlClient.java:150-200; …/accesscontrol/NGAccessDeniedExceptionMapper.java; access-control/contracts/api/…/AccessDeniedErrorDTO.java; 970-ng-commons/…/dto/ErrorDTO.java:45-50',
    check: async ({ emu }) => {
      const { key } = emu.addApiKey({ kind: 'sat', principal: 'c4_viewer', permissions: ['core_account_view'] });
      const r = await call(emu, 'PUT', `/ng/api/settings?${q(emu)}`, {
        key,
        body: [item('scim_jwt_token_key_field', 'sub')],
      });
      assert.equal(r.status, 403);
      assert.equal(r.json.code, 'NG_ACCESS_DENIED');
      assert.equal(
        r.json.message,
        'Principal of type SERVICE_ACCOUNT with identifier c4_viewer : Missing permission core_setting_edit on setting',
      );
      assert.equal((r.json.failedPermissionChecks as Obj[])[0]?.resourceType, 'SETTING');
      // AccessDeniedErrorDTO is built with ErrorDTO's protected constructor: no correlationId, no responseMessages.
      assert.deepEqual([r.json.correlationId, r.json.responseMessages], [null, null]);
    },
  },
  {
    id: 'C5',
    behaviour:
      'no feature flag gates the Setting API: SCIM settings list and save with PL_SUPPORT_JWT_TOKEN_SCIM_API off',
    source:
      "HC SettingsResourceImpl.java:39-63 (no flag check); the flag's only use is 120-ng-manager/src/main/java/io/harness/ng/core/api/impl/TokenServiceImpl.java:390",
    check: async ({ bare }) => {
      bare.setFeatureFlag(false);
      assert.equal((await scimSettings(bare)).status, 200);
      const r = await put(bare, [item('scim_jwt_token_key_field', 'c5')]);
      assert.equal(items(r)[0]?.updateStatus, true);
      await put(bare, [item('scim_jwt_token_key_field', null, 'RESTORE')]);
      bare.setFeatureFlag(true);
    },
  },
  {
    id: 'C6',
    behaviour:
      'the four SCIM settings: category SCIM, group scim_jwt_token_configuration_g1, String, no default, not overridable, ACCOUNT only',
    source: 'HC 120-ng-manager/modules/ng-settings/src/main/resources/io/harness/ngsettings/settings.yml:32-63',
    check: async ({ bare }) => {
      const rows = items(await scimSettings(bare)).map((d) => d.setting as Obj);
      assert.deepEqual(rows.map((s) => s.identifier).sort(), [
        'scim_jwt_token_jwks_keys_url',
        'scim_jwt_token_key_field',
        'scim_jwt_token_service_account_id',
        'scim_jwt_token_value_field',
      ]);
      for (const s of rows) {
        assert.equal(s.category, 'SCIM');
        assert.equal(s.groupIdentifier, 'scim_jwt_token_configuration_g1');
        assert.equal(s.defaultValue, null);
        assert.equal(s.allowOverrides, false);
      }
    },
  },
  {
    id: 'C7',
    behaviour:
      'PUT is a batch: each item alone, HTTP 200 even when items fail; a failed item has setting null and errorMessage',
    source: 'HC SetSvc:138-163; SettingsMapper.java:141-156',
    check: async ({ bare }) => {
      const r = await put(bare, [item('scim_jwt_token_key_field', 'c7'), item('no_such_setting', 'x')]);
      assert.equal(r.status, 200);
      const [ok, bad] = items(r);
      assert.equal(ok?.updateStatus, true);
      assert.deepEqual([bad?.updateStatus, bad?.setting], [false, null]);
      await put(bare, [item('scim_jwt_token_key_field', null, 'RESTORE')]);
    },
  },
  {
    id: 'C8',
    behaviour:
      'an unknown identifier fails its item: "Setting [x] is either invalid or is not applicable in scope [ACCOUNT]"',
    source: 'HC SetSvc:415-426',
    check: async ({ bare }) => {
      const [bad] = items(await put(bare, [item('c8_nope', 'x')]));
      assert.equal(bad?.errorMessage, 'Setting [c8_nope] is either invalid or is not applicable in scope [ACCOUNT]');
    },
  },
  {
    id: 'C9',
    behaviour: 'a String setting accepts anything on save: empty, spaces, no URL check',
    source: 'HC 120-ng-manager/modules/ng-settings/src/main/java/io/harness/ngsettings/utils/SettingUtils.java:38-58',
    check: async ({ bare }) => {
      const r = await put(bare, [
        item('scim_jwt_token_jwks_keys_url', ''),
        item('scim_jwt_token_key_field', '  not a claim  '),
      ]);
      assert.deepEqual(
        items(r).map((i) => i.updateStatus),
        [true, true],
      );
      await put(bare, [
        item('scim_jwt_token_jwks_keys_url', null, 'RESTORE'),
        item('scim_jwt_token_key_field', null, 'RESTORE'),
      ]);
    },
  },
  {
    id: 'C10',
    behaviour: 'RESTORE deletes the row, ignores value and answers the default (value null, DEFAULT)',
    source: 'HC SetSvc:428-463,220-232; …/ngsettings/SettingConstants.java:23-24',
    check: async ({ bare }) => {
      await put(bare, [item('scim_jwt_token_value_field', 'c10')]);
      const [r] = items(await put(bare, [item('scim_jwt_token_value_field', 'ignored', 'RESTORE')]));
      assert.equal((r?.setting as Obj).value, null);
      assert.equal((r?.setting as Obj).settingSource, 'DEFAULT');
    },
  },
  {
    id: 'C11',
    behaviour:
      'UPDATE with allowOverrides false locks child scopes: a write below fails "cannot be overridden at the current scope"',
    source: 'HC SetSvc:165-198,396-398,480-489',
    check: async ({ bare }) => {
      await put(bare, [item('mandate_webhook_secrets_for_github_triggers', 'true', 'UPDATE', false)]);
      const [r] = items(
        await put(
          bare,
          [item('mandate_webhook_secrets_for_github_triggers', 'false', 'UPDATE', true)],
          '&orgIdentifier=default',
        ),
      );
      assert.equal(
        r?.errorMessage,
        'Setting- mandate_webhook_secrets_for_github_triggers cannot be overridden at the current scope',
      );
      await put(bare, [item('mandate_webhook_secrets_for_github_triggers', null, 'RESTORE')]);
    },
  },
  {
    id: 'C12',
    behaviour: 'a SCIM setting left unset makes the JWT flow fail with 500 (Collectors.toMap on a null value)',
    source:
      'HC JWTUtils:297-300; 960-ng-core-beans/src/main/java/io/harness/ng/core/exceptionmappers/GenericExceptionMapperV2.java:30,40-51; 970-ng-commons/src/main/java/io/harness/ng/core/dto/ErrorDTO.java:52-67; HC2 JWTTokenFlowAuthFilterUtils.getScimJwtTokenSettingConfigurationValuesFromDTOList',
    check: async ({ bare, jwt }) => {
      const r = await validate(bare, jwt());
      assert.equal(r.status, 500);
      assert.equal(r.json.code, 'UNKNOWN_ERROR');
      // GenericExceptionMapperV2's fixed text, and ErrorDTO.newError's empty response messages.
      assert.equal(r.json.message, 'Oops, something went wrong on our end. Please contact Harness Support.');
      assert.deepEqual(r.json.responseMessages, []);
    },
  },
  // ----- service accounts -----
  {
    id: 'C13',
    behaviour:
      'create service account: bean validation is a 400 FailureDTO with field errors; the body scope must match the query',
    source:
      'HC 970-ng-commons/src/main/java/io/harness/serviceaccount/ServiceAccountDTO.java:33-55; 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/resource/ServiceAccountResource.java:110-132; SASvc:104-108,124-135; 970-ng-commons/src/main/java/io/harness/ng/core/utils/NGUtils.java:30-32,49-55',
    check: async ({ emu }) => {
      const r = await call(emu, 'POST', `/ng/api/serviceaccount?${q(emu)}`, {
        key: emu.adminKey,
        body: { identifier: '9x', name: '', email: 'no', accountIdentifier: emu.accountId },
      });
      assert.equal(r.status, 400);
      assert.equal(r.json.status, 'FAILURE');
      assert.deepEqual((r.json.errors as Obj[]).map((e) => e.fieldId).sort(), ['email', 'identifier', 'name']);
      const mismatch = await call(emu, 'POST', `/ng/api/serviceaccount?${q(emu)}`, {
        key: emu.adminKey,
        body: { identifier: 'c13', name: 'c13', email: 'c13@service.harness.io', accountIdentifier: 'other' },
      });
      assert.deepEqual(
        [mismatch.status, mismatch.json.code, mismatch.json.message],
        [400, 'INVALID_REQUEST', `Invalid request: Value mismatch, previous: ${emu.accountId} current: other`],
      );
      // A body scope that is absent never mismatches: the account-level call without orgIdentifier is created at the org the query names.
      const orgLevel = await call(emu, 'POST', `/ng/api/serviceaccount?${q(emu)}&orgIdentifier=default`, {
        key: emu.adminKey,
        body: {
          identifier: 'c13_org',
          name: 'c13',
          email: 'c13org@service.harness.io',
          accountIdentifier: emu.accountId,
        },
      });
      assert.equal(orgLevel.status, 200, orgLevel.text);
    },
  },
  {
    id: 'C14',
    behaviour:
      'a duplicate service account identifier is 400 DUPLICATE_FIELD "…is already present or was deleted in scope"',
    source: 'HC SASvc:116-121; HC2 ServiceAccountServiceImpl.createServiceAccount',
    check: async ({ emu }) => {
      await newSa(emu, 'c14_sa');
      const r = await newSa(emu, 'c14_sa');
      assert.equal(r.json.code, 'DUPLICATE_FIELD');
      assert.match(
        String(r.json.message),
        /A service account with identifier c14_sa is already present or was deleted in scope/,
      );
    },
  },
  {
    id: 'C15',
    behaviour: 'aggregate list: PageResponse fields, pageSize at most 100, role assignment metadata fields',
    source:
      'HC 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/resource/ServiceAccountResource.java:188-258; 970-ng-commons/src/main/java/io/harness/ng/beans/PageRequest.java; 123-ng-core-user …/dto/RoleAssignmentMetadataDTO.java:24-31',
    check: async ({ emu }) => {
      const page = await call(emu, 'GET', `/ng/api/serviceaccount/aggregate?${q(emu)}&searchTerm=scim_sa`, {
        key: emu.adminKey,
      });
      for (const f of ['totalPages', 'totalItems', 'pageItemCount', 'pageSize', 'content', 'pageIndex'])
        assert.ok(f in data(page), f);
      const meta = ((data(page).content as Obj[])[0]?.roleAssignmentsMetadataDTO as Obj[])[0];
      for (const f of [
        'identifier',
        'roleIdentifier',
        'roleName',
        'resourceGroupIdentifier',
        'resourceGroupName',
        'managedRole',
        'managedRoleAssignment',
      ])
        assert.ok(meta && f in meta, f);
      assert.equal(
        (await call(emu, 'GET', `/ng/api/serviceaccount/aggregate?${q(emu)}&pageSize=101`, { key: emu.adminKey }))
          .status,
        400,
      );
    },
  },
  // ----- roles, resource groups, assignments -----
  {
    id: 'C16',
    behaviour:
      'the five SCIM permissions exist and are usable at account scope (a custom role with exactly them is accepted)',
    source:
      'HC access-control/service/src/main/resources/io/harness/accesscontrol/permissions/permissions.yml:341-372,421-428',
    check: async ({ emu }) => {
      const r = await call(emu, 'POST', `/authz/api/roles?${q(emu)}`, {
        key: emu.adminKey,
        body: { identifier: 'c16_role', name: 'c16', permissions: FIVE, allowedScopeLevels: ['account'] },
      });
      assert.equal(r.status, 200);
      assert.deepEqual(((data(r).role as Obj).permissions as string[]).sort(), [...FIVE].sort());
    },
  },
  {
    id: 'C17',
    behaviour: 'the managed account resource groups include all resources (account only, and including child scopes)',
    source:
      'HC platform-service/modules/resource-group-service/src/main/resources/io/harness/resourcegroup/managed-resourcegroups.yml:5-45',
    check: async ({ emu }) => {
      const a = data(
        await call(emu, 'GET', `/resourcegroup/api/v2/resourcegroup/_all_account_level_resources?${q(emu)}`, {
          key: emu.adminKey,
        }),
      );
      const b = data(
        await call(emu, 'GET', `/resourcegroup/api/v2/resourcegroup/_all_resources_including_child_scopes?${q(emu)}`, {
          key: emu.adminKey,
        }),
      );
      assert.deepEqual(
        [a.harnessManaged, ((a.resourceGroup as Obj).resourceFilter as Obj).includeAllResources],
        [true, true],
      );
      assert.equal(((a.resourceGroup as Obj).includedScopes as Obj[])[0]?.filter, 'EXCLUDING_CHILD_SCOPES');
      assert.equal(((b.resourceGroup as Obj).includedScopes as Obj[])[0]?.filter, 'INCLUDING_CHILD_SCOPES');
    },
  },
  {
    id: 'C18',
    behaviour:
      'managed roles: _account_admin holds all five; _account_viewer only the two views; both readable by GET /roles/{id}',
    source:
      'HC access-control/service/src/main/resources/io/harness/accesscontrol/roles/managed-roles.yml:485-530,737-752; …/roles/persistence/RoleDaoImpl.java:94-113',
    check: async ({ emu }) => {
      const perms = async (id: string): Promise<string[]> =>
        (data(await call(emu, 'GET', `/authz/api/roles/${id}?${q(emu)}`, { key: emu.adminKey })).role as Obj)
          .permissions as string[];
      const admin = await perms('_account_admin');
      const viewer = await perms('_account_viewer');
      for (const p of FIVE) assert.ok(admin.includes(p), p);
      assert.deepEqual(
        FIVE.filter((p) => viewer.includes(p)),
        ['core_user_view', 'core_usergroup_view'],
      );
    },
  },
  {
    id: 'C19',
    behaviour:
      'create role answers RoleResponseDTO {role, scope, harnessManaged:false, createdAt, lastModifiedAt}; unknown permissions refused',
    source:
      'HC access-control/service/src/main/java/io/harness/accesscontrol/roles/api/RoleResourceImpl.java:152-171; access-control/libs/core/src/main/java/io/harness/accesscontrol/roles/RoleServiceImpl.java:98-108,288-326; …/roles/persistence/RoleDaoImpl.java:69-70; response_messages.properties:34',
    check: async ({ emu }) => {
      const r = await call(emu, 'POST', `/authz/api/roles?${q(emu)}`, {
        key: emu.adminKey,
        body: { identifier: 'c19_role', name: 'c19', permissions: ['core_user_view'], allowedScopeLevels: ['account'] },
      });
      for (const f of ['role', 'scope', 'harnessManaged', 'createdAt', 'lastModifiedAt']) assert.ok(f in data(r), f);
      assert.equal(data(r).harnessManaged, false);
      const bad = await call(emu, 'POST', `/authz/api/roles?${q(emu)}`, {
        key: emu.adminKey,
        body: { identifier: 'c19_bad', name: 'bad', permissions: ['core_user_fly'] },
      });
      assert.deepEqual([bad.status, bad.json.code], [400, 'INVALID_ARGUMENT']);
      assert.match(
        String(bad.json.message),
        /^Invalid argument\(s\): Some of the specified permissions in the role are invalid/,
      );
      const again = await call(emu, 'POST', `/authz/api/roles?${q(emu)}`, {
        key: emu.adminKey,
        body: { identifier: 'c19_role', name: 'c19', permissions: ['core_user_view'], allowedScopeLevels: ['account'] },
      });
      assert.deepEqual(
        [again.json.code, again.json.message],
        [
          'DUPLICATE_FIELD',
          `A role with identifier c19_role in this scope /ACCOUNT/${emu.accountId} is already present`,
        ],
      );
    },
  },
  {
    id: 'C20',
    behaviour: 'create role assignment for a SERVICE_ACCOUNT principal; needs core_serviceaccount_edit',
    source:
      'HC RARes:433-448; access-control/service/src/main/java/io/harness/accesscontrol/roleassignments/api/RoleAssignmentApiUtils.java:279-285; access-control/libs/core/…/roleassignments/RoleAssignmentServiceImpl.java:65-78; …/validator/RoleAssignmentValidatorImpl.java:103-123; access-control/service/…/principals/serviceaccounts/ServiceAccountValidator.java:43-58',
    check: async ({ emu }) => {
      await newSa(emu, 'c20_sa');
      const { key } = emu.addApiKey({ kind: 'sat', principal: 'c20_caller', permissions: ['core_account_view'] });
      const denied = await assign(emu, assignment('c20_sa', '_account_viewer'), key);
      assert.equal(denied.status, 403);
      assert.equal((denied.json.failedPermissionChecks as Obj[])[0]?.permission, 'core_serviceaccount_edit');
      const ok = await assign(emu, assignment('c20_sa', '_account_viewer'));
      assert.equal(((data(ok).roleAssignment as Obj).principal as Obj).type, 'SERVICE_ACCOUNT');
      // The principal is validated before the role: a missing service account is named even with a missing role.
      const ghost = await assign(emu, assignment('c20_ghost', 'c20_no_role'));
      assert.deepEqual(
        [ghost.status, ghost.json.code, ghost.json.message],
        [
          400,
          'INVALID_REQUEST',
          `Invalid request: Service Account not found with the given identifier c20_ghost in account /ACCOUNT/${emu.accountId}`,
        ],
      );
      const noRole = await assign(emu, assignment('c20_sa', 'c20_no_role'));
      assert.equal(noRole.json.message, `Invalid request: Did not find role in /ACCOUNT/${emu.accountId}`);
    },
  },
  {
    id: 'C21',
    behaviour:
      'POST roleassignments/filter pages RoleAssignmentResponseDTO (with disabled); a caller who may view no principal type gets 400 USER_NOT_AUTHORIZED',
    source:
      'HC RARes:174-185,685-749; access-control …/roleassignments/api/RoleAssignmentFilterDTO.java:28-36; 980-commons/src/main/resources/response_messages.properties:172; 980-commons/src/main/java/io/harness/exception/ExceptionLogger.java:67-70',
    check: async ({ emu }) => {
      const r = await call(emu, 'POST', `/authz/api/roleassignments/filter?${q(emu)}`, {
        key: emu.adminKey,
        body: { principalFilter: [{ identifier: 'scim_sa', type: 'SERVICE_ACCOUNT' }] },
      });
      const first = (data(r).content as Obj[])[0]?.roleAssignment as Obj;
      assert.equal(first.disabled, false);
      const { key } = emu.addApiKey({ kind: 'sat', principal: 'c21_blind', permissions: ['core_account_view'] });
      const blind = await call(emu, 'POST', `/authz/api/roleassignments/filter?${q(emu)}`, { key, body: {} });
      assert.equal(blind.status, 400);
      assert.equal(blind.json.code, 'USER_NOT_AUTHORIZED');
      // The template text (response_messages.properties:172), not the exception's "Current principal is not authorized…".
      assert.equal(blind.json.message, 'User not authorized');
    },
  },
  {
    id: 'C22',
    behaviour:
      'a service account holds a permission only through its own enabled assignments whose resource group covers the resource',
    source:
      'HC access-control/libs/aggregator/src/main/java/io/harness/aggregator/consumers/ACLGeneratorServiceImpl.java:144-179',
    check: async ({ emu }) => {
      const { key } = emu.addApiKey({ kind: 'sat', principal: 'c22_sa', permissions: [] });
      const read = (): Promise<CallResult> => call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=SCIM`, { key });
      assert.equal((await read()).status, 403);
      await assign(emu, assignment('c22_sa', '_account_viewer', '_all_account_level_resources', true));
      assert.equal((await read()).status, 403, 'disabled: nothing granted');
      await assign(emu, assignment('c22_sa', '_account_viewer', '_all_resources_including_child_scopes'));
      assert.equal((await read()).status, 200);
    },
  },
  // ----- token/validate -----
  {
    id: 'C23',
    behaviour: 'POST /ng/api/token/validate takes text/plain and checks no permission',
    source: 'HC 120-ng-manager/src/main/java/io/harness/ng/core/remote/TokenResource.java:80,271-288',
    check: async ({ emu }) => {
      const { key } = emu.addApiKey({ kind: 'sat', principal: 'c23_nobody', permissions: [] });
      assert.equal((await validate(emu, key, key)).status, 200);
    },
  },
  {
    id: 'C24',
    behaviour: '"who am I": an API key validates to its TokenDTO (valid true while unexpired, encodedPassword null)',
    source:
      'HC 120-ng-manager/src/main/java/io/harness/ng/core/api/impl/TokenServiceImpl.java:388-400; 120-ng-manager/…/mapper/TokenDTOMapper.java:80',
    check: async ({ emu }) => {
      const { key, tokenId } = emu.addApiKey({ kind: 'sat', principal: 'c24_sa' });
      const d = data(await validate(emu, key));
      assert.deepEqual(
        [d.identifier, d.valid, d.encodedPassword, d.parentIdentifier, d.apiKeyType],
        [tokenId, true, null, 'c24_sa', 'SERVICE_ACCOUNT'],
      );
    },
  },
  {
    id: 'C25',
    behaviour:
      'flag off: a JWT is parsed as an API key → 400 INVALID_REQUEST "Invalid API token <payload>: Token not found"',
    source:
      'HC TokenServiceImpl.java:390-396; TokHelper:80-91,121; 980-commons/src/main/resources/response_messages.properties:47',
    check: async ({ emu, jwt }) => {
      emu.setFeatureFlag(false);
      try {
        const token = jwt();
        const r = await validate(emu, token);
        assert.equal(r.status, 400);
        assert.equal(
          r.json.message,
          `Invalid request: Invalid API token ${token.split('.')[1] ?? ''}: Token not found`,
        );
      } finally {
        emu.setFeatureFlag(true);
      }
    },
  },
  {
    id: 'C26',
    behaviour:
      'JWT refusals: expired 401 EXPIRED_TOKEN; claim mismatch 400 INVALID_INPUT_SET; service account missing 400 INVALID_ARGUMENT',
    source:
      'HC JWTUtils:174-230,316-351; SASvc:244-254; 980-commons/src/main/java/io/harness/eraro/ErrorCode.java:84,92',
    check: async ({ emu, jwt }) => {
      const expired = await validate(emu, jwt({ exp: nowSeconds() - 3600 }));
      assert.deepEqual(
        [expired.status, expired.json.code, expired.json.message],
        [401, 'EXPIRED_TOKEN', 'Token expired.'],
      );
      const mismatch = await validate(emu, jwt({ client_id: 'someone-else' }));
      assert.deepEqual([mismatch.status, mismatch.json.code], [400, 'INVALID_INPUT_SET']);
      await put(emu, [item('scim_jwt_token_service_account_id', 'c26_ghost')]);
      emu.advanceSettingsCache();
      try {
        const ghost = await validate(emu, jwt());
        assert.deepEqual(
          [ghost.status, ghost.json.code, ghost.json.message],
          [
            400,
            'INVALID_ARGUMENT',
            `Invalid argument(s): Service account 'c26_ghost' doesn't exist in account '${emu.accountId}'`,
          ],
        );
      } finally {
        await put(emu, [item('scim_jwt_token_service_account_id', 'scim_sa')]);
        emu.advanceSettingsCache();
      }
    },
  },
  {
    id: 'C27',
    behaviour:
      'on a service account id change Harness drops the key-set cache, not the service account entry: the next call fetches the JWKS again',
    source: 'HC JWTUtils:138-157; 120-ng-manager/src/main/java/io/harness/ng/NextGenModule.java:631,641,651',
    check: async ({ emu, jwt }) => {
      emu.addApiKey({ kind: 'sat', principal: 'c27_other', permissions: FIVE });
      assert.equal((await validate(emu, jwt())).status, 200);
      const before = emu.jwksFetchCount();
      await put(emu, [item('scim_jwt_token_service_account_id', 'c27_other')]);
      emu.advanceSettingsCache();
      try {
        const r = await validate(emu, jwt());
        assert.equal(data(r).parentIdentifier, 'c27_other');
        assert.equal(emu.jwksFetchCount(), before, 'the key set was read before the service account');
        assert.equal((await validate(emu, jwt())).status, 200);
        assert.equal(emu.jwksFetchCount(), before + 1);
      } finally {
        await put(emu, [item('scim_jwt_token_service_account_id', 'scim_sa')]);
        emu.advanceSettingsCache();
      }
    },
  },
  // ----- authentication of NG calls -----
  {
    id: 'C28',
    behaviour: 'x-api-key authenticates ng and authz calls alike',
    source:
      'HC NGFilter:54,74-75,117-120; access-control/service/src/main/java/io/harness/accesscontrol/AccessControlApplication.java:384',
    check: async ({ emu }) => {
      assert.equal((await call(emu, 'GET', `/authz/api/roles?${q(emu)}`, { key: emu.adminKey })).status, 200);
      assert.equal((await call(emu, 'GET', `/authz/api/roles?${q(emu)}`, {})).status, 401);
    },
  },
  {
    id: 'C29',
    behaviour: 'key format pat|sat.<account>.<tokenId>.<secret>: another account in the key is refused',
    source: 'HC TokHelper:30-44,68-91,97-122',
    check: async ({ emu }) => {
      const other = emu.adminKey.replace(`.${emu.accountId}.`, '.someOtherAccount.');
      assert.equal((await call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=SCIM`, { key: other })).status, 401);
      const d = data(await validate(emu, emu.adminKey));
      assert.equal(d.apiKeyType, 'USER');
    },
  },
  {
    id: 'C30',
    behaviour: 'the account is read from the Harness-Account header first, then the query',
    source: 'HC NGFilter:135-151; 970-ng-commons/src/main/java/io/harness/constants/NGCommonEntityConstants.java:24-26',
    check: async ({ emu }) => {
      const res = await fetch(`${emu.baseUrl}/ng/api/settings?${q(emu)}&category=SCIM`, {
        headers: { 'x-api-key': emu.adminKey, 'Harness-Account': 'someOtherAccount' },
      });
      assert.equal(res.status, 401);
    },
  },
  {
    id: 'C31',
    behaviour:
      'any key failure at the filter, a missing x-api-key included, is 401 INVALID_TOKEN "Token is not valid."',
    source:
      'HC NGFilter:84-107,166-169; 980-commons/src/main/java/io/harness/security/JWTAuthenticationFilter.java:88-105',
    check: async ({ emu }) => {
      for (const key of [undefined, 'garbage', `${emu.adminKey}x`]) {
        const r = await call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=SCIM`, key === undefined ? {} : { key });
        assert.deepEqual([r.status, r.json.code, r.json.message], [401, 'INVALID_TOKEN', 'Token is not valid.']);
      }
    },
  },
  {
    id: 'C32',
    behaviour: 'bodies: ResponseDTO {status,data,metaData,correlationId}; ErrorDTO; FailureDTO with errors',
    source:
      'HC 970-ng-commons/src/main/java/io/harness/ng/core/dto/ResponseDTO.java:29-33, ErrorDTO.java:34-41, FailureDTO.java',
    check: async ({ emu }) => {
      const ok = await scimSettings(emu);
      assert.deepEqual(Object.keys(ok.json).sort(), ['correlationId', 'data', 'metaData', 'status']);
      const err = await call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=SCIM`, {});
      for (const f of ['status', 'code', 'message', 'correlationId', 'detailedMessage', 'responseMessages', 'metadata'])
        assert.ok(f in err.json, f);
      const fail = await call(emu, 'GET', `/ng/api/settings?${q(emu)}`, { key: emu.adminKey });
      assert.equal(fail.json.status, 'FAILURE');
      assert.ok(Array.isArray(fail.json.errors));
    },
  },
  {
    id: 'C33',
    behaviour: 'the /gateway prefix serves the same ng and authz API',
    source:
      'Harness docs (developer-hub default-settings-for-jwt-token.md) and the generated SDK base path …/gateway/authz/api (no server source decides the gateway)',
    check: async ({ emu }) => {
      const a = await call(emu, 'GET', `/gateway/authz/api/roles/_account_viewer?${q(emu)}`, { key: emu.adminKey });
      const b = await call(emu, 'GET', `/authz/api/roles/_account_viewer?${q(emu)}`, { key: emu.adminKey });
      assert.deepEqual(a.json.data, b.json.data);
    },
  },
  // ----- refuted rows: the emulator follows the source -----
  {
    id: 'R1',
    behaviour: 'a JWT Harness accepts: HTTP 200 and valid: false (the JWT TokenDTO never sets the primitive)',
    source:
      'HC JWTUtils:376-388; 970-ng-commons/src/main/java/io/harness/ng/core/dto/TokenDTO.java:40; HC2 JWTTokenFlowAuthFilterUtils.getTokenDtoFromServiceAccountDto',
    check: async ({ emu, jwt }) => {
      const r = await validate(emu, jwt());
      assert.equal(r.status, 200);
      assert.deepEqual(
        [data(r).valid, data(r).identifier, data(r).parentIdentifier],
        [false, 'JWT_SCIM_DUMMY_ID_scim_sa', 'scim_sa'],
      );
    },
  },
  {
    id: 'R2',
    behaviour:
      'GET serviceaccount/aggregate/{id} for a missing id: 400 INVALID_ARGUMENT "Service account [x] doesn\'t exist in scope"',
    source:
      'HC SASvc:449-451; 980-commons/src/main/resources/response_messages.properties:34; HC2 ServiceAccountServiceImpl.getServiceAccountAggregateDTO',
    check: async ({ emu }) => {
      const r = await call(emu, 'GET', `/ng/api/serviceaccount/aggregate/r2_ghost?${q(emu)}`, { key: emu.adminKey });
      assert.deepEqual(
        [r.status, r.json.code, r.json.message],
        [400, 'INVALID_ARGUMENT', "Invalid argument(s): Service account [r2_ghost] doesn't exist in scope"],
      );
    },
  },
  {
    id: 'R3',
    behaviour: 'GET /authz/api/roles/{id} for a missing role: 400 FailureDTO RESOURCE_NOT_FOUND_EXCEPTION',
    source:
      'HC access-control/service/src/main/java/io/harness/accesscontrol/roles/api/RoleResourceImpl.java:129-133; 960-ng-core-beans/src/main/java/io/harness/ng/core/exceptionmappers/NotFoundExceptionMapper.java:23-26',
    check: async ({ emu }) => {
      const r = await call(emu, 'GET', `/authz/api/roles/r3_none?${q(emu)}`, { key: emu.adminKey });
      assert.deepEqual(
        [r.status, r.json.status, r.json.code, r.json.message],
        [
          400,
          'FAILURE',
          'RESOURCE_NOT_FOUND_EXCEPTION',
          'Role with identifier [r3_none] is not found in the given scope',
        ],
      );
    },
  },
  {
    id: 'R4',
    behaviour:
      'a second identical role assignment: 500 UNKNOWN_ERROR (DuplicateKeyException no longer mapped), since 2023-12-19',
    source:
      'HC access-control/libs/core/src/main/java/io/harness/accesscontrol/roleassignments/persistence/RoleAssignmentDaoImpl.java:53-57; RoleAssignmentDBO.java:139-147; GenericExceptionMapperV2.java:40-51',
    check: async ({ emu }) => {
      await newSa(emu, 'r4_sa');
      assert.equal((await assign(emu, assignment('r4_sa', '_account_viewer'))).status, 200);
      const dup = await assign(emu, assignment('r4_sa', '_account_viewer'));
      assert.deepEqual([dup.status, dup.json.code], [500, 'UNKNOWN_ERROR']);
    },
  },
  {
    id: 'R5',
    behaviour:
      'custom roles are Enterprise-only: elsewhere 400 INVALID_REQUEST "[CUSTOM_ROLES] Feature is not enabled…"',
    source:
      'HC RoleResourceImpl.java:153; 925-enforcement-service/src/main/resources/features/platform_features.yml:273-288; 925-enforcement-service/src/main/java/io/harness/enforcement/handlers/impl/AvailabilityRestrictionHandler.java:36-38',
    check: async ({ emu }) => {
      emu.setProfile({ plan: 'TEAM' });
      try {
        const r = await call(emu, 'POST', `/authz/api/roles?${q(emu)}`, {
          key: emu.adminKey,
          body: { identifier: 'r5_role', name: 'r5', permissions: FIVE, allowedScopeLevels: ['account'] },
        });
        assert.deepEqual([r.status, r.json.code], [400, 'INVALID_REQUEST']);
        assert.match(String(r.json.message), /\[CUSTOM_ROLES\] Feature is not enabled/);
      } finally {
        emu.setProfile({ plan: 'ENTERPRISE' });
      }
    },
  },
  {
    id: 'R6',
    behaviour:
      'the aggregate lists disabled assignments without a disabled field; the filter API carries it; disabled grants nothing',
    source:
      'HC RARes:396-431; 123-ng-core-user …/dto/RoleAssignmentMetadataDTO.java:24-31; ACLGeneratorServiceImpl.java:156-161,177-179',
    check: async ({ emu }) => {
      await newSa(emu, 'r6_sa');
      await assign(emu, assignment('r6_sa', '_account_viewer', '_all_account_level_resources', true));
      const meta = data(
        await call(emu, 'GET', `/ng/api/serviceaccount/aggregate/r6_sa?${q(emu)}`, { key: emu.adminKey }),
      ).roleAssignmentsMetadataDTO as Obj[];
      assert.equal(meta.length, 1);
      assert.ok(!('disabled' in (meta[0] ?? {})));
      const f = await call(emu, 'POST', `/authz/api/roleassignments/filter?${q(emu)}`, {
        key: emu.adminKey,
        body: { principalFilter: [{ identifier: 'r6_sa', type: 'SERVICE_ACCOUNT' }] },
      });
      assert.equal(((data(f).content as Obj[])[0]?.roleAssignment as Obj).disabled, true);
    },
  },
  {
    id: 'R7',
    behaviour: 'a custom resource group covering account-level USER and USERGROUP grants; resource groups are readable',
    source:
      'HC ACLGeneratorServiceImpl.java:144-175; platform-service/modules/resource-group-service/contracts/src/main/java/io/harness/resourcegroup/v2/remote/resource/HarnessResourceGroupResource.java:71,99',
    check: async ({ emu }) => {
      const rg = await call(emu, 'POST', `/resourcegroup/api/v2/resourcegroup?${q(emu)}`, {
        key: emu.adminKey,
        body: {
          resourceGroup: {
            identifier: 'r7_users',
            name: 'Users',
            includedScopes: [{ filter: 'EXCLUDING_CHILD_SCOPES', accountIdentifier: emu.accountId }],
            resourceFilter: { includeAllResources: false, resources: [{ resourceType: 'ACCOUNT' }] },
          },
        },
      });
      assert.equal(rg.status, 200);
      const read = await call(emu, 'GET', `/resourcegroup/api/v2/resourcegroup/r7_users?${q(emu)}`, {
        key: emu.adminKey,
      });
      assert.equal(((read.json.data as Obj).resourceGroup as Obj).identifier, 'r7_users');
      const { key } = emu.addApiKey({ kind: 'sat', principal: 'r7_sa', permissions: [] });
      await assign(emu, assignment('r7_sa', '_account_viewer', 'r7_users'));
      assert.equal(
        (await call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=SCIM`, { key })).status,
        200,
        'granted through the custom group',
      );
    },
  },
  {
    id: 'R8',
    behaviour:
      'flag on: an IdP JWT in x-api-key authenticates as the configured service account on any NG endpoint; flag off it is refused',
    source: 'HC NGFilter:74-100,153-158; TokenServiceImpl.java:388-392',
    check: async ({ emu, jwt }) => {
      const r = await call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=SCIM`, { key: jwt() });
      assert.equal(r.status, 403, 'authenticated as scim_sa, which lacks core_account_view');
      assert.match(String(r.json.message), /Principal of type SERVICE_ACCOUNT with identifier scim_sa/);
      emu.setFeatureFlag(false);
      try {
        assert.equal((await call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=SCIM`, { key: jwt() })).status, 401);
      } finally {
        emu.setFeatureFlag(true);
      }
    },
  },
  {
    id: 'R9',
    behaviour:
      'empty setting values are not "not populated": an empty key field is a claim mismatch, an empty JWKS URL a 500',
    source: 'HC JWTUtils:297-311,223-229,318-325; 980-commons/src/main/java/io/harness/network/Http.java:695-699',
    check: async ({ bare, jwks, jwt }) => {
      await configureScimJwt(bare, {
        keyField: '',
        value: 'harness-scim',
        jwksUrl: jwks.url,
        serviceAccount: 'scim_sa',
      });
      bare.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: FIVE });
      const r = await validate(bare, jwt());
      assert.deepEqual([r.status, r.json.code], [400, 'INVALID_INPUT_SET']);
      await configureScimJwt(bare, {
        keyField: 'client_id',
        value: 'harness-scim',
        jwksUrl: '',
        serviceAccount: 'scim_sa',
      });
      assert.equal((await validate(bare, jwt())).status, 500);
      await put(
        bare,
        [
          'scim_jwt_token_key_field',
          'scim_jwt_token_value_field',
          'scim_jwt_token_jwks_keys_url',
          'scim_jwt_token_service_account_id',
        ].map((id) => item(id, null, 'RESTORE')),
      );
      bare.advanceSettingsCache();
    },
  },
  {
    id: 'R10',
    behaviour:
      'a SCIM setting at org scope fails on the override check first: "Setting- x cannot be overridden at the current scope"',
    source: 'HC SetSvc:147,165-198',
    check: async ({ emu }) => {
      const [r] = items(await put(emu, [item('scim_jwt_token_key_field', 'x')], '&orgIdentifier=default'));
      assert.equal(r?.errorMessage, 'Setting- scim_jwt_token_key_field cannot be overridden at the current scope');
    },
  },
  {
    id: 'R11',
    behaviour: 'GET /ng/api/settings/{id} for an unknown id: 404 ENTITY_NOT_FOUND',
    source: 'HC SetSvc:200-205,415-426; 980-commons/src/main/java/io/harness/eraro/ErrorCode.java:627',
    check: async ({ emu }) => {
      const r = await call(emu, 'GET', `/ng/api/settings/r11_nope?${q(emu)}`, { key: emu.adminKey });
      assert.deepEqual([r.status, r.json.code], [404, 'ENTITY_NOT_FOUND']);
    },
  },
  {
    id: 'R12',
    behaviour:
      'DELETE /ng/api/serviceaccount/{id} for an unknown id: 400 "Service account with identifier: x doesn\'t exist"',
    source: 'HC SASvc:182-184',
    check: async ({ emu }) => {
      const r = await call(emu, 'DELETE', `/ng/api/serviceaccount/r12_ghost?${q(emu)}`, { key: emu.adminKey });
      assert.deepEqual(
        [r.status, r.json.code, r.json.message],
        [400, 'INVALID_REQUEST', "Invalid request: Service account with identifier: r12_ghost doesn't exist"],
      );
    },
  },
  {
    id: 'R13',
    behaviour:
      'an expired API key at token/validate: 400 INVALID_REQUEST "Incoming API token <name> has expired <id>", not 401',
    source: 'HC TokHelper:30-36',
    check: async ({ emu }) => {
      const { key, tokenId } = emu.addApiKey({ kind: 'sat', principal: 'r13_sa', validTo: Date.now() - 1000 });
      const r = await validate(emu, key);
      assert.deepEqual([r.status, r.json.code], [400, 'INVALID_REQUEST']);
      assert.match(String(r.json.message), new RegExp(`has expired ${tokenId}$`));
    },
  },
  {
    id: 'R14',
    behaviour:
      '"header.payload." (2 parts after Java\'s split) is neither JWT nor key: 400 "Invalid API Token: Token length not matching for API token"',
    source: 'HC JWTUtils:113-117; TokHelper:97-122',
    check: async ({ emu }) => {
      const r = await validate(
        emu,
        `${Buffer.from('{"typ":"JWT","alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`,
      );
      assert.deepEqual(
        [r.status, r.json.message],
        [400, 'Invalid request: Invalid API Token: Token length not matching for API token'],
      );
    },
  },
  {
    id: 'R15',
    behaviour: 'identifier keywords (account, org, true…) are refused: "<id> is a keyword, so cannot be used"',
    source: 'HC 980-commons/src/main/java/io/harness/data/validator/EntityIdentifierValidator.java:33-37,79-84',
    check: async ({ emu }) => {
      const r = await newSa(emu, 'account');
      assert.deepEqual(r.json.errors, [{ fieldId: 'identifier', error: 'account is a keyword, so cannot be used' }]);
    },
  },
  {
    id: 'R16',
    behaviour:
      '2025 copy: a service account refused by an OPA policy is a 200 with an empty DTO and only governanceMetadata (2023: created)',
    source:
      'HC2 ServiceAccountServiceImpl.createServiceAccount (evaluateTokenForOPAPolicies; `return opaValidationResponse;` when the status is error)',
    check: async ({ emu }) => {
      emu.setServiceAccountPolicy('service accounts need an owner tag');
      try {
        assert.equal(data(await newSa(emu, 'r16_2023')).identifier, 'r16_2023', 'HC (2023) has no OPA step');
        emu.setProfile({ source: '2025' });
        const r = await newSa(emu, 'r16_2025');
        assert.equal(r.status, 200);
        assert.equal(data(r).identifier, null);
        assert.deepEqual(
          [(data(r).governanceMetadata as Obj).status, (data(r).governanceMetadata as Obj).message],
          ['error', 'service accounts need an owner tag'],
        );
        assert.ok(!emu.snapshot().serviceAccounts.some((a) => a.identifier === 'r16_2025'));
      } finally {
        emu.setServiceAccountPolicy(undefined);
        emu.setProfile({ source: '2023' });
      }
    },
  },
  {
    id: 'R17',
    behaviour:
      'settings catalogue as settings.yml: no enable_aida; aida ACCOUNT+PROJECT overridable; plan defaults for pipeline settings',
    source:
      'HC 120-ng-manager/modules/ng-settings/src/main/resources/io/harness/ngsettings/settings.yml:87-106,148-165,520-528',
    check: async ({ emu }) => {
      const core = items(await call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=CORE`, { key: emu.adminKey })).map(
        (d) => (d.setting as Obj).identifier,
      );
      assert.ok(!core.includes('enable_aida'));
      const aida = items(await call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=EULA`, { key: emu.adminKey }))[0]
        ?.setting as Obj;
      assert.deepEqual([aida.allowedScopes, aida.allowOverrides], [['ACCOUNT', 'PROJECT'], true]);
      const pms = (plan: string): Promise<Obj[]> => {
        emu.setProfile({ plan: plan as 'FREE' });
        return call(emu, 'GET', `/ng/api/settings?${q(emu)}&category=PMS`, { key: emu.adminKey }).then((r) =>
          items(r).map((d) => d.setting as Obj),
        );
      };
      try {
        const free = await pms('FREE');
        assert.equal(free.find((s) => s.identifier === 'concurrent_active_pipeline_executions')?.value, '2');
        const timeout = free.find((s) => s.identifier === 'pipeline_timeout');
        assert.deepEqual(
          [timeout?.name, timeout?.groupIdentifier, timeout?.value],
          ['Max Pipeline Timeout', 'pms_execution_settings', '4h'],
        );
        assert.equal(
          (await pms('ENTERPRISE')).find((s) => s.identifier === 'concurrent_active_pipeline_executions')?.value,
          '500',
        );
      } finally {
        emu.setProfile({ plan: 'ENTERPRISE' });
      }
    },
  },
  {
    id: 'R18',
    behaviour: "no correlation header on answers; the request's X-requestId becomes the body's correlationId",
    source:
      'HC 970-ng-commons/src/main/java/io/harness/ng/core/CorrelationFilter.java:28-43; CorrelationContext.java:25',
    check: async ({ emu }) => {
      const res = await fetch(`${emu.baseUrl}/ng/api/settings?${q(emu)}&category=SCIM`, {
        headers: { 'x-api-key': emu.adminKey, 'X-requestId': 'r18-id' },
      });
      assert.equal(res.headers.get('x-correlation-id'), null);
      assert.equal(((await res.json()) as Obj).correlationId, 'r18-id');
    },
  },
];

/** Rows the emulator does not reproduce, with the reason; none at present (the product's side of each is tested elsewhere too). */
export const PRODUCT_ONLY: readonly { id: string; reason: string }[] = [];

suite('conformance: NG API rows against the emulator (harness-core 1dcec145)', () => {
  const world = {} as World;
  suiteSetup(async () => {
    world.key = rsaKey('conf-1');
    world.jwks = await startJwksHost();
    world.jwks.serveKeys(world.key);
    world.jwt = (extra: Obj = {}) =>
      signJwt(world.key, {
        iss: 'https://idp.example',
        sub: 'svc',
        client_id: 'harness-scim',
        exp: nowSeconds() + 600,
        ...extra,
      });
    world.emu = await startEmulator({ settingsCacheMs: 0, featureFlagOn: true });
    world.emu.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: FIVE });
    await configureScimJwt(world.emu, {
      keyField: 'client_id',
      value: 'harness-scim',
      jwksUrl: world.jwks.url,
      serviceAccount: 'scim_sa',
    });
    world.bare = await startEmulator({ settingsCacheMs: 0, featureFlagOn: true });
  });
  suiteTeardown(async () => {
    await world.emu.close();
    await world.bare.close();
    await world.jwks.close();
  });

  test('the table covers every NG audit row once: C1–C33 and R1–R18 (product-only rows listed with a reason)', () => {
    const ids = [...ROWS.map((r) => r.id), ...PRODUCT_ONLY.map((r) => r.id)];
    assert.equal(new Set(ids).size, ids.length, 'each row once');
    const expected = [
      ...Array.from({ length: 33 }, (_, i) => `C${i + 1}`),
      ...Array.from({ length: 18 }, (_, i) => `R${i + 1}`),
    ];
    assert.deepEqual([...ids].sort(), [...expected].sort());
    for (const r of ROWS) assert.match(r.source, /^HC2? |Harness docs/, `${r.id} names its source`);
  });

  for (const row of ROWS) {
    test(`${row.id}: ${row.behaviour} [${row.source}]`, async () => {
      await row.check(world);
    });
  }
});
