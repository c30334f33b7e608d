/**
 * Step 8: what no API call can prove. The feature flag has no public read endpoint, so it is
 * inferred from token/validate; Harness's 2-minute settings cache means a fresh change is not yet
 * in force, whatever steps 2–7 said.
 */
import { SETTINGS_PROPAGATION_SECONDS } from '../harness';
import { fieldOfSettingId, REFRESH_FLAG, REFRESH_KEY_SET_TITLE } from '../setup';
import { outcome, type DoctorContext, type StepOutcome } from './context';
import type { DoctorProblem } from './types';

export function checkReminders(ctx: DoctorContext): StepOutcome {
  const reminders: { problem: DoctorProblem; text: string; fix: string }[] = [];
  const notes: string[] = [];
  const v = ctx.validation;
  const sawJwt = ctx.verdict === undefined || (ctx.verdict.code !== 'typ' && ctx.verdict.code !== 'malformed');
  if (v && !v.valid && v.reason === 'not-recognised' && sawJwt) {
    reminders.push({
      problem: 'flag-off',
      text: `Feature flag PL_SUPPORT_JWT_TOKEN_SCIM_API: token/validate answered "Token not found" for a JWT, which is what Harness does when the flag is off.`,
      fix: `Ask Harness Support to enable PL_SUPPORT_JWT_TOKEN_SCIM_API for account ${ctx.client.accountId}.`,
    });
  } else if (v?.valid === true) {
    notes.push('Feature flag PL_SUPPORT_JWT_TOKEN_SCIM_API is on (Harness ran its JWT flow for the token).');
  } else {
    notes.push(
      'Feature flag PL_SUPPORT_JWT_TOKEN_SCIM_API cannot be read through the API; with a token and a working key, token/validate shows whether it is on.',
    );
  }

  const changed = (ctx.settingsRows ?? [])
    .filter(
      (r) =>
        fieldOfSettingId(r.setting.identifier) !== undefined && r.lastModifiedAt !== null && r.setting.value !== null,
    )
    .map((r) => r.lastModifiedAt ?? 0);
  if (changed.length > 0) {
    const ageSeconds = Math.floor((ctx.now().getTime() - Math.max(...changed)) / 1000);
    if (ageSeconds < SETTINGS_PROPAGATION_SECONDS) {
      const wait = SETTINGS_PROPAGATION_SECONDS - Math.max(0, ageSeconds);
      reminders.push({
        problem: 'settings-too-new',
        text: `The SCIM JWT settings changed ${Math.max(0, ageSeconds)} s ago; Harness reads them through a 2-minute cache, so SCIM calls may still use the previous values for about ${wait} s.`,
        fix: `Wait ${wait} s and run the check again.`,
      });
    } else {
      notes.push(`The settings last changed ${Math.round(ageSeconds / 60)} min ago: Harness uses them.`);
    }
  }
  if (ctx.staleKeySet === undefined)
    notes.push(
      `Harness keeps a fetched key set for as long as it is used (5 days after the last use): after your provider rotates its keys under the same JWKS URL, make Harness re-read it (\`scim-jwt setup ${REFRESH_FLAG}\`, or "${REFRESH_KEY_SET_TITLE}" in VS Code).`,
    );

  const first = reminders[0];
  if (!first) return outcome('pass', 'Nothing to wait for or to ask Harness Support about.', { notes });
  return outcome('warn', reminders.map((r) => r.text).join(' '), {
    problem: first.problem,
    fix: reminders.map((r) => r.fix).join(' '),
    notes,
  });
}
