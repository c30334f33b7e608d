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
import { THE_SCIM_PERMISSIONS } from './permissions';
import { capList, inline } from '../listCap';
import type { CallOptions } from './callOptions';
import type { HarnessClient } from './client';
import { HarnessApiError, isHarnessApiError, isNotFound } from './errors';
import { rolesCoveringScim, SCIM_PERMISSIONS, type RoleOffer } from './permissions';

export const SCIM_ROLE_ID = 'scim_jwt_provisioner';
export const SCIM_RESOURCE_GROUP = '_all_account_level_resources';
/** What the flow writes, shared with the Terraform export so both make the same account and role. */
export const SCIM_ROLE_NAME = 'SCIM JWT provisioner';
export const SCIM_ROLE_DESCRIPTION =
  'Users View/Manage/Invite and User Groups View/Manage, for SCIM calls authenticated by IdP JWTs';
export const SCIM_SERVICE_ACCOUNT_DESCRIPTION = 'SCIM provisioning through IdP JWTs';

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
  const id = name
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (/^[A-Za-z_]/.test(id) ? id : `sa_${id}`).slice(0, 128);
}

const isDuplicate = (e: unknown): boolean =>
  e instanceof HarnessApiError &&
  (e.code === 'DUPLICATE_FIELD' || /already (present|exists)/i.test(e.serverMessage ?? e.message));

/** Harness's refusal of a custom role on a plan without CUSTOM_ROLES. */
export function isCustomRolesUnavailable(e: unknown): boolean {
  return e instanceof HarnessApiError && /feature is not enabled/i.test(e.serverMessage ?? e.message);
}

/** How an offer reads: the role and what it grants beyond the five. */
export function describeOffer(offer: RoleOffer): string {
  const what = `${inline(offer.name)} (${inline(offer.identifier)})`;
  return offer.extra.length === 0
    ? `${what}: exactly ${THE_SCIM_PERMISSIONS}`
    : `${what}: also grants ${offer.extra.length} more: ${capList(offer.extra, { show: (p) => inline(p) })}`;
}

function rethrowIfCancelled(e: unknown): void {
  if ((isHarnessApiError(e) && e.kind === 'cancelled') || (e instanceof Error && e.name === 'AbortError')) throw e;
}

const FIVE: readonly string[] = SCIM_PERMISSIONS;
const extraOf = (permissions: readonly string[]): string[] =>
  [...new Set(permissions.filter((p) => !FIVE.includes(p)))].sort();
const alsoGrants = (extra: readonly string[]): string =>
  extra.length ? `; it also grants ${extra.length} more: ${capList(extra)}` : '';

/** A role step that stops the flow, with the roles offered instead of a custom one, if any. */
class RoleStop extends Error {
  constructor(
    message: string,
    readonly offers: readonly RoleOffer[] = [],
  ) {
    super(message);
  }
}

