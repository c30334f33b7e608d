/**
 * The access-control service under `/authz/api` (docs/harness-contract.md, "Access control API"): roles (managed and custom)
 * and role assignments. Only account scope holds roles and assignments in the emulator.
 */
import type { Principal } from './auth';
import { authenticateNg } from './tokenService';
import { KNOWN_PERMISSIONS, MANAGED_RESOURCE_GROUPS, MANAGED_ROLES } from './catalog';
import type { EmulatorCore } from './core';
import {
  errorBody,
  errorDto,
  failureDto,
  HttpFailure,
  isRecord,
  jsonBody,
  OOPS,
  pageParams,
  pageResponse,
  requiredQuery,
  responseDto,
  type FieldError,
  type Reply,
  type RequestContext,
  type Route,
} from './http';
import { randomText, type PrincipalType, type RoleAssignmentRecord } from './model';
import {
  ACCOUNT_SCOPE,
  customResourceGroups,
  hasPermission,
  requirePermission,
  scopeOf,
  type CustomResourceGroup,
} from './rbac';

const IDENTIFIER = /^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$/;

function scopeDto(core: EmulatorCore): Record<string, unknown> {
  return { accountIdentifier: core.state.accountId, orgIdentifier: null, projectIdentifier: null };
}

/** FailureDTO RESOURCE_NOT_FOUND_EXCEPTION at HTTP 400, `errors: null` (HC 970-ng-commons/src/main/java/io/harness/ng/core/dto/FailureDTO.java). */
export function resourceNotFound(ctx: RequestContext, message: string): HttpFailure {
  return new HttpFailure({
    status: 400,
    body: {
      status: 'FAILURE',
      code: 'RESOURCE_NOT_FOUND_EXCEPTION',
      message,
      correlationId: ctx.correlationId,
      errors: null,
    },
  });
}

/**
 * `@FeatureRestrictionCheck`: CUSTOM_ROLES and CUSTOM_RESOURCE_GROUPS are enabled on ENTERPRISE only
 * (HC 925-enforcement-service/src/main/resources/features/platform_features.yml:273-304); elsewhere a
 * FeatureNotSupportedException, INVALID_REQUEST at 400 (HC 925-enforcement-service/src/main/java/io/harness/enforcement/handlers/impl/AvailabilityRestrictionHandler.java:36-38).
 */
function requireFeature(
  core: EmulatorCore,
  ctx: RequestContext,
  feature: 'CUSTOM_ROLES' | 'CUSTOM_RESOURCE_GROUPS',
): void {
  if (core.profile.plan === 'ENTERPRISE') return;
  throw errorDto(
    ctx,
    'INVALID_REQUEST',
    `Invalid request: [${feature}] Feature is not enabled. Please contact Harness Support`,
  );
}

interface RoleView {
  role: Record<string, unknown>;
  harnessManaged: boolean;
  createdAt: number | null;
  lastModifiedAt: number | null;
}

function allRoles(core: EmulatorCore): RoleView[] {
  const managed = MANAGED_ROLES.map((r) => ({
    role: {
      identifier: r.identifier,
      name: r.name,
      permissions: r.permissions,
      allowedScopeLevels: r.allowedScopeLevels,
      description: r.description,
      tags: {},
    },
    harnessManaged: true,
    createdAt: null,
    lastModifiedAt: null,
  }));
  const custom = core.state.roles.map((r) => ({
    role: {
      identifier: r.identifier,
      name: r.name,
      permissions: r.permissions,
      allowedScopeLevels: r.allowedScopeLevels,
      description: r.description,
      tags: r.tags,
    },
    harnessManaged: false,
    createdAt: r.createdAt,
    lastModifiedAt: r.lastModifiedAt,
  }));
  return [...managed, ...custom];
}

async function listRoles(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  requirePermission(core, ctx, principal, 'core_role_view', scopeOf(ctx));
  const { pageIndex, pageSize } = pageParams(ctx, 20);
  const term = (ctx.query.get('searchTerm') ?? '').toLowerCase();
  const roles = allRoles(core)
    .filter(
      (r) =>
        term === '' ||
        String(r.role.identifier).toLowerCase().includes(term) ||
        String(r.role.name).toLowerCase().includes(term),
    )
    .map((r) => ({ ...r, scope: r.harnessManaged ? null : scopeDto(core), roleAssignedPrincipals: [] }));
  return responseDto(ctx, pageResponse(roles, pageIndex, pageSize));
}

