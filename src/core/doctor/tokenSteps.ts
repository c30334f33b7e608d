/**
 * Steps 5–7, for a given token: the local verdict with the account's own rules, Harness's
 * token/validate (the only place Harness says why), and the two SCIM calls an identity provider
 * would make (authentication alone, then the service account's permission to read users).
 */
import { THE_SCIM_PERMISSIONS } from '../harness';
import { countWord } from '../countWords';
import { SCIM_JWT_SETTING_IDS, SETTINGS_PROPAGATION_SECONDS } from '../harness';
import { isHarnessApiError } from '../harness';
import { verifyForHarness, type VerdictCode } from '../jwt';
import { recogniseStaleKeySet, REFRESH_FIX, settingsAgeSeconds } from '../setup';
import {
  callFailure,
  callOptions,
  outcome,
  rethrowIfCancelled,
  skipped,
  type DoctorContext,
  type StepOutcome,
} from './context';
import type { DoctorProblem, DoctorStep } from './types';

const NO_TOKEN =
  'Skipped: no token given. Paste one, pick one from a .http file, or fetch one from your identity provider.';

const VERDICT_FIX: Readonly<Record<VerdictCode, string>> = {
  ok: '',
  'bearer-prefix': 'In the Authorization header, write "Bearer " with a capital B and one space before the token.',
  malformed:
    'Send the access token itself (three base64url parts), not an id token wrapper, a Harness key or an encrypted token.',
  typ: 'Configure the identity provider to put typ "JWT" (or "at+jwt") in the token header; Harness ignores tokens whose typ lacks "jwt".',
  algorithm: 'Have the identity provider sign with RS256 or ES256.',
  'key-not-found':
    "The token's kid is not in the key set: check the JWKS URL belongs to the issuer of this token (keys may have rotated).",
  'weak-key': 'Use an RSA key of 2048 bits or more (or a matching EC curve).',
  signature:
    "The token was not signed by a key of this set: check the JWKS URL is the issuer's, and that the token was not altered.",
  'exp-missing': 'Have the identity provider put an exp claim in the token; Harness requires one.',
  expired: 'Get a fresh token; Harness allows 30 s of clock skew only.',
  'not-yet-valid': "The token's nbf is in the future: check the clocks, or wait.",
  issuer: 'Use a token issued by your identity provider; Harness refuses its own ("Harness Inc").',
  'claim-missing':
    'Make the identity provider put the configured claim in the token, or change scim_jwt_token_key_field to a claim it does carry.',
  'claim-not-string': "The claim must be a JSON string; choose another claim or change the provider's mapping.",
  'claim-mismatch':
    "Make scim_jwt_token_value_field equal the claim's value in the token (case-sensitive), or issue tokens with the expected value.",
  'jwks-unreachable': 'See step 3: the key set could not be fetched.',
  'jwks-invalid': 'See step 3: the URL does not answer a key set.',
};

export async function checkVerdict(ctx: DoctorContext): Promise<StepOutcome> {
  if (ctx.token === undefined) return skipped(NO_TOKEN);
  const s = ctx.settings;
  if (!s || [s.jwksUrl, s.keyField, s.value].some((v) => (v ?? '').trim() === ''))
    return skipped('Skipped: the JWKS URL, key field and value settings are needed (step 2).');
  const unreachable = ctx.keySetUnreachable?.url === (s.jwksUrl ?? '').trim() ? ctx.keySetUnreachable : undefined;
  if (unreachable) {
    return outcome(
      'fail',
      `Refused (jwks-unreachable): the key set at ${unreachable.url} could not be fetched in step 3 (${unreachable.message}), so Harness would refuse every token. Not fetched a second time.`,
      {
        problem: 'token-refused',
        verdictCode: 'jwks-unreachable',
        fix: VERDICT_FIX['jwks-unreachable'],
      },
    );
  }
  const verdict = await verifyForHarness(ctx.token, {
    keys: { kind: 'url', url: s.jwksUrl ?? '' },
    rules: { keyField: s.keyField ?? '', value: s.value ?? '' },
    cache: ctx.jwksCache,
    at: ctx.now(),
    scheme: ctx.scheme,
  });
  ctx.verdict = verdict;
  const notes = verdict.warnings.map((w) => w.message);
  if (verdict.accepted) return outcome('pass', verdict.message, { verdictCode: verdict.code, notes });
  const h = verdict.harnessError;
  notes.unshift(`token/validate would answer HTTP ${h.httpStatus} ${h.code}: ${h.message}`);
  return outcome('fail', `Refused (${verdict.code}): ${verdict.message}`, {
    problem: 'token-refused',
    verdictCode: verdict.code,
    fix: VERDICT_FIX[verdict.code],
    notes,
  });
}