export async function provisionScimServiceAccount(
  client: HarnessClient,
  request: ProvisionRequest,
  onStep: (step: ProvisionStep) => void = () => undefined,
  options: ProvisionOptions = {},
): Promise<ProvisionResult> {
  const call: CallOptions = options.signal ? { signal: options.signal } : {};
  const sa = request.identifier;
  const steps: ProvisionStep[] = [];
  const record = (id: ProvisionStepId, status: ProvisionStep['status'], message: string, resource?: string): void => {
    const step: ProvisionStep = { id, status, message, ...(resource !== undefined ? { resource } : {}) };
    steps.push(step);
    onStep(step);
  };
  const fail = (id: ProvisionStepId, what: string, e: unknown): never => {
    rethrowIfCancelled(e);
    const reason = e instanceof Error ? e.message : String(e);
    record(id, 'failed', `${what}: ${reason}`);
    const done = steps.filter((s) => s.status !== 'failed').map((s) => s.message);
    const again = done.length
      ? ` Already done: ${done.join('; ')}. Running "Create a service account for SCIM" again reuses them.`
      : '';
    throw new ProvisionError(`${what}: ${reason}${again}`, steps, e, e instanceof RoleStop ? e.offers : []);
  };

  // 1. The service account; a duplicate identifier is DUPLICATE_FIELD
  //    (HC 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/service/impl/ServiceAccountServiceImpl.java:116-121).
  let saStatus: 'created' | 'reused' = 'created';
  try {
    await client.createServiceAccount(
      {
        identifier: sa,
        name: request.name,
        email: request.email,
        description: SCIM_SERVICE_ACCOUNT_DESCRIPTION,
        tags: {},
      },
      undefined,
      call,
    );
  } catch (e) {
    if (!isDuplicate(e)) fail('service-account', `Could not create service account ${sa}`, e);
    saStatus = 'reused';
  }
  record(
    'service-account',
    saStatus,
    `service account ${sa} ${saStatus === 'created' ? 'created' : 'already existed'}`,
    sa,
  );

  // 2. The role.
  let role: ChosenRole = { identifier: options.roleIdentifier ?? SCIM_ROLE_ID, status: 'reused', extra: [] };
  try {
    role = await prepareRole(client, options, call);
  } catch (e) {
    fail('role', `Could not prepare role ${role.identifier}`, e);
  }
  const roleId = role.identifier;
  const verb =
    role.status === 'created' ? `created with ${THE_SCIM_PERMISSIONS}` : roleId === SCIM_ROLE_ID ? 'reused' : 'used';
  record('role', role.status, `role ${roleId} ${verb}${alsoGrants(role.extra)}`, roleId);

  // 3. The assignment: looked for first, since Harness answers a second identical one with a 500.
  let assigned: 'created' | 'reused' = 'reused';
  try {
    const existing = await findAssignment(client, sa, roleId, call);
    if (existing === 'disabled') {
      throw new Error(
        `role ${roleId} is already assigned to ${sa} on ${SCIM_RESOURCE_GROUP} but disabled, so it grants nothing; enable it in Harness (Access Control → Service Accounts → ${sa})`,
      );
    }
    if (existing === undefined) assigned = await createAssignment(client, sa, roleId, call);
  } catch (e) {
    fail('role-assignment', `Could not assign role ${roleId} to ${sa}`, e);
  }
  record(
    'role-assignment',
    assigned,
    `role ${roleId} ${assigned === 'created' ? 'assigned' : 'was already assigned'} on ${SCIM_RESOURCE_GROUP}`,
    roleId,
  );

  return Object.assign(steps, {
    serviceAccount: { identifier: sa, status: saStatus },
    role: { identifier: roleId, status: role.status, extra: role.extra },
    roleAssignment: {
      identifier: `${roleId}@${SCIM_RESOURCE_GROUP}`,
      status: assigned,
      roleIdentifier: roleId,
      resourceGroupIdentifier: SCIM_RESOURCE_GROUP,
    },
  });
}

interface ChosenRole {
  identifier: string;
  status: 'created' | 'reused';
  extra: string[];
}

/**
 * The role to assign: one the caller named (it must hold the five), else the custom role with
 * exactly the five (reused or created), else, where the plan allows no custom role, an existing
 * role the user picks from those holding the five. Never a broader role without that choice.
 */