async function getRole(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const identifier = ctx.params[0] ?? '';
  requirePermission(core, ctx, principal, 'core_role_view', scopeOf(ctx), identifier);
  const found = allRoles(core).find((r) => r.role.identifier === identifier);
  // javax.ws.rs.NotFoundException, mapped by NotFoundExceptionMapper to a 400 FailureDTO (HC
  // access-control/service/src/main/java/io/harness/accesscontrol/roles/api/RoleResourceImpl.java:129-133;
  // 960-ng-core-beans/src/main/java/io/harness/ng/core/exceptionmappers/NotFoundExceptionMapper.java:23-26).
  if (!found) throw resourceNotFound(ctx, `Role with identifier [${identifier}] is not found in the given scope`);
  return responseDto(ctx, { ...found, scope: found.harnessManaged ? null : scopeDto(core) });
}

async function createRole(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const body = jsonBody(ctx);
  if (!isRecord(body)) throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: the body must be a RoleDTO object');
  const errors: FieldError[] = [];
  if (typeof body.identifier !== 'string' || !IDENTIFIER.test(body.identifier))
    errors.push({ fieldId: 'identifier', error: 'must be a valid identifier' });
  if (typeof body.name !== 'string' || body.name.trim() === '')
    errors.push({ fieldId: 'name', error: 'cannot be empty' });
  const permissions = Array.isArray(body.permissions)
    ? body.permissions.filter((p): p is string => typeof p === 'string')
    : [];
  if (errors.length > 0) throw failureDto(ctx, errors);
  requireFeature(core, ctx, 'CUSTOM_ROLES');
  requirePermission(core, ctx, principal, 'core_role_edit', scopeOf(ctx));
  const identifier = body.identifier as string;
  if (identifier.startsWith('_'))
    throw errorDto(
      ctx,
      'INVALID_REQUEST',
      'Invalid request: Identifiers starting with _ are reserved for Harness managed roles',
    );
  // RoleServiceImpl.create validates the permissions before the DAO meets a duplicate identifier
  // (HC access-control/libs/core/src/main/java/io/harness/accesscontrol/roles/RoleServiceImpl.java:99-108, :288-310):
  // an unknown permission is InvalidArgumentsException, INVALID_ARGUMENT "Invalid argument(s): ${args}"
  // (HC 980-commons/src/main/resources/response_messages.properties:34).
  const unknown = permissions.filter((p) => !KNOWN_PERMISSIONS.includes(p));
  if (unknown.length > 0) {
    throw errorDto(
      ctx,
      'INVALID_ARGUMENT',
      'Invalid argument(s): Some of the specified permissions in the role are invalid or cannot be given at this scope. Please check the permissions again',
    );
  }
  // RoleDaoImpl.java:69-70 names the scope as Scope.toString() writes it, "/ACCOUNT/<account>"
  // (HC access-control/libs/core/src/main/java/io/harness/accesscontrol/scopes/core/Scope.java:31-37).
  if (allRoles(core).some((r) => r.role.identifier === identifier)) {
    throw errorDto(
      ctx,
      'DUPLICATE_FIELD',
      `A role with identifier ${identifier} in this scope /ACCOUNT/${core.state.accountId} is already present`,
    );
  }
  const now = core.now();
  const levels = Array.isArray(body.allowedScopeLevels)
    ? body.allowedScopeLevels.filter((l): l is string => typeof l === 'string')
    : ['account'];
  const tags = isRecord(body.tags)
    ? Object.fromEntries(Object.entries(body.tags).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};
  core.state.roles.push({
    identifier,
    name: body.name as string,
    permissions,
    allowedScopeLevels: levels,
    description: typeof body.description === 'string' ? body.description : null,
    tags,
    createdAt: now,
    lastModifiedAt: now,
  });
  core.persist();
  const created = allRoles(core).find((r) => r.role.identifier === identifier);
  return responseDto(ctx, { ...created, scope: scopeDto(core) });
}

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['USER', 'USER_GROUP', 'SERVICE_ACCOUNT'];
const VIEW_PERMISSION: Record<PrincipalType, string> = {
  USER: 'core_user_view',
  USER_GROUP: 'core_usergroup_view',
  SERVICE_ACCOUNT: 'core_serviceaccount_view',
};
const MANAGE_PERMISSION: Record<PrincipalType, string> = {
  USER: 'core_user_manage',
  USER_GROUP: 'core_usergroup_manage',
  SERVICE_ACCOUNT: 'core_serviceaccount_edit',
};

