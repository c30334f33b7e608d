/**
 * The outcome of a settings PUT. Harness answers HTTP 200 even when items fail
 * (docs/harness-contract.md, "Setting update semantics"), so the result is a union: the updated
 * settings are only reachable after checking `allSucceeded`, and a failed batch carries a ready summary naming each failed item.
 */
import type { SettingDTO, SettingRequestDTO, SettingUpdateResponseDTO } from './types';

export interface SettingItemSuccess {
  identifier: string;
  ok: true;
  /** What Harness now holds; after RESTORE, the inherited/default value (`settingSource: "DEFAULT"`). */
  setting: SettingDTO | null;
  lastModifiedAt: number | null;
}

export interface SettingItemFailure {
  identifier: string;
  ok: false;
  errorMessage: string;
  /** False when Harness's answer did not mention this item at all. */
  reported: boolean;
}

export type SettingItemResult = SettingItemSuccess | SettingItemFailure;

export type SettingsUpdateResult =
  | { allSucceeded: true; updated: SettingItemSuccess[]; items: SettingItemResult[]; correlationId: string | undefined }
  | {
      allSucceeded: false;
      failed: SettingItemFailure[];
      succeeded: SettingItemSuccess[];
      items: SettingItemResult[];
      /** One line per failed item, for a notification or the log. */
      summary: string;
      correlationId: string | undefined;
    };

export class SettingsUpdateError extends Error {
  override readonly name = 'SettingsUpdateError';
  constructor(
    readonly failed: SettingItemFailure[],
    readonly succeeded: SettingItemSuccess[],
    summary: string,
  ) {
    super(summary);
  }
}

/** Pairs each requested item with Harness's per-item answer, in request order. */
export function settingsUpdateResult(
  requested: readonly SettingRequestDTO[],
  answered: readonly SettingUpdateResponseDTO[],
  correlationId: string | undefined,
): SettingsUpdateResult {
  const byId = new Map<string, SettingUpdateResponseDTO[]>();
  for (const a of answered) byId.set(a.identifier, [...(byId.get(a.identifier) ?? []), a]);
  const items: SettingItemResult[] = requested.map((r) => {
    // Consume answers in order so a repeated identifier pairs with its own answer.
    const a = byId.get(r.identifier)?.shift();
    if (!a) {
      return {
        identifier: r.identifier,
        ok: false,
        reported: false,
        errorMessage:
          'Harness did not report a result for this setting; read the settings back to see whether it changed.',
      };
    }
    if (!a.updateStatus) {
      return {
        identifier: r.identifier,
        ok: false,
        reported: true,
        errorMessage: a.errorMessage ?? 'Harness reported a failure without a reason.',
      };
    }
    return { identifier: r.identifier, ok: true, setting: a.setting, lastModifiedAt: a.lastModifiedAt };
  });
  const failed = items.filter((i): i is SettingItemFailure => !i.ok);
  const succeeded = items.filter((i): i is SettingItemSuccess => i.ok);
  if (failed.length === 0) return { allSucceeded: true, updated: succeeded, items, correlationId };
  const summary =
    `${failed.length} of ${items.length} setting(s) were not saved: ` +
    failed.map((f) => `${f.identifier}: ${f.errorMessage}`).join('; ');
  return { allSucceeded: false, failed, succeeded, items, summary, correlationId };
}

/** For callers that treat any failed item as an error: throws `SettingsUpdateError` naming them. */
export function assertAllSucceeded(
  result: SettingsUpdateResult,
): asserts result is Extract<SettingsUpdateResult, { allSucceeded: true }> {
  if (!result.allSucceeded) throw new SettingsUpdateError(result.failed, result.succeeded, result.summary);
}
