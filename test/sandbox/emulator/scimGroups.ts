/**
 * SCIM Groups and the static SCIM documents (docs/harness-contract.md, "SCIM base URL and resources"; "SCIM lists, paging and filters"): only externally managed user
 * groups are listed, `eq` filters match the group name, PUT answers 412 on errors and an empty 404
 * when the group is unknown, PATCH answers 204.
 */
import type { EmulatorCore } from './core';
import { isRecord, jsonBody, scimError, type Reply, type RequestContext, type Route } from './http';
import type { UserGroupRecord } from './model';
import { authenticateScim, requireScimPermission, scimPage, SCIM_LIST_SCHEMA } from './scimAuth';
import { scimReply } from './scimUsers';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

function groupBody(core: EmulatorCore, g: UserGroupRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [GROUP_SCHEMA], id: g.id };
  if (g.externalId !== null) body.externalId = g.externalId;
  body.displayName = g.name;
  body.members = g.memberIds.map((id) => ({ value: id, display: core.state.users.find((u) => u.id === id)?.email ?? null }));
  return body;
}

function memberIds(core: EmulatorCore, value: unknown): string[] {
  const list = Array.isArray(value) ? value.filter(isRecord) : [];
  return list.map((m) => m.value).filter((v): v is string => typeof v === 'string' && core.state.users.some((u) => u.id === v));
}

/** A user-group identifier derived from the display name, as Harness does for SCIM groups. */
function groupIdFor(core: EmulatorCore, name: string): string {
  const base = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1');
  let id = base;
  for (let n = 1; core.state.userGroups.some((g) => g.id === id); n++) id = `${base}_${n}`;
  return id;
}

function findGroup(core: EmulatorCore, ctx: RequestContext): UserGroupRecord | undefined {
  return core.state.userGroups.find((g) => g.id === ctx.params[1] && g.externallyManaged);
}

async function create(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_manage', 'group');
  const body = jsonBody(ctx);
  const name = isRecord(body) && typeof body.displayName === 'string' ? body.displayName : '';
  if (name.trim() === '') throw scimError(409, 'displayName is required for a SCIM group');
  if (core.state.userGroups.some((g) => g.name === name)) throw scimError(409, `A user group with name ${name} already exists in the account`);
  const now = core.now();
  const group: UserGroupRecord = {
    id: groupIdFor(core, name), name, externallyManaged: true,
    externalId: isRecord(body) && typeof body.externalId === 'string' ? body.externalId : null,
    memberIds: isRecord(body) ? memberIds(core, body.members) : [], createdAt: now, lastModifiedAt: now,
  };
  core.state.userGroups.push(group);
  core.persist();
  return scimReply(ctx, 201, groupBody(core, group));
}

async function list(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_view', 'group');
  const page = scimPage(ctx, core.state.userGroups.filter((g) => g.externallyManaged), (g) => g.name);
  return scimReply(ctx, 200, { ...page, Resources: (page.Resources as UserGroupRecord[]).map((g) => groupBody(core, g)) });
}

async function getOne(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_view', 'group');
  const group = findGroup(core, ctx);
  if (!group) throw scimError(404, `Group ${ctx.params[1] ?? ''} not found`);
  return scimReply(ctx, 200, groupBody(core, group));
}

async function replace(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_manage', 'group');
  const group = findGroup(core, ctx);
  if (!group) return scimReply(ctx, 404);
  const body = jsonBody(ctx);
  if (!isRecord(body) || typeof body.displayName !== 'string' || body.displayName.trim() === '') throw scimError(412, 'displayName is required for a SCIM group');
  group.name = body.displayName;
  group.memberIds = memberIds(core, body.members);
  group.lastModifiedAt = core.now();
  core.persist();
  return scimReply(ctx, 200, groupBody(core, group));
}

function applyPatch(core: EmulatorCore, group: UserGroupRecord, op: Record<string, unknown>): void {
  const kind = typeof op.op === 'string' ? op.op.toLowerCase() : '';
  const path = typeof op.path === 'string' ? op.path : '';
  const removeFilter = /^members\[value eq "([^"]*)"\]$/.exec(path);
  if (kind === 'remove' && removeFilter) {
    group.memberIds = group.memberIds.filter((id) => id !== removeFilter[1]);
  } else if (path === 'members') {
    const ids = memberIds(core, op.value);
    if (kind === 'add') group.memberIds = [...new Set([...group.memberIds, ...ids])];
    else if (kind === 'remove') group.memberIds = group.memberIds.filter((id) => !ids.includes(id));
    else if (kind === 'replace') group.memberIds = ids;
  } else if (kind === 'replace' && path === 'displayName' && typeof op.value === 'string') {
    group.name = op.value;
  } else if (kind === 'replace' && path === '' && isRecord(op.value) && typeof op.value.displayName === 'string') {
    group.name = op.value.displayName;
  }
}

