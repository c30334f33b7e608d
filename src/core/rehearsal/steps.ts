/**
 * The twelve calls of the rehearsal, what each one exercises, and where what Harness does is
 * inferred rather than documented (docs/harness-contract.md, "Service accounts and RBAC" and "SCIM API"). Texts here end up in the
 * report; the engine in `run.ts` only sequences them.
 */
import type { RehearsalStepId } from './types';

export interface StepDefinition {
  step: number;
  id: RehearsalStepId;
  title: string;
  /** The success status the contract gives; another 2xx passes with a note. */
  expectedStatus: number;
  /** What Harness checks for this call; empty when it only authenticates. */
  permissions: readonly string[];
  /** What an identity provider is doing when it makes this call; failure messages use it. */
  idpAction: string;
  /** Harness behaviour this step relies on that the contract infers rather than documents. */
  inferred: readonly string[];
}

const DELETE_UNKNOWN =
  'What Harness answers for an id that is already gone is not documented; the emulator answers 204 and the cleanup treats 404 as "already gone" (inferred).';

export const STEPS: readonly StepDefinition[] = [
  {
    step: 1, expectedStatus: 200, id: 'serviceProviderConfig', title: 'ServiceProviderConfig', permissions: [],
    idpAction: 'tests the connection ("Test Connection" in the provisioning settings)',
    inferred: [],
  },
  {
    step: 2, expectedStatus: 200, id: 'findUser', title: 'Find the test user by userName (none expected)', permissions: ['core_user_view'],
    idpAction: 'looks a user up before creating them, to avoid duplicates',
    inferred: ['Harness matches any `eq` filter against the user\'s email, whatever the attribute, and lists only users provisioned through SCIM (read from server code).'],
  },
  {
    step: 3, expectedStatus: 201, id: 'createUser', title: 'Create the test user (active)', permissions: ['core_user_manage', 'core_user_invite'],
    idpAction: 'pushes a newly assigned user',
    inferred: [
      'The contract lists core_user_manage for POST Users; Harness\'s setup guide also requires Users: Invite, and adding a user to an account is an invitation, so a 403 here may mean either (inferred).',
      'Harness may send an invitation e-mail; the address is under example.com (RFC 2606), which goes nowhere.',
    ],
  },
  {
    step: 4, expectedStatus: 200, id: 'getUser', title: 'Read the test user back', permissions: ['core_user_view'],
    idpAction: 'reads a user it provisioned, to compare attributes',
    inferred: [],
  },
  {
    step: 5, expectedStatus: 200, id: 'renameUser', title: 'PATCH the user: replace name.givenName', permissions: ['core_user_manage'],
    idpAction: 'pushes a changed attribute of a user',
    inferred: ['PATCH Users errors are Harness ErrorDTOs, not SCIM errors; the code for an unknown user is not documented (inferred).'],
  },
  {
    step: 6, expectedStatus: 200, id: 'deactivateUser', title: 'PATCH the user: active false', permissions: ['core_user_manage'],
    idpAction: 'deactivates a user who was unassigned or left',
    inferred: ['Whether Harness keeps a deactivated user in the account or removes it is not documented; step 12 deletes it either way.'],
  },
  {
    step: 7, expectedStatus: 201, id: 'createGroup', title: 'Create the test group', permissions: ['core_usergroup_manage'],
    idpAction: 'pushes a group',
    inferred: [],
  },
  {
    step: 8, expectedStatus: 204, id: 'addMember', title: 'PATCH the group: add the user', permissions: ['core_usergroup_manage'],
    idpAction: 'adds a member to a pushed group',
    inferred: [],
  },
  {
    step: 9, expectedStatus: 200, id: 'getGroup', title: 'Read the group back with its member', permissions: ['core_usergroup_view'],
    idpAction: 'reads a group it pushed, to compare members',
    inferred: [],
  },
  {
    step: 10, expectedStatus: 204, id: 'removeMember', title: 'PATCH the group: remove the user', permissions: ['core_usergroup_manage'],
    idpAction: 'removes a member from a pushed group',
    inferred: ['Removal by the RFC 7644 path `members[value eq "<id>"]` is what identity providers send; Harness\'s support for it is read from server code (inferred).'],
  },
  {
    step: 11, expectedStatus: 204, id: 'deleteGroup', title: 'Delete the test group', permissions: ['core_usergroup_manage'],
    idpAction: 'deletes a group that is no longer pushed',
    inferred: [DELETE_UNKNOWN],
  },
  {
    step: 12, expectedStatus: 204, id: 'deleteUser', title: 'Delete the test user', permissions: ['core_user_manage'],
    idpAction: 'deletes a user',
    inferred: [DELETE_UNKNOWN],
  },
];

export function stepDefinition(id: RehearsalStepId): StepDefinition {
  const def = STEPS.find((s) => s.id === id);
  if (!def) throw new Error(`unknown rehearsal step ${id}`);
  return def;
}

/** How a step's permissions read in the report. */
export function permissionLabel(def: StepDefinition): string {
  return def.permissions.length === 0 ? 'none (authentication only)' : def.permissions.join(' + ');
}
