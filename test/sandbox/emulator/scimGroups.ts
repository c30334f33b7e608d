/**
 * SCIM Groups and the static SCIM documents, as Harness's NG SCIM code behaves (HC = harness-core
 * 1dcec145, HC2 = the 2025 copy, chosen with `core.profile.source`). `NGGroupSvc` below is
 * HC 120-ng-manager/src/main/java/io/harness/ng/scim/NGScimGroupServiceImpl.java, `NGGroupRes` its resource.
 *
 * - The group's identifier is its display name normalised (UuidAndIdentifierUtils); names need not be
 *   unique, identifiers must: a second name that normalises alike is a 409 (HC) or takes the existing
 *   group over (HC2).
 * - Only externally managed groups are listed, patched, replaced or deleted; GET reads any group.
 * - PATCH answers 204; members that are not users are dropped; `members[value eq "<id>"]` removes.
 *   Replacing members is a 400 in HC (only renames are understood) and supported in HC2.
 * - DELETE of a group that is not there is a 401 "Token is not valid." (UnauthorizedException).
 */
import { createHash } from 'node:crypto';
import type { EmulatorCore } from './core';
import {
  errorDto,
  invalidToken,
  isRecord,
  jsonBody,
  scimError,
  type Reply,
  type RequestContext,
  type Route,
} from './http';
import type { UserGroupRecord } from './model';
import { authenticateScim, javaUrlDecode, requireScimPermission, scimPage, SCIM_LIST_SCHEMA } from './scimAuth';
import { scimDate, scimReply } from './scimUsers';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** buildGroupResponse (NGGroupSvc:152-192): members `{value, display: e-mail, ref: ""}`; `meta` with PL_NEW_SCIM_STANDARDS. */
function groupBody(core: EmulatorCore, g: UserGroupRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [GROUP_SCHEMA], id: g.id, displayName: g.name };
  body.members = g.memberIds.flatMap((id) => {
    const user = core.state.users.find((u) => u.id === id);
    return user ? [{ value: id, display: user.email, ref: '' }] : [];
  });
  if (core.profile.flags.PL_NEW_SCIM_STANDARDS) {
    body.meta = {
      resourceType: 'Group',
      created: scimDate(g.createdAt),
      lastModified: scimDate(g.lastModifiedAt),
      version: '',
      location: '',
    };
  }
  return body;
}

/** Member ids that are existing users, in order, once each (NGGroupSvc:351-361; HC2 fetchMembersOfUserGroup). */
function existingUserIds(core: EmulatorCore, ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => core.state.users.some((u) => u.id === id));
}

function memberValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value.filter(isRecord) : [];
  return list.map((m) => m.value).filter((v): v is string => typeof v === 'string');
}

/**
 * UuidAndIdentifierUtils.generateHarnessUIFormatIdentifier (HC 980-commons/src/main/java/io/harness/utils/UuidAndIdentifierUtils.java:41-51, :70-71):
 * `.` and `-` become `_`, accents are stripped, leading digits/dashes/`$` go, any other character
 * but letters, digits, `_`, `$` and space goes, and spaces become `_`.
 */
export function harnessIdentifier(name: string): string {
  if (name.trim() === '') return '';
  const formatted = name.trim().replace(/\./g, '_').replace(/-/g, '_');
  const plain = formatted.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return plain
    .trim()
    .replace(/^[0-9\-$]*/, '')
    .replace(/[^0-9a-zA-Z_$ ]/g, '')
    .replace(/\s/g, '_');
}

/**
 * HC2 NGScimGroupServiceImpl.generateUserGroupIdentifier: a display name that starts with a digit (and
 * differs from its normalised form) gets the normalised identifier (at most 119 characters), `_`, and
 * the first 8 hex digits of the name's SHA-256.
 */
export function groupIdentifier(source: '2023' | '2025', name: string): string {
  const legacy = harnessIdentifier(name);
  if (source === '2023' || legacy === '') return legacy;
  const trimmed = name.trim();
  if (trimmed === '' || !/^[0-9]/.test(trimmed) || name === legacy) return legacy;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8);
  return `${legacy.slice(0, 128 - 8 - 1)}_${hash}`;
}

/** Groups PATCH/PUT/DELETE act on: externally managed only (NGGroupSvc:198-207, :224-233, :283-293). */
function findManagedGroup(core: EmulatorCore, ctx: RequestContext): UserGroupRecord | undefined {
  return core.state.userGroups.find((g) => g.id === ctx.params[1] && g.externallyManaged);
}

