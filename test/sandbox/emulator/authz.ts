/**
 * The access-control service under `/authz/api` (docs/harness-contract.md, "Access control API"): roles (managed and custom)
 * and role assignments. Only account scope holds roles and assignments in the emulator.
 */
import { authenticateNg, type Principal } from './auth';
import { KNOWN_PERMISSIONS, MANAGED_RESOURCE_GROUPS, MANAGED_ROLES } from './catalog';
import type { EmulatorCore } from './core';
import {
  errorDto, failureDto, isRecord, jsonBody, pageParams, pageResponse, requiredQuery, responseDto,
  type FieldError, type Reply, type RequestContext, type Route,
} from './http';
import { randomText, type PrincipalType, type RoleAssignmentRecord } from './model';
import { ACCOUNT_SCOPE, hasPermission, requirePermission, scopeOf } from './rbac';

const IDENTIFIER = /^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$/;

function scopeDto(core: EmulatorCore): Record<string, unknown> {
  return { accountIdentifier: core.state.accountId, orgIdentifier: null, projectIdentifier: null };
}

interface RoleView {
  role: Record<string, unknown>;
  harnessManaged: boolean;
  createdAt: number | null;
  lastModifiedAt: number | null;
}

function allRoles(core: EmulatorCore): RoleView[] {
  const managed = MANAGED_ROLES.map((r) => ({
    role: { identifier: r.identifier, name: r.name, permissions: r.permissions, allowedScopeLevels: r.allowedScopeLevels, description: r.description, tags: {} },
    harnessManaged: true,
    createdAt: null,
    lastModifiedAt: null,
  }));
  const custom = core.state.roles.map((r) => ({
    role: { identifier: r.identifier, name: r.name, permissions: r.permissions, allowedScopeLevels: r.allowedScopeLevels, description: r.description, tags: r.tags },
    harnessManaged: false,
    createdAt: r.createdAt,
    lastModifiedAt: r.lastModifiedAt,
  }));
  return [...managed, ...custom];
}

function listRoles(core: EmulatorCore, ctx: RequestContext): Reply {
  const principal = authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  requirePermission(core, ctx, principal, 'core_role_view', scopeOf(ctx));
  const { pageIndex, pageSize } = pageParams(ctx, 20);
  const term = (ctx.query.get('searchTerm') ?? '').toLowerCase();
  const roles = allRoles(core)
    .filter((r) => term === '' || String(r.role.identifier).toLowerCase().includes(term) || String(r.role.name).toLowerCase().includes(term))
    .map((r) => ({ ...r, scope: r.harnessManaged ? null : scopeDto(core), roleAssignedPrincipals: [] }));
  return responseDto(ctx, pageResponse(roles, pageIndex, pageSize));
}

function getRole(core: EmulatorCore, ctx: RequestContext): Reply {
  const principal = authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const identifier = ctx.params[0] ?? '';
  requirePermission(core, ctx, principal, 'core_role_view', scopeOf(ctx), identifier);
  const found = allRoles(core).find((r) => r.role.identifier === identifier);
  if (!found) throw errorDto(ctx, 'RESOURCE_NOT_FOUND', `Role not found with the given identifier ${identifier}`);
  return responseDto(ctx, { ...found, scope: found.harnessManaged ? null : scopeDto(core) });
}