function assignmentDto(core: EmulatorCore, a: RoleAssignmentRecord): Record<string, unknown> {
  return {
    roleAssignment: {
      identifier: a.identifier,
      resourceGroupIdentifier: a.resourceGroupIdentifier,
      roleIdentifier: a.roleIdentifier,
      principal: a.principal,
      disabled: a.disabled,
      managed: a.managed,
      internal: false,
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
      (principals === undefined ||
        principals.length === 0 ||
        principals.some(
          (p) => p.identifier === a.principal.identifier && (p.type === undefined || p.type === a.principal.type),
        )) &&
      (disabled === undefined || disabled.length === 0 || disabled.includes(a.disabled)) &&
      (managed === undefined || managed.length === 0 || managed.includes(a.managed)),
  );
}

async function listAssignments(
  core: EmulatorCore,
  ctx: RequestContext,
  filter: Record<string, unknown>,
): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const { pageIndex, pageSize } = pageParams(ctx, 20);
  if (!PRINCIPAL_TYPES.some((t) => hasPermission(core, principal, VIEW_PERMISSION[t], ACCOUNT_SCOPE))) {
    // HC RoleAssignmentResourceImpl.java:179-182: no viewable principal type is an error, not an empty page. The
    // UnauthorizedException's own text is not shown: the ErrorDTO's message is USER_NOT_AUTHORIZED's template,
    // which has no placeholder (HC 980-commons/src/main/resources/response_messages.properties:172;
    // 980-commons/src/main/java/io/harness/exception/ExceptionLogger.java:67-70), and the status is ErrorCode's default 400.
    throw new HttpFailure({ status: 400, body: errorBody(ctx, 'USER_NOT_AUTHORIZED', 'User not authorized') });
  }
  return responseDto(
    ctx,
    pageResponse(
      filtered(core, principal, filter).map((a) => assignmentDto(core, a)),
      pageIndex,
      pageSize,
    ),
  );
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

async function createAssignment(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const caller = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const body = jsonBody(ctx);
  if (!isRecord(body))
    throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: the body must be a RoleAssignmentDTO object');
  const p = isRecord(body.principal) ? body.principal : {};
  const errors: FieldError[] = [];
  if (typeof body.roleIdentifier !== 'string' || body.roleIdentifier === '')
    errors.push({ fieldId: 'roleIdentifier', error: 'must not be empty' });
  if (typeof body.resourceGroupIdentifier !== 'string' || body.resourceGroupIdentifier === '')
    errors.push({ fieldId: 'resourceGroupIdentifier', error: 'must not be empty' });
  if (typeof p.identifier !== 'string' || p.identifier === '')
    errors.push({ fieldId: 'principal.identifier', error: 'must not be empty' });
  const type = PRINCIPAL_TYPES.find((t) => t === p.type);
  if (!type) errors.push({ fieldId: 'principal.type', error: 'must be one of USER, USER_GROUP, SERVICE_ACCOUNT' });
  if (errors.length > 0 || !type) throw failureDto(ctx, errors);
  const roleIdentifier = body.roleIdentifier as string;
  const resourceGroupIdentifier = body.resourceGroupIdentifier as string;
  const principalId = p.identifier as string;
  requirePermission(core, ctx, caller, MANAGE_PERMISSION[type], ACCOUNT_SCOPE, principalId);
  // RoleAssignmentServiceImpl.create checks the principal, then the resource group, then the role, each an
  // InvalidRequestException with the validator's text naming the scope path (HC
  // access-control/libs/core/src/main/java/io/harness/accesscontrol/roleassignments/RoleAssignmentServiceImpl.java:65-78;
  // …/roleassignments/validator/RoleAssignmentValidatorImpl.java:102-123;
  // access-control/service/src/main/java/io/harness/accesscontrol/principals/serviceaccounts/ServiceAccountValidator.java:43-58).
  const scopePath = `/ACCOUNT/${core.state.accountId}`;
  if (!principalExists(core, type, principalId)) {
    const text =
      type === 'SERVICE_ACCOUNT'
        ? `Service Account not found with the given identifier ${principalId} in account ${scopePath}`
        : // The user and user-group validators' texts were not read against the source: inferred.
          `Principal ${type} ${principalId} does not exist in ${scopePath}`;
    throw errorDto(ctx, 'INVALID_REQUEST', `Invalid request: ${text}`);
  }
  if (
    !MANAGED_RESOURCE_GROUPS.some((g) => g.identifier === resourceGroupIdentifier) &&
    !customResourceGroups(core).some((g) => g.identifier === resourceGroupIdentifier)
  ) {
    throw errorDto(ctx, 'INVALID_REQUEST', `Invalid request: Did not find resource group identifier in ${scopePath}`);
  }
  if (!allRoles(core).some((r) => r.role.identifier === roleIdentifier))
    throw errorDto(ctx, 'INVALID_REQUEST', `Invalid request: Did not find role in ${scopePath}`);
  const duplicate = core.state.roleAssignments.some(
    (a) =>
      a.roleIdentifier === roleIdentifier &&
      a.resourceGroupIdentifier === resourceGroupIdentifier &&
      a.principal.type === type &&
      a.principal.identifier === principalId,
  );
  // Since PL-43503 (2023-12-19) the single create saves without catching Mongo's DuplicateKeyException, and
  // access-control maps it to nothing better than the generic 500 (HC access-control/libs/core/src/main/java/io/harness/accesscontrol/roleassignments/persistence/RoleAssignmentDaoImpl.java:53-57;
  // RoleAssignmentDBO.java:139-147 uniqueRoleAssignmentIndex; 960-ng-core-beans/.../GenericExceptionMapperV2.java:40-51).
  if (duplicate) throw new HttpFailure({ status: 500, body: errorBody(ctx, 'UNKNOWN_ERROR', OOPS) });
  const now = core.now();
  const record: RoleAssignmentRecord = {
    identifier:
      typeof body.identifier === 'string' && body.identifier !== ''
        ? body.identifier
        : `role_assignment_${randomText(20)}`,
    roleIdentifier,
    resourceGroupIdentifier,
    principal: {
      identifier: principalId,
      type,
      scopeLevel: typeof p.scopeLevel === 'string' ? p.scopeLevel : 'account',
    },
    disabled: body.disabled === true,
    managed: false,
    createdAt: now,
    lastModifiedAt: now,
  };
  core.state.roleAssignments.push(record);
  core.persist();
  return responseDto(ctx, assignmentDto(core, record));
}

function resourceGroupDto(core: EmulatorCore, identifier: string): Record<string, unknown> | undefined {
  const managed = MANAGED_RESOURCE_GROUPS.find((g) => g.identifier === identifier);
  const acc = core.state.accountId;
  if (managed) {
    return {
      resourceGroup: {
        accountIdentifier: acc,
        orgIdentifier: null,
        projectIdentifier: null,
        identifier: managed.identifier,
        name: managed.name,
        color: '#0063F7',
        tags: {},
        description: null,
        allowedScopeLevels: ['account'],
        includedScopes: [
          {
            filter: managed.includeChildScopes ? 'INCLUDING_CHILD_SCOPES' : 'EXCLUDING_CHILD_SCOPES',
            accountIdentifier: acc,
            orgIdentifier: null,
            projectIdentifier: null,
          },
        ],
        resourceFilter: { resources: [], includeAllResources: true },
      },
      createdAt: null,
      lastModifiedAt: null,
      harnessManaged: true,
    };
  }
  const custom = customResourceGroups(core).find((g) => g.identifier === identifier);
  if (!custom) return undefined;
  return {
    resourceGroup: {
      accountIdentifier: acc,
      orgIdentifier: null,
      projectIdentifier: null,
      identifier: custom.identifier,
      name: custom.name,
      color: '#0063F7',
      tags: {},
      description: null,
      allowedScopeLevels: ['account'],
      includedScopes: custom.includedScopes,
      resourceFilter: {
        resources: custom.resourceFilter.resources.map((r) => ({
          resourceType: r.resourceType,
          identifiers: r.identifiers,
          attributeFilter: null,
        })),
        includeAllResources: custom.resourceFilter.includeAllResources,
      },
    },
    createdAt: custom.createdAt,
    lastModifiedAt: custom.lastModifiedAt,
    harnessManaged: false,
  };
}

/**
 * `GET /resourcegroup/api/v2/resourcegroup/{id}` (HC platform-service/modules/resource-group-service/contracts/src/main/java/io/harness/resourcegroup/v2/remote/resource/HarnessResourceGroupResource.java:71,99;
 * the gateway's /resourcegroup prefix in platform-service/chart/templates/virtualservice.yaml, root path /api in platform-service/config/config.yml:14).
 */
async function getResourceGroup(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const identifier = ctx.params[0] ?? '';
  requirePermission(core, ctx, principal, 'core_resourcegroup_view', scopeOf(ctx), identifier);
  const dto = resourceGroupDto(core, identifier);
  if (!dto)
    throw resourceNotFound(ctx, `Resource Group with identifier [${identifier}] is not found in the given scope`);
  return responseDto(ctx, dto);
}

/** `POST /resourcegroup/api/v2/resourcegroup`: a custom group at account scope (Enterprise only). */
async function createResourceGroup(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  const acc = requiredQuery(ctx, 'accountIdentifier');
  const body = jsonBody(ctx);
  const rg = isRecord(body) && isRecord(body.resourceGroup) ? body.resourceGroup : undefined;
  if (!rg || typeof rg.identifier !== 'string' || !IDENTIFIER.test(rg.identifier))
    throw failureDto(ctx, [{ fieldId: 'resourceGroup.identifier', error: 'must be a valid identifier' }]);
  requireFeature(core, ctx, 'CUSTOM_RESOURCE_GROUPS');
  requirePermission(core, ctx, principal, 'core_resourcegroup_edit', scopeOf(ctx));
  const identifier = rg.identifier;
  if (
    MANAGED_RESOURCE_GROUPS.some((g) => g.identifier === identifier) ||
    customResourceGroups(core).some((g) => g.identifier === identifier)
  ) {
    throw errorDto(ctx, 'DUPLICATE_FIELD', `A resource group with identifier ${identifier} is already present`);
  }
  const scopes = Array.isArray(rg.includedScopes) ? rg.includedScopes.filter(isRecord) : [];
  const filter = isRecord(rg.resourceFilter) ? rg.resourceFilter : {};
  const resources = Array.isArray(filter.resources) ? filter.resources.filter(isRecord) : [];
  const now = core.now();
  const record: CustomResourceGroup = {
    identifier,
    name: typeof rg.name === 'string' ? rg.name : identifier,
    includedScopes: scopes.map((sc) => ({
      filter: sc.filter === 'INCLUDING_CHILD_SCOPES' ? 'INCLUDING_CHILD_SCOPES' : 'EXCLUDING_CHILD_SCOPES',
      accountIdentifier: acc,
      orgIdentifier: typeof sc.orgIdentifier === 'string' ? sc.orgIdentifier : null,
      projectIdentifier: typeof sc.projectIdentifier === 'string' ? sc.projectIdentifier : null,
    })),
    resourceFilter: {
      includeAllResources: filter.includeAllResources === true,
      resources: resources.map((r) => ({
        resourceType: typeof r.resourceType === 'string' ? r.resourceType : '',
        identifiers: Array.isArray(r.identifiers)
          ? r.identifiers.filter((i): i is string => typeof i === 'string')
          : null,
      })),
    },
    createdAt: now,
    lastModifiedAt: now,
  };
  customResourceGroups(core).push(record);
  return responseDto(ctx, resourceGroupDto(core, identifier));
}

export function authzRoutes(core: EmulatorCore): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/resourcegroup\/api\/v2\/resourcegroup\/([^/]+)$/,
      handle: (ctx) => getResourceGroup(core, ctx),
    },
    {
      method: 'POST',
      pattern: /^\/resourcegroup\/api\/v2\/resourcegroup$/,
      handle: (ctx) => createResourceGroup(core, ctx),
    },

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