async function create(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_manage', 'group');
  // Failures are caught by the resource: 409 with a SCIM error (NGGroupRes:69-76).
  const body = jsonBody(ctx);
  const query = isRecord(body) ? body : {};
  const name = typeof query.displayName === 'string' ? query.displayName : '';
  const source = core.profile.source;
  const id = groupIdentifier(source, name);
  // UserGroupServiceImpl.createForSCIM checks a blank name first; its exception's own text is the SCIM detail
  // (HC 123-ng-core-user/src/main/java/io/harness/ng/core/api/impl/UserGroupServiceImpl.java:183-184, :263-267;
  // NGGroupRes:73-76). An empty identifier from a non-blank name fails bean validation (:268-287), whose
  // exact text was not read against the source: inferred.
  if (name.trim() === '') throw scimError(409, 'Create UserGroup- name: cannot be null or empty');
  if (id === '') throw scimError(409, 'identifier: cannot be empty');
  const members = existingUserIds(core, memberValues(query.members));
  if (source === '2025') {
    // HC2 createGroup: an existing group with this identifier (or the legacy one) is answered as it is;
    // a local group is taken over, its members replaced by the request's.
    const legacy = harnessIdentifier(name);
    const existing =
      core.state.userGroups.find((g) => g.id === id) ?? core.state.userGroups.find((g) => g.id === legacy);
    if (existing) {
      if (!existing.externallyManaged) {
        existing.externallyManaged = true;
        existing.memberIds = members;
        existing.lastModifiedAt = core.now();
        core.persist();
      }
      return scimReply(ctx, 201, groupBody(core, existing));
    }
  } else if (core.state.userGroups.some((g) => g.id === id)) {
    // HC 123-ng-core-user/src/main/java/io/harness/ng/core/api/impl/UserGroupServiceImpl.java:205-208.
    throw scimError(409, `Try using different user group identifier, [${id}] cannot be used`);
  }
  const now = core.now();
  const group: UserGroupRecord = {
    id,
    name,
    externallyManaged: true,
    externalId: typeof query.externalId === 'string' ? query.externalId : null,
    memberIds: members,
    createdAt: now,
    lastModifiedAt: now,
  };
  core.state.userGroups.push(group);
  core.persist();
  return scimReply(ctx, 201, groupBody(core, group));
}

async function list(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_view', 'group');
  // Externally managed groups, `eq` on the name (NGGroupSvc:124-150).
  const page = scimPage(
    ctx,
    core.state.userGroups.filter((g) => g.externallyManaged),
    (g) => g.name,
  );
  return scimReply(ctx, 200, {
    ...page,
    Resources: (page.Resources as UserGroupRecord[]).map((g) => groupBody(core, g)),
  });
}

async function getOne(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_view', 'group');
  // Any group of the account, managed or not (NGGroupSvc:399-411); unknown → caught as a 404 SCIM error (NGGroupRes:90-98).
  const group = core.state.userGroups.find((g) => g.id === ctx.params[1]);
  if (!group) throw scimError(404, 'Group does not exist');
  return scimReply(ctx, 200, groupBody(core, group));
}

/**
 * The request as PUT answers it: read into a ScimGroup (unknown fields dropped, `schemas` defaulting to the
 * Group schema) and written back with @JsonInclude(NON_NULL); each Member is written whole, nulls included
 * (HC 947-scim-core/src/main/io/harness/scim/ScimGroup.java, Member.java, ScimBaseResource.java; NGGroupSvc:219).
 */
function echoedGroup(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['id', 'externalId', 'meta'])
    if (body[key] !== undefined && body[key] !== null) out[key] = body[key];
  out.schemas = Array.isArray(body.schemas) ? [...new Set(body.schemas)] : [GROUP_SCHEMA];
  out.displayName = body.displayName;
  if (Array.isArray(body.members)) {
    out.members = body.members
      .filter(isRecord)
      .map((m) => ({ value: m.value ?? null, ref: m.ref ?? null, display: m.display ?? null }));
  }
  if (typeof body.harnessScopes === 'string') out.harnessScopes = body.harnessScopes;
  return out;
}

/** PUT (NGGroupSvc:194-220): unknown → empty 404; failures 412 (NGGroupRes:167-172); the answer echoes the request's group. */
async function replace(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_manage', 'group');
  const group = findManagedGroup(core, ctx);
  if (!group) return scimReply(ctx, 404);
  const body = jsonBody(ctx);
  // UserGroupServiceImpl.update refuses a blank name with its own text, the SCIM detail here
  // (HC 123-ng-core-user/src/main/java/io/harness/ng/core/api/impl/UserGroupServiceImpl.java:233-234, :291-295).
  if (!isRecord(body) || typeof body.displayName !== 'string' || body.displayName.trim() === '') {
    throw scimError(412, `Update UserGroup [${group.id}]- name: cannot be null or empty`);
  }
  group.name = body.displayName;
  group.memberIds = existingUserIds(core, memberValues(body.members));
  group.lastModifiedAt = core.now();
  core.persist();
  return scimReply(ctx, 200, echoedGroup(body));
}

