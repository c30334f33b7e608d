/**
 * Access control as Harness evaluates it: a principal holds a permission at a scope when one of its
 * enabled role assignments (directly, or through a user group it belongs to) binds a role containing
 * the permission to a resource group covering that scope (docs/harness-contract.md, "Access control API"; "The five SCIM permissions").
 */
import type { Principal } from './auth';
import { MANAGED_RESOURCE_GROUPS, MANAGED_ROLES, resourceTypeOf } from './catalog';
import type { EmulatorCore } from './core';
import { accessDenied, type PermissionCheck, type RequestContext } from './http';
import type { RoleAssignmentRecord } from './model';

export interface Scope {
  orgIdentifier: string | null;
  projectIdentifier: string | null;
}

export const ACCOUNT_SCOPE: Scope = { orgIdentifier: null, projectIdentifier: null };

export function scopeOf(ctx: RequestContext): Scope {
  const org = ctx.query.get('orgIdentifier');
  const project = ctx.query.get('projectIdentifier');
  return {
    orgIdentifier: org === null || org === '' ? null : org,
    projectIdentifier: project === null || project === '' ? null : project,
  };
}

export function rolePermissions(core: EmulatorCore, roleIdentifier: string): string[] | undefined {
  const managed = MANAGED_ROLES.find((r) => r.identifier === roleIdentifier);
  if (managed) return managed.permissions;
  return core.state.roles.find((r) => r.identifier === roleIdentifier)?.permissions;
}

function assignmentsOf(core: EmulatorCore, principal: Principal): RoleAssignmentRecord[] {
  const groupIds =
    principal.type === 'USER'
      ? core.state.userGroups.filter((g) => g.memberIds.includes(principal.identifier)).map((g) => g.id)
      : [];
  return core.state.roleAssignments.filter(
    (a) =>
      !a.disabled &&
      ((a.principal.type === principal.type && a.principal.identifier === principal.identifier) ||
        (a.principal.type === 'USER_GROUP' && groupIds.includes(a.principal.identifier))),
  );
}

/** A custom resource group (ResourceGroupV2DTO's fields the emulator keeps). Custom groups live in memory only. */
export interface CustomResourceGroup {
  identifier: string;
  name: string;
  /** ScopeSelector: EXCLUDING_CHILD_SCOPES or INCLUDING_CHILD_SCOPES of the account (org/project null). */
  includedScopes: {
    filter: 'EXCLUDING_CHILD_SCOPES' | 'INCLUDING_CHILD_SCOPES';
    accountIdentifier: string;
    orgIdentifier: string | null;
    projectIdentifier: string | null;
  }[];
  resourceFilter: { includeAllResources: boolean; resources: { resourceType: string; identifiers: string[] | null }[] };
  createdAt: number;
  lastModifiedAt: number;
}

const customGroups = new WeakMap<EmulatorCore, CustomResourceGroup[]>();

export function customResourceGroups(core: EmulatorCore): CustomResourceGroup[] {
  let groups = customGroups.get(core);
  if (!groups) {
    groups = [];
    customGroups.set(core, groups);
  }
  return groups;
}

/**
 * Whether a resource group covers every resource of a type at the account itself or below it, as the ACL
 * generator decides (HC access-control/libs/aggregator/src/main/java/io/harness/aggregator/consumers/ACLGeneratorServiceImpl.java:144-175):
 * a selector of the account scope, and all resources or that type without named identifiers.
 */
function groupCovers(core: EmulatorCore, groupId: string, resourceType: string, atAccountLevel: boolean): boolean {
  const managed = MANAGED_RESOURCE_GROUPS.find((g) => g.identifier === groupId);
  if (managed) return atAccountLevel || managed.includeChildScopes;
  const custom = customResourceGroups(core).find((g) => g.identifier === groupId);
  if (!custom) return false;
  const scopeOk = custom.includedScopes.some(
    (s) =>
      s.orgIdentifier === null &&
      s.projectIdentifier === null &&
      (atAccountLevel || s.filter === 'INCLUDING_CHILD_SCOPES'),
  );
  const typeOk =
    custom.resourceFilter.includeAllResources ||
    custom.resourceFilter.resources.some(
      (r) => r.resourceType === resourceType && (r.identifiers === null || r.identifiers.length === 0),
    );
  return scopeOk && typeOk;
}

/** Enabled assignments only: an ACL made from a disabled one is not enabled (HC ACLGeneratorServiceImpl.java:156-161,177-179). */
export function hasPermission(core: EmulatorCore, principal: Principal, permission: string, scope: Scope): boolean {
  const atAccountLevel = scope.orgIdentifier === null && scope.projectIdentifier === null;
  const resourceType = resourceTypeOf(permission);
  return assignmentsOf(core, principal).some((a) => {
    if (!groupCovers(core, a.resourceGroupIdentifier, resourceType, atAccountLevel)) return false;
    return rolePermissions(core, a.roleIdentifier)?.includes(permission) ?? false;
  });
}

/** `@NGAccessControlCheck`: 403 AccessDeniedErrorDTO naming the missing permission (AbstractAccessControlClient). */
export function requirePermission(
  core: EmulatorCore,
  ctx: RequestContext,
  principal: Principal,
  permission: string,
  scope: Scope,
  resourceIdentifier: string | null = null,
): void {
  if (hasPermission(core, principal, permission, scope)) return;
  const resourceType = resourceTypeOf(permission);
  const check: PermissionCheck = {
    resourceScope: {
      accountIdentifier: core.state.accountId,
      orgIdentifier: scope.orgIdentifier,
      projectIdentifier: scope.projectIdentifier,
    },
    resourceType,
    resourceAttributes: null,
    resourceIdentifier,
    permission,
  };
  const onWhat =
    resourceIdentifier === null
      ? resourceType.toLowerCase()
      : `${resourceType.toLowerCase()} with identifier ${resourceIdentifier}`;
  const message = `Principal of type ${principal.type} with identifier ${principal.identifier} : Missing permission ${permission} on ${onWhat}`;
  throw accessDenied(ctx, message, [check]);
}
