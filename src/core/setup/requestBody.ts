/**
 * The Setting API request bodies (docs/harness-contract.md, "Setting API JSON shapes" and "Setting update semantics"): one PUT carrying all four items,
 * always with `allowOverrides: false` (the settings are account-only) and an explicit `updateType`.
 * No org/project identifiers ever: these settings exist only at account scope and Harness fails
 * every item sent at another scope.
 */
import { ngApiUrl } from '../harness';
import type { SettingRequestDTO } from '../harness';
import { valuesToSend } from './model';
import { SETTING_ID_OF, SETUP_FIELDS, type ScimJwtSettings, type SendOperation } from './types';

export function buildUpdateBody(desired: ScimJwtSettings): SettingRequestDTO[] {
  const values = valuesToSend(desired);
  return SETUP_FIELDS.map((field) => ({
    identifier: SETTING_ID_OF[field],
    value: values[field],
    allowOverrides: false,
    updateType: 'UPDATE',
  }));
}

/** RESTORE deletes the account's row: the setting falls back to its default (unset). Harness ignores `value` here. */
export function buildRestoreBody(): SettingRequestDTO[] {
  return SETUP_FIELDS.map((field) => ({
    identifier: SETTING_ID_OF[field],
    value: null,
    allowOverrides: false,
    updateType: 'RESTORE',
  }));
}

export function buildBody(operation: SendOperation, desired: ScimJwtSettings): SettingRequestDTO[] {
  switch (operation) {
    case 'update':
      return buildUpdateBody(desired);
    case 'restore':
      return buildRestoreBody();
  }
}

/** The PUT's full URL: `<gateway>/ng/api/settings?accountIdentifier=<acc>`. */
export function settingsUrl(baseUrl: string, accountId: string): string {
  return `${ngApiUrl(baseUrl)}/settings?accountIdentifier=${encodeURIComponent(accountId)}`;
}

/** The JSON text of a body, as previewed and as sent in exports (two-space indent). */
export function bodyJson(body: readonly SettingRequestDTO[]): string {
  return JSON.stringify(body, null, 2);
}
