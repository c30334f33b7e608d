/**
 * Deleting what the rehearsal created: this run's objects after a failure, or a previous run's
 * recorded leftovers. Only two kinds of object are ever deleted: one whose id the rehearsal
 * recorded from its own create, and one found by its unique reserved name (when a create was sent
 * but its answer lost). Anything whose name does not match the rehearsal's pattern is not touched.
 */
import { HarnessApiError, type ScimClient, type ScimGroup, type ScimUser } from '../harness';
import { isRehearsalName } from './identities';
import { forget, type RehearsalTarget } from './store';
import type { CleanupAction, LeftoversStore, RehearsalLeftover } from './types';

/** The SCIM calls the rehearsal makes; `ScimClient` provides them. */
export type ScimPort = Pick<
  ScimClient,
  'serviceProviderConfig' | 'listUsers' | 'getUser' | 'createUser' | 'patchUser' | 'deleteUser' | 'listGroups' | 'getGroup' | 'createGroup' | 'patchGroup' | 'deleteGroup'
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

function hopeless(e: unknown): boolean {
  const s = statusOf(e);
  return s === 401 || s === 403 || (e instanceof HarnessApiError && e.kind === 'cancelled');
}

function short(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function deleteById(ctx: CleanupContext, kind: 'user' | 'group', name: string, id: string): Promise<CleanupAction> {
  const resource = `${kind === 'user' ? 'Users' : 'Groups'}/${encodeURIComponent(id)}`;
  const request = `DELETE ${scimPath(ctx.target.accountId, resource)}`;
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
      // Already gone is what cleanup wants; Harness's answer for an unknown id is not documented.
      if (statusOf(e) === 404) return { kind, name, id, request, status: 404, ok: true, message: `The test ${kind} ${name} was already gone.` };
      if (hopeless(e)) break;
    }
  }
  return { kind, name, id, request, status: statusOf(last), ok: false, message: `Could not delete the test ${kind} ${name} (id ${id}): ${short(last)}` };
}

function userHasName(u: ScimUser, name: string): boolean {
  return u.userName === name || (u.emails ?? []).some((e) => e.value === name);
}

function groupHasName(g: ScimGroup, name: string): boolean {
  return g.displayName === name;
}

/** A create whose answer was lost: look the object up by its unique name and delete exact matches only. */
async function deleteByName(ctx: CleanupContext, kind: 'user' | 'group', name: string): Promise<CleanupAction[]> {
  const attr = kind === 'user' ? 'userName' : 'displayName';
  const filter = `${attr} eq "${name}"`;
  const request = `GET ${scimPath(ctx.target.accountId, kind === 'user' ? 'Users' : 'Groups')}?filter=${filter}`;
  let ids: string[];
  try {
    ids = kind === 'user'
      ? (await ctx.scim.listUsers(ctx.token, { filter })).Resources.filter((u) => userHasName(u, name)).map((u) => u.id)
      : (await ctx.scim.listGroups(ctx.token, { filter })).Resources.filter((g) => groupHasName(g, name)).map((g) => g.id);
  } catch (e) {
    return [{ kind, name, id: undefined, request, status: statusOf(e), ok: false, message: `Could not look for the test ${kind} ${name}: ${short(e)}` }];
  }
  if (ids.length === 0) return [{ kind, name, id: undefined, request, status: 200, ok: true, message: `No test ${kind} named ${name} exists: the create never took effect.` }];
  const actions: CleanupAction[] = [];
  for (const id of ids) actions.push(await deleteById(ctx, kind, name, id));
  return actions;
}

/** Deletes one recorded object and, when it is gone, drops it from the store. */
export async function removeLeftover(ctx: CleanupContext, leftover: Pick<RehearsalLeftover, 'kind' | 'name' | 'id'>): Promise<CleanupAction[]> {
  const { kind, name, id } = leftover;
  if (!isRehearsalName(kind, name)) {
    // Not a name this tool gives: whoever wrote it, the object is not ours to delete.
    await forget(ctx.store, { kind, name, ...ctx.target }).catch(() => undefined);
    return [{ kind, name, id, request: '(none)', status: undefined, ok: true, message: `Ignored a stored entry named ${name}: not a rehearsal name, so it was not touched.` }];
  }
  const actions = id !== undefined ? [await deleteById(ctx, kind, name, id)] : await deleteByName(ctx, kind, name);
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
export async function removeLeftoverList(ctx: CleanupContext, leftovers: readonly RehearsalLeftover[]): Promise<LeftoverRemoval> {
  const actions: CleanupAction[] = [];
  const remaining: RehearsalLeftover[] = [];
  for (const leftover of [...leftovers].reverse()) {
    const done = await removeLeftover(ctx, leftover);
    actions.push(...done);
    if (!done.every((a) => a.ok)) remaining.unshift(leftover);
  }
  return { actions, remaining };
}
