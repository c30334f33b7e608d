/**
 * Reading what Harness answered: every item's `updateStatus` (HTTP 200 says nothing about the
 * items, docs/harness-contract.md, "Setting update semantics") and the settings read back after a send, compared with what was sent.
 */
import type { SettingItemResult, SettingRequestDTO } from '../harness';
import { fieldOfSettingId, SETUP_FIELDS, type CurrentSettings, type ItemResultRow, type ReadBack } from './types';

export function itemRows(items: readonly SettingItemResult[]): ItemResultRow[] {
  return items.map((item) => {
    const field = fieldOfSettingId(item.identifier);
    if (!item.ok) return { field, settingId: item.identifier, ok: false, message: item.errorMessage };
    const value = item.setting?.value ?? null;
    const source = item.setting?.settingSource;
    const message =
      value === null
        ? `Saved; now unset${source === 'DEFAULT' ? ' (default)' : ''}.`
        : `Saved: ${JSON.stringify(value)}.`;
    return { field, settingId: item.identifier, ok: true, message };
  });
}

/** What the settings should read after the PUT: sent values for UPDATE, unset for RESTORE. */
export function expectedAfter(body: readonly SettingRequestDTO[]): Partial<CurrentSettings> {
  const expected: Partial<CurrentSettings> = {};
  for (const item of body) {
    const field = fieldOfSettingId(item.identifier);
    if (field === undefined) continue;
    expected[field] = item.updateType === 'RESTORE' ? null : (item.value ?? null);
  }
  return expected;
}

/** Unset and empty are the same to Harness's SCIM filter (both fail), and to the user. */
const norm = (v: string | null | undefined): string => v ?? '';

export function compareReadBack(expected: Partial<CurrentSettings>, actual: CurrentSettings): ReadBack {
  const rows = SETUP_FIELDS.filter((f) => f in expected).map((field) => {
    const want = expected[field] ?? null;
    const got = actual[field];
    return { field, expected: want, actual: got, matches: norm(want) === norm(got) };
  });
  return { allMatch: rows.every((r) => r.matches), rows };
}
