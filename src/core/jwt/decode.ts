/**
 * Decoding without judgement: split a bearer value into its parts and say precisely what is wrong
 * with it. Synchronous and cheap (the editor calls it on every keystroke-parse); never throws.
 */

export type DecodeProblemCode =
  | 'empty'
  | 'harness-api-key'
  | 'jwe'
  | 'segment-count'
  | 'header-base64url'
  | 'header-json'
  | 'header-not-object'
  | 'payload-base64url'
  | 'payload-json'
  | 'payload-not-object'
  | 'signature-base64url'
  | 'signature-empty';

export interface DecodeProblem {
  code: DecodeProblemCode;
  segment?: 'header' | 'payload' | 'signature';
  message: string;
}

export type TokenKind = 'jws' | 'jwe' | 'harness-api-key' | 'unknown';

export interface DecodedToken {
  kind: TokenKind;
  /** The dot-separated parts of the trimmed text (they are pieces of a secret: do not log them). */
  segments: string[];
  /**
   * How many parts Harness sees: Java's `String.split("\\.")` drops trailing empty parts, so
   * `header.payload.` (an unsigned token) counts as 2 and is handed to API-key parsing.
   */
  harnessPartCount: number;
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  signature?: Uint8Array;
  problems: DecodeProblem[];
}

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
const EQUALS = 61;

type Base64Result = { ok: true; bytes: Buffer } | { ok: false; why: string };

/**
 * Why `segment` is not strict base64url (only the URL-safe alphabet; padding tolerated, as Java's
 * URL decoder does), or undefined when it is.
 */
function base64UrlProblem(segment: string): string | undefined {
  if (!BASE64URL.test(segment)) {
    const bad = /[^A-Za-z0-9_=-]/.exec(segment)?.[0] ?? '=';
    const hint = bad === '+' || bad === '/' ? ' (standard base64, not base64url)' : '';
    return `contains ${JSON.stringify(bad)}${hint}`;
  }
  if (unpaddedLength(segment) % 4 === 1) return 'has an impossible length for base64url';
  return undefined;
}

/** Length without the trailing `=` (at most two once the alphabet check passed): no regex, no copy. */
function unpaddedLength(segment: string): number {
  let end = segment.length;
  while (end > 0 && segment.charCodeAt(end - 1) === EQUALS) end--;
  return end;
}

/** Decodes a segment that passed `base64UrlProblem`; Node's decoder stops at padding by itself. */
function decodeChecked(segment: string): Buffer {
  return Buffer.from(segment, 'base64url');
}

/** Strict base64url: only the URL-safe alphabet (padding tolerated, as Java's URL decoder does). */
export function decodeBase64Url(segment: string): Base64Result {
  const why = base64UrlProblem(segment);
  return why === undefined ? { ok: true, bytes: decodeChecked(segment) } : { ok: false, why };
}

type JsonObjectResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; code: 'base64url' | 'json' | 'not-object'; why: string };

/**
 * One reused decode area for header and payload text: decoding runs for every token of a document
 * on every parse, and a fresh Buffer per segment was a good part of the cost (allocation and GC).
 * Safe to share because decoding is synchronous; segments beyond the cap get a Buffer of their own.
 */
const SCRATCH_CAP = 64 * 1024;
let scratch = Buffer.allocUnsafeSlow(4096);
/** The same memory as a plain Uint8Array, whose `slice` copies into a plain Uint8Array (not a Buffer). */
let scratchBytes = new Uint8Array(scratch.buffer, scratch.byteOffset, scratch.length);

/** Decodes into the scratch area and says how many bytes it holds, or -1 when the segment is too big for it. */
function decodeIntoScratch(segment: string): number {
  const maxBytes = (segment.length * 3) >> 2;
  if (maxBytes > SCRATCH_CAP) return -1;
  if (maxBytes > scratch.length) {
    scratch = Buffer.allocUnsafeSlow(SCRATCH_CAP);
    scratchBytes = new Uint8Array(scratch.buffer, scratch.byteOffset, scratch.length);
  }
  return scratch.write(segment, 'base64url');
}

function decodeCheckedText(segment: string): string {
  const written = decodeIntoScratch(segment);
  return written < 0 ? decodeChecked(segment).toString('utf8') : scratch.toString('utf8', 0, written);
}

