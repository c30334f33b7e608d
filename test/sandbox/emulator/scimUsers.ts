/**
 * SCIM Users under `/ng/api/scim/account/{acc}`, as Harness's NG SCIM code behaves (HC = harness-core
 * 1dcec145; HC2 = the 2025 copy, chosen with `core.profile.source`). Paths below are relative to
 * HC 120-ng-manager/src/main/java/io/harness/ng/scim/ unless given in full.
 *
 * - The e-mail is `userName` lower-cased; `emails[]` is never read (NGScimUserServiceImpl.java:498-500).
 * - A new user is an invitation: `core_user_invite` is checked inside the create, so its refusal is a
 *   409 SCIM error naming the permission (NGScimUserServiceImpl.java:119-132 → InviteServiceImpl.java:217-218,
 *   :1070-1073; resource catch NGScimUserResource.java:104-109).
 * - PATCH understands `displayName`, `active`, `userName`, and object values carrying `displayName` or
 *   `active`; nothing else (NGScimUserServiceImpl.java:357-416). `active: false` deletes the user and
 *   answers 204 (:338-355, :368-380, :257-259).
 * - `externalId` is set once, at create (:127); PATCH never changes it.
 */
import type { Principal } from './auth';
import type { EmulatorCore } from './core';
import { errorDto, isRecord, jsonBody, scimError, type Reply, type RequestContext, type Route } from './http';
import { randomText, type UserRecord } from './model';
import { authenticateScim, missingPermissionText, requireScimPermission, scimPage } from './scimAuth';
import { hasPermission, ACCOUNT_SCOPE } from './rbac';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** SCIM answers follow the Accept header: Harness produces both media types. */
export function scimReply(ctx: RequestContext, status: number, body?: unknown): Reply {
  const accept = ctx.headers.accept ?? '';
  return {
    status,
    body,
    contentType: accept.includes('application/scim+json') ? 'application/scim+json' : 'application/json',
  };
}

/** Harness's SimpleDateFormat "yyyy-MM-dd'T'HH:mm:ss.SSSZ" in UTC, e.g. 2026-01-02T03:04:05.006+0000. */
export function scimDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** The `groups` of a user with PL_NEW_SCIM_STANDARDS (NGScimUserServiceImpl.java:529-543). */
function userGroupNodes(core: EmulatorCore, userId: string): Record<string, string>[] {
  return core.state.userGroups
    .filter((g) => g.memberIds.includes(userId))
    .map((g) => ({ value: g.id, ref: '', display: g.name }));
}

/**
 * buildUserResponse (NGScimUserServiceImpl.java:437-496): `name` is `{displayName}` only; with
 * PL_NEW_SCIM_STANDARDS it also has given/family names (each defaulting to the display name) and
 * `formatted`, and the user gets `meta` and `groups`.
 */
export function scimUserBody(core: EmulatorCore, u: UserRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [USER_SCHEMA], id: u.id };
  if (u.externalId !== null) body.externalId = u.externalId;
  body.userName = u.email;
  body.displayName = u.name;
  body.active = u.active;
  body.emails = [{ value: u.email, primary: true }];
  const name: Record<string, string> = { displayName: u.name };
  const standards = core.profile.flags.PL_NEW_SCIM_STANDARDS;
  if (standards) {
    const given = u.givenName ?? u.name;
    const family = u.familyName ?? u.name;
    name.givenName = given;
    name.familyName = family;
    name.formatted = u.givenName === null && u.familyName === null ? u.name : `${given}, ${family}`;
  }
  body.name = name;
  if (standards) {
    body.meta = {
      resourceType: 'User',
      created: scimDate(u.createdAt),
      lastModified: scimDate(u.lastModifiedAt),
      version: '',
      location: '',
    };
    body.groups = userGroupNodes(core, u.id);
  }
  return body;
}

function findUser(core: EmulatorCore, ctx: RequestContext): UserRecord | undefined {
  return core.state.users.find((u) => u.id === ctx.params[1]);
}

/**
 * deleteUser (NGScimUserServiceImpl.java:219-226): the account membership goes, with the user's
 * group memberships and role bindings in the account, and the user record (the emulator has one
 * account, so the record always goes, HC 400-rest/src/main/java/software/wings/service/impl/UserServiceImpl.java:3305-3334).
 */
export function deleteScimUser(core: EmulatorCore, user: UserRecord): void {
  core.state.users.splice(core.state.users.indexOf(user), 1);
  for (const g of core.state.userGroups) g.memberIds = g.memberIds.filter((id) => id !== user.id);
  core.state.roleAssignments = core.state.roleAssignments.filter(
    (a) => !(a.principal.type === 'USER' && a.principal.identifier === user.id),
  );
  core.state.apiKeys = core.state.apiKeys.filter((k) => !(k.kind === 'pat' && k.principalId === user.id));
}

