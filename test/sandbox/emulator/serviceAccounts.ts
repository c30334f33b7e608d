/**
 * Service accounts (docs/harness-contract.md, "Service account endpoints"): create with bean validation (FailureDTO) and the duplicate
 * error, list, aggregate (with the role bindings the extension shows), aggregate/{id}, delete.
 */
import type { Principal } from './auth';
import { authenticateNg } from './tokenService';
import { MANAGED_RESOURCE_GROUPS, MANAGED_ROLES } from './catalog';
import type { EmulatorCore } from './core';
import {
  errorDto,
  failureDto,
  isRecord,
  jsonBody,
  pageParams,
  pageResponse,
  requiredQuery,
  responseDto,
  type FieldError,
  type Reply,
  type RequestContext,
  type Route,
} from './http';
import type { ServiceAccountRecord } from './model';
import { customResourceGroups, hasPermission, requirePermission, scopeOf, type Scope } from './rbac';

/** EntityIdentifier and EntityName rules of ng-commons (HC 980-commons/src/main/java/io/harness/data/validator/EntityIdentifierValidator.java:31-37). */
const IDENTIFIER = /^[a-zA-Z_][0-9a-zA-Z_$]{0,127}$/;
/** Words EntityIdentifierValidator refuses as a whole identifier, case-sensitive (same file, :33-37, :101-103). */
export const IDENTIFIER_KEYWORDS: readonly string[] = [
  'or',
  'and',
  'eq',
  'ne',
  'lt',
  'gt',
  'le',
  'ge',
  'div',
  'mod',
  'not',
  'null',
  'true',
  'false',
  'new',
  'var',
  'return',
  'step',
  'parallel',
  'stepGroup',
  'org',
  'account',
  'class',
  'shellScriptProvisioner',
];
const NAME = /^[a-zA-Z_0-9-.][-0-9a-zA-Z_\s.]{0,127}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const policies = new WeakMap<EmulatorCore, string>();

/**
 * 2025 copy only: an OPA policy that refuses every new service account with this message (undefined
 * removes it). HC2 ServiceAccountServiceImpl.createServiceAccount then answers HTTP 200 with an
 * otherwise empty ServiceAccountDTO carrying only governanceMetadata (status "error").
 */
export function setServiceAccountPolicy(core: EmulatorCore, message: string | undefined): void {
  if (message === undefined) policies.delete(core);
  else policies.set(core, message);
}

function inScope(sa: ServiceAccountRecord, scope: Scope): boolean {
  return sa.orgIdentifier === scope.orgIdentifier && sa.projectIdentifier === scope.projectIdentifier;
}

export function serviceAccountDto(core: EmulatorCore, sa: ServiceAccountRecord): Record<string, unknown> {
  return {
    identifier: sa.identifier,
    name: sa.name,
    email: sa.email,
    description: sa.description,
    tags: sa.tags,
    accountIdentifier: core.state.accountId,
    orgIdentifier: sa.orgIdentifier,
    projectIdentifier: sa.projectIdentifier,
  };
}

function aggregateDto(core: EmulatorCore, sa: ServiceAccountRecord): Record<string, unknown> {
  const assignments = core.state.roleAssignments.filter(
    (a) => a.principal.type === 'SERVICE_ACCOUNT' && a.principal.identifier === sa.identifier,
  );
  return {
    serviceAccount: serviceAccountDto(core, sa),
    createdAt: sa.createdAt,
    lastModifiedAt: sa.lastModifiedAt,
    tokensCount: core.state.apiKeys.filter((k) => k.kind === 'sat' && k.principalId === sa.identifier).length,
    roleAssignmentsMetadataDTO: assignments.map((a) => {
      const managedRole = MANAGED_ROLES.find((r) => r.identifier === a.roleIdentifier);
      return {
        identifier: a.identifier,
        roleIdentifier: a.roleIdentifier,
        roleName: managedRole?.name ?? core.state.roles.find((r) => r.identifier === a.roleIdentifier)?.name ?? null,
        resourceGroupIdentifier: a.resourceGroupIdentifier,
        resourceGroupName:
          MANAGED_RESOURCE_GROUPS.find((g) => g.identifier === a.resourceGroupIdentifier)?.name ??
          customResourceGroups(core).find((g) => g.identifier === a.resourceGroupIdentifier)?.name ??
          null,
        managedRole: managedRole !== undefined,
        managedRoleAssignment: a.managed,
        // No `disabled` here (HC 123-ng-core-user/.../dto/RoleAssignmentMetadataDTO.java:24-31); the 2025 copy adds roleScopeLevel.
        ...(core.profile.source === '2025' ? { roleScopeLevel: 'account' } : {}),
      };
    }),
  };
}

