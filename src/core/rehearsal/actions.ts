/**
 * What each of the twelve steps sends and what it checks in Harness's answer. A step returns the
 * line the report shows, or throws: a HarnessApiError from the call, or a `StepFailure` when the
 * answer is not what an identity provider relies on (a filter ignored, a member not added…).
 */
import { HarnessApiError, type CallOptions } from '../harness';
import type { ScimPort } from './cleanup';
import type { RehearsalIdentities } from './identities';
import type { RehearsalProblem, RehearsalStepId } from './types';

export class StepFailure extends Error {
  override readonly name = 'StepFailure';
  constructor(
    readonly problem: RehearsalProblem,
    message: string,
    readonly fix: string,
  ) {
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
  /** What the steps saw that the findings report. */
  seen: Observations;
}

const REPORT = 'Run again; if it persists, report it with the log: identity providers rely on this behaviour.';

function need(value: string | undefined, what: string): string {
  if (value === undefined) throw new StepFailure('unexpected-answer', `No ${what} from an earlier step.`, REPORT);
  return value;
}

/**
 * An `eq` filter whose value survives Harness's second URL-decoding: `%` and `+` are escaped once
 * more, so `+` reaches the comparison as `+` and not as a space (harness-core 1dcec145
 * 400-rest/src/main/java/software/wings/scim/ScimUserServiceImpl.java:223; groups
 * 120-ng-manager/src/main/java/io/harness/ng/scim/NGScimGroupServiceImpl.java:97).
 */
export function harnessEqFilter(attribute: string, value: string): string {
  return `${attribute} eq "${value.replace(/%/g, '%25').replace(/\+/g, '%2B')}"`;
}

/** What the change step saw, for the findings. */
export interface Observations {
  /** userName and emails[0] Harness answered for the user created with userName = the test address. */
  createdUserName?: string;
  /** The group id Harness made from the test group's name. */
  groupId?: string;
  /** Step 5 also sent `name.givenName` and `externalId`: were they applied? */
  givenNameApplied?: boolean;
  externalIdAfterPatch?: string | null;
  /** Step 11's status and step 12's finding. */
  deactivationStatus?: number;
  userGoneAfterDeactivation?: boolean;
}

export const ACTIONS: Readonly<Record<RehearsalStepId, (c: ActionContext) => Promise<string>>> = {
  serviceProviderConfig: async (c) => {
    const config = await c.scim.serviceProviderConfig(c.token, c.call);
    const patch = config.patch.supported ? 'PATCH supported' : 'PATCH not supported (unexpected: Harness supports it)';
    return `Harness accepted the token. ${patch}, filter ${config.filter.supported ? 'supported' : 'not supported'}, bulk ${config.bulk.supported ? 'supported' : 'not supported'}.`;
  },

  findUser: async (c) => {
    const name = c.ids.userName;
    const list = await c.scim.listUsers(c.token, { filter: harnessEqFilter('userName', name) }, c.call);
    const same = list.Resources.filter((u) => u.userName?.toLowerCase() === name);
    if (same.length > 0) {
      throw new StepFailure(
        'name-taken',
        `A user named ${name} already exists (id ${same[0]?.id ?? '?'}); the rehearsal will not touch it.`,
        'Run again: the next run picks a new unique name.',
      );
    }
    if (list.Resources.length > 0) {
      throw new StepFailure(
        'unexpected-answer',
        `Harness ignored the filter: it answered ${list.Resources.length} other user(s) for userName eq "${name}".`,
        "Identity providers rely on this filter to avoid creating duplicates. Check the base URL points at Harness's SCIM API.",
      );
    }
    return 'No user has the test name, as expected.';
  },

  createUser: async (c) => {
    const name = c.ids.userName;
    await c.log.intend('user', name);
    const user = await c.scim.createUser(
      c.token,
      {
        userName: name,
        displayName: 'SCIM Rehearsal',
        name: { givenName: 'SCIM', familyName: 'Rehearsal' },
        emails: [{ value: name, primary: true, type: 'work' }],
        active: true,
        externalId: c.ids.externalId,
      },
      c.call,
    );
    // Harness answers the user it created, userName = its e-mail lower-cased (HC
    // 120-ng-manager/src/main/java/io/harness/ng/scim/NGScimUserServiceImpl.java:442). An answer naming
    // anyone else is not acted on: later steps rename and deactivate (delete) whatever id this gives.
    if (user.userName?.toLowerCase() !== name) {
      throw new StepFailure(
        'unexpected-answer',
        `Harness answered the create with another user (userName ${JSON.stringify(user.userName ?? null)}, id ${user.id}), not ${name}; the rehearsal will not touch it.`,
        REPORT,
      );
    }
    c.userId = user.id;
    await c.log.created('user', name, user.id);
    c.seen.createdUserName = user.userName;
    return `Invited the test user ${name} (id ${user.id}).`;
  },

  getUser: async (c) => {
    const id = need(c.userId, 'user id');
    const user = await c.scim.getUser(c.token, id, c.call);
    if (user.id !== id || user.userName?.toLowerCase() !== c.ids.userName) {
      throw new StepFailure(
        'unexpected-answer',
        `Harness answered another user (id ${user.id}, userName ${JSON.stringify(user.userName ?? null)}) for id ${id}.`,
        REPORT,
      );
    }
    return `Harness returned the test user (userName ${user.userName ?? '(none)'}, active ${String(user.active ?? '(not given)')}).`;
  },

  renameUser: async (c) => {
    const id = need(c.userId, 'user id');
    const shown = c.ids.renamedDisplayName;
    // displayName is what Harness stores; the other two operations show what it ignores (findings).
    const user = await c.scim.patchUser(
      c.token,
      id,
      [
        { op: 'replace', path: 'displayName', value: shown },
        { op: 'replace', path: 'name.givenName', value: 'Renamed' },
        { op: 'replace', path: 'externalId', value: `${c.ids.externalId}-changed` },
      ],
      c.call,
    );
    if (user === undefined) throw new StepFailure('unexpected-answer', 'Harness answered without the user.', REPORT);
    if (user.displayName !== shown) {
      throw new StepFailure(
        'unexpected-answer',
        `Harness accepted the PATCH but answered displayName ${JSON.stringify(user.displayName ?? null)}, not "${shown}".`,
        REPORT,
      );
    }
    c.seen.givenNameApplied = user.name?.givenName === 'Renamed';
    c.seen.externalIdAfterPatch = user.externalId ?? null;
    return `The display name is now "${shown}".`;
  },

  createGroup: async (c) => {
    const name = c.ids.groupName;
    await c.log.intend('group', name);
    const group = await c.scim.createGroup(c.token, { displayName: name }, c.call);
    // Harness answers the group it made, displayName = the name sent (HC
    // 120-ng-manager/src/main/java/io/harness/ng/scim/NGScimGroupServiceImpl.java:417-427, :450, :156); the
    // 2025 copy may answer an existing group whose name normalises alike (HC2 NGScimGroupServiceImpl.createGroup).
    if (group.displayName !== name) {
      throw new StepFailure(
        'unexpected-answer',
        `Harness answered the create with another group (${JSON.stringify(group.displayName ?? null)}, id ${group.id}), not ${name}; the rehearsal will not touch it.`,
        REPORT,
      );
    }
    c.groupId = group.id;
    c.seen.groupId = group.id;
    await c.log.created('group', name, group.id);
    return `Created the test group ${name} (id ${group.id}).`;
  },

  addMember: async (c) => {
    const groupId = need(c.groupId, 'group id');
    const userId = need(c.userId, 'user id');
    await c.scim.patchGroup(
      c.token,
      groupId,
      [{ op: 'add', path: 'members', value: [{ value: userId, display: c.ids.userName }] }],
      c.call,
    );
    return 'Harness accepted the new member.';
  },

  getGroup: async (c) => {
    const groupId = need(c.groupId, 'group id');
    const userId = need(c.userId, 'user id');
    const group = await c.scim.getGroup(c.token, groupId, c.call);
    const members = group.members ?? [];
    if (!members.some((m) => m.value === userId)) {
      throw new StepFailure(
        'unexpected-answer',
        `The group has ${members.length} member(s), not the test user added in step 7: the membership did not stick.`,
        REPORT,
      );
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

  deactivateUser: async (c) => {
    const id = need(c.userId, 'user id');
    const user = await c.scim.patchUser(c.token, id, [{ op: 'replace', path: 'active', value: false }], c.call);
    if (user === undefined)
      return 'Harness accepted the deactivation without a body: it deleted the user (step 12 checks).';
    if (user.active !== false)
      throw new StepFailure(
        'unexpected-answer',
        `Harness accepted the PATCH but the user is still active (${String(user.active)}).`,
        REPORT,
      );
    return 'Harness answered the user deactivated, not deleted (step 12 checks).';
  },

  confirmUserDeleted: async (c) => {
    const id = need(c.userId, 'user id');
    try {
      const user = await c.scim.getUser(c.token, id, c.call);
      c.seen.userGoneAfterDeactivation = false;
      return `Harness kept the deactivated user (active ${String(user.active)}); the cleanup deletes it.`;
    } catch (e) {
      if (!(e instanceof HarnessApiError) || e.httpStatus !== 404) throw e;
      // The 404 is this step's expected answer: report it as the step's status.
      c.call.observe?.({ status: 404, attempts: 1 });
    }
    c.seen.userGoneAfterDeactivation = true;
    await c.log.gone('user', c.ids.userName);
    return 'The user is gone: deactivating it deleted it, with its group memberships and role bindings.';
  },
};
