/**
 * Does a service account hold what Harness's SCIM endpoints check (docs/harness-contract.md, "The five SCIM permissions"; "SCIM base URL and resources")?
 * Pure: the caller fetches the account's role assignments and the roles; this decides. A
 * permission counts only when granted by an enabled assignment whose resource group covers
 * account-level users and user groups.
 */
import type { RoleAssignmentDTO, RoleAssignmentMetadataDTO, RoleDTO } from './types';

export const SCIM_PERMISSIONS = [
  'core_user_view',
  'core_user_manage',
  'core_user_invite',
  'core_usergroup_view',
  'core_usergroup_manage',
] as const;
export type ScimPermission = (typeof SCIM_PERMISSIONS)[number];

/** Harness-managed resource groups that include account-level USER and USERGROUP resources. */
export const ACCOUNT_WIDE_RESOURCE_GROUPS: readonly string[] = ['_all_account_level_resources', '_all_resources_including_child_scopes'];

/** Managed roles whose permissions are known (managed-roles.yml), used when the caller has not fetched them. */
export const KNOWN_MANAGED_ROLES: Readonly<Record<string, readonly ScimPermission[]>> = {
  _account_admin: SCIM_PERMISSIONS,
  _account_viewer: ['core_user_view', 'core_usergroup_view'],
};

/** An assignment as either the aggregate's metadata or a full role assignment carries it. */
export type AssignmentLike =
  | Pick<RoleAssignmentMetadataDTO, 'roleIdentifier' | 'resourceGroupIdentifier'>
  | Pick<RoleAssignmentDTO, 'roleIdentifier' | 'resourceGroupIdentifier' | 'disabled'>;

export interface Grant {
  roleIdentifier: string;
  resourceGroupIdentifier: string;
}

export interface ScimPermissionReport {
  allHeld: boolean;
  held: ScimPermission[];
  missing: ScimPermission[];
  /** For each held permission, the assignments that grant it. */
  grantedBy: Partial<Record<ScimPermission, Grant[]>>;
  /** Roles assigned whose permission list was neither given nor known: the answer may be incomplete. */
  unknownRoles: string[];
  /**
   * Assignments that would grant SCIM permissions but through a custom resource group whose
   * coverage is unknown. Their permissions are counted as missing; fetch the resource group to decide.
   */
  uncertain: (Grant & { permissions: ScimPermission[] })[];
}

export interface ScimPermissionInput {
  assignments: readonly AssignmentLike[];
  /** Roles with their permission lists (from `getRole` / `allRoles`). */
  roles: readonly Pick<RoleDTO, 'identifier' | 'permissions'>[];
  /**
   * What the caller knows about custom resource groups: id → covers account-level USER and
   * USERGROUP. The two managed account-wide groups are always known to cover them.
   */
  resourceGroupCoverage?: Readonly<Record<string, boolean>>;
}

const isScimPermission = (p: string): p is ScimPermission => (SCIM_PERMISSIONS as readonly string[]).includes(p);

export function scimPermissionReport(input: ScimPermissionInput): ScimPermissionReport {
  const roleMap = new Map<string, readonly string[]>(Object.entries(KNOWN_MANAGED_ROLES));
  for (const r of input.roles) roleMap.set(r.identifier, r.permissions);
  const grantedBy: Partial<Record<ScimPermission, Grant[]>> = {};
  const unknownRoles = new Set<string>();
  const uncertain: ScimPermissionReport['uncertain'] = [];

  for (const a of input.assignments) {
    if ('disabled' in a && a.disabled === true) continue;
    const permissions = roleMap.get(a.roleIdentifier);
    if (!permissions) {
      unknownRoles.add(a.roleIdentifier);
      continue;
    }
    const scimOnes = permissions.filter(isScimPermission);
    if (scimOnes.length === 0) continue;
    const grant: Grant = { roleIdentifier: a.roleIdentifier, resourceGroupIdentifier: a.resourceGroupIdentifier };
    const covers = ACCOUNT_WIDE_RESOURCE_GROUPS.includes(a.resourceGroupIdentifier) || input.resourceGroupCoverage?.[a.resourceGroupIdentifier];
    if (covers === undefined) {
      uncertain.push({ ...grant, permissions: scimOnes });
      continue;
    }
    if (!covers) continue;
    for (const p of scimOnes) (grantedBy[p] ??= []).push(grant);
  }

  const held = SCIM_PERMISSIONS.filter((p) => grantedBy[p] !== undefined);
  const missing = SCIM_PERMISSIONS.filter((p) => grantedBy[p] === undefined);
  return { allHeld: missing.length === 0, held, missing, grantedBy, unknownRoles: [...unknownRoles], uncertain };
}
