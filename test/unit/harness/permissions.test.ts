import * as assert from 'node:assert/strict';
import { SCIM_PERMISSIONS, scimPermissionReport } from '../../../src/core/harness';

const provisioner = { identifier: 'scim_provisioner', permissions: [...SCIM_PERMISSIONS, 'core_account_view'] };
const viewer = { identifier: 'user_viewer', permissions: ['core_user_view', 'core_usergroup_view', 'core_account_view'] };

suite('harness permissions', () => {
  test('a role with all five on the account-level resource group holds them all', () => {
    const r = scimPermissionReport({
      assignments: [{ roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: '_all_account_level_resources' }],
      roles: [provisioner],
    });
    assert.equal(r.allHeld, true);
    assert.deepEqual(r.missing, []);
    assert.deepEqual(r.grantedBy.core_user_invite, [{ roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: '_all_account_level_resources' }]);
  });

  test('a view-only role leaves manage and invite missing', () => {
    const r = scimPermissionReport({
      assignments: [{ roleIdentifier: 'user_viewer', resourceGroupIdentifier: '_all_resources_including_child_scopes' }],
      roles: [viewer],
    });
    assert.equal(r.allHeld, false);
    assert.deepEqual(r.held, ['core_user_view', 'core_usergroup_view']);
    assert.deepEqual(r.missing, ['core_user_manage', 'core_user_invite', 'core_usergroup_manage']);
  });

  test('permissions add up across assignments; disabled assignments do not count', () => {
    const manage = { identifier: 'manage', permissions: ['core_user_manage', 'core_user_invite', 'core_usergroup_manage'] };
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
    const input = { assignments: [{ roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: 'my_rg' }], roles: [provisioner] };
    const unknown = scimPermissionReport(input);
    assert.equal(unknown.allHeld, false);
    assert.deepEqual(unknown.uncertain, [{ roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: 'my_rg', permissions: [...SCIM_PERMISSIONS] }]);
    assert.equal(scimPermissionReport({ ...input, resourceGroupCoverage: { my_rg: true } }).allHeld, true);
    assert.equal(scimPermissionReport({ ...input, resourceGroupCoverage: { my_rg: false } }).uncertain.length, 0);
    // Project/org-level groups never grant account-level user management.
    assert.equal(scimPermissionReport({ ...input, assignments: [{ roleIdentifier: 'scim_provisioner', resourceGroupIdentifier: '_all_project_level_resources' }] }).allHeld, false);
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
});
