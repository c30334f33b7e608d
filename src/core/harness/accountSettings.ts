/**
 * An account's settings, category by category, as Harness's Default Settings page shows them:
 * categories with at least one setting at account scope, in display order, and the categories this
 * Harness does not know set apart instead of failing the whole list.
 */
import { SETTING_CATEGORIES_IN_DISPLAY_ORDER, type SettingCategory } from './categories';
import type { CallOptions } from './callOptions';
import type { HarnessClient } from './client';
import { SCIM_SETTINGS_CATEGORY } from './constants';
import { HarnessApiError } from './errors';
import type { SettingResponseDTO } from './types';

export interface AccountSettings {
  /** Categories holding settings, in display order; empty ones are left out. */
  categories: { category: SettingCategory; settings: SettingResponseDTO[] }[];
  /** Categories this Harness refused while others loaded: an older self-managed install, say. */
  unavailable: SettingCategory[];
}

/**
 * The statuses that, for one category among others that load, mean "this Harness does not have
 * this category": the contract cannot tell which one an unknown enum value gets (400, 404 or 500;
 * docs/harness-contract.md, "A category the server does not know"), so none is trusted alone.
 */
const UNKNOWN_CATEGORY_STATUSES = new Set([400, 404, 500]);

/** A few requests at a time: about twenty categories, and Harness rate-limits per account. */
const CONCURRENCY = 4;

type Outcome = { ok: true; settings: SettingResponseDTO[] } | { ok: false; error: unknown };

/**
 * Reads every category except SCIM (the tree shows the SCIM JWT settings on their own). A 401,
 * 403, timeout or network failure fails the whole read, as it would for any call; so does a
 * refusal of every category, since then nothing shows that the category is the problem.
 */
export async function loadAccountSettings(
  client: Pick<HarnessClient, 'listSettings'>,
  options: CallOptions & { categories?: readonly SettingCategory[] } = {},
): Promise<AccountSettings> {
  const wanted = (options.categories ?? SETTING_CATEGORIES_IN_DISPLAY_ORDER).filter(
    (c) => c.value !== SCIM_SETTINGS_CATEGORY,
  );
  const outcomes: Outcome[] = new Array<Outcome>(wanted.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted.length) {
      const i = next++;
      const category = wanted[i];
      if (!category) return;
      try {
        outcomes[i] = {
          ok: true,
          settings: await client.listSettings({ category: category.value }, { signal: options.signal }),
        };
      } catch (error) {
        outcomes[i] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, wanted.length) }, worker));

  const failures = outcomes.filter((o): o is { ok: false; error: unknown } => !o.ok);
  const fatal = failures.find(
    (f) =>
      !(
        f.error instanceof HarnessApiError &&
        f.error.httpStatus !== undefined &&
        UNKNOWN_CATEGORY_STATUSES.has(f.error.httpStatus)
      ),
  );
  if (fatal) throw fatal.error;
  const first = failures[0];
  if (first && failures.length === wanted.length) throw first.error;

  const result: AccountSettings = { categories: [], unavailable: [] };
  wanted.forEach((category, i) => {
    const outcome = outcomes[i];
    if (!outcome?.ok) result.unavailable.push(category);
    else if (outcome.settings.length > 0) result.categories.push({ category, settings: outcome.settings });
  });
  return result;
}
