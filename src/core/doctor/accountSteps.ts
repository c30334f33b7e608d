/** Steps 1 and 2: the key works and can read the settings; all the SCIM JWT settings hold a value. */
import { SETTING_ID_OF, SETUP_FIELDS, FIELD_LABEL, currentFromSettings } from '../setup';
import { SETTINGS_PROPAGATION_SECONDS } from '../harness';
import { countWord } from '../countWords';
import { callFailure, callOptions, outcome, skipped, type DoctorContext, type StepOutcome } from './context';

export async function checkKey(ctx: DoctorContext): Promise<StepOutcome> {
  const { client } = ctx;
  let principal: string;
  try {
    const who = await client.whoAmI(callOptions(ctx));
    principal = who.username ?? who.email ?? who.name ?? who.parentIdentifier ?? 'unknown';
  } catch (e) {
    return callFailure(e, 'Checking the API key (token/validate)', client.baseUrl);
  }
  try {
    // The same read Harness's own SCIM filter makes.
    ctx.settingsRows = await client.scimJwtSettings(callOptions(ctx));
  } catch (e) {
    const failed = callFailure(e, 'Reading the SCIM settings', client.baseUrl);
    return {
      ...failed,
      detail: `The key (of ${principal}) works, but ${failed.detail.charAt(0).toLowerCase()}${failed.detail.slice(1)}`,
    };
  }
  ctx.settings = currentFromSettings(ctx.settingsRows);
  ctx.keyWorks = true;
  return outcome(
    'pass',
    `The ${client.keyKind} key of "${principal}" works for account ${client.accountId} and reads the SCIM JWT settings.`,
  );
}

export function checkSettings(ctx: DoctorContext): StepOutcome {
  const current = ctx.settings;
  if (!current) return skipped('Skipped: the settings could not be read (step 1).');
  const all = countWord(SETUP_FIELDS.length);
  const missing = SETUP_FIELDS.filter((f) => (current[f] ?? '').trim() === '');
  const shown = SETUP_FIELDS.map(
    (f) => `${FIELD_LABEL[f]}: ${current[f] === null ? '(unset)' : JSON.stringify(current[f])}`,
  );
  if (missing.length > 0) {
    return outcome(
      'fail',
      `${missing.length} of the ${all} settings ${missing.length === 1 ? 'is' : 'are'} not set: ${missing.map((f) => `${SETTING_ID_OF[f]} (${FIELD_LABEL[f]})`).join(', ')}. Harness refuses every JWT until all ${all} hold a value.`,
      {
        problem: 'settings-missing',
        fix: `Run "Harness SCIM JWT: Set Up SCIM JWT Authentication" in VS Code or \`scim-jwt setup\` (or PUT /ng/api/settings with all ${all} items), then wait ${SETTINGS_PROPAGATION_SECONDS} s.`,
        notes: shown,
      },
    );
  }
  const keyField = current.keyField ?? '';
  if (keyField !== keyField.trim()) {
    return outcome(
      'warn',
      `All ${all} settings are set, but the key field ${JSON.stringify(keyField)} has spaces at its ends; Harness looks the claim up by that exact string.`,
      {
        fix: `Set ${SETTING_ID_OF.keyField} to ${JSON.stringify(keyField.trim())}.`,
        notes: shown,
      },
    );
  }
  return outcome(
    'pass',
    `All ${all} settings are set (claim ${JSON.stringify(keyField)} must equal ${JSON.stringify((current.value ?? '').trim())}).`,
    { notes: shown },
  );
}
