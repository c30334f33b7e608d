import {
  SCIM_JWT_SETTINGS_GROUP, SETTING_CATEGORIES, scimPermissionReport, type HarnessClient,
} from '../core/harness';
import type { SettingResponseDTO } from '../core/harness/types';
import type { ExplorerSource } from './explorerTree';
import type { ServiceAccountStatus } from './explorerNodes';

/** The SCIM group is shown on its own at the top, so the category list leaves it out. */
const CATEGORIES = SETTING_CATEGORIES.filter((c) => c !== 'SCIM');

/**
 * The tree's data over the HarnessClient: one request per group, plus one roles listing to
 * resolve every service account's permissions (not one request per role).
 */
export function explorerSourceFor(client: HarnessClient, accountLabel: string, onResult: (error?: unknown) => void): ExplorerSource {
  const track = async <T>(work: Promise<T>): Promise<T> => {
    try {
      const value = await work;
      onResult();
      return value;
    } catch (e) {
      onResult(e);
      throw e;
    }
  };
  return {
    accountLabel,
    scimSettings: () => track(client.scimJwtSettings()),
    categories: () => CATEGORIES,
    categorySettings: async (category) => {
      const settings: SettingResponseDTO[] = await track(client.listSettings({ category }));
      return settings.filter((s) => s.setting.groupIdentifier !== SCIM_JWT_SETTINGS_GROUP);
    },
    serviceAccounts: async (configuredId) => {
      const [aggregates, roles] = await track(Promise.all([client.allServiceAccountAggregates(), client.allRoles()]));
      const roleDtos = roles.map((r) => r.role);
      return aggregates.map((aggregate): ServiceAccountStatus => {
        const report = scimPermissionReport({ assignments: aggregate.roleAssignmentsMetadataDTO, roles: roleDtos });
        return { aggregate, missing: report.missing, configured: aggregate.serviceAccount.identifier === configuredId };
      });
    },
  };
}
