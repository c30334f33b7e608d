/**
 * What each of the twelve steps sends and what it checks in Harness's answer. A step returns the
 * line the report shows, or throws: a HarnessApiError from the call, or a `StepFailure` when the
 * answer is not what an identity provider relies on (a filter ignored, a member not added…).
 */
import type { CallOptions } from '../harness';
import type { ScimPort } from './cleanup';
import type { RehearsalIdentities } from './identities';
import type { RehearsalProblem, RehearsalStepId } from './types';

export class StepFailure extends Error {
  override readonly name = 'StepFailure';
  constructor(readonly problem: RehearsalProblem, message: string, readonly fix: string) {
    super(message);
  }
}

/** Records what is about to be created and what was: the run's side of crash-safe cleanup. */
export interface CreationLog {
  intend(kind: 'user' | 'group', name: string): Promise<void>;
  created(kind: 'user' | 'group', name: string, id: string): Promise<void>;
  gone(kind: 'user' | 'group', name: string): Promise<void>;
}

export interface ActionContext {
  scim: ScimPort;
  token: string;
  ids: RehearsalIdentities;
  log: CreationLog;
  call: CallOptions;
  /** Filled in as the run goes. */
  userId?: string;
  groupId?: string;
}

const REPORT = 'Run again; if it persists, report it with the log: identity providers rely on this behaviour.';

function need(value: string | undefined, what: string): string {
  if (value === undefined) throw new StepFailure('unexpected-answer', `No ${what} from an earlier step.`, REPORT);
  return value;
}

export const ACTIONS: Readonly<Record<RehearsalStepId, (c: ActionContext) => Promise<string>>> = {
  serviceProviderConfig: async (c) => {
    const config = await c.scim.serviceProviderConfig(c.token, c.call);
    const patch = config.patch.supported ? 'PATCH supported' : 'PATCH not supported (unexpected: Harness supports it)';
    return `Harness accepted the token. ${patch}, filter ${config.filter.supported ? 'supported' : 'not supported'}, bulk ${config.bulk.supported ? 'supported' : 'not supported'}.`;
  },

  findUser: async (c) => {
    const name = c.ids.userName;
    const list = await c.scim.listUsers(c.token, { filter: `userName eq "${name}"` }, c.call);
    const same = list.Resources.filter((u) => u.userName === name || (u.emails ?? []).some((e) => e.value === name));
    if (same.length > 0) {
      throw new StepFailure('name-taken', `A user named ${name} already exists (id ${same[0]?.id ?? '?'}); the rehearsal did not create it this run and will not touch it.`,
        'Run again: the next run picks a new unique name.');
    }
    if (list.Resources.length > 0) {
      throw new StepFailure('unexpected-answer', `Harness ignored the filter: it answered ${list.Resources.length} other user(s) for userName eq "${name}".`,
        'Identity providers rely on this filter to avoid creating duplicates. Check the base URL points at Harness\'s SCIM API.');
    }
    return 'No user has the test name, as expected: the filter works and the account has no leftover from an earlier rehearsal under this name.';
  },

  createUser: async (c) => {
    const name = c.ids.userName;
    await c.log.intend('user', name);
    const user = await c.scim.createUser(c.token, {
      userName: name, displayName: 'SCIM Rehearsal', name: { givenName: 'SCIM', familyName: 'Rehearsal' },
      emails: [{ value: name, primary: true, type: 'work' }], active: true,
    }, c.call);
    c.userId = user.id;
    await c.log.created('user', name, user.id);
    return `Created the test user ${name} (id ${user.id}).`;
  },

  getUser: async (c) => {
    const id = need(c.userId, 'user id');
    const user = await c.scim.getUser(c.token, id, c.call);
    if (user.id !== id) throw new StepFailure('unexpected-answer', `Harness answered another user (id ${user.id}) for id ${id}.`, REPORT);
    return `Harness returned the test user (userName ${user.userName ?? '(none)'}, active ${String(user.active ?? '(not given)')}).`;
  },

  renameUser: async (c) => {
    const id = need(c.userId, 'user id');
    const given = c.ids.renamedGivenName;
    const user = await c.scim.patchUser(c.token, id, [{ op: 'replace', path: 'name.givenName', value: given }], c.call);
    if (user === undefined) return 'Harness accepted the change and answered without a body.';
    if (user.name?.givenName !== given) {
      throw new StepFailure('unexpected-answer', `Harness accepted the PATCH but answered givenName ${JSON.stringify(user.name?.givenName ?? null)}, not "${given}".`, REPORT);
    }
    return `The given name is now "${given}".`;
  },

  deactivateUser: async (c) => {
    const id = need(c.userId, 'user id');
    const user = await c.scim.patchUser(c.token, id, [{ op: 'replace', path: 'active', value: false }], c.call);
    if (user === undefined) return 'Harness accepted the deactivation and answered without a body.';
    if (user.active !== false) throw new StepFailure('unexpected-answer', `Harness accepted the PATCH but the user is still active (${String(user.active)}).`, REPORT);
    return 'The test user is deactivated (active false).';
  },

  createGroup: async (c) => {
    const name = c.ids.groupName;
    await c.log.intend('group', name);
    const group = await c.scim.createGroup(c.token, { displayName: name }, c.call);
    c.groupId = group.id;
    await c.log.created('group', name, group.id);
    return `Created the test group ${name} (id ${group.id}).`;
  },

  addMember: async (c) => {
    const groupId = need(c.groupId, 'group id');
    const userId = need(c.userId, 'user id');
    await c.scim.patchGroup(c.token, groupId, [{ op: 'add', path: 'members', value: [{ value: userId, display: c.ids.userName }] }], c.call);
    return 'Harness accepted the new member.';
  },

  getGroup: async (c) => {
    const groupId = need(c.groupId, 'group id');
    const userId = need(c.userId, 'user id');
    const group = await c.scim.getGroup(c.token, groupId, c.call);
    const members = group.members ?? [];
    if (!members.some((m) => m.value === userId)) {
      throw new StepFailure('unexpected-answer', `The group has ${members.length} member(s), not the test user added in step 8: the membership did not stick.`, REPORT);
    }
    return `The group lists the test user as a member (${members.length} member(s)).`;
  },

  removeMember: async (c) => {
    const groupId = need(c.groupId, 'group id');
    const userId = need(c.userId, 'user id');
    await c.scim.patchGroup(c.token, groupId, [{ op: 'remove', path: `members[value eq "${userId}"]` }], c.call);
    return 'Harness accepted the removal of the member.';
  },

  deleteGroup: async (c) => {
    const groupId = need(c.groupId, 'group id');
    await c.scim.deleteGroup(c.token, groupId, c.call);
    await c.log.gone('group', c.ids.groupName);
    return 'Deleted the test group.';
  },

  deleteUser: async (c) => {
    const userId = need(c.userId, 'user id');
    await c.scim.deleteUser(c.token, userId, c.call);
    await c.log.gone('user', c.ids.userName);
    return 'Deleted the test user.';
  },
};
