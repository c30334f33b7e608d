/**
 * A frozen copy of `decodeToken` (src/core/jwt/decode.ts) as it was before it was made cheaper, kept
 * only as the reference the faster decoder must agree with, result for result (decode-equivalence test).
 */
import type { DecodedToken } from '../../../src/core/jwt';

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

type Base64Result = { ok: true; bytes: Buffer } | { ok: false; why: string };

/** Strict base64url: only the URL-safe alphabet (padding tolerated, as Java's URL decoder does). */
export function referenceDecodeBase64Url(segment: string): Base64Result {
  if (!BASE64URL.test(segment)) {
    const bad = /[^A-Za-z0-9_=-]/.exec(segment)?.[0] ?? '=';
    const hint = bad === '+' || bad === '/' ? ' (standard base64, not base64url)' : '';
    return { ok: false, why: `contains ${JSON.stringify(bad)}${hint}` };
  }
  const body = segment.replace(/=+$/, '');
  if (body.length % 4 === 1) return { ok: false, why: 'has an impossible length for base64url' };
  return { ok: true, bytes: Buffer.from(body, 'base64url') };
}

type JsonObjectResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; code: 'base64url' | 'json' | 'not-object'; why: string };

function decodeJsonSegment(segment: string): JsonObjectResult {
  const b64 = referenceDecodeBase64Url(segment);
  if (!b64.ok) return { ok: false, code: 'base64url', why: b64.why };
  let parsed: unknown;
  try {
    parsed = JSON.parse(b64.bytes.toString('utf8'));
  } catch (e) {
    return { ok: false, code: 'json', why: e instanceof Error ? e.message : 'not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const what = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    return { ok: false, code: 'not-object', why: `is ${what}, not a JSON object` };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** Java's `split` semantics: trailing empty strings removed. */
function javaSplitCount(text: string): number {
  const parts = text.split('.');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.length;
}

export function referenceDecodeToken(text: string): DecodedToken {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const segments = trimmed === '' ? [] : trimmed.split('.');
  const result: DecodedToken = { kind: 'unknown', segments, harnessPartCount: javaSplitCount(trimmed), problems: [] };
  if (trimmed === '') {
    result.problems.push({ code: 'empty', message: 'The token is empty.' });
    return result;
  }
  const first = segments[0] ?? '';
  if (/^(pat|sat)$/i.test(first)) {
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
    result.problems.push({ code: 'jwe', message: 'This is an encrypted token (JWE, five parts); Harness can only verify signed tokens (JWS, three parts).' });
    return result;
  }
  if (segments.length !== 3) {
    result.problems.push({ code: 'segment-count', message: `A signed JWT has 3 dot-separated parts; this value has ${segments.length}.` });
    return result;
  }
  result.kind = 'jws';
  const [headerSeg = '', payloadSeg = '', signatureSeg = ''] = segments;
  const header = decodeJsonSegment(headerSeg);
  if (header.ok) {
    result.header = header.value;
    if (typeof header.value.enc === 'string') {
      result.kind = 'jwe';
      result.problems.push({ code: 'jwe', segment: 'header', message: `The header names an encryption method (enc ${JSON.stringify(header.value.enc)}): this is a JWE, which Harness cannot verify.` });
    }
  } else {
    result.problems.push({ code: `header-${header.code}`, segment: 'header', message: `The header part ${header.why}.` });
  }
  const payload = decodeJsonSegment(payloadSeg);
  if (payload.ok) result.payload = payload.value;
  else result.problems.push({ code: `payload-${payload.code}`, segment: 'payload', message: `The payload part ${payload.why}.` });
  if (signatureSeg === '') {
    result.problems.push({ code: 'signature-empty', segment: 'signature', message: 'The signature part is empty: the token is unsigned.' });
  } else {
    const sig = referenceDecodeBase64Url(signatureSeg);
    if (sig.ok) result.signature = new Uint8Array(sig.bytes);
    else result.problems.push({ code: 'signature-base64url', segment: 'signature', message: `The signature part ${sig.why}.` });
  }
  return result;
}
