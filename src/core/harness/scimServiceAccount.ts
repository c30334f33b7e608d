/**
 * "Create a service account for SCIM": the service account, a role holding exactly the five SCIM
 * permissions (reused when it already exists) and the assignment of that role on the account-level
 * resource group. Each step reports what it did; a failure names the steps that were done, so
 * nothing half-made is left unexplained, and running again reuses them.
 *
 * Harness's answers this is written against (harness-core 1dcec145):
 * - a role that does not exist is a 400 FailureDTO RESOURCE_NOT_FOUND_EXCEPTION, not a 404
 *   (access-control/service/src/main/java/io/harness/accesscontrol/roles/api/RoleResourceImpl.java:129-133);
 * - custom roles are Enterprise-only: elsewhere "[CUSTOM_ROLES] Feature is not enabled" (INVALID_REQUEST)
 *   (access-control RoleResourceImpl.java:153; 925-enforcement-service/src/main/resources/features/platform_features.yml:273-288);
 * - a second identical role assignment is a 500, no longer DUPLICATE_FIELD, since 2023-12-19
 *   (access-control/libs/core/src/main/java/io/harness/accesscontrol/roleassignments/persistence/RoleAssignmentDaoImpl.java:53-57),
 *   so an existing assignment is looked for before the POST.
 */
import { capList } from '../listCap';
import type { CallOptions } from './callOptions';
import type { HarnessClient } from './client';
import { HarnessApiError, isHarnessApiError, isNotFound } from './errors';
import { rolesCoveringScim, SCIM_PERMISSIONS, type RoleOffer } from './permissions';

export const SCIM_ROLE_ID = 'scim_jwt_provisioner';
export const SCIM_RESOURCE_GROUP = '_all_account_level_resources';

export type ProvisionStepId = 'service-account' | 'role' | 'role-assignment';

export interface ProvisionStep {
  id: ProvisionStepId;
  status: 'created' | 'reused' | 'failed';
  message: string;
  /** The identifier of the service account, role or (for an assignment) role assigned. */
  resource?: string;
}

export interface ProvisionRequest {
  identifier: string;
  name: string;
  email: string;
}

export interface ProvisionOptions extends CallOptions {
  /**
   * Assign this existing role instead of the custom SCIM role. It must hold the five SCIM
   * permissions; what else it grants is reported in `role.extra`.
   */
  roleIdentifier?: string;
  /**
   * Called when Harness refuses custom roles (plans other than Enterprise) with the existing roles
   * that hold the five, fewest extra permissions first. Return the identifier the user picked, or
   * undefined to stop. Without it, the flow stops with a `ProvisionError` carrying the offers.
   * Nothing broader than the five is ever assigned without this choice.
   */
  chooseRole?: (offers: readonly RoleOffer[]) => Promise<string | undefined>;
}

/** One resource the flow made or found. */
export interface ProvisionedResource {
  identifier: string;
  status: 'created' | 'reused';
}

/**
 * The steps, in order (an array, as before), plus each resource by name: the service account, the
 * role (with any permissions it holds beyond the five) and the assignment.
 */
export type ProvisionResult = ProvisionStep[] & {
  serviceAccount: ProvisionedResource;
  role: ProvisionedResource & { extra: string[] };
  roleAssignment: ProvisionedResource & { roleIdentifier: string; resourceGroupIdentifier: string };
};

export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
  constructor(
    message: string,
    readonly steps: readonly ProvisionStep[],
    override readonly cause: unknown,
    /** When custom roles are not allowed: existing roles that hold the five, with their extras. */
    readonly offers: readonly RoleOffer[] = [],
  ) {
    super(message);
  }
}

/** A Harness identifier from a display name: letters, digits and _, not starting with a digit, at most 128 characters. */
export function identifierFromName(name: string): string {
  const id = name.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return (/^[A-Za-z_]/.test(id) ? id : `sa_${id}`).slice(0, 128);
}

const isDuplicate = (e: unknown): boolean =>
  e instanceof HarnessApiError && (e.code === 'DUPLICATE_FIELD' || /already (present|exists)/i.test(e.serverMessage ?? e.message));

