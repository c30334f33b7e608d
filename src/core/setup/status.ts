/**
 * What the explorer says of the four settings as a whole: configured, N of 4 missing, or when the
 * latest change takes effect (Harness keeps the old values for its settings cache's lifetime).
 */
import type { SettingResponseDTO } from '../harness';
import { SCIM_JWT_SETTING_IDS, SETTINGS_PROPAGATION_SECONDS } from '../harness';

export type ScimGroupStatus =
  | { kind: 'configured' }
  | { kind: 'missing'; missing: number }
  | { kind: 'pending'; effectiveAt: number; missing: number };

/** The four settings' status among the account's settings, at `now` (ms). */
export function scimGroupStatus(settings: readonly SettingResponseDTO[], now: number): ScimGroupStatus {
  const four = SCIM_JWT_SETTING_IDS.map((id) => settings.find((s) => s.setting.identifier === id));
  const missing = four.filter((s) => !s?.setting.value?.trim()).length;
  const lastChange = Math.max(0, ...four.map((s) => s?.lastModifiedAt ?? 0));
  const effectiveAt = lastChange + SETTINGS_PROPAGATION_SECONDS * 1000;
  if (lastChange > 0 && effectiveAt > now) return { kind: 'pending', effectiveAt, missing };
  return missing === 0 ? { kind: 'configured' } : { kind: 'missing', missing };
}
