/**
 * The claim half of Harness's judgement, after the signature: jose4j's default validators
 * (exp required, 30 s leeway, nbf, claim types) and then JWTTokenFlowAuthFilterUtils' own rules
 * (issuer not "Harness Inc", the configured claim as a trimmed, case-sensitive string).
 */
import { HARNESS_ISSUER } from '../harness/constants';
import { CLAIM_MISMATCH, EXPIRED_TOKEN, HARNESS_ISSUED_TOKEN, INVALID_TOKEN } from './harnessErrors';
import { javaTrim } from './javaText';
import { jsonPreview } from '../jsonText';
import { capList, clip } from '../listCap';
import { describeClaimTime, describeDuration } from './time';
import type { HarnessJwtRules, Verdict } from './types';
import type { VerdictBuilder } from './verdictBuilder';

export const CLOCK_SKEW_SECONDS = 30;

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function show(v: unknown): string {
  return jsonPreview(v, { maxChars: 80 });
}

/** jose4j's typed getters (getSubject, getJwtId, getIssuedAt, getIssuer) throw on a wrong JSON type. */
export function checkClaimTypes(payload: Record<string, unknown>, b: VerdictBuilder): Verdict | undefined {
  const wrong: string[] = [];
  for (const name of ['sub', 'jti'] as const) {
    if (payload[name] !== undefined && payload[name] !== null && typeof payload[name] !== 'string') wrong.push(`${name} is ${kindOf(payload[name])}, not a string`);
  }
  for (const name of ['iat'] as const) {
    if (payload[name] !== undefined && payload[name] !== null && typeof payload[name] !== 'number') wrong.push(`${name} is ${kindOf(payload[name])}, not a number`);
  }
  if (wrong.length > 0) {
    return b.fail('payload', 'malformed', `Harness's JOSE library rejects the payload: ${wrong.join('; ')}.`, INVALID_TOKEN);
  }
  return undefined;
}

/** exp required and numeric; expiry and nbf with 30 s leeway, compared in whole seconds like jose4j. */
export function checkTimes(payload: Record<string, unknown>, now: Date, b: VerdictBuilder): Verdict | undefined {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { exp, nbf } = payload;
  if (exp === undefined || exp === null) {
    return b.fail('exp', 'exp-missing', 'The token has no exp (expiration time) claim; Harness requires one.', INVALID_TOKEN);
  }
  // A number too large for a double (1e400) parses as ±Infinity; jose4j takes longValue() of it,
  // which saturates to Long.MAX_VALUE / MIN_VALUE, so it is a date, and the comparisons below hold.
  if (typeof exp !== 'number') {
    return b.fail('exp', 'exp-missing', `exp is ${kindOf(exp)} (${show(exp)}), not a number of seconds; Harness requires a numeric exp.`, INVALID_TOKEN);
  }
  const expTime = describeClaimTime(exp, now);
  b.pass('exp', expTime.text);
  if (nowSeconds - CLOCK_SKEW_SECONDS >= Math.trunc(exp)) {
    return b.fail('expiry', 'expired', `The token expired ${expTime.relative} (exp ${expTime.iso ?? exp}); Harness allows only 30 s of clock skew.`, EXPIRED_TOKEN);
  }
  b.pass('expiry', `expires ${expTime.relative}`);
  if (nbf !== undefined && nbf !== null) {
    if (typeof nbf !== 'number') {
      return b.fail('nbf', 'not-yet-valid', `nbf is ${kindOf(nbf)} (${show(nbf)}), not a number; Harness's JOSE library rejects the token.`, INVALID_TOKEN);
    }
    const nbfTime = describeClaimTime(nbf, now);
    if (nowSeconds + CLOCK_SKEW_SECONDS < Math.trunc(nbf)) {
      return b.fail('nbf', 'not-yet-valid', `The token is not valid before ${nbfTime.iso ?? nbf} (${nbfTime.relative}, more than the 30 s leeway).`, INVALID_TOKEN);
    }
    b.pass('nbf', `valid since ${nbfTime.text}`);
  } else {
    b.skip('nbf', 'no nbf claim');
  }
  return undefined;
}

function mismatchHint(actual: string, wanted: string): string {
  if (actual.toLowerCase() === wanted.toLowerCase()) return ' They differ only in letter case, and Harness compares case-sensitively.';
  if (wanted.startsWith(actual) || actual.startsWith(wanted)) return ' One is a prefix of the other (a stray character in the setting?).';
  return '';
}