/** getUserIdsFromOperation (NGGroupSvc:363-397): a `members[` path yields one id, `members` its value list. */
function operationUserIds(op: Record<string, unknown>): string[] {
  const path = typeof op.path === 'string' ? op.path : null;
  if (path?.includes('members[') === true) {
    try {
      const operand = javaUrlDecode(path).split(' eq ')[1];
      if (operand !== undefined && operand.length >= 3) return [operand.substring(1, operand.length - 2)];
    } catch {
      // logged by Harness; falls through to the `members` check
    }
  }
  if (path !== 'members') return [];
  return memberValues(Array.isArray(op.value) ? op.value : [op.value]);
}

class GroupPatchRefused extends Error {}

/** The fields of ScimMultiValuedObject; a strict ObjectMapper refuses any other (HC 947-scim-core/src/main/io/harness/scim/ScimMultiValuedObject.java). */
const MULTI_VALUED_FIELDS = new Set(['type', 'primary', 'display', 'value', '$ref', 'id', 'displayName', 'active']);

/**
 * The group name a replace sets, or null (NGGroupSvc:246-274). `Replace` (ReplaceOperation) accepts only
 * the path `displayName` with a single value read as text; an array, an object or another path fails
 * "Failed to update group name". `replace` (OktaReplaceOperation) reads `displayName` from the (first)
 * value mapped strictly to ScimMultiValuedObject: a string, or an object with another field, fails the same
 * way. A JSON null value is Jackson's NullNode (no change); an absent value is a null reference whose
 * getValue throws, which also fails (HC 947-scim-core/src/main/io/harness/scim/ReplaceOperation.java,
 * OktaReplaceOperation.java).
 */
function replacedName(kind: 'Replace' | 'replace', op: Record<string, unknown>): string | null {
  if (op.value === undefined) throw new GroupPatchRefused('Failed to update group name');
  if (kind === 'Replace') {
    if (op.path !== 'displayName' || Array.isArray(op.value) || isRecord(op.value))
      throw new GroupPatchRefused('Failed to update group name');
    // A number or boolean is read as its text, as JSON writes it.
    return op.value === null ? null : typeof op.value === 'string' ? op.value : JSON.stringify(op.value);
  }
  const value: unknown = Array.isArray(op.value) ? (op.value as unknown[])[0] : op.value;
  if (value === undefined || value === null) return null;
  if (!isRecord(value) || !Object.keys(value).every((k) => MULTI_VALUED_FIELDS.has(k)))
    throw new GroupPatchRefused('Failed to update group name');
  return typeof value.displayName === 'string' ? value.displayName : null;
}

async function patch(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_manage', 'group');
  const group = findManagedGroup(core, ctx);
  if (!group) return scimReply(ctx, 404);
  const body = jsonBody(ctx);
  const ops = isRecord(body) && Array.isArray(body.Operations) ? body.Operations.filter(isRecord) : [];
  const source = core.profile.source;
  let members = [...group.memberIds];
  let newName: string | null = null;
  try {
    for (const op of ops) {
      const ids = operationUserIds(op);
      // Operation names are exact (HC 947-scim-core/src/main/io/harness/scim/PatchOperation.java:20-28).
      switch (op.op) {
        case 'add':
        case 'Add':
          // Ids that are not users are dropped (NGGroupSvc:351-361). HC2 passes them on to
          // UserGroupService.update, whose handling is not in the copy: the emulator drops them too.
          members = [...new Set([...members, ...existingUserIds(core, ids)])];
          break;
        case 'remove':
        case 'Remove':
          members = members.filter((m) => !ids.includes(m));
          break;
        case 'replace':
        case 'Replace':
          // HC2 replaces the members for the path `members` (processMemberReplaceOperation); HC does not.
          if (source === '2025' && op.path === 'members') members = existingUserIds(core, ids);
          else newName = replacedName(op.op, op) ?? newName;
          break;
        default:
          break;
      }
    }
  } catch (e) {
    // InvalidRequestException, not caught by the resource (NGGroupRes:142-154): a 400 ErrorDTO.
    // InvalidRequestException → ErrorDTO whose message is INVALID_REQUEST's template "Invalid request: ${exception_message}"
    // (HC 980-commons/src/main/resources/response_messages.properties:47; 980-commons/.../eraro/MessageManager.java:49-52).
    if (e instanceof GroupPatchRefused) throw errorDto(ctx, 'INVALID_REQUEST', `Invalid request: ${e.message}`);
    throw e;
  }
  const changed = (newName !== null && newName !== '') || members.join('\n') !== group.memberIds.join('\n');
  if (changed) {
    if (newName !== null && newName !== '') group.name = newName;
    group.memberIds = members;
    group.lastModifiedAt = core.now();
    core.persist();
  }
  return scimReply(ctx, 204);
}

