/** Non-fatal observations about a token and its settings that Harness would not refuse for, but users trip over. */
import { javaTrim } from './javaText';
import { describeDuration } from './time';
import type { HarnessJwtRules, VerdictWarning } from './types';
import { SETTINGS_PROPAGATION_SECONDS } from '../harness';

/** Harness reads the settings through a 2-minute cache: a token must outlive the wait after a settings change. */
const EXPIRES_SOON_SECONDS = 10 * 60;
const LONG_LIFETIME_SECONDS = 24 * 3600;
const SKEW_SECONDS = 30;
const OKTA_ORG_ISSUER = /^https:\/\/[^/]+\.(okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com\/?$/i;

export function settingsWarnings(rules: HarnessJwtRules): VerdictWarning[] {
  const out: VerdictWarning[] = [];
  if (rules.keyField === '')
    out.push({
      code: 'setting-empty',
      message: 'The key field setting is empty: Harness would look for a claim with an empty name.',
    });
  else if (javaTrim(rules.keyField) !== rules.keyField) {
    out.push({
      code: 'setting-whitespace',
      message: `The key field setting ${JSON.stringify(rules.keyField)} has surrounding spaces; Harness does not trim it, so it looks for a claim named exactly that.`,
    });
  }
  if (javaTrim(rules.value) === '')
    out.push({ code: 'setting-empty', message: 'The value setting is empty: no real claim value can match it.' });
  return out;
}

export function headerWarnings(header: Record<string, unknown>): VerdictWarning[] {
  const out: VerdictWarning[] = [];
  if ('nonce' in header) {
    out.push({
      code: 'entra-nonce',
      message:
        'The header has a "nonce": Microsoft Entra issues such tokens for Microsoft Graph, and their signature does not verify outside Microsoft. Request a token for your own API (scope api://<app>/.default).',
    });
  }
  return out;
}

export function payloadWarnings(payload: Record<string, unknown>, nowSeconds: number): VerdictWarning[] {
  const out: VerdictWarning[] = [];
  const { exp, iat, iss } = payload;
  if (exp === Number.POSITIVE_INFINITY) {
    out.push({
      code: 'long-lifetime',
      message:
        "The token's exp is a number too large for any date, so it never expires; a leaked token stays usable forever.",
    });
  }
  if (typeof exp === 'number' && Number.isFinite(exp)) {
    const left = exp - nowSeconds;
    if (left + SKEW_SECONDS > 0 && left < SETTINGS_PROPAGATION_SECONDS) {
      out.push({
        code: 'expires-within-propagation',
        message: `The token expires ${left > 0 ? `in ${describeDuration(left)}` : 'now (only the 30 s leeway keeps it valid)'}: shorter than the ${SETTINGS_PROPAGATION_SECONDS} s Harness may take to apply changed settings.`,
      });
    } else if (left >= SETTINGS_PROPAGATION_SECONDS && left < EXPIRES_SOON_SECONDS) {
      out.push({ code: 'expires-soon', message: `The token expires in ${describeDuration(left)}.` });
    }
    const start = typeof iat === 'number' && Number.isFinite(iat) ? iat : nowSeconds;
    if (exp - start > LONG_LIFETIME_SECONDS) {
      out.push({
        code: 'long-lifetime',
        message: `The token lives ${describeDuration(exp - start)}; a leaked token stays usable that long. IdPs usually issue 1 hour.`,
      });
    }
  }
  if (typeof iat === 'number' && iat > nowSeconds + SKEW_SECONDS) {
    out.push({
      code: 'iat-future',
      message: `The token was issued ${describeDuration(iat - nowSeconds)} in the future (iat): a clock is wrong somewhere. Harness does not check iat.`,
    });
  }
  if (typeof iss === 'string' && OKTA_ORG_ISSUER.test(iss)) {
    out.push({
      code: 'okta-org-issuer',
      message: `The issuer ${iss} is an Okta org authorization server; its access tokens are meant for Okta alone. Use a custom authorization server (issuer …/oauth2/<id>) and its keys URL.`,
    });
  }
  return out;
}

export function harnessCacheWarning(url: string): VerdictWarning {
  return {
    code: 'jwks-cached-by-harness',
    message: `Harness caches the key set of ${url} for days (renewed on every use): a key rotated under the same URL is not seen until the URL string changes (e.g. add ?v=2) and ${SETTINGS_PROPAGATION_SECONDS} s pass.`,
  };
}