/** The local verdict saw a JWT that Harness should recognise, so "Token not found" means the flag. */
function verdictSawAJwt(ctx: DoctorContext): boolean {
  const code = ctx.verdict?.code;
  return code === undefined || (code !== 'typ' && code !== 'malformed');
}

export async function checkTokenValidate(ctx: DoctorContext): Promise<StepOutcome> {
  if (ctx.token === undefined) return skipped(NO_TOKEN);
  if (ctx.harnessUnreachable !== undefined) return skipped(harnessDown(ctx));
  if (!ctx.keyWorks) return skipped('Skipped: token/validate needs a working API key (step 1).');
  let result;
  try {
    result = await ctx.client.validateToken(ctx.token, callOptions(ctx));
  } catch (e) {
    return callFailure(e, 'token/validate', ctx.client.baseUrl);
  }
  ctx.validation = result;
  const local = ctx.verdict;
  if (result.valid) {
    const sa = result.token.parentIdentifier ?? result.token.name ?? '?';
    if (local && !local.accepted) {
      return outcome(
        'warn',
        `Harness accepts the token (as service account "${sa}") but the local verdict refused it (${local.code}).`,
        {
          problem: 'engines-disagree',
          fix: `If the settings changed in the last ${SETTINGS_PROPAGATION_SECONDS} s, Harness may still use the old ones: run again after the wait. Otherwise please report the difference.`,
        },
      );
    }
    return outcome('pass', `Harness accepts the token and maps it to service account "${sa}".`);
  }
  const answer = `HTTP ${result.httpStatus ?? '?'} ${result.code ?? ''}: ${result.message}`.replace(/ :/, ':');
  const base = {
    harnessReason: result.reason,
    notes: result.correlationId !== undefined ? [`correlation id ${result.correlationId}`] : [],
  };
  if (result.reason === 'forbidden') {
    return outcome(
      'warn',
      `This key may not call token/validate (${answer}); Harness's own reason could not be asked.`,
      {
        ...base,
        problem: 'token-validate-forbidden',
        fix: 'Harness checks no permission on token/validate (TokenResource has no access check), so a 403 most likely comes from a proxy or gateway between you and Harness; check its rules, or run the doctor from another network.',
      },
    );
  }
  if (result.reason === 'not-recognised' && verdictSawAJwt(ctx)) {
    return outcome(
      'fail',
      `Harness treated the JWT as an API key and did not find it (${answer}): the feature flag PL_SUPPORT_JWT_TOKEN_SCIM_API is most likely off for account ${ctx.client.accountId}.`,
      {
        ...base,
        problem: 'flag-off',
        fix: `Ask Harness Support to enable PL_SUPPORT_JWT_TOKEN_SCIM_API for account ${ctx.client.accountId}.`,
      },
    );
  }
  if (result.reason === 'service-account-missing') {
    // The local verdict never looks the service account up, so this is no disagreement between the
    // two: Harness found no account-level service account with the configured id (HC
    // 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/service/impl/ServiceAccountServiceImpl.java:244-254).
    return outcome(
      'fail',
      `Harness refuses the token because the configured service account does not exist (${answer}).`,
      {
        ...base,
        problem: 'service-account-missing',
        fix: `See step 4: set scim_jwt_token_service_account_id to the identifier of an existing account-level service account, or create one that holds ${THE_SCIM_PERMISSIONS}.`,
      },
    );
  }
  const s = ctx.settings;
  if (
    result.reason === 'server-error' &&
    s !== undefined &&
    [s.jwksUrl, s.keyField, s.value, s.serviceAccountId].includes(null)
  ) {
    // An unset setting makes Harness's Collectors.toMap throw: a 500 for every JWT (HC
    // 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java:297-300).
    return outcome(
      'fail',
      `Harness fails on the token with a server error (${answer}), as it does for every JWT while a SCIM JWT setting is unset.`,
      {
        ...base,
        problem: 'settings-missing',
        fix: `Set all ${countWord(SCIM_JWT_SETTING_IDS.length)} settings (step 2), then wait ${SETTINGS_PROPAGATION_SECONDS} s.`,
      },
    );
  }
  const agreement =
    local === undefined
      ? ''
      : local.accepted
        ? ' The local verdict accepted it:'
        : ` The local verdict agrees (${local.code}).`;
  if (local?.accepted === true) {
    // The local verdict used the key set fetched fresh in step 3 (the cache was reloaded there).
    const stale = recogniseStaleKeySet({
      validation: result,
      freshVerdict: local,
      jwksUrl: s?.jwksUrl ?? '',
      jwksChangedSecondsAgo: settingsAgeSeconds(ctx.settingsRows ?? [], ctx.now()),
    });
    if (stale) {
      ctx.staleKeySet = stale;
      return outcome('fail', stale.message, {
        ...base,
        problem: 'key-set-stale',
        fix: stale.fix,
        notes: [stale.basis, ...base.notes],
      });
    }
    return outcome(
      'fail',
      `Harness refuses the token (${result.reason}, ${answer}).${agreement} Harness may still use settings or keys it cached earlier.`,
      {
        ...base,
        problem: 'engines-disagree',
        fix: `Wait ${SETTINGS_PROPAGATION_SECONDS} s after a settings change and run again. After a key rotation under an unchanged JWKS URL, Harness keeps the old keys while they are used: ${REFRESH_FIX}`,
      },
    );
  }
  return outcome('fail', `Harness refuses the token (${result.reason}): ${answer}.${agreement}`, {
    ...base,
    problem: 'token-validate-refused',
    fix: local !== undefined ? VERDICT_FIX[local.code] : "See Harness's message above.",
  });
}

