/**
 * SCIM Users under `/ng/api/scim/account/{acc}` (docs/harness-contract.md, "SCIM base URL and resources"; "SCIM lists, paging and filters"): only SCIM-imported users
 * are listed, `eq` filters match the email whatever the attribute, resource errors come back as the
 * SCIM error body (HTTP 409 on create, 404 on reads) while PATCH/DELETE errors stay Harness ErrorDTOs.
 */
import type { EmulatorCore } from './core';
import { errorDto, isRecord, jsonBody, scimError, type Reply, type RequestContext, type Route } from './http';
import { randomText, type UserRecord } from './model';
import { authenticateScim, requireScimPermission, scimPage } from './scimAuth';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** SCIM answers follow the Accept header: Harness produces both media types. */
export function scimReply(ctx: RequestContext, status: number, body?: unknown): Reply {
  const accept = ctx.headers.accept ?? '';
  return { status, body, contentType: accept.includes('application/scim+json') ? 'application/scim+json' : 'application/json' };
}

export function scimUserBody(u: UserRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [USER_SCHEMA], id: u.id };
  if (u.externalId !== null) body.externalId = u.externalId;
  body.userName = u.email;
  body.displayName = u.name;
  body.active = u.active;
  body.emails = [{ value: u.email, primary: true }];
  if (u.givenName !== null || u.familyName !== null) body.name = { givenName: u.givenName, familyName: u.familyName };
  return body;
}

interface UserFields {
  email?: string;
  displayName?: string;
  givenName?: string | null;
  familyName?: string | null;
  active?: boolean;
  externalId?: string | null;
}

function fieldsOf(body: Record<string, unknown>): UserFields {
  const f: UserFields = {};
  const emails = Array.isArray(body.emails) ? body.emails.filter(isRecord) : [];
  const primary = emails.find((e) => e.primary === true) ?? emails[0];
  if (typeof body.userName === 'string' && body.userName.includes('@')) f.email = body.userName;
  else if (primary && typeof primary.value === 'string') f.email = primary.value;
  if (typeof body.displayName === 'string') f.displayName = body.displayName;
  if (isRecord(body.name)) {
    if (typeof body.name.givenName === 'string') f.givenName = body.name.givenName;
    if (typeof body.name.familyName === 'string') f.familyName = body.name.familyName;
  }
  if (typeof body.active === 'boolean') f.active = body.active;
  if (typeof body.externalId === 'string') f.externalId = body.externalId;
  return f;
}

function apply(core: EmulatorCore, u: UserRecord, f: UserFields): void {
  if (f.email !== undefined) u.email = f.email;
  if (f.givenName !== undefined) u.givenName = f.givenName;
  if (f.familyName !== undefined) u.familyName = f.familyName;
  if (f.displayName !== undefined) u.name = f.displayName;
  else if (f.givenName !== undefined || f.familyName !== undefined) u.name = [u.givenName, u.familyName].filter((x) => x !== null).join(' ');
  if (f.active !== undefined) u.active = f.active;
  if (f.externalId !== undefined) u.externalId = f.externalId;
  u.lastModifiedAt = core.now();
}

function findUser(core: EmulatorCore, ctx: RequestContext): UserRecord | undefined {
  return core.state.users.find((u) => u.id === ctx.params[1]);
}

async function create(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_manage', 'user');
  // Adding a user to an account is an invitation in Harness, and its setup guide asks for Users:
  // Invite; the contract names only core_user_manage, so this second check is the emulator's choice.
  requireScimPermission(core, ctx, principal, 'core_user_invite', 'user');
  const body = jsonBody(ctx);
  const f = isRecord(body) ? fieldsOf(body) : {};
  if (f.email === undefined || f.email === '') throw scimError(409, 'Email cannot be null or empty for the SCIM user');
  const email = f.email;
  let user = core.state.users.find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (!user) {
    const now = core.now();
    user = { id: randomText(22, true), email, name: email, givenName: null, familyName: null, externalId: null, active: true, imported: true, createdAt: now, lastModifiedAt: now };
    core.state.users.push(user);
  }
  user.imported = true;
  apply(core, user, f);
  core.persist();
  return scimReply(ctx, 201, scimUserBody(user));
}

