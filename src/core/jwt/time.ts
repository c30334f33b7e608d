/** Human forms of NumericDate claims (exp, nbf, iat), shared by the verdict messages, the hover and the CLI. */
import { jsonPreview } from '../jsonText';

export interface ClaimTime {
  /** ISO 8601 in UTC, or undefined when the value is not a usable NumericDate. */
  iso?: string;
  /** "in 5 minutes", "3 hours ago", "now". */
  relative: string;
  /** "2025-01-01T00:00:00.000Z (in 5 minutes)" — or a short explanation when unusable. */
  text: string;
}

const UNITS: [limitSeconds: number, unitSeconds: number, name: string][] = [
  [90, 1, 'second'],
  [90 * 60, 60, 'minute'],
  [36 * 3600, 3600, 'hour'],
  [60 * 86400, 86400, 'day'],
  [730 * 86400, 30 * 86400, 'month'],
  [Number.POSITIVE_INFINITY, 365 * 86400, 'year'],
];

/** A duration in words: 45 → "45 seconds", 7200 → "2 hours". */
export function describeDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  for (const [limit, unit, name] of UNITS) {
    if (abs < limit) {
      const n = Math.round(abs / unit);
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${Math.round(abs)} seconds`;
}

/** Describes a NumericDate (seconds since the epoch) relative to `now`. */
export function describeClaimTime(seconds: unknown, now: Date = new Date()): ClaimTime {
  if (seconds === Number.POSITIVE_INFINITY || seconds === Number.NEGATIVE_INFINITY) {
    // JSON like 1e400: too large for a double; Harness (jose4j) reads it as the largest or smallest Java long.
    return seconds > 0
      ? {
          relative: 'beyond any date',
          text: 'a number too large for any date (Harness reads it as the largest Java long: never)',
        }
      : {
          relative: 'before any date',
          text: 'a number too far below zero for any date (Harness reads it as the smallest Java long)',
        };
  }
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    return { relative: 'not a number', text: `${jsonPreview(seconds, { maxChars: 80 })} (not a NumericDate)` };
  }
  const ms = seconds * 1000;
  if (Math.abs(ms) > 8.64e15) return { relative: 'out of range', text: `${seconds} (beyond any date)` };
  const iso = new Date(ms).toISOString();
  const delta = seconds - now.getTime() / 1000;
  const relative =
    Math.abs(delta) < 1 ? 'now' : delta > 0 ? `in ${describeDuration(delta)}` : `${describeDuration(delta)} ago`;
  return { iso, relative, text: `${iso} (${relative})` };
}
