import {
  SCIM_JWT_SETTING_IDS,
  isHarnessApiError,
  loadAccountSettings,
  scimPermissionReport,
  type HarnessClient,
  type RoleAssignmentResponseDTO,
} from '../../core/harness';
import { customGroupCoverage, enabledState } from '../../core/setup';
import type { ExplorerSource } from './explorerTree';
import type { ServiceAccountStatus } from './explorerNodes';

/**
 * The tree's data over the HarnessClient: one request per group, plus one roles listing to
 * resolve every service account's permissions (not one request per role). The client is asked
 * for on every call, never kept: after a reconnect the old one is closed, and a request on it
 * would fail.
 */
export interface ExplorerSourceDeps {
  getClient: () => Promise<HarnessClient | undefined>;
  accountLabel: string;
  /** Every call's outcome, for the connection state (rejected, unreachable, connected). */
  onResult: (error?: unknown) => void;
  /** What the loaded rows show about the walkthrough's steps. */
  onFacts: (facts: { jwtConfigured?: boolean; serviceAccountReady?: boolean }) => void;
}

export function explorerSourceFor({ getClient, accountLabel, onResult, onFacts }: ExplorerSourceDeps): ExplorerSource {
  const client = async (): Promise<HarnessClient> => {
    const c = await getClient();
    if (!c) throw new Error('Not connected to a Harness account.');
    return c;
  };
  const track = async <T>(work: (c: HarnessClient) => Promise<T>): Promise<T> => {
    try {
      const value = await work(await client());
      onResult();
      return value;
    } catch (e) {
      onResult(e);
      throw e;
    }
  };
  return {
    accountLabel,
    scimSettings: async () => {
      const settings = await track((c) => c.scimJwtSettings());
      onFacts({
        jwtConfigured: SCIM_JWT_SETTING_IDS.every((id) =>
          settings.find((s) => s.setting.identifier === id)?.setting.value?.trim(),
        ),
      });
      return settings;
    },
    accountSettings: () => track((c) => loadAccountSettings(c)),
    serviceAccounts: async (configuredId) => {
      const [aggregates, roles, full] = await track((c) =>
        Promise.all([c.allServiceAccountAggregates(), c.allRoles(), readAssignments(c)]),
      );
      const roleDtos = roles.map((r) => r.role);
      const coverage = await track((c) =>
        customGroupCoverage(
          c,
          (full ?? []).map((a) => a.roleAssignment.resourceGroupIdentifier),
        ),
      );
      const statuses = aggregates.map((aggregate): ServiceAccountStatus => {
        const id = aggregate.serviceAccount.identifier;
        // The aggregate's metadata has no `disabled`; the filter API's answer has it, when readable.
        const meta = aggregate.roleAssignmentsMetadataDTO;
        const assignments = (full && enabledState(meta, full, id)) ?? meta;
        const report = scimPermissionReport({ assignments, roles: roleDtos, resourceGroupCoverage: coverage });
        const unverified = new Set(report.uncertain.flatMap((u) => u.permissions));
        return {
          aggregate,
          missing: report.missing.filter((p) => !unverified.has(p)),
          unverified: report.missing.filter((p) => unverified.has(p)),
          extra: report.extra,
          configured: id === configuredId,
        };
      });
      onFacts({ serviceAccountReady: statuses.some((s) => s.missing.length === 0) });
      return statuses;
    },
  };
}

/** Every service account's role assignments with their enabled state; undefined when this key may not read them. */
async function readAssignments(c: HarnessClient): Promise<RoleAssignmentResponseDTO[] | undefined> {
  try {
    return await c.allRoleAssignments({ principalTypeFilter: ['SERVICE_ACCOUNT'] });
  } catch (e) {
    if (isHarnessApiError(e) && e.kind === 'cancelled') throw e;
    return undefined;
  }
}