async function list(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_view', 'user');
  const imported = core.state.users.filter((u) => u.imported);
  const page = scimPage(ctx, imported, (u) => u.email);
  return scimReply(ctx, 200, { ...page, Resources: (page.Resources as UserRecord[]).map(scimUserBody) });
}

async function getOne(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_view', 'user');
  const user = findUser(core, ctx);
  if (!user) throw scimError(404, `User does not exist in NG: ${ctx.params[1] ?? ''}`);
  return scimReply(ctx, 200, scimUserBody(user));
}

async function replace(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_manage', 'user');
  const user = findUser(core, ctx);
  if (!user) throw scimError(404, `User does not exist in NG: ${ctx.params[1] ?? ''}`);
  const body = jsonBody(ctx);
  apply(core, user, isRecord(body) ? fieldsOf(body) : {});
  core.persist();
  return scimReply(ctx, 200, scimUserBody(user));
}

/** One PATCH operation; `path` names a single attribute or is absent with an object value. */
function patchFields(op: Record<string, unknown>): UserFields {
  const path = typeof op.path === 'string' ? op.path : undefined;
  if (path === undefined) return isRecord(op.value) ? fieldsOf(op.value) : {};
  const value = op.value;
  switch (path) {
    case 'active':
      return { active: value === true || value === 'true' || value === 'True' };
    case 'displayName':
      return typeof value === 'string' ? { displayName: value } : {};
    case 'userName':
      return typeof value === 'string' ? { email: value } : {};
    case 'externalId':
      return typeof value === 'string' ? { externalId: value } : {};
    case 'name.givenName':
      return typeof value === 'string' ? { givenName: value } : {};
    case 'name.familyName':
      return typeof value === 'string' ? { familyName: value } : {};
    default:
      return {};
  }
}

async function patch(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_manage', 'user');
  const user = findUser(core, ctx);
  if (!user) throw errorDto(ctx, 'RESOURCE_NOT_FOUND', `User ${ctx.params[1] ?? ''} not found in account`);
  const body = jsonBody(ctx);
  const ops = isRecord(body) && Array.isArray(body.Operations) ? body.Operations.filter(isRecord) : [];
  for (const op of ops) apply(core, user, patchFields(op));
  core.persist();
  return scimReply(ctx, 200, scimUserBody(user));
}

async function remove(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_manage', 'user');
  const user = findUser(core, ctx);
  if (user) {
    core.state.users.splice(core.state.users.indexOf(user), 1);
    for (const g of core.state.userGroups) g.memberIds = g.memberIds.filter((id) => id !== user.id);
    core.state.apiKeys = core.state.apiKeys.filter((k) => !(k.kind === 'pat' && k.principalId === user.id));
    core.persist();
  }
  return scimReply(ctx, 204);
}

const BASE = '^\\/ng\\/api\\/scim\\/account\\/([^/]+)';

export function scimUserRoutes(core: EmulatorCore): Route[] {
  const users = new RegExp(`${BASE}\\/Users$`);
  const user = new RegExp(`${BASE}\\/Users\\/([^/]+)$`);
  return [
    { method: 'POST', pattern: users, handle: (ctx) => create(core, ctx) },
    { method: 'GET', pattern: users, handle: (ctx) => list(core, ctx) },
    { method: 'GET', pattern: user, handle: (ctx) => getOne(core, ctx) },
    { method: 'PUT', pattern: user, handle: (ctx) => replace(core, ctx) },
    { method: 'PATCH', pattern: user, handle: (ctx) => patch(core, ctx) },
    { method: 'DELETE', pattern: user, handle: (ctx) => remove(core, ctx) },
  ];
}
