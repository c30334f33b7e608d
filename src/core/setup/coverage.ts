/** What the sidebar reads of a service account's assignments and resource groups; harnessPort.ts reads the same way. */
import {
  ACCOUNT_WIDE_RESOURCE_GROUPS,
  isHarnessApiError,
  resourceGroupCoverage,
  type AssignmentLike,
  type CallOptions,
  type HarnessClient,
  type ResourceTypeCoverage,
  type RoleAssignmentMetadataDTO,
  type RoleAssignmentResponseDTO,
} from '../harness';

/** At most this many roles, and this many custom resource groups, are read for one service account. */
export const MAX_READS = 50;

export function rethrowIfCancelled(e: unknown): void {
  if (isHarnessApiError(e) && e.kind === 'cancelled') throw e;
  if (e instanceof Error && e.name === 'AbortError') throw e;
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