function validate(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const str = (k: string): string | undefined => {
    const v = body[k];
    return typeof v === 'string' ? v : undefined;
  };
  const identifier = str('identifier');
  if (identifier === undefined || identifier === '') errors.push({ fieldId: 'identifier', error: 'cannot be empty' });
  else if (!IDENTIFIER.test(identifier))
    errors.push({
      fieldId: 'identifier',
      error:
        'can be 128 characters long and can only contain alphanumeric, underscore and $ characters, and not start with a number or $',
    });
  else if (IDENTIFIER_KEYWORDS.includes(identifier))
    errors.push({ fieldId: 'identifier', error: `${identifier} is a keyword, so cannot be used` });
  const name = str('name');
  if (name === undefined || name === '') errors.push({ fieldId: 'name', error: 'cannot be empty' });
  else if (!NAME.test(name))
    errors.push({
      fieldId: 'name',
      error:
        'can be 128 characters long and can only contain alphanumeric, hyphen, underscore, dot and space characters',
    });
  const email = str('email');
  if (email === undefined || email === '') errors.push({ fieldId: 'email', error: 'must not be empty' });
  else if (!EMAIL.test(email)) errors.push({ fieldId: 'email', error: 'must be a well-formed email address' });
  const description = str('description');
  if (description !== undefined && description.length > 1024)
    errors.push({ fieldId: 'description', error: 'size must be between 0 and 1024' });
  if (str('accountIdentifier') === undefined) errors.push({ fieldId: 'accountIdentifier', error: 'must not be null' });
  return errors;
}

async function create(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  const account = requiredQuery(ctx, 'accountIdentifier');
  const scope = scopeOf(ctx);
  const body = jsonBody(ctx);
  if (!isRecord(body))
    throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: the body must be a ServiceAccountDTO object');
  const errors = validate(body);
  if (errors.length > 0) throw failureDto(ctx, errors);
  // @NGAccessControlCheck runs before the method body (HC 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/resource/ServiceAccountResource.java:119-131).
  requirePermission(core, ctx, principal, 'core_serviceaccount_edit', scope);
  // The service compares each (query, body) pair; a body value that is absent never mismatches
  // (HC 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/service/impl/ServiceAccountServiceImpl.java:106, :124-129;
  // 970-ng-commons/src/main/java/io/harness/ng/core/utils/NGUtils.java:30-32, :49-55).
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const pairs: [string | null, string | null][] = [
    [account, text(body.accountIdentifier)],
    [scope.orgIdentifier, text(body.orgIdentifier)],
    [scope.projectIdentifier, text(body.projectIdentifier)],
  ];
  for (const [previous, current] of pairs) {
    if (current !== null && previous !== current) {
      throw errorDto(
        ctx,
        'INVALID_REQUEST',
        `Invalid request: Value mismatch, previous: ${String(previous)} current: ${current}`,
      );
    }
  }
  const policy = policies.get(core);
  if (core.profile.source === '2025' && policy !== undefined) {
    const empty = {
      identifier: null,
      name: null,
      email: null,
      description: null,
      tags: null,
      accountIdentifier: null,
      orgIdentifier: null,
      projectIdentifier: null,
    };
    return responseDto(ctx, {
      ...empty,
      governanceMetadata: {
        id: null,
        deny: true,
        details: [],
        message: policy,
        timestamp: core.now(),
        status: 'error',
        accountId: account,
      },
    });
  }
  const identifier = body.identifier as string;
  if (core.state.serviceAccounts.some((s) => s.identifier === identifier && inScope(s, scope))) {
    throw errorDto(
      ctx,
      'DUPLICATE_FIELD',
      `A service account with identifier ${identifier} is already present or was deleted in scope`,
    );
  }
  const now = core.now();
  const tags = isRecord(body.tags)
    ? Object.fromEntries(Object.entries(body.tags).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};
  const sa: ServiceAccountRecord = {
    identifier,
    name: body.name as string,
    email: body.email as string,
    description: typeof body.description === 'string' ? body.description : null,
    tags,
    orgIdentifier: scope.orgIdentifier,
    projectIdentifier: scope.projectIdentifier,
    createdAt: now,
    lastModifiedAt: now,
  };
  core.state.serviceAccounts.push(sa);
  core.persist();
  return responseDto(ctx, serviceAccountDto(core, sa));
}

