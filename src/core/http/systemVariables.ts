/**
 * The values the three clients generate when a request is sent: `{{$guid}}`, `{{$timestamp}}`,
 * `{{$randomInt 1 9}}`, JetBrains' `{{$random.integer(1, 9)}}`… A token request written with one
 * (a nonce, a correlation id, a signed timestamp) is sent with a value made the same way. A form
 * this module does not know (a custom date format, a script) stays unsupported and is named.
 *
 * REST Client: `$guid`, `$randomInt min max` (max excluded), `$timestamp [offset unit]`,
 * `$datetime rfc1123|iso8601 [offset unit]`, `$localDatetime …`. httpYac: the same, plus `$uuid`
 * and `$isoTimestamp`. JetBrains: `$uuid`, `$random.uuid`, `$timestamp`, `$isoTimestamp`,
 * `$randomInt` (0–1000), `$random.integer(from, to)`, `$random.float(from, to)`,
 * `$random.alphabetic(n)`, `$random.alphanumeric(n)`, `$random.hexadecimal(n)`, `$random.email`.
 */
import { randomInt, randomUUID } from 'node:crypto';

/** REST Client's offset units (dayjs): years, months, weeks, days, hours, minutes, seconds, milliseconds. */
const UNIT_MS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
/** The longest random string asked for: a generated value is never a document's worth of text. */
const MAX_LENGTH = 1024;

/** `node:crypto` randomInt's widest range; a wider one is refused rather than thrown or rounded. */
const MAX_RANGE = 2 ** 48 - 1;

/** A random integer in [from, to), or undefined when the range is empty or wider than randomInt can draw. */
function intBetween(from: number, to: number): string | undefined {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to <= from || to - from > MAX_RANGE) return undefined;
  return String(from + randomInt(to - from));
}

/** The date `amount unit` away from now, or undefined when it is no date (beyond year 275760 either way). */
function offsetDate(now: Date, amount: string | undefined, unit: string | undefined): Date | undefined {
  const d = shiftedDate(now, amount, unit);
  return d !== undefined && Number.isFinite(d.getTime()) ? d : undefined;
}

function shiftedDate(now: Date, amount: string | undefined, unit: string | undefined): Date | undefined {
  if (amount === undefined) return now;
  if (!/^[+-]?\d{1,9}$/.test(amount) || unit === undefined) return undefined;
  const n = Number(amount);
  if (unit === 'y' || unit === 'M') {
    const d = new Date(now);
    if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + n);
    else d.setUTCMonth(d.getUTCMonth() + n);
    return d;
  }
  const ms = UNIT_MS[unit];
  return ms === undefined ? undefined : new Date(now.getTime() + n * ms);
}

function localIso(d: Date): string {
  const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet.charAt(randomInt(alphabet.length));
  return out;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALPHA = `${LOWER}${LOWER.toUpperCase()}`;
const DIGITS = '0123456789';

/** JetBrains `$random.fn(args)`. */
function jetbrainsRandom(fn: string, args: string[]): string | undefined {
  const ints = args.map((a) => (/^-?\d{1,15}$/.test(a) ? Number(a) : Number.NaN));
  const length = (): number | undefined =>
    ints.length === 1 && ints[0] !== undefined && ints[0] >= 0 && ints[0] <= MAX_LENGTH ? ints[0] : undefined;
  switch (fn) {
    case 'uuid':
      return args.length === 0 ? randomUUID() : undefined;
    case 'email':
      return args.length === 0 ? `${randomString(LOWER, 10)}@${randomString(LOWER, 8)}.com` : undefined;
    case 'integer': {
      const [from = 0, to = 1000] = ints;
      return args.length <= 2 ? intBetween(from, to) : undefined;
    }
    case 'float': {
      const nums = args.map(Number);
      const [from = 0, to = 1000] = nums;
      const value = from + Math.random() * (to - from);
      return args.length <= 2 && nums.every(Number.isFinite) && to > from && Number.isFinite(value)
        ? String(value)
        : undefined;
    }
    case 'alphabetic': {
      const n = length();
      return n === undefined ? undefined : randomString(ALPHA, n);
    }
    case 'alphanumeric': {
      const n = length();
      return n === undefined ? undefined : randomString(`${ALPHA}${DIGITS}_`, n);
    }
    case 'hexadecimal': {
      const n = length();
      return n === undefined ? undefined : randomString(`${DIGITS}abcdef`, n);
    }
    default:
      return undefined;
  }
}

/**
 * The value a client would send for the system variable `inner` (the text between the braces,
 * e.g. `$randomInt 1 9`), or undefined when this form is not one of those listed above.
 */
export function generateSystemVariable(inner: string, now: Date = new Date()): string | undefined {
  const text = inner.trim();
  const jetbrains = /^\$random\.(\w+)(?:\(([^()]*)\))?$/.exec(text);
  if (jetbrains) {
    const args =
      jetbrains[2] === undefined || jetbrains[2].trim() === '' ? [] : jetbrains[2].split(',').map((a) => a.trim());
    return jetbrainsRandom(jetbrains[1] ?? '', args);
  }
  const [name = '', ...args] = text.split(/\s+/);
  switch (name) {
    case '$guid':
    case '$uuid':
      return args.length === 0 ? randomUUID() : undefined;
    case '$isoTimestamp':
      return args.length === 0 ? now.toISOString() : undefined;
    case '$randomInt': {
      if (args.length === 0) return String(randomInt(1001)); // JetBrains: 0 to 1000
      const [min, max] = args.map((a) => (/^-?\d{1,15}$/.test(a) ? Number(a) : Number.NaN));
      return args.length === 2 && min !== undefined && max !== undefined ? intBetween(min, max) : undefined;
    }
    case '$timestamp': {
      if (args.length !== 0 && args.length !== 2) return undefined;
      const d = offsetDate(now, args[0], args[1]);
      return d && String(Math.floor(d.getTime() / 1000));
    }
    case '$datetime':
    case '$localDatetime': {
      const [format, amount, unit] = args;
      if (args.length !== 1 && args.length !== 3) return undefined;
      const d = offsetDate(now, amount, unit);
      if (!d) return undefined;
      if (format === 'rfc1123') return d.toUTCString();
      if (format === 'iso8601') return name === '$datetime' ? d.toISOString() : localIso(d);
      return undefined;
    }
    default:
      return undefined;
  }
}