/** Harness's refusal of a custom role on a plan without CUSTOM_ROLES. */
export function isCustomRolesUnavailable(e: unknown): boolean {
  return e instanceof HarnessApiError && /feature is not enabled/i.test(e.serverMessage ?? e.message);
}

/** How an offer reads: the role and what it grants beyond the five. */
export function describeOffer(offer: RoleOffer): string {
  const what = `${offer.name} (${offer.identifier})`;
  return offer.extra.length === 0 ? `${what}: exactly the five SCIM permissions` : `${what}: also grants ${offer.extra.length} more: ${capList(offer.extra)}`;
}

function rethrowIfCancelled(e: unknown): void {
  if (isHarnessApiError(e) && e.kind === 'cancelled') throw e;
  if (e instanceof Error && e.name === 'AbortError') throw e;
}

export async function provisionScimServiceAccount(
  client: HarnessClient,
  request: ProvisionRequest,
  onStep: (step: ProvisionStep) => void = () => undefined,
  options: ProvisionOptions = {},
): Promise<ProvisionResult> {
  const call: CallOptions = options.signal ? { signal: options.signal } : {};
  const steps: ProvisionStep[] = [];
  const record = (step: ProvisionStep): void => {
    steps.push(step);
    onStep(step);
  };
  const fail = (id: ProvisionStepId, what: string, e: unknown, offers: readonly RoleOffer[] = []): never => {
    rethrowIfCancelled(e);
    const reason = e instanceof Error ? e.message : String(e);
    record({ id, status: 'failed', message: `${what}: ${reason}` });
    const done = steps.filter((s) => s.status !== 'failed').map((s) => s.message);
    throw new ProvisionError(
      `${what}: ${reason}${done.length ? ` Already done: ${done.join('; ')}. Running "Create a service account for SCIM" again reuses them.` : ''}`,
      steps,
      e,
      offers,
    );
  };

  // 1. The service account; a duplicate identifier is DUPLICATE_FIELD
  //    (HC 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/service/impl/ServiceAccountServiceImpl.java:116-121).
  let saStatus: 'created' | 'reused' = 'created';
  try {
    await client.createServiceAccount({ identifier: request.identifier, name: request.name, email: request.email, description: 'SCIM provisioning through IdP JWTs', tags: {} }, undefined, call);
    record({ id: 'service-account', status: 'created', message: `service account ${request.identifier} created`, resource: request.identifier });
  } catch (e) {
    if (!isDuplicate(e)) fail('service-account', `Could not create service account ${request.identifier}`, e);
    saStatus = 'reused';
    record({ id: 'service-account', status: 'reused', message: `service account ${request.identifier} already existed`, resource: request.identifier });
  }

  // 2. The role.
  let roleId = SCIM_ROLE_ID;
  let roleStatus: 'created' | 'reused' = 'created';
  let roleExtra: string[] = [];
  try {
    const chosen = options.roleIdentifier !== undefined
      ? await useExistingRole(client, options.roleIdentifier, call)
      : await prepareScimRole(client, options, call);
    roleId = chosen.identifier;
    roleStatus = chosen.status;
    roleExtra = chosen.extra;
    record({ id: 'role', status: chosen.status, message: chosen.message, resource: chosen.identifier });
  } catch (e) {
    if (e instanceof NoRoleChosen) fail('role', `Could not prepare a role for ${request.identifier}`, e, e.offers);
    fail('role', `Could not prepare role ${roleId}`, e);
  }

  // 3. The assignment: looked for first, since Harness answers a duplicate with a 500.
  let assignmentStatus: 'created' | 'reused' = 'created';
  try {
    const existing = await findAssignment(client, request.identifier, roleId, call);
    if (existing === 'disabled') {
      throw new Error(`role ${roleId} is already assigned to ${request.identifier} on ${SCIM_RESOURCE_GROUP} but the assignment is disabled, so it grants nothing; enable it in Harness (Access Control → Service Accounts → ${request.identifier})`);
    }
    if (existing === 'enabled') {
      assignmentStatus = 'reused';
      record({ id: 'role-assignment', status: 'reused', message: `role ${roleId} was already assigned on ${SCIM_RESOURCE_GROUP}`, resource: roleId });
    } else {
      await createAssignment(client, request.identifier, roleId, call);
      record({ id: 'role-assignment', status: 'created', message: `role ${roleId} assigned on ${SCIM_RESOURCE_GROUP}`, resource: roleId });
    }
  } catch (e) {
    if (e instanceof AlreadyAssigned) {
      assignmentStatus = 'reused';
      record({ id: 'role-assignment', status: 'reused', message: `role ${roleId} was already assigned on ${SCIM_RESOURCE_GROUP}`, resource: roleId });
    } else {
      fail('role-assignment', `Could not assign role ${roleId} to ${request.identifier}`, e);
    }
  }

  return Object.assign(steps, {
    serviceAccount: { identifier: request.identifier, status: saStatus },
    role: { identifier: roleId, status: roleStatus, extra: roleExtra },
    roleAssignment: { identifier: `${roleId}@${SCIM_RESOURCE_GROUP}`, status: assignmentStatus, roleIdentifier: roleId, resourceGroupIdentifier: SCIM_RESOURCE_GROUP },
  });
}

