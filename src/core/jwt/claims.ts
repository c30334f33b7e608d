/**
 * The claim half of Harness's judgement, after the signature: jose4j's default validators
 * (exp required, 30 s leeway, nbf, claim types) and then JWTTokenFlowAuthFilterUtils' own rules
 * (issuer not "Harness Inc", the configured claim as a trimmed, case-sensitive string).
 */
import { HARNESS_ISSUER } from '../harness';
import { capList, clip } from '../listCap';
import { CLAIM_MISMATCH, EXPIRED_TOKEN, HARNESS_ISSUED_TOKEN, INVALID_TOKEN } from './harnessErrors';
import { javaTrim } from './javaText';
import { jsonPreview } from '../jsonText';
import type { JavaNumber } from './jose4jJson';
import { checkDateOrder, LONG_MAX, readNumericDate } from './numericDate';
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

/**
 * jose4j's default validators as Harness's JwtConsumer runs them, after the signature
 * (JwtConsumerBuilder.build: issuer, NumericDateValidator, subject, jti — every failure collected
 * into one InvalidJwtException). Harness answers EXPIRED_TOKEN whenever that exception's message
 * mentions expiry, even among other failures, so an expired token is reported as expired first.
 */
export function checkValidators(
  payload: Record<string, unknown>,
  numbers: ReadonlyMap<string, JavaNumber>,
  now: Date,
  b: VerdictBuilder,
): Verdict | undefined {
  const nowSeconds = BigInt(Math.floor(now.getTime() / 1000));
  const exp = readNumericDate('exp', payload.exp, numbers.get('exp'));
  const iat = readNumericDate('iat', payload.iat, numbers.get('iat'));
  const nbf = readNumericDate('nbf', payload.nbf, numbers.get('nbf'));
  const typeIssues: string[] = [];
  for (const name of ['sub', 'jti'] as const) {
    if (payload[name] !== undefined && payload[name] !== null && typeof payload[name] !== 'string')
      typeIssues.push(`${name} is ${kindOf(payload[name])}, not a string`);
  }
  if (iat.kind === 'malformed') typeIssues.push(`iat is ${kindOf(payload.iat)} (${show(payload.iat)}): ${iat.why}`);
  const anyMalformedDate = exp.kind === 'malformed' || iat.kind === 'malformed' || nbf.kind === 'malformed';
  // A malformed NumericDate makes NumericDateValidator report only that: no expiry judgement.
  const expired = !anyMalformedDate && exp.kind === 'date' && nowSeconds - BigInt(CLOCK_SKEW_SECONDS) >= exp.seconds;
  if (!expired && typeIssues.length > 0)
    return b.fail(
      'payload',
      'malformed',
      `Harness's JOSE library rejects the payload: ${typeIssues.join('; ')}.`,
      INVALID_TOKEN,
    );
  if (typeIssues.length === 0) b.pass('payload');
  else b.skip('payload', `${typeIssues.join('; ')} — but the token is expired, which decides Harness's answer`);
  if (exp.kind === 'malformed')
    return b.fail(
      'exp',
      'exp-missing',
      `exp is ${kindOf(payload.exp)} (${show(payload.exp)}), not a number Harness's JOSE library can read as a date: ${exp.why}.`,
      INVALID_TOKEN,
    );
  if (exp.kind === 'absent')
    return b.fail(
      'exp',
      'exp-missing',
      'The token has no exp (expiration time) claim; Harness requires one.',
      INVALID_TOKEN,
    );
  const expTime = describeClaimTime(Number(exp.seconds), now);
  b.pass('exp', exp.adjusted ? `${expTime.text}; read as ${exp.seconds} s` : expTime.text);
  if (exp.adjusted) {
    b.warn({
      code: 'numeric-date-adjusted',
      message: `exp ${show(payload.exp)} is not a whole number of seconds within Java's long range; Harness reads it as ${exp.seconds}${exp.seconds === LONG_MAX ? ' (the largest date: the token never expires)' : ''}.`,
    });
  }
  if (nbf.kind === 'malformed')
    return b.fail(
      'nbf',
      'not-yet-valid',
      `nbf is ${kindOf(payload.nbf)} (${show(payload.nbf)}), not a date Harness's JOSE library can read: ${nbf.why}.`,
      INVALID_TOKEN,
    );
  const order = checkDateOrder(nowSeconds, BigInt(CLOCK_SKEW_SECONDS), exp.seconds, iat, nbf);
  if (!order.ok && order.code === 'expired') {
    return b.fail(
      'expiry',
      'expired',
      `The token expired ${expTime.relative} (exp ${expTime.iso ?? String(exp.seconds)}); Harness allows only 30 s of clock skew.`,
      EXPIRED_TOKEN,
    );
  }
  if (!order.ok && (order.code === 'exp-before-iat' || order.code === 'exp-before-nbf')) {
    const other = order.code === 'exp-before-iat' ? 'iat (issued at)' : 'nbf (not before)';
    return b.fail(
      'expiry',
      'malformed',
      `exp is earlier than ${other}; Harness's JOSE library refuses such a token (${order.message})`,
      INVALID_TOKEN,
    );
  }
  b.pass('expiry', `expires ${expTime.relative}`);
  if (nbf.kind === 'date') {
    const nbfTime = describeClaimTime(Number(nbf.seconds), now);
    if (!order.ok)
      return b.fail(
        'nbf',
        'not-yet-valid',
        `The token is not valid before ${nbfTime.iso ?? String(nbf.seconds)} (${nbfTime.relative}, more than the 30 s leeway).`,
        INVALID_TOKEN,
      );
    b.pass('nbf', `valid since ${nbfTime.text}`);
  } else b.skip('nbf', 'no nbf claim');
  return undefined;
}

