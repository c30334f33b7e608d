/**
 * Deleting what the rehearsal created: this run's objects after a failure, or a previous run's
 * recorded leftovers. Only two kinds of object are ever deleted: one whose id the rehearsal
 * recorded from its own create, and one found by its unique reserved name (when a create was sent
 * but its answer lost). Anything whose name does not match the rehearsal's pattern is not touched.
 */
import { HarnessApiError, isPathSegment, type ScimClient, type ScimGroup, type ScimUser } from '../harness';
import { harnessEqFilter } from './actions';
import { isRehearsalName } from './identities';
import { forget, type RehearsalTarget } from './store';
import type { CleanupAction, LeftoversStore, RehearsalLeftover } from './types';

/** The SCIM calls the rehearsal makes; `ScimClient` provides them. */
export type ScimPort = Pick<
  ScimClient,
  | 'serviceProviderConfig'
  | 'listUsers'
  | 'getUser'
  | 'createUser'
  | 'patchUser'
  | 'deleteUser'
  | 'listGroups'
  | 'getGroup'
  | 'createGroup'
  | 'patchGroup'
  | 'deleteGroup'
>;

export interface CleanupContext {
  scim: ScimPort;
  token: string;
  target: RehearsalTarget;
  store: LeftoversStore;
}

/** Two tries per delete: one lost answer should not leave a user behind; more would only wait longer on an outage. */
const DELETE_TRIES = 2;

export function scimPath(accountId: string, resource: string): string {
  return `/ng/api/scim/account/${encodeURIComponent(accountId)}/${resource}`;
}

function statusOf(e: unknown): number | undefined {
  return e instanceof HarnessApiError ? e.httpStatus : undefined;
}