function decodeJsonSegment(segment: string): JsonObjectResult {
  const why = base64UrlProblem(segment);
  if (why !== undefined) return { ok: false, code: 'base64url', why };
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeCheckedText(segment));
  } catch (e) {
    return { ok: false, code: 'json', why: e instanceof Error ? e.message : 'not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const what = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    return { ok: false, code: 'not-object', why: `is ${what}, not a JSON object` };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** Java's `split` semantics over the JavaScript split: trailing empty strings removed. */
function javaSplitCount(segments: readonly string[]): number {
  let count = segments.length;
  while (count > 0 && segments[count - 1] === '') count--;
  return count;
}

/** `pat` or `sat` in any letter case, without a regex (this runs for every token of a document). */
function isHarnessKeyPrefix(first: string): boolean {
  if (first.length !== 3) return false;
  const lower = first.toLowerCase();
  return lower === 'pat' || lower === 'sat';
}

/** The signature bytes in memory of their own: a copy out of the scratch area, never a view into shared memory. */
function signatureBytes(segment: string): Uint8Array {
  const written = decodeIntoScratch(segment);
  return written < 0 ? new Uint8Array(decodeChecked(segment)) : scratchBytes.slice(0, written);
}

export function decodeToken(text: string): DecodedToken {
  return decodeTokenParts(text, true);
}

/**
 * `decodeToken` for callers that never read the signature bytes — the verdict engine (jose
 * decodes the signature itself) and the editor's views (which must never show it): the same
 * result without `signature`, whose problems are still reported.
 */
export function decodeForVerdict(text: string): DecodedToken {
  return decodeTokenParts(text, false);
}

function decodeTokenParts(text: string, withSignatureBytes: boolean): DecodedToken {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  // ''.split('.') is [''], which Java's split (and the old second split) counts as 0 parts.
  const segments = trimmed === '' ? [] : trimmed.split('.');
  const result: DecodedToken = { kind: 'unknown', segments, harnessPartCount: javaSplitCount(segments), problems: [] };
  if (trimmed === '') {
    result.problems.push({ code: 'empty', message: 'The token is empty.' });
    return result;
  }
  const first = segments[0] ?? '';
  if (isHarnessKeyPrefix(first)) {
    result.kind = 'harness-api-key';
    result.problems.push({
      code: 'harness-api-key',
      message: `This is a Harness API key (${first.toLowerCase()}.…), not a JWT; Harness checks it as an API key, not with the SCIM JWT settings.`,
    });
    return result;
  }
  if (segments.length === 5) {
    result.kind = 'jwe';
    const header = decodeJsonSegment(first);
    if (header.ok) result.header = header.value;
    result.problems.push({
      code: 'jwe',
      message:
        'This is an encrypted token (JWE, five parts); Harness can only verify signed tokens (JWS, three parts).',
    });
    return result;
  }
  if (segments.length !== 3) {
    result.problems.push({
      code: 'segment-count',
      message: `A signed JWT has 3 dot-separated parts; this value has ${segments.length}.`,
    });
    return result;
  }
  result.kind = 'jws';
  const [headerSeg = '', payloadSeg = '', signatureSeg = ''] = segments;
  const header = decodeJsonSegment(headerSeg);
  if (header.ok) {
    result.header = header.value;
    if (typeof header.value.enc === 'string') {
      result.kind = 'jwe';
      result.problems.push({
        code: 'jwe',
        segment: 'header',
        message: `The header names an encryption method (enc ${JSON.stringify(header.value.enc)}): this is a JWE, which Harness cannot verify.`,
      });
    }
  } else {
    result.problems.push({
      code: `header-${header.code}`,
      segment: 'header',
      message: `The header part ${header.why}.`,
    });
  }
  const payload = decodeJsonSegment(payloadSeg);
  if (payload.ok) result.payload = payload.value;
  else
    result.problems.push({
      code: `payload-${payload.code}`,
      segment: 'payload',
      message: `The payload part ${payload.why}.`,
    });
  if (signatureSeg === '') {
    result.problems.push({
      code: 'signature-empty',
      segment: 'signature',
      message: 'The signature part is empty: the token is unsigned.',
    });
  } else {
    const why = base64UrlProblem(signatureSeg);
    if (why !== undefined)
      result.problems.push({
        code: 'signature-base64url',
        segment: 'signature',
        message: `The signature part ${why}.`,
      });
    else if (withSignatureBytes) result.signature = signatureBytes(signatureSeg);
  }
  return result;
}
