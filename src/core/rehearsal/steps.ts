/**
 * The twelve calls of the rehearsal, what each one exercises, and the Harness source each relies on
 * (harness-core 1dcec145, "HC"; paths under 120-ng-manager/src/main/java/io/harness/ng/scim/). Texts
 * here end up in the report; the engine in `run.ts` only sequences them.
 *
 * Deactivation is last: Harness deletes a deactivated user (NGScimUserServiceImpl.java:338-355), so
 * the group and membership steps run while the user exists, and step 12 reads the user back to
 * prove the deletion (GET answers 404 for a user that is gone, NGScimUserServiceImpl.java:159-174).
 *
 * Sources per step: 1 resource/NGScimStaticResource.java:32-44 (no permission check); 2
 * resource/NGScimUserResource.java:187-188 and HC 400-rest/src/main/java/software/wings/scim/ScimUserServiceImpl.java:221-256;
 * 3 resource/NGScimUserResource.java:98-109, NGScimUserServiceImpl.java:119-140 and
 * HC 120-ng-manager/src/main/java/io/harness/ng/core/invites/api/impl/InviteServiceImpl.java:217-218; 4
 * resource/NGScimUserResource.java:153-166; 5 NGScimUserServiceImpl.java:357-416 (displayName, active,
 * userName only); 6 resource/NGScimGroupResource.java:63-76, NGScimGroupServiceImpl.java:413-450; 7
 * NGScimGroupServiceImpl.java:313-316, :348-361; 8 NGScimGroupServiceImpl.java:152-192, :399-411; 9
 * NGScimGroupServiceImpl.java:318-321, :363-371 (path `members[value eq "<id>"]`); 10
 * resource/NGScimGroupResource.java:106-113; 11 NGScimUserServiceImpl.java:338-355, :368-380, :257-259;
 * 12 NGScimUserServiceImpl.java:159-174, resource/NGScimUserResource.java:159-166.
 */
import type { RehearsalStepId } from './types';

export interface StepDefinition {
  step: number;
  id: RehearsalStepId;
  title: string;
  /** The success status Harness's source gives; another 2xx passes with a note. */
  expectedStatus: number;
  /** What Harness checks for this call; empty when it only authenticates. */
  permissions: readonly string[];
  /** What an identity provider is doing when it makes this call; failure messages use it. */
  idpAction: string;
  /** Harness behaviour this step relies on that its source does not settle. */
  inferred: readonly string[];
}

export const STEPS: readonly StepDefinition[] = [
  {
    step: 1,
    expectedStatus: 200,
    id: 'serviceProviderConfig',
    title: 'ServiceProviderConfig',
    permissions: [],
    idpAction: 'tests the connection ("Test Connection" in the provisioning settings)',
    inferred: [],
  },
  {
    step: 2,
    expectedStatus: 200,
    id: 'findUser',
    title: 'Find the test user by userName (none expected)',
    permissions: ['core_user_view'],
    idpAction: 'looks a user up before creating them, to avoid duplicates',
    inferred: [],
  },
  {
    step: 3,
    expectedStatus: 201,
    id: 'createUser',
    title: 'Create the test user (an invitation)',
    permissions: ['core_user_manage', 'core_user_invite'],
    idpAction: 'pushes a newly assigned user',
    inferred: [],
  },
  {
    step: 4,
    expectedStatus: 200,
    id: 'getUser',
    title: 'Read the test user back',
    permissions: ['core_user_view'],
    idpAction: 'reads a user it provisioned, to compare attributes',
    inferred: [],
  },
  {
    step: 5,
    expectedStatus: 200,
    id: 'renameUser',
    title: 'PATCH the user: replace displayName',
    permissions: ['core_user_manage'],
    idpAction: 'pushes a changed attribute of a user',
    inferred: [],
  },
  {
    step: 6,
    expectedStatus: 201,
    id: 'createGroup',
    title: 'Create the test group',
    permissions: ['core_usergroup_manage'],
    idpAction: 'pushes a group',
    inferred: [],
  },
  {
    step: 7,
    expectedStatus: 204,
    id: 'addMember',
    title: 'PATCH the group: add the user',
    permissions: ['core_usergroup_manage'],
    idpAction: 'adds a member to a pushed group',
    inferred: [],
  },
  {
    step: 8,
    expectedStatus: 200,
    id: 'getGroup',
    title: 'Read the group back with its member',
    permissions: ['core_usergroup_view'],
    idpAction: 'reads a group it pushed, to compare members',
    inferred: [],
  },
  {
    step: 9,
    expectedStatus: 204,
    id: 'removeMember',
    title: 'PATCH the group: remove the user',
    permissions: ['core_usergroup_manage'],
    idpAction: 'removes a member from a pushed group',
    inferred: [],
  },
  {
    step: 10,
    expectedStatus: 204,
    id: 'deleteGroup',
    title: 'Delete the test group',
    permissions: ['core_usergroup_manage'],
    idpAction: 'deletes a group that is no longer pushed',
    inferred: [],
  },
  {
    step: 11,
    expectedStatus: 204,
    id: 'deactivateUser',
    title: 'PATCH the user: active false',
    permissions: ['core_user_manage'],
    idpAction: 'deactivates a user who was unassigned or left',
    inferred: [],
  },
  {
    step: 12,
    expectedStatus: 404,
    id: 'confirmUserDeleted',
    title: 'Read the user again: gone (404)',
    permissions: ['core_user_view'],
    idpAction: 'reads a user it deactivated',
    inferred: [],
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