/**
 * The problems a stale key set causes by itself: step 6's finding, and step 7's SCIM calls answering
 * Harness's opaque 401 for the same token (the SCIM filter turns every failure of token/validate into
 * its own INVALID_TOKEN, HC 965-ng-filter/src/main/java/io/harness/security/NextGenAuthenticationFilter.java:84-96). Anything else that fails is another fault a refresh
 * cannot fix.
 */
export const STALE_KEY_SET_CONSEQUENCES: readonly DoctorProblem[] = ['key-set-stale', 'scim-unauthenticated'];

/**
 * The stale key set is the only problem: it was found, and every failed step's problem is it or its
 * direct consequence. `staleKeySet.onlyProblem` in `scim-jwt doctor --json`: a scheduled job runs
 * the refresh only then (docs/doctor-json.md, docs/key-rotation.md).
 */
export function staleKeySetIsOnlyProblem(steps: readonly Pick<DoctorStep, 'status' | 'problem'>[]): boolean {
  const failed = steps.filter((s) => s.status === 'fail');
  return (
    failed.some((s) => s.problem === 'key-set-stale') &&
    failed.every((s) => s.problem !== undefined && STALE_KEY_SET_CONSEQUENCES.includes(s.problem))
  );
}

function scimFailure(e: unknown, what: string, ctx: DoctorContext): StepOutcome {
  rethrowIfCancelled(e);
  if (isHarnessApiError(e) && e.httpStatus === 401) {
    return outcome(
      'fail',
      `${what} answered 401 "Token is not valid.": Harness refused the token (it never says why to a SCIM caller; steps 5 and 6 do).`,
      {
        problem: 'scim-unauthenticated',
        fix: 'Fix what steps 2–6 report, then run again.',
      },
    );
  }
  if (isHarnessApiError(e) && e.httpStatus === 403) {
    return outcome(
      'fail',
      `${what} answered 403: the token authenticated, but the service account may not read users (${e.serverMessage ?? e.message}).`,
      {
        problem: 'scim-forbidden',
        fix: `Give the configured service account ${THE_SCIM_PERMISSIONS} on "All Account Level Resources" (step 4).`,
      },
    );
  }
  const failed = callFailure(e, what, ctx.client.baseUrl);
  return { ...failed, problem: failed.problem === 'harness-unreachable' ? 'harness-unreachable' : 'scim-error' };
}

function harnessDown(ctx: DoctorContext): string {
  return `Skipped: Harness at ${ctx.client.baseUrl} did not answer earlier in this run (step 1); not waiting for it again.`;
}

export async function checkScim(ctx: DoctorContext): Promise<StepOutcome> {
  if (ctx.token === undefined) return skipped(NO_TOKEN);
  if (ctx.harnessUnreachable !== undefined) return skipped(harnessDown(ctx));
  const scim = ctx.client.scim;
  try {
    await scim.serviceProviderConfig(ctx.token, callOptions(ctx));
  } catch (e) {
    return scimFailure(e, 'GET ServiceProviderConfig', ctx);
  }
  let users;
  try {
    users = await scim.listUsers(ctx.token, { count: 1 }, callOptions(ctx));
  } catch (e) {
    const failed = scimFailure(e, 'GET Users?count=1', ctx);
    return { ...failed, detail: `ServiceProviderConfig accepted the token, but ${failed.detail}` };
  }
  const n = users.Resources.length;
  return outcome(
    'pass',
    `ServiceProviderConfig and Users?count=1 both answered 200 (${n === 0 ? 'no SCIM-provisioned users yet' : 'users listed'}).`,
    {
      notes: [`SCIM base URL for the identity provider: ${ctx.client.scimBaseUrl}`],
    },
  );
}