/** getName (NGScimUserServiceImpl.java:502-511): displayName, else "given family" (a missing part throws). */
function displayNameOf(body: Record<string, unknown>): string | null {
  if (typeof body.displayName === 'string' && body.displayName !== '') return body.displayName;
  if (!isRecord(body.name)) return null;
  const { givenName, familyName } = body.name;
  if (givenName === undefined || familyName === undefined) throw new Error('NullPointerException');
  // Jackson's asText(): the text of a string node, the JSON of anything else.
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  return `${text(givenName)} ${text(familyName)}`;
}

function nameParts(
  body: Record<string, unknown>,
  displayName: string | null,
): { given: string | null; family: string | null } {
  // getGivenNameFromScimUser / getFamilyNameFromScimUser (:513-523): both follow name.givenName's presence.
  if (isRecord(body.name) && body.name.givenName !== undefined && body.name.givenName !== null) {
    return {
      given: typeof body.name.givenName === 'string' ? body.name.givenName : null,
      family: typeof body.name.familyName === 'string' ? body.name.familyName : null,
    };
  }
  return { given: displayName, family: displayName };
}

async function create(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_manage', 'user');
  // From here on every failure is caught by the resource: 409 with a SCIM error (NGScimUserResource.java:104-109).
  const body = jsonBody(ctx);
  const query = isRecord(body) ? body : {};
  const email = typeof query.userName === 'string' && query.userName !== '' ? query.userName.toLowerCase() : null;
  if (email === null) throw scimError(409, 'Email cannot be null or empty');
  let displayName: string | null;
  try {
    displayName = displayNameOf(query);
  } catch {
    throw scimError(409, 'NullPointerException');
  }
  const now = core.now();
  const existing = core.state.users.find((u) => u.email === email);
  if (existing) {
    // Already in the account: re-added and updated, no invitation (NGScimUserServiceImpl.java:103-117).
    if (displayName !== null) existing.name = displayName;
    existing.active = true;
    existing.imported = true;
    existing.lastModifiedAt = now;
    core.persist();
    return scimReply(ctx, 201, scimUserBody(core, existing));
  }
  requireInvite(core, principal);
  // The invitation checks the name (HC 980-commons/src/main/java/io/harness/utils/UserUtils.java:25-38, called at
  // InviteServiceImpl.java:646-648): at most 255 characters, none of : < > = /.
  if (displayName !== null && displayName !== '' && !/^[^:<>=/]{0,255}$/.test(displayName)) {
    throw scimError(
      409,
      'Name is not valid. It should not be more than 256 characters long and should not contain :, <, >, =, /',
    );
  }
  const parts = nameParts(query, displayName);
  const user: UserRecord = {
    id: randomText(22, true),
    email,
    name: displayName ?? email,
    givenName: parts.given,
    familyName: parts.family,
    externalId: typeof query.externalId === 'string' && query.externalId !== '' ? query.externalId : null,
    active: true,
    imported: true,
    createdAt: now,
    lastModifiedAt: now,
  };
  core.state.users.push(user);
  core.persist();
  return scimReply(ctx, 201, scimUserBody(core, user));
}

/** InviteServiceImpl.checkPermissions (HC 120-ng-manager/.../invites/api/impl/InviteServiceImpl.java:1070-1073), resource USER. */
function requireInvite(core: EmulatorCore, principal: Principal): void {
  if (hasPermission(core, principal, 'core_user_invite', ACCOUNT_SCOPE)) return;
  throw scimError(409, missingPermissionText(principal, 'core_user_invite', 'USER'));
}

async function list(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_view', 'user');
  // Only users SCIM imported (HC 400-rest/.../scim/ScimUserServiceImpl.java:248-252); `eq` compares the e-mail (:254-256).
  const imported = core.state.users.filter((u) => u.imported);
  const page = scimPage(ctx, imported, (u) => u.email);
  return scimReply(ctx, 200, {
    ...page,
    Resources: (page.Resources as UserRecord[]).map((u) => scimUserBody(core, u)),
  });
}

async function getOne(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_view', 'user');
  const user = findUser(core, ctx);
  // NGScimUserServiceImpl.java:159-174, caught as a 404 SCIM error (NGScimUserResource.java:159-166).
  if (!user) throw scimError(404, 'User does not exist in Harness');
  return scimReply(ctx, 200, scimUserBody(core, user));
}

/**
 * PUT (NGScimUserServiceImpl.java:268-336): unknown → empty 404; names and e-mail replaced; `active:false`
 * deletes and answers 200 without a body. With PL_USER_DELETION_V2 (and always in HC2,
 * `if (scimUser.getActive())`), a body without `active` unboxes null: an NPE, caught as a 404 SCIM error
 * (NGScimUserResource.java:131-136).
 */
