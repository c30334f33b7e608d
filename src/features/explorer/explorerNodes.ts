import { SCIM_JWT_SETTINGS } from '../../core/scimJwtSettings';
import { SCIM_JWT_SETTING_IDS } from '../../core/harness';
import type { SettingCategory } from '../../core/harness';
import type { ExtraGrant } from '../../core/harness';
import type { RoleAssignmentMetadataDTO, ServiceAccountAggregateDTO, SettingResponseDTO } from '../../core/harness';

/** The SCIM JWT flow needs these five on the configured service account (docs/harness-contract.md, "The five SCIM permissions"). */
export interface ServiceAccountStatus {
  aggregate: ServiceAccountAggregateDTO;
  missing: string[];
  /** Granted only through a custom resource group that could not be read: not counted, not refused. */
  unverified?: string[];
  /** What the account holds beyond the five, per assignment: what an IdP token would be able to do too. */
  extra?: ExtraGrant[];
  /** True when this is the account in `scim_jwt_token_service_account_id`. */
  configured: boolean;
}

/** A group whose children come from one request, loaded and refreshed on its own. */
export type GroupId = 'scim' | 'settings' | 'serviceAccounts';

/**
 * Every row of the tree, as data. Ids are stable across refreshes so VS Code keeps expansion
 * and selection; `kind` drives one switch in the provider instead of an instanceof ladder.
 */
export type ExplorerNode =
  | { kind: 'group'; id: GroupId; label: string }
  | { kind: 'scimSetting'; id: string; identifier: string; response: SettingResponseDTO | undefined }
  | { kind: 'category'; id: string; category: SettingCategory; settings: SettingResponseDTO[] }
  | { kind: 'unavailableCategory'; id: string; category: SettingCategory }
  | { kind: 'setting'; id: string; response: SettingResponseDTO }
  | { kind: 'serviceAccount'; id: string; status: ServiceAccountStatus }
  | { kind: 'roleAssignment'; id: string; assignment: RoleAssignmentMetadataDTO }
  | { kind: 'missingServiceAccount'; id: string; identifier: string }
  | { kind: 'error'; id: string; group: GroupId; message: string }
  | { kind: 'empty'; id: string; message: string };

export const groupNodes: readonly ExplorerNode[] = [
  { kind: 'group', id: 'scim', label: 'SCIM JWT authentication' },
  { kind: 'group', id: 'serviceAccounts', label: 'Service accounts' },
  { kind: 'group', id: 'settings', label: 'Account settings' },
];

/** Plain-words help for the SCIM JWT settings, shown as tooltips (from the settings table). */
export const SCIM_SETTING_HELP: Readonly<Record<string, { label: string; help: string }>> = Object.fromEntries(
  SCIM_JWT_SETTINGS.map((s) => [s.id, { label: s.treeLabel, help: s.help }]),
);

/** The SCIM group's rows: one per setting, in the table's order, with what Harness holds. */
export function scimSettingNodes(settings: readonly SettingResponseDTO[]): ExplorerNode[] {
  return SCIM_JWT_SETTING_IDS.map((identifier) => ({
    kind: 'scimSetting',
    id: `scim/${identifier}`,
    identifier,
    response: settings.find((s) => s.setting.identifier === identifier),
  }));
}
