/**
 * The Harness calls the setup form makes, as one small interface. `harnessSetupPort` adapts the
 * shared `HarnessClient`; tests pass a fake. Everything is at account scope: the four settings
 * exist only there and Harness looks the service account up there.
 */
import {
  failureCategory,
  InvalidPathSegmentError,
  isHarnessApiError,
  isNotFound,
  scimPermissionReport,
  type AssignmentLike,
  type CallOptions,
  type HarnessClient,
  type RoleDTO,
  type SettingRequestDTO,
  type SettingResponseDTO,
  type SettingsUpdateResult,
} from '../harness';
import { inline } from '../listCap';
import type { ServiceAccountFinding } from './serviceAccountCheck';
import { customGroupCoverage, enabledState, MAX_READS, rethrowIfCancelled } from './coverage';
import { readTerraformExisting, type TerraformExisting } from './terraform';

// What the sidebar reads, in a file of its own: the sidebar is there from activation, while the
// setup form's port loads with the form (docs/ARCHITECTURE.md, "Parts loaded on first need").
export { customGroupCoverage, enabledState, MAX_READS };

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