function createRole(core: EmulatorCore, ctx: RequestContext): Reply {
  const principal = authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const body = jsonBody(ctx);
  if (!isRecord(body)) throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: the body must be a RoleDTO object');
  const errors: FieldError[] = [];
  if (typeof body.identifier !== 'string' || !IDENTIFIER.test(body.identifier)) errors.push({ fieldId: 'identifier', error: 'must be a valid identifier' });
  if (typeof body.name !== 'string' || body.name.trim() === '') errors.push({ fieldId: 'name', error: 'cannot be empty' });
  const permissions = Array.isArray(body.permissions) ? body.permissions.filter((p): p is string => typeof p === 'string') : [];
  if (errors.length > 0) throw failureDto(ctx, errors);
  requirePermission(core, ctx, principal, 'core_role_edit', scopeOf(ctx));
  const identifier = body.identifier as string;
  if (identifier.startsWith('_')) throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: Identifiers starting with _ are reserved for Harness managed roles');
  if (allRoles(core).some((r) => r.role.identifier === identifier)) {
    throw errorDto(ctx, 'DUPLICATE_FIELD', `A role with identifier ${identifier} is already present in the scope`);
  }
  const unknown = permissions.filter((p) => !KNOWN_PERMISSIONS.includes(p));
  if (unknown.length > 0) throw errorDto(ctx, 'INVALID_REQUEST', `Invalid request: Permissions [${unknown.join(', ')}] are not valid`);
  const now = core.now();
  const levels = Array.isArray(body.allowedScopeLevels) ? body.allowedScopeLevels.filter((l): l is string => typeof l === 'string') : ['account'];
  const tags = isRecord(body.tags) ? Object.fromEntries(Object.entries(body.tags).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  core.state.roles.push({
    identifier, name: body.name as string, permissions, allowedScopeLevels: levels,
    description: typeof body.description === 'string' ? body.description : null, tags, createdAt: now, lastModifiedAt: now,
  });
  core.persist();
  const created = allRoles(core).find((r) => r.role.identifier === identifier);
  return responseDto(ctx, { ...created, scope: scopeDto(core) });
}

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['USER', 'USER_GROUP', 'SERVICE_ACCOUNT'];
const VIEW_PERMISSION: Record<PrincipalType, string> = { USER: 'core_user_view', USER_GROUP: 'core_usergroup_view', SERVICE_ACCOUNT: 'core_serviceaccount_view' };
const MANAGE_PERMISSION: Record<PrincipalType, string> = { USER: 'core_user_manage', USER_GROUP: 'core_usergroup_manage', SERVICE_ACCOUNT: 'core_serviceaccount_edit' };

function assignmentDto(core: EmulatorCore, a: RoleAssignmentRecord): Record<string, unknown> {
  return {
    roleAssignment: {
      identifier: a.identifier, resourceGroupIdentifier: a.resourceGroupIdentifier, roleIdentifier: a.roleIdentifier,
      principal: a.principal, disabled: a.disabled, managed: a.managed, internal: false,
    },
    scope: scopeDto(core),
    createdAt: a.createdAt,
    lastModifiedAt: a.lastModifiedAt,
    harnessManaged: a.managed,
  };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** Assignments whose principal type the caller may view, narrowed by a RoleAssignmentFilterDTO. */
function filtered(core: EmulatorCore, principal: Principal, filter: Record<string, unknown>): RoleAssignmentRecord[] {
  const viewable = PRINCIPAL_TYPES.filter((t) => hasPermission(core, principal, VIEW_PERMISSION[t], ACCOUNT_SCOPE));
  const roles = stringList(filter.roleFilter);
  const groups = stringList(filter.resourceGroupFilter);
  const types = stringList(filter.principalTypeFilter);
  const principals = Array.isArray(filter.principalFilter) ? filter.principalFilter.filter(isRecord) : undefined;
  const disabled = Array.isArray(filter.disabledFilter) ? filter.disabledFilter : undefined;
  const managed = Array.isArray(filter.harnessManagedFilter) ? filter.harnessManagedFilter : undefined;
  return core.state.roleAssignments.filter(
    (a) =>
      viewable.includes(a.principal.type) &&
      (roles === undefined || roles.length === 0 || roles.includes(a.roleIdentifier)) &&
      (groups === undefined || groups.length === 0 || groups.includes(a.resourceGroupIdentifier)) &&
      (types === undefined || types.length === 0 || types.includes(a.principal.type)) &&
      (principals === undefined || principals.length === 0 || principals.some((p) => p.identifier === a.principal.identifier && (p.type === undefined || p.type === a.principal.type))) &&
      (disabled === undefined || disabled.length === 0 || disabled.includes(a.disabled)) &&
      (managed === undefined || managed.length === 0 || managed.includes(a.managed)),
  );
}

function listAssignments(core: EmulatorCore, ctx: RequestContext, filter: Record<string, unknown>): Reply {
  const principal = authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const { pageIndex, pageSize } = pageParams(ctx, 20);
  return responseDto(ctx, pageResponse(filtered(core, principal, filter).map((a) => assignmentDto(core, a)), pageIndex, pageSize));
}

function principalExists(core: EmulatorCore, type: PrincipalType, identifier: string): boolean {
  switch (type) {
    case 'USER':
      return core.state.users.some((u) => u.id === identifier);
    case 'USER_GROUP':
      return core.state.userGroups.some((g) => g.id === identifier);
    case 'SERVICE_ACCOUNT':
      return core.state.serviceAccounts.some((s) => s.identifier === identifier && s.orgIdentifier === null);
  }
}

function createAssignment(core: EmulatorCore, ctx: RequestContext): Reply {
  const caller = authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const body = jsonBody(ctx);
  if (!isRecord(body)) throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: the body must be a RoleAssignmentDTO object');
  const p = isRecord(body.principal) ? body.principal : {};
  const errors: FieldError[] = [];
  if (typeof body.roleIdentifier !== 'string' || body.roleIdentifier === '') errors.push({ fieldId: 'roleIdentifier', error: 'must not be empty' });
  if (typeof body.resourceGroupIdentifier !== 'string' || body.resourceGroupIdentifier === '') errors.push({ fieldId: 'resourceGroupIdentifier', error: 'must not be empty' });
  if (typeof p.identifier !== 'string' || p.identifier === '') errors.push({ fieldId: 'principal.identifier', error: 'must not be empty' });
  const type = PRINCIPAL_TYPES.find((t) => t === p.type);
  if (!type) errors.push({ fieldId: 'principal.type', error: 'must be one of USER, USER_GROUP, SERVICE_ACCOUNT' });
  if (errors.length > 0 || !type) throw failureDto(ctx, errors);
  const roleIdentifier = body.roleIdentifier as string;
  const resourceGroupIdentifier = body.resourceGroupIdentifier as string;
  const principalId = p.identifier as string;
  requirePermission(core, ctx, caller, MANAGE_PERMISSION[type], ACCOUNT_SCOPE, principalId);
  if (!allRoles(core).some((r) => r.role.identifier === roleIdentifier)) throw errorDto(ctx, 'INVALID_REQUEST', `Invalid request: Role ${roleIdentifier} does not exist in the scope`);
  if (!MANAGED_RESOURCE_GROUPS.some((g) => g.identifier === resourceGroupIdentifier)) {
    throw errorDto(ctx, 'INVALID_REQUEST', `Invalid request: Resource group ${resourceGroupIdentifier} does not exist in the scope`);
  }
  if (!principalExists(core, type, principalId)) throw errorDto(ctx, 'INVALID_REQUEST', `Invalid request: Principal ${type} ${principalId} does not exist in the scope`);
  const duplicate = core.state.roleAssignments.some(
    (a) => a.roleIdentifier === roleIdentifier && a.resourceGroupIdentifier === resourceGroupIdentifier && a.principal.type === type && a.principal.identifier === principalId,
  );
  if (duplicate) throw errorDto(ctx, 'DUPLICATE_FIELD', 'A role assignment with the same principal, role and resource group already exists in the scope');
  const now = core.now();
  const record: RoleAssignmentRecord = {
    identifier: typeof body.identifier === 'string' && body.identifier !== '' ? body.identifier : `role_assignment_${randomText(20)}`,
    roleIdentifier, resourceGroupIdentifier,
    principal: { identifier: principalId, type, scopeLevel: typeof p.scopeLevel === 'string' ? p.scopeLevel : 'account' },
    disabled: body.disabled === true, managed: false, createdAt: now, lastModifiedAt: now,
  };
  core.state.roleAssignments.push(record);
  core.persist();
  return responseDto(ctx, assignmentDto(core, record));
}

export function authzRoutes(core: EmulatorCore): Route[] {
  return [
    { method: 'GET', pattern: /^\/authz\/api\/roles$/, handle: (ctx) => listRoles(core, ctx) },
    { method: 'POST', pattern: /^\/authz\/api\/roles$/, handle: (ctx) => createRole(core, ctx) },
    { method: 'GET', pattern: /^\/authz\/api\/roles\/([^/]+)$/, handle: (ctx) => getRole(core, ctx) },
    { method: 'GET', pattern: /^\/authz\/api\/roleassignments$/, handle: (ctx) => listAssignments(core, ctx, {}) },
    {
      method: 'POST',
      pattern: /^\/authz\/api\/roleassignments\/filter$/,
      handle: (ctx) => {
        const body = ctx.body.trim() === '' ? {} : jsonBody(ctx);
        return listAssignments(core, ctx, isRecord(body) ? body : {});
      },
    },
    { method: 'POST', pattern: /^\/authz\/api\/roleassignments$/, handle: (ctx) => createAssignment(core, ctx) },
  ];
}