async function prepareRole(client: HarnessClient, options: ProvisionOptions, call: CallOptions): Promise<ChosenRole> {
  const id = options.roleIdentifier ?? SCIM_ROLE_ID;
  const existing = await client.getRole(id, undefined, call).catch((e: unknown) => {
    if (isNotFound(e) && options.roleIdentifier === undefined) return undefined;
    throw e;
  });
  if (existing) {
    const missing = FIVE.filter((p) => !existing.role.permissions.includes(p));
    const extra = extraOf(existing.role.permissions);
    if (missing.length) throw new Error(`role ${id} lacks ${missing.join(', ')}`);
    if (extra.length && options.roleIdentifier === undefined) {
      throw new Error(
        `role ${id} exists but also grants ${capList(extra)}; only a role with exactly ${THE_SCIM_PERMISSIONS} is assigned: remove the others in Harness or delete the role`,
      );
    }
    return { identifier: id, status: 'reused', extra };
  }
  try {
    await client.createRole(
      {
        identifier: id,
        name: SCIM_ROLE_NAME,
        permissions: [...FIVE],
        allowedScopeLevels: ['account'],
        description: SCIM_ROLE_DESCRIPTION,
        tags: {},
      },
      undefined,
      call,
    );
    return { identifier: id, status: 'created', extra: [] };
  } catch (e) {
    if (isDuplicate(e)) return { identifier: id, status: 'reused', extra: [] };
    if (!isCustomRolesUnavailable(e)) throw e;
  }
  const offers = rolesCoveringScim(await client.allRoles({}, call));
  const intro = `This account's plan does not allow custom roles ("Feature is not enabled"), so no role with exactly ${THE_SCIM_PERMISSIONS} can be made.`;
  if (offers.length === 0) throw new RoleStop(`${intro} No existing role holds all five either.`);
  if (!options.chooseRole) {
    throw new RoleStop(
      `${intro} Existing roles that hold them: ${capList(offers, { separator: '; ', show: describeOffer })}. The IdP's token could use every extra permission too: choose one deliberately.`,
      offers,
    );
  }
  const choice = await options.chooseRole(offers);
  const picked = offers.find((o) => o.identifier === choice);
  if (!picked) throw new RoleStop(`${intro} No role was chosen, so none was assigned.`, offers);
  return { identifier: picked.identifier, status: 'reused', extra: picked.extra };
}

/**
 * Is the role already assigned on the account-level group? The filter API tells enabled from
 * disabled (HC RoleAssignmentResourceImpl.java:174-185); when this key may not use it, the service
 * account aggregate says whether one exists.
 */
async function findAssignment(
  client: HarnessClient,
  saId: string,
  roleId: string,
  call: CallOptions,
): Promise<'enabled' | 'disabled' | undefined> {
  try {
    const found = (
      await client.allRoleAssignments(
        {
          principalFilter: [{ identifier: saId, type: 'SERVICE_ACCOUNT' }],
          roleFilter: [roleId],
          resourceGroupFilter: [SCIM_RESOURCE_GROUP],
        },
        undefined,
        call,
      )
    )
      .map((r) => r.roleAssignment)
      .filter(
        (a) =>
          a.principal.identifier === saId &&
          a.principal.type === 'SERVICE_ACCOUNT' &&
          a.roleIdentifier === roleId &&
          a.resourceGroupIdentifier === SCIM_RESOURCE_GROUP,
      );
    if (found.some((a) => a.disabled !== true)) return 'enabled';
    return found.length > 0 ? 'disabled' : undefined;
  } catch (e) {
    rethrowIfCancelled(e);
  }
  return (await inAggregate(client, saId, roleId, call)) ? 'enabled' : undefined;
}

async function inAggregate(client: HarnessClient, saId: string, roleId: string, call: CallOptions): Promise<boolean> {
  const aggregate = await client.getServiceAccountAggregate(saId, undefined, call);
  return aggregate.roleAssignmentsMetadataDTO.some(
    (a) => a.roleIdentifier === roleId && a.resourceGroupIdentifier === SCIM_RESOURCE_GROUP,
  );
}

/** POSTs the assignment; older servers' DUPLICATE_FIELD, or a 500 after which it is there, mean it already existed. */
async function createAssignment(
  client: HarnessClient,
  saId: string,
  roleId: string,
  call: CallOptions,
): Promise<'created' | 'reused'> {
  try {
    await client.createRoleAssignment(
      {
        resourceGroupIdentifier: SCIM_RESOURCE_GROUP,
        roleIdentifier: roleId,
        principal: { identifier: saId, type: 'SERVICE_ACCOUNT', scopeLevel: 'account' },
        disabled: false,
      },
      undefined,
      call,
    );
    return 'created';
  } catch (e) {
    if (isDuplicate(e)) return 'reused';
    if (
      e instanceof HarnessApiError &&
      (e.httpStatus ?? 0) >= 500 &&
      (await inAggregate(client, saId, roleId, call).catch(() => false))
    )
      return 'reused';
    throw e;
  }
}