async function patch(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_manage', 'group');
  const group = findGroup(core, ctx);
  if (!group) return scimReply(ctx, 404);
  const body = jsonBody(ctx);
  for (const op of isRecord(body) && Array.isArray(body.Operations) ? body.Operations.filter(isRecord) : []) applyPatch(core, group, op);
  group.lastModifiedAt = core.now();
  core.persist();
  return scimReply(ctx, 204);
}

async function remove(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_manage', 'group');
  const group = findGroup(core, ctx);
  if (group) {
    core.state.userGroups.splice(core.state.userGroups.indexOf(group), 1);
    core.state.roleAssignments = core.state.roleAssignments.filter((a) => !(a.principal.type === 'USER_GROUP' && a.principal.identifier === group.id));
    core.persist();
  }
  return scimReply(ctx, 204);
}

/** outputServiceConfigProvider.json: no `schemas` attribute, patch yes, bulk no. */
const SERVICE_PROVIDER_CONFIG = {
  documentationUri: 'https://docs.harness.io/',
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: 1000 },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  authenticationSchemes: [],
  scimAuthenticationSchemes: [
    { type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Authentication scheme using the OAuth Bearer Token Standard', specUri: 'https://www.rfc-editor.org/info/rfc6750', primary: true },
  ],
};

function resourceTypes(): Record<string, unknown> {
  const type = (id: string, endpoint: string, schema: string): Record<string, unknown> => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id, name: id, endpoint, schema,
  });
  const resources = [type('User', '/Users', 'urn:ietf:params:scim:schemas:core:2.0:User'), type('Group', '/Groups', GROUP_SCHEMA)];
  return { schemas: [SCIM_LIST_SCHEMA], totalResults: resources.length, Resources: resources, startIndex: 1, itemsPerPage: resources.length };
}

function schemas(): Record<string, unknown> {
  const schema = (id: string, name: string, attributes: string[]): Record<string, unknown> => ({
    id, name, description: `${name} Schema`,
    attributes: attributes.map((a) => ({ name: a, type: a === 'active' ? 'boolean' : 'string', multiValued: a === 'emails' || a === 'members', required: a === 'userName' || a === 'displayName' })),
  });
  const resources = [
    schema('urn:ietf:params:scim:schemas:core:2.0:User', 'User', ['userName', 'name', 'displayName', 'emails', 'active', 'externalId']),
    schema(GROUP_SCHEMA, 'Group', ['displayName', 'members', 'externalId']),
  ];
  return { schemas: [SCIM_LIST_SCHEMA], totalResults: resources.length, Resources: resources, startIndex: 1, itemsPerPage: resources.length };
}

const BASE = '^\\/ng\\/api\\/scim\\/account\\/([^/]+)';

export function scimGroupRoutes(core: EmulatorCore): Route[] {
  const groups = new RegExp(`${BASE}\\/Groups$`);
  const group = new RegExp(`${BASE}\\/Groups\\/([^/]+)$`);
  const staticDoc = (doc: () => unknown) => async (ctx: RequestContext): Promise<Reply> => {
    await authenticateScim(core, ctx);
    return scimReply(ctx, 200, doc());
  };
  return [
    { method: 'GET', pattern: new RegExp(`${BASE}\\/ServiceProviderConfig$`), handle: staticDoc(() => SERVICE_PROVIDER_CONFIG) },
    { method: 'GET', pattern: new RegExp(`${BASE}\\/ResourceTypes$`), handle: staticDoc(resourceTypes) },
    { method: 'GET', pattern: new RegExp(`${BASE}\\/Schemas$`), handle: staticDoc(schemas) },
    { method: 'POST', pattern: groups, handle: (ctx) => create(core, ctx) },
    { method: 'GET', pattern: groups, handle: (ctx) => list(core, ctx) },
    { method: 'GET', pattern: group, handle: (ctx) => getOne(core, ctx) },
    { method: 'PUT', pattern: group, handle: (ctx) => replace(core, ctx) },
    { method: 'PATCH', pattern: group, handle: (ctx) => patch(core, ctx) },
    { method: 'DELETE', pattern: group, handle: (ctx) => remove(core, ctx) },
  ];
}
