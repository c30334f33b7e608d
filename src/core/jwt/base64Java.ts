/**
 * The two base64 decoders on Harness's path, which disagree:
 *
 * - the header's first decode is the JDK's `Base64.getUrlDecoder().decode` in Harness's
 *   `isJWTTokenType`: the URL alphabet only, padding optional but exact when present, nothing after
 *   it, no lone final character (java.util.Base64.Decoder.decode0). Anything else throws an
 *   IllegalArgumentException that nothing catches;
 * - the payload and the signature (and the header again) are decoded as jose4j's Base64Url does:
 *   its copy of commons-codec's Base64 (org/jose4j/base64url/internal/apache/commons/codec/binary/
 *   Base64.java:438 `decode`) reads both alphabets (`+` and `-`, `/` and `_`), skips every other
 *   character (spaces, line breaks, non-ASCII), stops at the first `=`, and drops a lone final
 *   character.
 */

const URL_SAFE = /^[A-Za-z0-9_-]*$/;
const ANY_ALPHABET = /^[A-Za-z0-9_+/-]*$/;

/** Why the JDK's URL decoder refuses `segment`, or undefined when it decodes it. */
export function javaUrlDecoderProblem(segment: string): string | undefined {
  const eq = segment.indexOf('=');
  const data = eq < 0 ? segment : segment.slice(0, eq);
  const padding = eq < 0 ? '' : segment.slice(eq);
  if (!URL_SAFE.test(data)) {
    const bad = /[^A-Za-z0-9_-]/.exec(data)?.[0] ?? '?';
    const hint = bad === '+' || bad === '/' ? ' (standard base64, not base64url)' : '';
    return `contains ${JSON.stringify(bad)}${hint}`;
  }
  if (data.length % 4 === 1) return 'has an impossible length for base64url';
  if (padding !== '') {
    const want = data.length % 4 === 2 ? '==' : data.length % 4 === 3 ? '=' : '';
    if (padding !== want) return 'has wrong padding';
  }
  return undefined;
}

export interface Jose4jBase64 {
  bytes: Buffer;
  /** What the decoder passed over that a strict base64url decoder refuses; undefined when nothing. */
  lenient?: string;
}

/** Decode as jose4j's Base64Url does. */
export function decodeJose4jBase64(segment: string): Jose4jBase64 {
  // The common case: pure base64url, which Node decodes to the same bytes.
  if (URL_SAFE.test(segment) && segment.length % 4 !== 1) return { bytes: Buffer.from(segment, 'base64url') };
  const eq = segment.indexOf('=');
  const data = eq < 0 ? segment : segment.slice(0, eq);
  if (ANY_ALPHABET.test(data)) {
    const bytes = Buffer.from(data.length % 4 === 1 ? data.slice(0, -1) : data, 'base64');
    const notes: string[] = [];
    if (/[+/]/.test(data)) notes.push('uses the standard base64 characters + or /');
    if (data.length % 4 === 1) notes.push('has a stray final character');
    if (eq >= 0 && segment.slice(eq) !== '='.repeat((4 - (data.length % 4)) % 4))
      notes.push('has text after or instead of the padding');
    return notes.length > 0 ? { bytes, lenient: notes.join(', ') } : { bytes };
  }
  return decodeSkipping(data);
}

const VALUES = ((): Int8Array => {
  const t = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  t[0x2b] = 62;
  t[0x2d] = 62;
  t[0x2f] = 63;
  t[0x5f] = 63;
  return t;
})();

/** The general case: characters outside both alphabets are skipped one by one. */
function decodeSkipping(data: string): Jose4jBase64 {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  let skipped = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    const v = c < 128 ? (VALUES[c] ?? -1) : -1;
    if (v < 0) {
      skipped++;
      continue;
    }
    acc = (acc << 6) | v;
    n++;
    if (n === 4) {
      out.push((acc >> 16) & 0xff, (acc >> 8) & 0xff, acc & 0xff);
      acc = 0;
      n = 0;
    }
  }
  if (n === 2) out.push((acc >> 4) & 0xff);
  else if (n === 3) out.push((acc >> 10) & 0xff, (acc >> 2) & 0xff);
  return {
    bytes: Buffer.from(out),
    lenient: `has ${skipped} character${skipped === 1 ? '' : 's'} outside base64 that are skipped`,
  };
}
