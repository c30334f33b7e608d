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
  return { orgIdentifier: org === null || org === '' ? null : org, projectIdentifier: project === null || project === '' ? null : project };
}

export function rolePermissions(core: EmulatorCore, roleIdentifier: string): string[] | undefined {
  const managed = MANAGED_ROLES.find((r) => r.identifier === roleIdentifier);
  if (managed) return managed.permissions;
  return core.state.roles.find((r) => r.identifier === roleIdentifier)?.permissions;
}

function assignmentsOf(core: EmulatorCore, principal: Principal): RoleAssignmentRecord[] {
  const groupIds = principal.type === 'USER' ? core.state.userGroups.filter((g) => g.memberIds.includes(principal.identifier)).map((g) => g.id) : [];
  return core.state.roleAssignments.filter(
    (a) =>
      !a.disabled &&
      ((a.principal.type === principal.type && a.principal.identifier === principal.identifier) ||
        (a.principal.type === 'USER_GROUP' && groupIds.includes(a.principal.identifier))),
  );
}

export function hasPermission(core: EmulatorCore, principal: Principal, permission: string, scope: Scope): boolean {
  const atAccountLevel = scope.orgIdentifier === null && scope.projectIdentifier === null;
  return assignmentsOf(core, principal).some((a) => {
    const group = MANAGED_RESOURCE_GROUPS.find((g) => g.identifier === a.resourceGroupIdentifier);
    if (!group || (!atAccountLevel && !group.includeChildScopes)) return false;
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
    resourceScope: { accountIdentifier: core.state.accountId, orgIdentifier: scope.orgIdentifier, projectIdentifier: scope.projectIdentifier },
    resourceType,
    resourceAttributes: null,
    resourceIdentifier,
    permission,
  };
  const onWhat = resourceIdentifier === null ? resourceType.toLowerCase() : `${resourceType.toLowerCase()} with identifier ${resourceIdentifier}`;
  const message = `Principal of type ${principal.type} with identifier ${principal.identifier} : Missing permission ${permission} on ${onWhat}`;
  throw accessDenied(ctx, message, [check]);
}
