/**
 * Does a service account hold what Harness's SCIM endpoints check (docs/harness-contract.md, "The five SCIM permissions"; "SCIM base URL and resources")?
 * Pure: the caller fetches the account's role assignments and the roles; this decides. A
 * permission counts only when granted by an enabled assignment whose resource group covers
 * account-level users and user groups.
 */
import { countWord } from '../countWords';
import type { ResourceGroupResponse, RoleAssignmentDTO, RoleAssignmentMetadataDTO, RoleDTO } from './types';

export const SCIM_PERMISSIONS = [
  'core_user_view',
  'core_user_manage',
  'core_user_invite',
  'core_usergroup_view',
  'core_usergroup_manage',
] as const;
export type ScimPermission = (typeof SCIM_PERMISSIONS)[number];

/** How many SCIM permissions there are, in words ("five"), and the phrase texts use for them. */
export const SCIM_PERMISSION_COUNT_WORD = countWord(SCIM_PERMISSIONS.length);
export const THE_SCIM_PERMISSIONS = `the ${SCIM_PERMISSION_COUNT_WORD} SCIM permissions`;

/** Harness-managed resource groups that include account-level USER and USERGROUP resources. */
export const ACCOUNT_WIDE_RESOURCE_GROUPS: readonly string[] = [
  '_all_account_level_resources',
  '_all_resources_including_child_scopes',
];

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

/** Which of the two resource types the SCIM permissions are checked on a resource group covers at account level. */
export interface ResourceTypeCoverage {
  USER: boolean;
  USERGROUP: boolean;
}

/** The resource type Harness checks a SCIM permission on (SCIM resources check `Resource.of(USER|USERGROUP, null)`). */
export function scimResourceType(permission: ScimPermission): keyof ResourceTypeCoverage {
  return permission.startsWith('core_usergroup_') ? 'USERGROUP' : 'USER';
}

/**
 * Does a resource group cover every account-level user and user group? As Harness's ACL generator
 * decides (HC access-control/libs/aggregator/src/main/java/io/harness/aggregator/consumers/ACLGeneratorServiceImpl.java:144-175):
 * a scope selector for the account itself (org and project empty, either child-scope filter), and
 * either all resources or the type listed without named identifiers or attribute filters.
 */
export function resourceGroupCoverage(group: ResourceGroupResponse): ResourceTypeCoverage {
  const rg = group.resourceGroup;
  const accountLevel = (rg.includedScopes ?? []).some((s) => !s.orgIdentifier && !s.projectIdentifier);
  const filter = rg.resourceFilter;
  const covers = (type: string): boolean =>
    accountLevel &&
    (filter?.includeAllResources === true ||
      (filter?.resources ?? []).some(
        (r) => r.resourceType === type && (r.identifiers ?? []).length === 0 && r.attributeFilter == null,
      ));
  return { USER: covers('USER'), USERGROUP: covers('USERGROUP') };
}

/** Permissions beyond the five that one enabled assignment gives the service account. */
export interface ExtraGrant extends Grant {
  permissions: string[];
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
  /** Disabled assignments: Harness grants nothing through them (ACLs made from them are not enabled). */
  disabled: Grant[];
  /**
   * What the account can do besides SCIM, per enabled assignment. The IdP's JWT authenticates as this
   * account on any NG endpoint once the flag is on, so these are what the IdP's token can do too.
   */
  extra: ExtraGrant[];
}

export interface ScimPermissionInput {
  assignments: readonly AssignmentLike[];
  /** Roles with their permission lists (from `getRole` / `allRoles`). */
  roles: readonly Pick<RoleDTO, 'identifier' | 'permissions'>[];
  /**
   * What the caller knows about custom resource groups: id → covers account-level USER and
   * USERGROUP. The two managed account-wide groups are always known to cover them.
   */
  resourceGroupCoverage?: Readonly<Record<string, boolean | ResourceTypeCoverage>>;
}

const isScimPermission = (p: string): p is ScimPermission => (SCIM_PERMISSIONS as readonly string[]).includes(p);

export function scimPermissionReport(input: ScimPermissionInput): ScimPermissionReport {
  const roleMap = new Map<string, readonly string[]>(Object.entries(KNOWN_MANAGED_ROLES));
  for (const r of input.roles) roleMap.set(r.identifier, r.permissions);
  const grantedBy: Partial<Record<ScimPermission, Grant[]>> = {};
  const unknownRoles = new Set<string>();
  const uncertain: ScimPermissionReport['uncertain'] = [];
  const disabled: Grant[] = [];
  const extra: ExtraGrant[] = [];

  for (const a of input.assignments) {
    const grant: Grant = { roleIdentifier: a.roleIdentifier, resourceGroupIdentifier: a.resourceGroupIdentifier };
    if ('disabled' in a && a.disabled === true) {
      disabled.push(grant);
      continue;
    }
    const permissions = roleMap.get(a.roleIdentifier);
    if (!permissions) {
      unknownRoles.add(a.roleIdentifier);
      continue;
    }
    const others = [...new Set(permissions.filter((p) => !isScimPermission(p)))].sort();
    if (others.length > 0) extra.push({ ...grant, permissions: others });
    const scimOnes = permissions.filter(isScimPermission);
    if (scimOnes.length === 0) continue;
    const known = ACCOUNT_WIDE_RESOURCE_GROUPS.includes(a.resourceGroupIdentifier)
      ? true
      : input.resourceGroupCoverage?.[a.resourceGroupIdentifier];
    if (known === undefined) {
      uncertain.push({ ...grant, permissions: scimOnes });
      continue;
    }
    for (const p of scimOnes) {
      const covers = typeof known === 'boolean' ? known : known[scimResourceType(p)];
      if (covers) (grantedBy[p] ??= []).push(grant);
    }
  }

  const held = SCIM_PERMISSIONS.filter((p) => grantedBy[p] !== undefined);
  const missing = SCIM_PERMISSIONS.filter((p) => grantedBy[p] === undefined);
  return {
    allHeld: missing.length === 0,
    held,
    missing,
    grantedBy,
    unknownRoles: [...unknownRoles],
    uncertain,
    disabled,
    extra,
  };
}

/** An existing role that could stand in for a custom SCIM role, and what more it grants. */
export interface RoleOffer {
  identifier: string;
  name: string;
  harnessManaged: boolean;
  /** Permissions beyond the five, sorted; empty for a role that holds exactly the five. */
  extra: string[];
}

/**
 * Roles that hold all five SCIM permissions and may be assigned at account scope, fewest extra
 * permissions first: what to offer where custom roles cannot be made (non-Enterprise plans).
 */
export function rolesCoveringScim(
  roles: readonly {
    role: Pick<RoleDTO, 'identifier' | 'name' | 'permissions' | 'allowedScopeLevels'>;
    harnessManaged?: boolean | undefined;
  }[],
): RoleOffer[] {
  return roles
    .filter((r) => SCIM_PERMISSIONS.every((p) => r.role.permissions.includes(p)))
    .filter(
      (r) =>
        r.role.allowedScopeLevels === undefined ||
        r.role.allowedScopeLevels.length === 0 ||
        r.role.allowedScopeLevels.includes('account'),
    )
    .map((r) => ({
      identifier: r.role.identifier,
      name: r.role.name,
      harnessManaged: r.harnessManaged === true,
      extra: [...new Set(r.role.permissions.filter((p) => !isScimPermission(p)))].sort(),
    }))
    .sort((a, b) => a.extra.length - b.extra.length || a.identifier.localeCompare(b.identifier));
}
