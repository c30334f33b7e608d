/**
 * The JWKS fetch and its cache (docs/harness-contract.md, "How Harness validates a SCIM JWT", step 8): one entry per account holding the URL
 * string and the body as fetched; a hit needs the exact same (trimmed) URL string; the body is cached
 * before anyone tries to parse it and the HTTP status is never looked at; idle entries expire after
 * five days (AccessedExpiryPolicy). The fetch itself follows redirects and skips TLS verification,
 * like Harness's "unsafe" OkHttp client.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EmulatorCore } from './core';

const FIVE_DAYS_MS = 5 * 24 * 60 * 60 * 1000;
const MAX_REDIRECTS = 20;

export type JwksBody = { ok: true; body: string; fromCache: boolean } | { ok: false; detail: string };

/**
 * OkHttp's `ResponseBody.string()`: `source.readString(source.readBomAsCharset(charset()))`. A
 * byte-order mark picks the charset and is consumed; else the Content-Type's charset if the JVM
 * has it, else UTF-8. Java's "UTF-16" without a BOM is big-endian.
 */
function responseBodyString(bytes: Buffer, contentType: string | undefined): string {
  const starts = (...prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);
  if (starts(0xef, 0xbb, 0xbf)) return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3));
  if (starts(0x00, 0x00, 0xfe, 0xff)) return utf32(bytes.subarray(4), false);
  if (starts(0xff, 0xfe, 0x00, 0x00)) return utf32(bytes.subarray(4), true);
  if (starts(0xfe, 0xff)) return new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes.subarray(2));
  if (starts(0xff, 0xfe)) return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2));
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  switch (charset) {
    case 'utf-16':
    case 'utf-16be':
      return new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes);
    case 'utf-16le':
      return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes);
    case 'utf-32':
    case 'utf-32be':
      return utf32(bytes, false);
    case 'utf-32le':
      return utf32(bytes, true);
    case 'iso-8859-1':
    case 'latin1':
      return String.fromCharCode(...bytes);
    default:
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  }
}

function utf32(bytes: Buffer, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points: number[] = [];
  for (let at = 0; at + 4 <= bytes.byteLength; at += 4) {
    const cp = view.getUint32(at, littleEndian);
    points.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
  }
  return points.map((cp) => String.fromCodePoint(cp)).join('');
}

function getOnce(url: URL, timeoutMs: number): Promise<{ response: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      { method: 'GET', rejectUnauthorized: false, timeout: timeoutMs, headers: { accept: '*/*' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          resolve({ response, body: responseBodyString(Buffer.concat(chunks), response.headers['content-type']) });
        });
        response.on('error', reject);
        response.on('aborted', () => {
          reject(new Error('connection closed before the body ended'));
        });
      },
    );
    // `timeout` fires after that long without socket activity: OkHttp's connect and read timeouts.
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

async function fetchBody(rawUrl: string, timeoutMs: number): Promise<string> {
  let url = new URL(rawUrl);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`Expected URL scheme 'http' or 'https' but was '${url.protocol}'`);
    const { response, body } = await getOnce(url, timeoutMs);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if ([301, 302, 303, 307, 308].includes(status) && typeof location === 'string') {
      url = new URL(location, url);
      continue;
    }
    return body;
  }
  throw new Error(`Too many follow-up requests: ${MAX_REDIRECTS + 1}`);
}

/** AccessedExpiryPolicy of 5 days (HC 120-ng-manager/src/main/java/io/harness/ng/NextGenModule.java:631): idle time since the last use. */
export function jwksEntryExpired(entry: { lastAccessedAt: number }, now: number): boolean {
  return now - entry.lastAccessedAt > FIVE_DAYS_MS;
}

/**
 * The key-set text Harness would use for this account and URL, fetching it when the cache has no
 * match (HC 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java:232-257
 * and :316-337): a hit needs the stored URL non-empty and equal to the trimmed setting; a hit is a
 * `get`, which renews the 5 days; a miss removes the entry, downloads, and stores the body before
 * anything parses it; a failed download stores nothing.
 */
export async function jwksBodyFor(core: EmulatorCore, url: string): Promise<JwksBody> {
  const account = core.state.accountId;
  const now = core.now();
  const cached = core.jwt.jwksCache.get(account);
  if (cached && jwksEntryExpired(cached, now)) core.jwt.jwksCache.delete(account);
  else if (cached && cached.url !== '' && cached.url === url) {
    cached.lastAccessedAt = now;
    return { ok: true, body: cached.body, fromCache: true };
  } else if (cached) core.jwt.jwksCache.delete(account);
  core.jwt.jwksFetches += 1;
  try {
    const body = await fetchBody(url, core.options.jwksTimeoutMs);
    core.jwt.jwksCache.set(account, { url, body, lastAccessedAt: core.now() });
    return { ok: true, body, fromCache: false };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}