async function remove(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateScim(core, ctx);
  requireScimPermission(core, ctx, principal, 'core_usergroup_manage', 'group');
  const group = findManagedGroup(core, ctx);
  // UnauthorizedException("Group does not exist") uses INVALID_TOKEN: 401 "Token is not valid."
  // (NGGroupSvc:231-233; HC 980-commons/.../exception/UnauthorizedException.java:18-19; response_messages.properties:56).
  if (!group) throw invalidToken(ctx);
  core.state.userGroups.splice(core.state.userGroups.indexOf(group), 1);
  core.state.roleAssignments = core.state.roleAssignments.filter(
    (a) => !(a.principal.type === 'USER_GROUP' && a.principal.identifier === group.id),
  );
  core.persist();
  return scimReply(ctx, 204);
}

/** HC 120-ng-manager/src/main/resources/outputServiceConfigProvider.json: no `schemas` attribute, patch yes, bulk no. */
const SERVICE_PROVIDER_CONFIG = {
  documentationUri: 'https://docs.harness.io/category/fe0577j8ie-access-management',
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 1, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: 1000 },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  scimAuthenticationSchemes: [
    {
      type: 'oauthbearertoken',
      name: 'OAuth Bearer Token',
      description: 'Authentication scheme using the OAuth Bearer Token Standard',
      specUri: 'http://www.rfc-editor.org/info/rfc6750',
      primary: true,
    },
  ],
};

/**
 * HC 120-ng-manager/src/main/resources/outputResourceTypes.json, served as is (NGScimStaticResource.java:46-60): each
 * resource type's `schemas` is its own core schema, and the list says startIndex 0.
 */
function resourceTypes(): Record<string, unknown> {
  const type = (id: string, endpoint: string, description: string, schema: string): Record<string, unknown> => ({
    schemas: [schema],
    id,
    documentationUri: SERVICE_PROVIDER_CONFIG.documentationUri,
    name: id,
    endpoint,
    description,
    schema,
  });
  const resources = [
    type('User', '/Users', 'User Account', 'urn:ietf:params:scim:schemas:core:2.0:User'),
    type('Group', '/Groups', 'Groups', GROUP_SCHEMA),
  ];
  return {
    schemas: [SCIM_LIST_SCHEMA],
    totalResults: resources.length,
    Resources: resources,
    startIndex: 0,
    itemsPerPage: resources.length,
  };
}

function schemas(): Record<string, unknown> {
  const schema = (id: string, name: string, attributes: string[]): Record<string, unknown> => ({
    id,
    name,
    description: `${name} Schema`,
    attributes: attributes.map((a) => ({
      name: a,
      type: a === 'active' ? 'boolean' : 'string',
      multiValued: a === 'emails' || a === 'members',
      required: a === 'userName' || a === 'displayName',
    })),
  });
  const resources = [
    schema('urn:ietf:params:scim:schemas:core:2.0:User', 'User', [
      'userName',
      'name',
      'displayName',
      'emails',
      'active',
      'externalId',
    ]),
    schema(GROUP_SCHEMA, 'Group', ['displayName', 'members', 'externalId']),
  ];
  return {
    schemas: [SCIM_LIST_SCHEMA],
    totalResults: resources.length,
    Resources: resources,
    startIndex: 1,
    itemsPerPage: resources.length,
  };
}

const BASE = '^\\/ng\\/api\\/scim\\/account\\/([^/]+)';

export function scimGroupRoutes(core: EmulatorCore): Route[] {
  const groups = new RegExp(`${BASE}\\/Groups$`);
  const group = new RegExp(`${BASE}\\/Groups\\/([^/]+)$`);
  const staticDoc =
    (doc: () => unknown) =>
    async (ctx: RequestContext): Promise<Reply> => {
      await authenticateScim(core, ctx);
      return scimReply(ctx, 200, doc());
    };
  return [
    {
      method: 'GET',
      pattern: new RegExp(`${BASE}\\/ServiceProviderConfig$`),
      handle: staticDoc(() => SERVICE_PROVIDER_CONFIG),
    },
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