function missingHint(payload: Record<string, unknown>, keyField: string): string {
  const trimmed = javaTrim(keyField);
  if (trimmed !== keyField && trimmed in payload) return ` The token has ${JSON.stringify(trimmed)}, but the setting has surrounding spaces and Harness does not trim the claim name.`;
  if (keyField.includes('.')) return ' Harness reads top-level claims only; a dotted name is not followed into nested objects.';
  const sameCase = Object.keys(payload).find((k) => k.toLowerCase() === keyField.toLowerCase());
  if (sameCase !== undefined) return ` The token has ${JSON.stringify(sameCase)}; claim names are case-sensitive.`;
  return ` The token's claims are ${capList(Object.keys(payload), { max: 12, show: (k) => JSON.stringify(clip(k, 80)) }) || 'none'}.`;
}

/** JWTTokenFlowAuthFilterUtils: read iss and the claim as strings, refuse "Harness Inc", compare trimmed values. */
export function checkIssuerAndClaim(payload: Record<string, unknown>, rules: HarnessJwtRules, b: VerdictBuilder): Verdict | undefined {
  const { iss } = payload;
  const claimName = JSON.stringify(rules.keyField);
  if (iss !== undefined && iss !== null && typeof iss !== 'string') {
    return b.fail('issuer', 'issuer', `iss is ${kindOf(iss)}, not a string; Harness's JOSE library rejects the token.`, INVALID_TOKEN);
  }
  const claim = Object.prototype.hasOwnProperty.call(payload, rules.keyField) ? payload[rules.keyField] : undefined;
  if (claim !== undefined && claim !== null && typeof claim !== 'string') {
    b.skip('issuer', 'Harness reads the claim before judging the issuer');
    const inArray = Array.isArray(claim) && claim.some((v) => typeof v === 'string' && javaTrim(v) === javaTrim(rules.value));
    return b.fail(
      'claim',
      'claim-not-string',
      `Claim ${claimName} is ${kindOf(claim)} (${show(claim)}), but Harness reads it as a single string.${inArray ? ' The array contains the wanted value, yet Harness still refuses it: use a claim that holds one string.' : ''}`,
      INVALID_TOKEN,
    );
  }
  if (iss === HARNESS_ISSUER) {
    return b.fail('issuer', 'issuer', 'The issuer is "Harness Inc": Harness refuses its own tokens for SCIM; use a token from your identity provider.', HARNESS_ISSUED_TOKEN);
  }
  b.pass('issuer', iss === undefined || iss === null ? 'no iss claim (allowed)' : `iss ${show(iss)}`);
  const wanted = javaTrim(rules.value);
  if (claim === undefined || claim === null || claim === '') {
    const what = claim === '' ? 'is empty' : claim === null ? 'is null' : 'is missing';
    return b.fail('claim', 'claim-missing', `Claim ${claimName} ${what}; the setting wants ${JSON.stringify(wanted)}.${claim === undefined ? missingHint(payload, rules.keyField) : ''}`, CLAIM_MISMATCH);
  }
  // Harness compares after Java's trim, which keeps no-break and other Unicode spaces.
  const trimmedClaim = javaTrim(claim);
  if (trimmedClaim !== wanted) {
    const unicodeSpace = trimmedClaim.trim() === wanted.trim() ? ' They differ only in Unicode spaces (e.g. a no-break space) that Harness does not trim.' : '';
    return b.fail('claim', 'claim-mismatch', `Claim ${claimName} is ${show(claim)}, but the setting wants ${JSON.stringify(wanted)}.${unicodeSpace || mismatchHint(trimmedClaim, wanted)}`, CLAIM_MISMATCH);
  }
  b.pass('claim', `${show(claim)}${claim !== trimmedClaim || rules.value !== wanted ? ' (equal after trimming spaces)' : ''}`);
  return undefined;
}

export function lifetimeText(payload: Record<string, unknown>, now: Date): string {
  const exp = payload.exp;
  if (typeof exp !== 'number') return '';
  if (!Number.isFinite(exp)) return exp > 0 ? 'never expires (exp is beyond any date)' : '';
  const left = exp - now.getTime() / 1000;
  return left > 0 ? `expires in ${describeDuration(left)}` : `expired ${describeDuration(left)} ago, within the 30 s leeway`;
}