interface ChosenRole {
  identifier: string;
  status: 'created' | 'reused';
  extra: string[];
  message: string;
}

class NoRoleChosen extends Error {
  override readonly name = 'NoRoleChosen';
  constructor(message: string, readonly offers: readonly RoleOffer[]) {
    super(message);
  }
}

class AlreadyAssigned extends Error {
  override readonly name = 'AlreadyAssigned';
}

async function useExistingRole(client: HarnessClient, identifier: string, call: CallOptions): Promise<ChosenRole> {
  const found = await client.getRole(identifier, undefined, call);
  const missing = SCIM_PERMISSIONS.filter((p) => !found.role.permissions.includes(p));
  if (missing.length) throw new Error(`role ${identifier} lacks ${missing.join(', ')}`);
  const extra = [...new Set(found.role.permissions.filter((p) => !(SCIM_PERMISSIONS as readonly string[]).includes(p)))].sort();
  const more = extra.length ? `; it also grants ${extra.length} more permission${extra.length === 1 ? '' : 's'}: ${capList(extra)}` : '';
  return { identifier, status: 'reused', extra, message: `existing role ${identifier} used${more}` };
}

/** The custom role with exactly the five: reused, created, or (without custom roles) an existing role the user picks. */
async function prepareScimRole(client: HarnessClient, options: ProvisionOptions, call: CallOptions): Promise<ChosenRole> {
  const existing = await client.getRole(SCIM_ROLE_ID, undefined, call).catch((e: unknown) => {
    if (isNotFound(e)) return undefined;
    throw e;
  });
  if (existing) {
    const missing = SCIM_PERMISSIONS.filter((p) => !existing.role.permissions.includes(p));
    if (missing.length) throw new Error(`role ${SCIM_ROLE_ID} exists but lacks ${missing.join(', ')}; add them in Harness or delete the role`);
    const extra = existing.role.permissions.filter((p) => !(SCIM_PERMISSIONS as readonly string[]).includes(p));
    if (extra.length) {
      throw new Error(`role ${SCIM_ROLE_ID} exists but also grants ${capList(extra)}; this command only assigns a role with exactly the five SCIM permissions: remove the others in Harness or delete the role`);
    }
    return { identifier: SCIM_ROLE_ID, status: 'reused', extra: [], message: `role ${SCIM_ROLE_ID} reused` };
  }
  try {
    await client.createRole({
      identifier: SCIM_ROLE_ID, name: 'SCIM JWT provisioner', permissions: [...SCIM_PERMISSIONS], allowedScopeLevels: ['account'],
      description: 'Users View/Manage/Invite and User Groups View/Manage, for SCIM calls authenticated by IdP JWTs', tags: {},
    }, undefined, call);
    return { identifier: SCIM_ROLE_ID, status: 'created', extra: [], message: `role ${SCIM_ROLE_ID} created with the five SCIM permissions` };
  } catch (e) {
    if (isDuplicate(e)) return { identifier: SCIM_ROLE_ID, status: 'reused', extra: [], message: `role ${SCIM_ROLE_ID} reused` };
    if (!isCustomRolesUnavailable(e)) throw e;
  }
  // Custom roles are Enterprise-only: offer the existing roles that hold the five, and let the user choose.
  const offers = rolesCoveringScim(await client.allRoles({}, call));
  const intro = 'This account\'s plan does not allow custom roles ("Feature is not enabled"), so a role with exactly the five SCIM permissions cannot be made.';
  if (offers.length === 0) throw new NoRoleChosen(`${intro} No existing role holds all five either; create one on an Enterprise account or ask Harness Support.`, offers);
  const list = offers.map(describeOffer).join('; ');
  if (!options.chooseRole) {
    throw new NoRoleChosen(`${intro} Existing roles that hold them: ${list}. Each extra permission is one the IdP's token could use too; choose one deliberately (e.g. run again with a role picked) or assign it in Harness.`, offers);
  }
  const picked = await options.chooseRole(offers);
  if (picked === undefined) throw new NoRoleChosen(`${intro} No role was chosen, so none was assigned.`, offers);
  const offer = offers.find((o) => o.identifier === picked);
  if (!offer) throw new NoRoleChosen(`${intro} Role ${picked} is not one that holds all five SCIM permissions.`, offers);
  const more = offer.extra.length ? `; it also grants ${offer.extra.length} more permission${offer.extra.length === 1 ? '' : 's'}: ${capList(offer.extra)}` : '';
  return { identifier: offer.identifier, status: 'reused', extra: offer.extra, message: `existing role ${offer.identifier} chosen${more}` };
}