async function replace(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_manage', 'user');
  const user = findUser(core, ctx);
  if (!user) return scimReply(ctx, 404);
  const body = jsonBody(ctx);
  const query = isRecord(body) ? body : {};
  const active = typeof query.active === 'boolean' ? query.active : null;
  const v2 = core.profile.flags.PL_USER_DELETION_V2 || core.profile.source === '2025';
  if (v2 && active === null) throw scimError(404, 'NullPointerException');
  let displayName: string | null;
  try {
    displayName = displayNameOf(query);
  } catch {
    throw scimError(404, 'NullPointerException');
  }
  // The CG half stores given/family names (HC 400-rest/.../scim/ScimUserServiceImpl.java:431-445), unless V2 and inactive.
  if (!v2 || active === true) {
    if (isRecord(query.name)) {
      if (typeof query.name.givenName === 'string') user.givenName = query.name.givenName;
      if (typeof query.name.familyName === 'string') user.familyName = query.name.familyName;
    }
  }
  if (displayName !== null && displayName !== '') user.name = displayName;
  if (typeof query.userName === 'string' && query.userName !== '') user.email = query.userName.toLowerCase();
  user.lastModifiedAt = core.now();
  if (active === false) {
    deleteScimUser(core, user);
    core.persist();
    return scimReply(ctx, 200);
  }
  core.persist();
  return scimReply(ctx, 200, scimUserBody(core, user));
}

function asBoolean(value: unknown): boolean | null {
  // Jackson reads a boolean from true/false and their textual forms.
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True' || value === 'TRUE') return true;
  if (value === 'false' || value === 'False' || value === 'FALSE') return false;
  return null;
}

const MULTI_VALUED_FIELDS = new Set(['type', 'primary', 'display', 'value', '$ref', 'id', 'displayName', 'active']);

/**
 * What one PATCH operation does (applyUserUpdateOperation, NGScimUserServiceImpl.java:357-416). Object
 * values are mapped with a strict ObjectMapper: an object with a field ScimMultiValuedObject or
 * ScimUserValuedObject lacks fails that mapping (HC 947-scim-core/src/main/io/harness/scim/OktaReplaceOperation.java, ScimUserValuedObject.java).
 * Returns true when the user was deleted.
 */
function applyUserOperation(user: UserRecord, op: Record<string, unknown>): boolean {
  const path = typeof op.path === 'string' ? op.path : null;
  const rawValue = op.value;
  const value: unknown = Array.isArray(rawValue) ? (rawValue as unknown[])[0] : rawValue;
  if (path === 'displayName' && typeof value === 'string') user.name = value;
  if (path === 'active') {
    const active = asBoolean(value);
    if (active === false) return true;
  }
  if (path === 'userName' && typeof value === 'string' && value.toLowerCase() !== user.email.toLowerCase())
    user.email = value.toLowerCase();
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (!keys.every((k) => MULTI_VALUED_FIELDS.has(k))) return false;
  if (typeof value.displayName === 'string') user.name = value.displayName;
  // ScimUserValuedObject has `active` only; its primitive default is false, so `{active:false}` deletes.
  if (keys.every((k) => k === 'active') && asBoolean(value.active) !== true) return true;
  return false;
}

async function patch(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_manage', 'user');
  const user = findUser(core, ctx);
  // The CG half fails first: its getUser's get(accountId, userId) throws InvalidRequestException "User does
  // not exist" (HC 400-rest/.../scim/ScimUserServiceImpl.java:286, 400-rest/.../service/impl/UserServiceImpl.java:3547-3555);
  // CGRestUtils strips CG's "Invalid request: " and re-throws it as INVALID_REQUEST, so NG's ErrorDTO
  // says "Invalid request: User does not exist" (970-ng-commons/.../remote/client/CGRestUtils.java:94-104;
  // 980-commons/src/main/resources/response_messages.properties:47).
  if (!user) throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: User does not exist');
  const body = jsonBody(ctx);
  const ops = isRecord(body) && Array.isArray(body.Operations) ? body.Operations.filter(isRecord) : [];
  let deleted = false;
  for (const op of ops) {
    if (applyUserOperation(user, op)) {
      deleted = true;
      break;
    }
  }
  if (deleted) {
    deleteScimUser(core, user);
    core.persist();
    // `return null` from a resource method typed ScimUser: 204 No Content (NGScimUserServiceImpl.java:257-259).
    return scimReply(ctx, 204);
  }
  user.lastModifiedAt = core.now();
  core.persist();
  return scimReply(ctx, 200, scimUserBody(core, user));
}

async function remove(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_user_manage', 'user');
  const user = findUser(core, ctx);
  // Already gone: the CG delete's get(userId) throws UnauthorizedException("User does not exist"), which
  // CG answers as INVALID_TOKEN "Token is not valid." (HC 400-rest/.../service/impl/UserServiceImpl.java:3305-3307,
  // :3442-3446; 980-commons/.../exception/UnauthorizedException.java:18-19; response_messages.properties:56).
  // CGRestUtils re-throws that text as INVALID_REQUEST → 400 "Invalid request: Token is not valid.",
  // uncaught by the resource (970-ng-commons/.../remote/client/CGRestUtils.java:94-104; NGScimUserResource.java:223).
  if (!user) throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: Token is not valid.');
  deleteScimUser(core, user);
  core.persist();
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