function short(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type Presence = 'present' | 'gone' | 'unknown';

/** GET first: Harness answers a clean 404 for a user or group that is gone (its DELETE does not). */
async function presence(
  ctx: CleanupContext,
  kind: 'user' | 'group',
  id: string,
): Promise<{ state: Presence; error?: unknown; found?: ScimUser | ScimGroup }> {
  try {
    const found = kind === 'user' ? await ctx.scim.getUser(ctx.token, id) : await ctx.scim.getGroup(ctx.token, id);
    return { state: 'present', found };
  } catch (e) {
    if (statusOf(e) === 404) return { state: 'gone' };
    return { state: 'unknown', error: e };
  }
}

/** The name the server gives the object it answered for `id`, when that is not the test object's. */
function foreignName(
  kind: 'user' | 'group',
  name: string,
  id: string,
  found: ScimUser | ScimGroup,
): string | undefined {
  const ours = found.id === id && (kind === 'user' ? userHasName(found, name) : groupHasName(found, name));
  if (ours) return undefined;
  const theirs = kind === 'user' ? (found as ScimUser).userName : (found as ScimGroup).displayName;
  return `${theirs ?? '(no name)'} (id ${found.id})`;
}

/**
 * Harness's DELETE answers for a thing already gone: a user, 400 INVALID_REQUEST "Invalid request: Token is
 * not valid." (harness-core 1dcec145 400-rest/src/main/java/software/wings/service/impl/UserServiceImpl.java:3442-3446,
 * CG's UnauthorizedException, re-thrown by 970-ng-commons/src/main/java/io/harness/remote/client/CGRestUtils.java:94-104); a group,
 * 401 "Token is not valid." (120-ng-manager/src/main/java/io/harness/ng/scim/NGScimGroupServiceImpl.java:231-233,
 * an UnauthorizedException). Read so only once this token was shown to be accepted by the account.
 */
function goneAnswer(kind: 'user' | 'group', e: unknown): boolean {
  if (!(e instanceof HarnessApiError)) return false;
  if (e.httpStatus === 404) return true;
  if (kind === 'user')
    return e.httpStatus === 400 && (e.code === 'INVALID_REQUEST' || /does not exist/i.test(e.message));
  return e.httpStatus === 401;
}

async function deleteById(
  ctx: CleanupContext,
  kind: 'user' | 'group',
  name: string,
  id: string,
  /**
   * True when the id is known to be the test object without this look-up: a search by the test
   * name just listed it, or this run's create answer named it (checked when it came).
   */
  nameChecked = false,
): Promise<CleanupAction> {
  const resource = `${kind === 'user' ? 'Users' : 'Groups'}/${encodeURIComponent(id)}`;
  const getRequest = `GET ${scimPath(ctx.target.accountId, resource)}`;
  const request = `DELETE ${scimPath(ctx.target.accountId, resource)}`;
  const before = await presence(ctx, kind, id);
  if (before.state === 'gone')
    return {
      kind,
      name,
      id,
      request: getRequest,
      status: 404,
      ok: true,
      message: `The test ${kind} ${name} was already gone.`,
    };
  // The id came from a file or a server: delete only what Harness says is the test object itself.
  const other = before.found === undefined ? undefined : foreignName(kind, name, id, before.found);
  if (other !== undefined) {
    return {
      kind,
      name,
      id,
      request: getRequest,
      status: 200,
      ok: false,
      message: `Id ${id} is the ${kind} ${other}, not the test ${kind} ${name}: not deleted. If the entry is wrong, remove it from the leftovers record.`,
    };
  }
  const refusedStatus = statusOf(before.error);
  // A 401 on the look-up: the token itself is refused, so a DELETE's 401 could not be told apart.
  if (refusedStatus === 401 || (before.error instanceof HarnessApiError && before.error.kind === 'cancelled')) {
    return {
      kind,
      name,
      id,
      request: getRequest,
      status: refusedStatus,
      ok: false,
      message: `Could not check the test ${kind} ${name} (id ${id}): ${short(before.error)}`,
    };
  }
  // The look-up by id said nothing (403, 5xx, a network error): the id is still only a claim. Harness
  // must name it as the test object another way, by a search for the test name, before any DELETE.
  if (before.state === 'unknown' && !nameChecked) {
    const named = await namedIds(ctx, kind, name);
    if (!Array.isArray(named) || !named.includes(id))
      return {
        kind,
        name,
        id,
        request: getRequest,
        status: refusedStatus,
        ok: false,
        message: `Could not confirm that id ${id} is the test ${kind} ${name} (the look-up answered: ${short(before.error)}${Array.isArray(named) ? '; a search by its name does not list this id' : ''}): not deleted.`,
      };
  }
  let last: unknown;
  for (let attempt = 1; attempt <= DELETE_TRIES; attempt++) {
    let status: number | undefined;
    const observe = (a: { status: number }): void => {
      status = a.status;
    };
    try {
      if (kind === 'user') await ctx.scim.deleteUser(ctx.token, id, { observe });
      else await ctx.scim.deleteGroup(ctx.token, id, { observe });
      return { kind, name, id, request, status, ok: true, message: `Deleted the test ${kind} ${name}.` };
    } catch (e) {
      last = e;
      // After the look-up found it (or could not look, 403), these answers mean an earlier try or
      // someone else deleted it meanwhile. A second look settles it: a 404, or a 403 again (the
      // token authenticates, so the 400/401 was Harness's "already gone"). Any other failed look
      // says nothing, and the leftover stays recorded.
      if (goneAnswer(kind, e)) {
        const after = await presence(ctx, kind, id);
        if (after.state === 'gone' || statusOf(after.error) === 403) {
          return {
            kind,
            name,
            id,
            request,
            status: statusOf(e),
            ok: true,
            message: `The test ${kind} ${name} was already gone.`,
          };
        }
      }
      const s = statusOf(e);
      if (s === 401 || s === 403 || (e instanceof HarnessApiError && e.kind === 'cancelled')) break;
    }
  }
  return {
    kind,
    name,
    id,
    request,
    status: statusOf(last),
    ok: false,
    message: `Could not delete the test ${kind} ${name} (id ${id}): ${short(last)}`,
  };
}

function userHasName(u: ScimUser, name: string): boolean {
  return (
    u.userName?.toLowerCase() === name.toLowerCase() ||
    (u.emails ?? []).some((e) => e.value.toLowerCase() === name.toLowerCase())
  );
}

function groupHasName(g: ScimGroup, name: string): boolean {
  return g.displayName === name;
}

/** A create whose answer was lost: look the object up by its unique name and delete exact matches only. */
async function deleteByName(ctx: CleanupContext, kind: 'user' | 'group', name: string): Promise<CleanupAction[]> {
  // Harness stores userName lower-cased and compares case-sensitively; escaped for its second URL-decoding.
  const filter =
    kind === 'user' ? harnessEqFilter('userName', name.toLowerCase()) : harnessEqFilter('displayName', name);
  const request = `GET ${scimPath(ctx.target.accountId, kind === 'user' ? 'Users' : 'Groups')}?filter=${filter}`;
  const ids = await namedIds(ctx, kind, name);
  if (!Array.isArray(ids)) {
    const e = ids.error;
    return [
      {
        kind,
        name,
        id: undefined,
        request,
        status: statusOf(e),
        ok: false,
        message: `Could not look for the test ${kind} ${name}: ${short(e)}`,
      },
    ];
  }
  if (ids.length === 0)
    return [
      {
        kind,
        name,
        id: undefined,
        request,
        status: 200,
        ok: true,
        message: `No test ${kind} named ${name} exists: never created, or already deleted.`,
      },
    ];
  const actions: CleanupAction[] = [];
  for (const id of ids) actions.push(await deleteById(ctx, kind, name, id, true));
  return actions;
}

/** The ids Harness lists under the test name (exact name matches only), or the look-up's failure. */
async function namedIds(
  ctx: CleanupContext,
  kind: 'user' | 'group',
  name: string,
): Promise<string[] | { error: unknown }> {
  // Harness stores userName lower-cased and compares case-sensitively; escaped for its second URL-decoding.
  const filter =
    kind === 'user' ? harnessEqFilter('userName', name.toLowerCase()) : harnessEqFilter('displayName', name);
  try {
    return kind === 'user'
      ? (await ctx.scim.listUsers(ctx.token, { filter })).Resources.filter((u) => userHasName(u, name))
          .map((u) => u.id)
          .filter(isPathSegment)
      : (await ctx.scim.listGroups(ctx.token, { filter })).Resources.filter((g) => groupHasName(g, name))
          .map((g) => g.id)
          .filter(isPathSegment);
  } catch (e) {
    return { error: e };
  }
}

/** Deletes one recorded object and, when it is gone, drops it from the store. */
export async function removeLeftover(
  ctx: CleanupContext,
  leftover: Pick<RehearsalLeftover, 'kind' | 'name' | 'id'>,
  /** The id came from this run's own create answer, not from a store or an earlier run. */
  proven = false,
): Promise<CleanupAction[]> {
  const { kind, name, id } = leftover;
  if (!isRehearsalName(kind, name)) {
    // Not a name this tool gives: whoever wrote it, the object is not ours to delete.
    await forget(ctx.store, { kind, name, ...ctx.target }).catch(() => undefined);
    return [
      {
        kind,
        name,
        id,
        request: '(none)',
        status: undefined,
        ok: true,
        message: `Ignored a stored entry named ${name}: not a rehearsal name, so it was not touched.`,
      },
    ];
  }
  // An id that is not one path segment ('', '.', '..') would address another path: look it up by name instead.
  const actions =
    id !== undefined && isPathSegment(id)
      ? [await deleteById(ctx, kind, name, id, proven)]
      : await deleteByName(ctx, kind, name);
  if (actions.every((a) => a.ok)) {
    // The object is gone whatever the store says; a store that cannot be written only means a
    // harmless "already gone" next time.
    await forget(ctx.store, { kind, name, ...ctx.target }).catch(() => undefined);
  }
  return actions;
}

export interface LeftoverRemoval {
  actions: CleanupAction[];
  /** What is still there (its delete failed). */
  remaining: RehearsalLeftover[];
}

/** Removes leftovers newest first, so a group goes before the user who was its member. */
export async function removeLeftoverList(
  ctx: CleanupContext,
  leftovers: readonly RehearsalLeftover[],
  /** The ids came from this run's own create answers (see removeLeftover). */
  proven = false,
): Promise<LeftoverRemoval> {
  const actions: CleanupAction[] = [];
  const remaining: RehearsalLeftover[] = [];
  for (const leftover of [...leftovers].reverse()) {
    const done = await removeLeftover(ctx, leftover, proven);
    actions.push(...done);
    if (!done.every((a) => a.ok)) remaining.unshift(leftover);
  }
  return { actions, remaining };
}
