/**
 * jose4j's default claim validators as Harness's JwtConsumerBuilder adds them (issuer, NumericDate,
 * subject, jti), for the emulator. NumericDates follow JwtClaims.getNumericDateClaimValue: the JSON
 * literal decides the Java type — an integer literal is a Long (a BigInteger beyond the long range,
 * refused), anything else a Double whose longValue() truncates and saturates. Then
 * NumericDateValidator: exp required, expired (30 s skew), exp before iat, exp before nbf, nbf.
 */
import type { TokenFailureReason } from './core';

interface Issue {
  reason: TokenFailureReason;
  detail: string;
}
type Outcome =
  { ok: true; claims: Record<string, unknown> } | { ok: false; reason: TokenFailureReason; detail: string };

const SKEW = 30n;
const MAX_LONG = 9223372036854775807n;
const MIN_LONG = -9223372036854775808n;

/** The claim as a NumericDate's seconds, undefined when absent; throws a MalformedClaimException message. */
function numericDate(
  claims: Record<string, unknown>,
  literals: ReadonlyMap<string, string>,
  name: string,
): bigint | undefined {
  const value = claims[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new Error(`The value of the '${name}' claim is not the expected type`);
  const literal = literals.get(name) ?? String(value);
  if (/^-?[0-9]+$/.test(literal)) {
    const n = BigInt(literal);
    if (n > MAX_LONG || n < MIN_LONG) throw new Error(`${literal} is unreasonable for a NumericDate`);
    return n;
  }
  if (value >= 9.223372036854776e18) return MAX_LONG;
  if (value <= -9.223372036854776e18) return MIN_LONG;
  return BigInt(Math.trunc(value));
}

export function jose4jValidators(
  claims: Record<string, unknown>,
  literals: ReadonlyMap<string, string>,
  nowMs: number,
): Outcome {
  const issues: Issue[] = [];
  const iss = claims.iss;
  if (iss !== undefined && iss !== null && typeof iss !== 'string')
    issues.push({ reason: 'malformed', detail: "The value of the 'iss' claim is not the expected type" });
  const now = BigInt(Math.floor(nowMs / 1000));
  try {
    const exp = numericDate(claims, literals, 'exp');
    const iat = numericDate(claims, literals, 'iat');
    const nbf = numericDate(claims, literals, 'nbf');
    if (exp === undefined) issues.push({ reason: 'exp-missing', detail: 'No Expiration Time (exp) claim present.' });
    else if (now - SKEW >= exp) {
      issues.push({
        reason: 'expired',
        detail: `The JWT is no longer valid - the evaluation time ${now} is on or after the Expiration Time (exp=${exp}) claim value (even when providing 30 seconds of leeway to account for clock skew).`,
      });
    } else if (iat !== undefined && exp < iat)
      issues.push({
        reason: 'malformed',
        detail: `The Expiration Time (exp=${exp}) claim value cannot be before the Issued At (iat=${iat}) claim value.`,
      });
    else if (nbf !== undefined && exp < nbf)
      issues.push({
        reason: 'malformed',
        detail: `The Expiration Time (exp=${exp}) claim value cannot be before the Not Before (nbf=${nbf}) claim value.`,
      });
    else if (nbf !== undefined && now + SKEW < nbf) {
      issues.push({
        reason: 'not-yet-valid',
        detail: `The JWT is not yet valid as the evaluation time ${now} is before the Not Before (nbf=${nbf}) claim time (even when providing 30 seconds of leeway to account for clock skew).`,
      });
    }
  } catch (e) {
    issues.push({ reason: 'malformed', detail: e instanceof Error ? e.message : String(e) });
  }
  for (const name of ['sub', 'jti']) {
    const v = claims[name];
    if (v !== undefined && v !== null && typeof v !== 'string')
      issues.push({ reason: 'malformed', detail: `The value of the '${name}' claim is not the expected type` });
  }
  // Harness maps to EXPIRED_TOKEN whenever jose4j's message mentions expiry, even among other issues.
  const expired = issues.find((i) => i.reason === 'expired');
  const first = expired ?? issues[0];
  if (first) return { ok: false, reason: first.reason, detail: issues.map((i) => i.detail).join(' ') };
  return { ok: true, claims };
}
