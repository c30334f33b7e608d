/**
 * The Harness calls the setup form makes, as one small interface. `harnessSetupPort` adapts the
 * shared `HarnessClient`; tests pass a fake. Everything is at account scope: the four settings
 * exist only there and Harness looks the service account up there.
 */
import {
  ACCOUNT_WIDE_RESOURCE_GROUPS,
  failureCategory,
  InvalidPathSegmentError,
  isHarnessApiError,
  isNotFound,
  resourceGroupCoverage,
  scimPermissionReport,
  type AssignmentLike,
  type CallOptions,
  type HarnessClient,
  type ResourceTypeCoverage,
  type RoleAssignmentMetadataDTO,
  type RoleAssignmentResponseDTO,
  type RoleDTO,
  type SettingRequestDTO,
  type SettingResponseDTO,
  type SettingsUpdateResult,
} from '../harness';
import { inline } from '../listCap';
import type { ServiceAccountFinding } from './serviceAccountCheck';
import { readTerraformExisting, type TerraformExisting } from './terraform';

export interface ServiceAccountOption {
  identifier: string;
  name: string;
}

export interface SetupHarnessPort {
  readSettings(options?: CallOptions): Promise<SettingResponseDTO[]>;
  updateSettings(body: readonly SettingRequestDTO[], options?: CallOptions): Promise<SettingsUpdateResult>;
  findServiceAccount(identifier: string, options?: CallOptions): Promise<ServiceAccountFinding>;
  listServiceAccounts(options?: CallOptions): Promise<ServiceAccountOption[]>;
  /** What the Terraform export imports instead of creating; absent in fakes that do not read it. */
  readTerraformExisting?(serviceAccountId: string, options?: CallOptions): Promise<TerraformExisting>;
}

export function harnessSetupPort(client: HarnessClient): SetupHarnessPort {
  return {
    readSettings: (options) => client.scimJwtSettings(options),
    updateSettings: (body, options) => client.updateSettings(body, undefined, options),
    findServiceAccount: (identifier, options) => findServiceAccount(client, identifier, options),
    readTerraformExisting: (identifier, options) => readTerraformExisting(client, identifier, options),
    async listServiceAccounts(options) {
      const all = await client.allServiceAccountAggregates({}, options);
      return all.map((a) => ({ identifier: a.serviceAccount.identifier, name: a.serviceAccount.name }));
    },
  };
}

/** At most this many roles, and this many custom resource groups, are read for one service account. */
export const MAX_READS = 50;

function rethrowIfCancelled(e: unknown): void {
  if (isHarnessApiError(e) && e.kind === 'cancelled') throw e;
  if (e instanceof Error && e.name === 'AbortError') throw e;
}

