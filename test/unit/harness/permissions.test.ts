import * as assert from 'node:assert/strict';
import {
  resourceGroupCoverage,
  rolesCoveringScim,
  SCIM_PERMISSIONS,
  scimPermissionReport,
  type ResourceGroupResponse,
} from '../../../src/core/harness';

const provisioner = { identifier: 'scim_provisioner', permissions: [...SCIM_PERMISSIONS, 'core_account_view'] };
const viewer = {
  identifier: 'user_viewer',
  permissions: ['core_user_view', 'core_usergroup_view', 'core_account_view'],
};

suite('harness permissions', () => {
  test('a role with all five on the account-level resource group holds them all', () => {
    const r = scimPermissionReport({
      assignments: [{ roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: '_all_account_level_resources' }],
      roles: [provisioner],
    });
    assert.equal(r.allHeld, true);
    assert.deepEqual(r.missing, []);
    assert.deepEqual(r.grantedBy.core_user_invite, [
      { roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: '_all_account_level_resources' },
    ]);
  });

  test('a view-only role leaves manage and invite missing', () => {
    const r = scimPermissionReport({
      assignments: [
        { roleIdentifier: 'user_viewer', resourceGroupIdentifier: '_all_resources_including_child_scopes' },
      ],
      roles: [viewer],
    });
    assert.equal(r.allHeld, false);
    assert.deepEqual(r.held, ['core_user_view', 'core_usergroup_view']);
    assert.deepEqual(r.missing, ['core_user_manage', 'core_user_invite', 'core_usergroup_manage']);
  });

  test('permissions add up across assignments; disabled assignments do not count', () => {
    const manage = {
      identifier: 'manage',
      permissions: ['core_user_manage', 'core_user_invite', 'core_usergroup_manage'],
    };
    const r = scimPermissionReport({
      assignments: [
        { roleIdentifier: 'user_viewer', resourceGroupIdentifier: '_all_account_level_resources' },
        { roleIdentifier: 'manage', resourceGroupIdentifier: '_all_account_level_resources', disabled: true },
      ],
      roles: [viewer, manage],
    });
    assert.deepEqual(r.missing, ['core_user_manage', 'core_user_invite', 'core_usergroup_manage']);
    const both = scimPermissionReport({
      assignments: [
        { roleIdentifier: 'user_viewer', resourceGroupIdentifier: '_all_account_level_resources' },
        { roleIdentifier: 'manage', resourceGroupIdentifier: '_all_account_level_resources', disabled: false },
      ],
      roles: [viewer, manage],
    });
    assert.equal(both.allHeld, true);
  });

  test('a custom resource group is uncertain unless the caller says it covers users', () => {
    const input = {
      assignments: [{ roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: 'my_rg' }],
      roles: [provisioner],
    };
    const unknown = scimPermissionReport(input);
    assert.equal(unknown.allHeld, false);
    assert.deepEqual(unknown.uncertain, [
      { roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: 'my_rg', permissions: [...SCIM_PERMISSIONS] },
    ]);
    assert.equal(scimPermissionReport({ ...input, resourceGroupCoverage: { my_rg: true } }).allHeld, true);
    assert.equal(scimPermissionReport({ ...input, resourceGroupCoverage: { my_rg: false } }).uncertain.length, 0);
    // Project/org-level groups never grant account-level user management.
    assert.equal(
      scimPermissionReport({
        ...input,
        assignments: [{ roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: '_all_project_level_resources' }],
      }).allHeld,
      false,
    );
  });

  test('managed _account_admin is known without fetching; unknown roles are reported', () => {
    const r = scimPermissionReport({
      assignments: [
        { roleIdentifier: '_account_admin', resourceGroupIdentifier: '_all_account_level_resources' },
        { roleIdentifier: 'mystery', resourceGroupIdentifier: '_all_account_level_resources' },
      ],
      roles: [],
    });
    assert.equal(r.allHeld, true);
    assert.deepEqual(r.unknownRoles, ['mystery']);
  });

  test('a fetched role list overrides the built-in knowledge of a managed role', () => {
    const r = scimPermissionReport({
      assignments: [{ roleIdentifier: '_account_admin', resourceGroupIdentifier: '_all_account_level_resources' }],
      roles: [{ identifier: '_account_admin', permissions: ['core_user_view'] }],
    });
    assert.deepEqual(r.held, ['core_user_view']);
  });

  const group = (
    includedScopes: ResourceGroupResponse['resourceGroup']['includedScopes'],
    resourceFilter: ResourceGroupResponse['resourceGroup']['resourceFilter'],
  ): ResourceGroupResponse => ({ resourceGroup: { identifier: 'g', includedScopes, resourceFilter } });
  const accountScope = [{ filter: 'EXCLUDING_CHILD_SCOPES', accountIdentifier: 'acc' }];

  test('resource group coverage is decided as the ACL generator does: account selector, all of a type, no named identifiers', () => {
    assert.deepEqual(resourceGroupCoverage(group(accountScope, { includeAllResources: true, resources: [] })), {
      USER: true,
      USERGROUP: true,
    });
    assert.deepEqual(
      resourceGroupCoverage(group(accountScope, { includeAllResources: false, resources: [{ resourceType: 'USER' }] })),
      { USER: true, USERGROUP: false },
    );
    assert.deepEqual(
      resourceGroupCoverage(
        group(accountScope, {
          resources: [
            { resourceType: 'USER', identifiers: ['u1'] },
            { resourceType: 'USERGROUP', identifiers: [] },
          ],
        }),
      ),
      { USER: false, USERGROUP: true },
    );
    assert.deepEqual(
      resourceGroupCoverage(
        group([{ filter: 'INCLUDING_CHILD_SCOPES', accountIdentifier: 'acc', orgIdentifier: 'default' }], {
          includeAllResources: true,
        }),
      ),
      { USER: false, USERGROUP: false },
    );
  });

  test('a covering custom group grants per resource type; the report lists what it grants beyond the five', () => {
    const r = scimPermissionReport({
      assignments: [{ roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: 'users_only' }],
      roles: [provisioner],
      resourceGroupCoverage: { users_only: { USER: true, USERGROUP: false } },
    });
    assert.deepEqual(r.missing, ['core_usergroup_view', 'core_usergroup_manage']);
    assert.deepEqual(r.uncertain, []);
    assert.deepEqual(r.extra, [
      { roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: 'users_only', permissions: ['core_account_view'] },
    ]);
  });

  test('a disabled assignment is reported as such and grants nothing, extras included', () => {
    const r = scimPermissionReport({
      assignments: [
        { roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: '_all_account_level_resources', disabled: true },
      ],
      roles: [provisioner],
    });
    assert.equal(r.allHeld, false);
    assert.deepEqual(r.disabled, [
      { roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: '_all_account_level_resources' },
    ]);
    assert.deepEqual(r.extra, []);
  });

  test('roles offered instead of a custom role: only those holding all five at account scope, fewest extras first', () => {
    const offers = rolesCoveringScim([
      {
        role: {
          identifier: '_account_admin',
          name: 'Account Admin',
          permissions: [...SCIM_PERMISSIONS, 'core_secret_view', 'core_role_edit'],
          allowedScopeLevels: ['account'],
        },
        harnessManaged: true,
      },
      {
        role: {
          identifier: 'near',
          name: 'Near',
          permissions: [...SCIM_PERMISSIONS, 'core_account_view'],
          allowedScopeLevels: ['account'],
        },
      },
      {
        role: {
          identifier: 'viewer',
          name: 'Viewer',
          permissions: ['core_user_view'],
          allowedScopeLevels: ['account'],
        },
      },
      {
        role: {
          identifier: 'org_only',
          name: 'Org',
          permissions: [...SCIM_PERMISSIONS],
          allowedScopeLevels: ['organization'],
        },
      },
    ]);
    assert.deepEqual(
      offers.map((o) => [o.identifier, o.extra]),
      [
        ['near', ['core_account_view']],
        ['_account_admin', ['core_role_edit', 'core_secret_view']],
      ],
    );
  });
});