/**
 * Is the role already assigned to the service account on the account-level group? The filter API
 * tells enabled from disabled (HC RoleAssignmentResourceImpl.java:174-185); when this key may not
 * use it, the service account aggregate's metadata says whether one exists.
 */
async function findAssignment(client: HarnessClient, saId: string, roleId: string, call: CallOptions): Promise<'enabled' | 'disabled' | undefined> {
  try {
    const found = await client.allRoleAssignments(
      { principalFilter: [{ identifier: saId, type: 'SERVICE_ACCOUNT' }], roleFilter: [roleId], resourceGroupFilter: [SCIM_RESOURCE_GROUP] }, undefined, call,
    );
    const same = found.map((r) => r.roleAssignment).filter((a) =>
      a.principal.identifier === saId && a.principal.type === 'SERVICE_ACCOUNT' && a.roleIdentifier === roleId && a.resourceGroupIdentifier === SCIM_RESOURCE_GROUP);
    if (same.some((a) => a.disabled !== true)) return 'enabled';
    return same.length > 0 ? 'disabled' : undefined;
  } catch (e) {
    rethrowIfCancelled(e);
  }
  return (await assignedPerAggregate(client, saId, roleId, call)) ? 'enabled' : undefined;
}

async function assignedPerAggregate(client: HarnessClient, saId: string, roleId: string, call: CallOptions): Promise<boolean> {
  const aggregate = await client.getServiceAccountAggregate(saId, undefined, call);
  return aggregate.roleAssignmentsMetadataDTO.some((a) => a.roleIdentifier === roleId && a.resourceGroupIdentifier === SCIM_RESOURCE_GROUP);
}

async function createAssignment(client: HarnessClient, saId: string, roleId: string, call: CallOptions): Promise<void> {
  try {
    await client.createRoleAssignment({
      resourceGroupIdentifier: SCIM_RESOURCE_GROUP, roleIdentifier: roleId,
      principal: { identifier: saId, type: 'SERVICE_ACCOUNT', scopeLevel: 'account' }, disabled: false,
    }, undefined, call);
  } catch (e) {
    // Older servers answer DUPLICATE_FIELD; newer ones a 500 that a re-read can explain.
    if (isDuplicate(e)) throw new AlreadyAssigned('duplicate');
    if (e instanceof HarnessApiError && (e.httpStatus ?? 0) >= 500) {
      const there = await assignedPerAggregate(client, saId, roleId, call).catch(() => false);
      if (there) throw new AlreadyAssigned('present after a 500');
    }
    throw e;
  }
}
