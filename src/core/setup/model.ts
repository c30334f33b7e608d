/**
 * Desired vs current: reading Harness's settings list into form values, what the PUT will carry,
 * and the diff the user confirms before a non-empty value is overwritten.
 */
import type { SettingResponseDTO } from '../harness';
import {
  EMPTY_SETTINGS,
  SETTING_ID_OF,
  SETUP_FIELDS,
  UNSET_SETTINGS,
  fieldOfSettingId,
  perField,
  settingOf,
  type ChangeKind,
  type CurrentSettings,
  type DiffRow,
  type ScimJwtSettings,
} from './types';

/** The four values out of a settings list (any category; other settings are ignored). */
export function currentFromSettings(list: readonly SettingResponseDTO[]): CurrentSettings {
  const current: CurrentSettings = { ...UNSET_SETTINGS };
  for (const item of list) {
    const field = fieldOfSettingId(item.setting.identifier);
    if (field !== undefined) current[field] = item.setting.value ?? null;
  }
  return current;
}

/** Form values to start from: the current ones, unset shown as empty. */
export function prefillFrom(current: CurrentSettings): ScimJwtSettings {
  return perField((f) => current[f] ?? '');
}

/**
 * What the PUT carries for each field. The URL and the service account id are trimmed: Harness
 * trims both before use, so ends spaces would only make the stored value misleading. The key field
 * is sent literally (Harness looks the claim up by the exact string; the check flags spaces) and so
 * is the value (Harness trims it when comparing; the check notes it) — what is typed is what is sent.
 */
export function valuesToSend(desired: ScimJwtSettings): ScimJwtSettings {
  return perField((f) => (settingOf(f).trimmed ? desired[f].trim() : desired[f]));
}

function changeOf(current: string | null, next: string | null): ChangeKind {
  const c = current ?? '';
  const n = next ?? '';
  if (c === n) return 'unchanged';
  if (n === '') return 'cleared';
  return c === '' ? 'new' : 'changed';
}

/** Current vs what the PUT would write, per field, in form order. */
export function diffSettings(current: CurrentSettings, desired: ScimJwtSettings): DiffRow[] {
  const next = valuesToSend(desired);
  return SETUP_FIELDS.map((field) => ({
    field,
    settingId: SETTING_ID_OF[field],
    current: current[field],
    next: next[field],
    change: changeOf(current[field], next[field]),
  }));
}

/** Current vs what a RESTORE leaves (every value back to Harness's default, unset). */
export function diffRestore(current: CurrentSettings): DiffRow[] {
  return SETUP_FIELDS.map((field) => ({
    field,
    settingId: SETTING_ID_OF[field],
    current: current[field],
    next: null,
    change: current[field] === null || current[field] === '' ? 'unchanged' : 'cleared',
  }));
}

/** Rows that replace or clear a non-empty value: the user confirms these before sending. */
export function overwrittenRows(diff: readonly DiffRow[]): DiffRow[] {
  return diff.filter((r) => r.change === 'changed' || r.change === 'cleared');
}

export function isConfigured(current: CurrentSettings): boolean {
  return SETUP_FIELDS.some((f) => (current[f] ?? '') !== '');
}

export function sameSettings(a: ScimJwtSettings, b: ScimJwtSettings): boolean {
  return SETUP_FIELDS.every((f) => a[f] === b[f]);
}

export { EMPTY_SETTINGS };
