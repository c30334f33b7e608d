/**
 * NumericDate claims as jose4j reads them: `JwtClaims.getNumericDateClaimValue`
 * (org/jose4j/jwt/JwtClaims.java:275) takes the claim as a java.lang.Number and keeps
 * `number.longValue()` — a Long as it is, a Double truncated toward zero and saturated at the long
 * range (so an `exp` of 1e400, which json-simple reads as Infinity, is the largest date), and refuses
 * a BigInteger (an integer literal beyond the long range) as "unreasonable for a NumericDate".
 * A value that is not a number fails the getter's cast (MalformedClaimException). JSON null is absent.
 *
 * Then NumericDateValidator.validate (org/jose4j/jwt/consumer/NumericDateValidator.java, exp/iat/nbf at :113–:124) checks, in
 * this order: exp required; now − skew ≥ exp → expired; exp before iat; exp before nbf; now + skew
 * < nbf → not yet valid. Seconds are bigints so the comparisons stay exact over the whole long range.
 */
import type { JavaNumber } from './jose4jJson';

export const LONG_MAX = 2n ** 63n - 1n;
export const LONG_MIN = -(2n ** 63n);

export type NumericDate =
  | { kind: 'absent' }
  | {
      kind: 'date';
      seconds: bigint;
      /** The JSON value was a fraction, an exponent or out of the long range. */ adjusted: boolean;
    }
  | { kind: 'malformed'; why: string };

/** Java's `Double.longValue()`: truncation toward zero, saturating at the long range. */
function doubleToLong(v: number): bigint {
  if (Number.isNaN(v)) return 0n;
  if (v >= 2 ** 63) return LONG_MAX;
  if (v <= -(2 ** 63)) return LONG_MIN;
  return BigInt(Math.trunc(v));
}

/** The claim `name` of a payload as jose4j's NumericDate, from the value and the literal's Java type. */
export function readNumericDate(name: string, value: unknown, literal: JavaNumber | undefined): NumericDate {
  if (value === undefined || value === null) return { kind: 'absent' };
  if (typeof value !== 'number') {
    return {
      kind: 'malformed',
      why: `The value of the '${name}' claim is not the expected type (${Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not a number)`,
    };
  }
  if (literal?.kind === 'big-integer')
    return { kind: 'malformed', why: `${literal.text} is unreasonable for a NumericDate` };
  if (literal?.kind === 'long') return { kind: 'date', seconds: BigInt(literal.text), adjusted: false };
  const seconds = doubleToLong(value);
  return {
    kind: 'date',
    seconds,
    adjusted: !Number.isInteger(value) || !Number.isFinite(value) || Math.abs(value) >= 2 ** 63,
  };
}

export type DateOrder =
  | { ok: true }
  | { ok: false; code: 'expired' | 'exp-before-iat' | 'exp-before-nbf' | 'not-yet-valid'; message: string };

/** NumericDateValidator's checks after exp was found present and well-formed. */
export function checkDateOrder(now: bigint, skew: bigint, exp: bigint, iat: NumericDate, nbf: NumericDate): DateOrder {
  if (now - skew >= exp) return { ok: false, code: 'expired', message: 'expired' };
  if (iat.kind === 'date' && exp < iat.seconds) {
    return {
      ok: false,
      code: 'exp-before-iat',
      message: `The Expiration Time (exp=${exp}) claim value cannot be before the Issued At (iat=${iat.seconds}) claim value.`,
    };
  }
  if (nbf.kind === 'date' && exp < nbf.seconds) {
    return {
      ok: false,
      code: 'exp-before-nbf',
      message: `The Expiration Time (exp=${exp}) claim value cannot be before the Not Before (nbf=${nbf.seconds}) claim value.`,
    };
  }
  if (nbf.kind === 'date' && now + skew < nbf.seconds)
    return { ok: false, code: 'not-yet-valid', message: 'not yet valid' };
  return { ok: true };
}