/** Listing never fails for lack of permission: it just shows nothing the caller may not view. */
function visible(core: EmulatorCore, ctx: RequestContext, principal: Principal): ServiceAccountRecord[] {
  const scope = scopeOf(ctx);
  if (!hasPermission(core, principal, 'core_serviceaccount_view', scope)) return [];
  const identifiers = ctx.query.getAll('identifiers');
  return core.state.serviceAccounts.filter(
    (s) => inScope(s, scope) && (identifiers.length === 0 || identifiers.includes(s.identifier)),
  );
}

async function listPlain(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  return responseDto(
    ctx,
    visible(core, ctx, principal).map((s) => serviceAccountDto(core, s)),
  );
}

async function listAggregate(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const { pageIndex, pageSize } = pageParams(ctx, 50);
  const term = (ctx.query.get('searchTerm') ?? '').toLowerCase();
  const matching = visible(core, ctx, principal)
    .filter((s) => term === '' || [s.identifier, s.name, s.email].some((v) => v.toLowerCase().includes(term)))
    .sort((a, b) => b.lastModifiedAt - a.lastModifiedAt);
  return responseDto(
    ctx,
    pageResponse(
      matching.map((s) => aggregateDto(core, s)),
      pageIndex,
      pageSize,
    ),
  );
}

function findIn(core: EmulatorCore, ctx: RequestContext, scope: Scope): ServiceAccountRecord | undefined {
  const identifier = ctx.params[0] ?? '';
  return core.state.serviceAccounts.find((s) => s.identifier === identifier && inScope(s, scope));
}

async function getAggregate(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const scope = scopeOf(ctx);
  const identifier = ctx.params[0] ?? '';
  requirePermission(core, ctx, principal, 'core_serviceaccount_view', scope, identifier);
  const sa = findIn(core, ctx, scope);
  // InvalidArgumentsException → 400 INVALID_ARGUMENT, not a 404 (HC 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/service/impl/ServiceAccountServiceImpl.java:449-451;
  // 980-commons/src/main/resources/response_messages.properties:34). HC2 ServiceAccountServiceImpl.getServiceAccountAggregateDTO is the same.
  if (!sa)
    throw errorDto(
      ctx,
      'INVALID_ARGUMENT',
      `Invalid argument(s): Service account [${identifier}] doesn't exist in scope`,
    );
  return responseDto(ctx, aggregateDto(core, sa));
}

async function remove(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const scope = scopeOf(ctx);
  const identifier = ctx.params[0] ?? '';
  requirePermission(core, ctx, principal, 'core_serviceaccount_delete', scope, identifier);
  const sa = findIn(core, ctx, scope);
  // InvalidRequestException → 400 (HC ServiceAccountServiceImpl.java:182-184).
  if (!sa)
    throw errorDto(
      ctx,
      'INVALID_REQUEST',
      `Invalid request: Service account with identifier: ${identifier} doesn't exist`,
    );
  core.state.serviceAccounts.splice(core.state.serviceAccounts.indexOf(sa), 1);
  core.state.apiKeys = core.state.apiKeys.filter((k) => !(k.kind === 'sat' && k.principalId === sa.identifier));
  core.state.roleAssignments = core.state.roleAssignments.filter(
    (a) => !(a.principal.type === 'SERVICE_ACCOUNT' && a.principal.identifier === sa.identifier),
  );
  core.persist();
  return responseDto(ctx, true);
}

export function serviceAccountRoutes(core: EmulatorCore): Route[] {
  return [
    { method: 'POST', pattern: /^\/ng\/api\/serviceaccount$/, handle: (ctx) => create(core, ctx) },
    { method: 'GET', pattern: /^\/ng\/api\/serviceaccount$/, handle: (ctx) => listPlain(core, ctx) },
    { method: 'GET', pattern: /^\/ng\/api\/serviceaccount\/aggregate$/, handle: (ctx) => listAggregate(core, ctx) },
    {
      method: 'GET',
      pattern: /^\/ng\/api\/serviceaccount\/aggregate\/([^/]+)$/,
      handle: (ctx) => getAggregate(core, ctx),
    },
    { method: 'DELETE', pattern: /^\/ng\/api\/serviceaccount\/([^/]+)$/, handle: (ctx) => remove(core, ctx) },
  ];
}
