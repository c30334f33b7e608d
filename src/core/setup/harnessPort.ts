/**
 * The Harness calls the setup form makes, as one small interface. `harnessSetupPort` adapts the
 * shared `HarnessClient`; tests pass a fake. Everything is at account scope: the four settings
 * exist only there and Harness looks the service account up there.
 */
import {
  failureCategory,
  isHarnessApiError,
  isNotFound,
  KNOWN_MANAGED_ROLES,
  scimPermissionReport,
  type CallOptions,
  type HarnessClient,
  type RoleDTO,
  type SettingRequestDTO,
  type SettingResponseDTO,
  type SettingsUpdateResult,
} from '../harness';
import type { ServiceAccountFinding } from './serviceAccountCheck';

export interface ServiceAccountOption {
  identifier: string;
  name: string;
}

export interface SetupHarnessPort {
  readSettings(options?: CallOptions): Promise<SettingResponseDTO[]>;
  updateSettings(body: readonly SettingRequestDTO[], options?: CallOptions): Promise<SettingsUpdateResult>;
  findServiceAccount(identifier: string, options?: CallOptions): Promise<ServiceAccountFinding>;
  listServiceAccounts(options?: CallOptions): Promise<ServiceAccountOption[]>;
}

export function harnessSetupPort(client: HarnessClient): SetupHarnessPort {
  return {
    readSettings: (options) => client.scimJwtSettings(options),
    updateSettings: (body, options) => client.updateSettings(body, undefined, options),
    async findServiceAccount(identifier, options) {
      let aggregate;
      try {
        aggregate = await client.getServiceAccountAggregate(identifier, undefined, options);
      } catch (e) {
        if (isNotFound(e)) return { found: false };
        throw e;
      }
      const assignments = aggregate.roleAssignmentsMetadataDTO;
      // Custom roles are fetched for their permission lists; managed ones are known.
      const custom = [...new Set(assignments.map((a) => a.roleIdentifier))].filter((r) => !(r in KNOWN_MANAGED_ROLES));
      const roles: Pick<RoleDTO, 'identifier' | 'permissions'>[] = [];
      for (const id of custom) {
        try {
          roles.push((await client.getRole(id, undefined, options)).role);
        } catch (e) {
          // An unreadable role is reported as unknown by the permission report, not as a failure.
          if (!isNotFound(e) && !(isHarnessApiError(e) && failureCategory(e) === 'forbidden')) throw e;
        }
      }
      return { found: true, name: aggregate.serviceAccount.name, report: scimPermissionReport({ assignments, roles }) };
    },
    async listServiceAccounts(options) {
      const all = await client.allServiceAccountAggregates({}, options);
      return all.map((a) => ({ identifier: a.serviceAccount.identifier, name: a.serviceAccount.name }));
    },
  };
}