function mismatchHint(actual: string, wanted: string): string {
  if (actual.toLowerCase() === wanted.toLowerCase())
    return ' They differ only in letter case, and Harness compares case-sensitively.';
  if (wanted.startsWith(actual) || actual.startsWith(wanted))
    return ' One is a prefix of the other (a stray character in the setting?).';
  return '';
}

function missingHint(payload: Record<string, unknown>, keyField: string): string {
  const trimmed = javaTrim(keyField);
  if (trimmed !== keyField && trimmed in payload)
    return ` The token has ${JSON.stringify(trimmed)}, but the setting has surrounding spaces and Harness does not trim the claim name.`;
  if (keyField.includes('.'))
    return ' Harness reads top-level claims only; a dotted name is not followed into nested objects.';
  const sameCase = Object.keys(payload).find((k) => k.toLowerCase() === keyField.toLowerCase());
  if (sameCase !== undefined) return ` The token has ${JSON.stringify(sameCase)}; claim names are case-sensitive.`;
  return ` The token's claims are ${capList(Object.keys(payload), { max: 12, show: (k) => JSON.stringify(clip(k, 80)) }) || 'none'}.`;
}

/** JWTTokenFlowAuthFilterUtils: read iss and the claim as strings, refuse "Harness Inc", compare trimmed values. */
export function checkIssuerAndClaim(
  payload: Record<string, unknown>,
  rules: HarnessJwtRules,
  b: VerdictBuilder,
): Verdict | undefined {
  const { iss } = payload;
  const claimName = JSON.stringify(rules.keyField);
  if (iss !== undefined && iss !== null && typeof iss !== 'string') {
    return b.fail(
      'issuer',
      'issuer',
      `iss is ${kindOf(iss)}, not a string; Harness's JOSE library rejects the token.`,
      INVALID_TOKEN,
    );
  }
  const claim = Object.prototype.hasOwnProperty.call(payload, rules.keyField) ? payload[rules.keyField] : undefined;
  if (claim !== undefined && claim !== null && typeof claim !== 'string') {
    b.skip('issuer', 'Harness reads the claim before judging the issuer');
    const inArray =
      Array.isArray(claim) && claim.some((v) => typeof v === 'string' && javaTrim(v) === javaTrim(rules.value));
    return b.fail(
      'claim',
      'claim-not-string',
      `Claim ${claimName} is ${kindOf(claim)} (${show(claim)}), but Harness reads it as a single string.${inArray ? ' The array contains the wanted value, yet Harness still refuses it: use a claim that holds one string.' : ''}`,
      INVALID_TOKEN,
    );
  }
  if (iss === HARNESS_ISSUER) {
    return b.fail(
      'issuer',
      'issuer',
      'The issuer is "Harness Inc": Harness refuses its own tokens for SCIM; use a token from your identity provider.',
      HARNESS_ISSUED_TOKEN,
    );
  }
  b.pass('issuer', iss === undefined || iss === null ? 'no iss claim (allowed)' : `iss ${show(iss)}`);
  const wanted = javaTrim(rules.value);
  if (claim === undefined || claim === null || claim === '') {
    const what = claim === '' ? 'is empty' : claim === null ? 'is null' : 'is missing';
    return b.fail(
      'claim',
      'claim-missing',
      `Claim ${claimName} ${what}; the setting wants ${JSON.stringify(wanted)}.${claim === undefined ? missingHint(payload, rules.keyField) : ''}`,
      CLAIM_MISMATCH,
    );
  }
  // Harness compares after Java's trim, which keeps no-break and other Unicode spaces.
  const trimmedClaim = javaTrim(claim);
  if (trimmedClaim !== wanted) {
    const unicodeSpace =
      trimmedClaim.trim() === wanted.trim()
        ? ' They differ only in Unicode spaces (e.g. a no-break space) that Harness does not trim.'
        : '';
    return b.fail(
      'claim',
      'claim-mismatch',
      `Claim ${claimName} is ${show(claim)}, but the setting wants ${JSON.stringify(wanted)}.${unicodeSpace || mismatchHint(trimmedClaim, wanted)}`,
      CLAIM_MISMATCH,
    );
  }
  b.pass(
    'claim',
    `${show(claim)}${claim !== trimmedClaim || rules.value !== wanted ? ' (equal after trimming spaces)' : ''}`,
  );
  return undefined;
}

export function lifetimeText(payload: Record<string, unknown>, now: Date): string {
  const exp = payload.exp;
  if (typeof exp !== 'number') return '';
  // 1e400 parses as Infinity; jose4j reads it as the largest long: a date that never comes.
  if (!Number.isFinite(exp)) return exp > 0 ? 'never expires (exp is beyond any date)' : '';
  const left = exp - now.getTime() / 1000;
  return left > 0
    ? `expires in ${describeDuration(left)}`
    : `expired ${describeDuration(left)} ago, within the 30 s leeway`;
}