function why(e: unknown): string {
  if (isHarnessApiError(e)) return `HTTP ${e.httpStatus ?? '?'}${e.code !== undefined ? ` ${e.code}` : ''}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The service account, its role assignments with their enabled state, the permissions of every role
 * assigned and the coverage of every custom resource group, so the permission report decides as
 * Harness's ACLs would. What cannot be read becomes a note, never a silent pass.
 */
export async function findServiceAccount(
  client: HarnessClient,
  identifier: string,
  options?: CallOptions,
): Promise<ServiceAccountFinding> {
  let aggregate;
  try {
    aggregate = await client.getServiceAccountAggregate(identifier, undefined, options);
  } catch (e) {
    // Harness answers a missing service account with 400 INVALID_ARGUMENT (isNotFound knows it).
    if (isNotFound(e)) return { found: false };
    throw e;
  }
  const notes: string[] = [];
  // The aggregate's metadata has no `disabled` (HC 123-ng-core-user/.../RoleAssignmentMetadataDTO.java:24-31),
  // and a disabled assignment grants nothing; the filter API returns the flag.
  let assignments: AssignmentLike[] = aggregate.roleAssignmentsMetadataDTO;
  try {
    const full = await client.allRoleAssignments(
      { principalFilter: [{ identifier, type: 'SERVICE_ACCOUNT' }] },
      undefined,
      options,
    );
    const withState = enabledState(aggregate.roleAssignmentsMetadataDTO, full, identifier);
    if (withState) assignments = withState;
    else
      notes.push(
        'This key may not view service-account role assignments, so whether they are enabled could not be read; a disabled one would still be counted.',
      );
  } catch (e) {
    rethrowIfCancelled(e);
    notes.push(
      `Could not read the role assignments with their enabled state (${why(e)}); a disabled assignment would still be counted.`,
    );
  }
  // Every assigned role is fetched, managed ones too: what it grants beyond SCIM matters as well.
  const roles: Pick<RoleDTO, 'identifier' | 'permissions'>[] = [];
  const roleIds = [...new Set(assignments.map((a) => a.roleIdentifier))];
  // One read per role, but not one per whatever number of roles a server lists: the rest count as unread.
  if (roleIds.length > MAX_READS)
    notes.push(
      `It has ${roleIds.length} different roles assigned; only the first ${MAX_READS} were read, the others are counted as unknown.`,
    );
  for (const id of roleIds.slice(0, MAX_READS)) {
    try {
      roles.push((await client.getRole(id, undefined, options)).role);
    } catch (e) {
      rethrowIfCancelled(e);
      // An unreadable role is reported as unknown by the permission report (or by what is known of managed roles).
      if (
        !isNotFound(e) &&
        !(isHarnessApiError(e) && failureCategory(e) === 'forbidden') &&
        !(e instanceof InvalidPathSegmentError)
      )
        throw e;
    }
  }
  const enabledGroups = assignments
    .filter((a) => !('disabled' in a && a.disabled === true))
    .map((a) => a.resourceGroupIdentifier);
  const coverage = await customGroupCoverage(client, enabledGroups, options, (group, e) => {
    notes.push(
      `Could not read resource group ${inline(group)} (${why(e)}); whether it covers account users and user groups could not be verified.`,
    );
  });
  const report = scimPermissionReport({ assignments, roles, resourceGroupCoverage: coverage });
  return { found: true, name: aggregate.serviceAccount.name, report, ...(notes.length > 0 ? { notes } : {}) };
}

/**
 * A service account's assignments with their enabled state, from a filter API answer; undefined when
 * that answer misses some the aggregate lists (the filter only shows principal types the caller may
 * view, RoleAssignmentResourceImpl.java:174-185), so the aggregate must be used as it is.
 */
export function enabledState(
  aggregate: readonly Pick<RoleAssignmentMetadataDTO, 'roleIdentifier' | 'resourceGroupIdentifier'>[],
  all: readonly RoleAssignmentResponseDTO[],
  serviceAccount: string,
): AssignmentLike[] | undefined {
  const mine = all
    .map((r) => r.roleAssignment)
    .filter((a) => a.principal.identifier === serviceAccount && a.principal.type === 'SERVICE_ACCOUNT')
    .map((a) => ({
      roleIdentifier: a.roleIdentifier,
      resourceGroupIdentifier: a.resourceGroupIdentifier,
      disabled: a.disabled === true,
    }));
  const seen = (a: Pick<RoleAssignmentMetadataDTO, 'roleIdentifier' | 'resourceGroupIdentifier'>): boolean =>
    mine.some((m) => m.roleIdentifier === a.roleIdentifier && m.resourceGroupIdentifier === a.resourceGroupIdentifier);
  return aggregate.every(seen) ? mine : undefined;
}

/** Reads each custom resource group once and decides what it covers; an unreadable one stays unknown (reported to `onError`). */
export async function customGroupCoverage(
  client: HarnessClient,
  groups: Iterable<string>,
  options?: CallOptions,
  onError: (group: string, e: unknown) => void = () => undefined,
): Promise<Record<string, ResourceTypeCoverage>> {
  const coverage: Record<string, ResourceTypeCoverage> = {};
  const custom = [...new Set([...groups].filter((g) => !ACCOUNT_WIDE_RESOURCE_GROUPS.includes(g)))];
  // Bounded like the role reads: a group not read stays unknown, and is reported as such.
  if (custom.length > MAX_READS)
    onError(
      `${custom.length - MAX_READS} more`,
      new Error(`only the first ${MAX_READS} of ${custom.length} custom resource groups are read`),
    );
  for (const group of custom.slice(0, MAX_READS)) {
    try {
      coverage[group] = resourceGroupCoverage(await client.getResourceGroup(group, undefined, options));
    } catch (e) {
      rethrowIfCancelled(e);
      onError(group, e);
    }
  }
  return coverage;
}
