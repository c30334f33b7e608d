/**
 * Sends one token request over the product's undici (src/core/undici.ts) with the same bounds as
 * every other download of ours: one deadline for the whole exchange, redirects included, and a
 * capped body read. Redirects are followed as the three clients' HTTP libraries do (up to 10; a
 * 303 becomes a GET without body) unless the request says `# @no-redirect`.
 */
import type { Dispatcher } from 'undici';
import { networkErrorCode, readBodyCapped, undici } from '../undici';
import { TokenFetchError } from './errors';

export const MAX_TOKEN_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
  followRedirects: boolean;
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  finalUrl: string;
}

export interface SendBounds {
  /** The whole exchange, redirects included. */
  timeoutMs: number;
  maxBytes: number;
  dispatcher?: Dispatcher | undefined;
  signal?: AbortSignal | undefined;
}

function where(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export async function sendBounded(req: OutgoingRequest, bounds: SendBounds, label: string): Promise<ReceivedResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    // Up to the query only: a query string may carry a secret.
    const shown = (req.url.split('?')[0] ?? '').slice(0, 200);
    throw new TokenFetchError('bad-request', `${label}: the URL ${JSON.stringify(shown)} is not absolute after its variables were filled in.`, 'Check the variables in the request line and the selected environment.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TokenFetchError('bad-request', `${label}: only http and https requests are sent, not ${url.protocol}`);
  }
  const deadline = AbortSignal.timeout(bounds.timeoutMs);
  const signal = bounds.signal ? AbortSignal.any([bounds.signal, deadline]) : deadline;
  let method = req.method;
  let body = req.body;
  let headers = req.headers;
  for (let redirects = 0; ; redirects++) {
    let res: Dispatcher.ResponseData;
    try {
      res = await undici().request(url, {
        method: method,
        headers: headers.flat(),
        ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
        signal,
        headersTimeout: bounds.timeoutMs,
        bodyTimeout: bounds.timeoutMs,
        ...(bounds.dispatcher ? { dispatcher: bounds.dispatcher } : {}),
      });
    } catch (e) {
      throw networkError(e, url, label, bounds, deadline);
    }
    const location = res.headers.location;
    if (req.followRedirects && REDIRECTS.has(res.statusCode) && typeof location === 'string') {
      await res.body.dump().catch(() => undefined);
      if (redirects >= MAX_TOKEN_REDIRECTS) throw new TokenFetchError('network', `${label}: more than ${MAX_TOKEN_REDIRECTS} redirects; last to ${where(url)}.`, 'Point the request at the final URL.');
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new TokenFetchError('network', `${label}: ${where(url)} redirected to an invalid location.`, 'Point the request at the final URL.');
      }
      // Credentials go to the origin the user wrote, not to wherever a redirect points.
      if (next.origin !== url.origin) headers = headers.filter(([n]) => n.toLowerCase() !== 'authorization' && n.toLowerCase() !== 'cookie');
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
      continue;
    }
    let read: { text: string; truncated: boolean };
    try {
      read = await readBodyCapped(res.body, bounds.maxBytes);
    } catch (e) {
      throw networkError(e, url, label, bounds, deadline);
    }
    if (read.truncated) {
      throw new TokenFetchError('too-large', `${label}: ${where(url)} answered HTTP ${res.statusCode} with more than ${Math.round(bounds.maxBytes / 1024)} KiB; no token response is that large, so reading stopped.`, 'Check that the request points at the token endpoint.');
    }
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    return { status: res.statusCode, headers: flat, body: read.text, finalUrl: url.href };
  }
}

function networkError(e: unknown, url: URL, label: string, bounds: SendBounds, deadline: AbortSignal): Error {
  if (bounds.signal?.aborted === true) return e instanceof Error ? e : new Error(String(e));
  if (deadline.aborted || /timeout/i.test(codeOf(e))) {
    return new TokenFetchError('timeout', `${label}: ${where(url)} did not answer within ${bounds.timeoutMs / 1000} s.`, 'Check that the identity provider is reachable from here (VPN, proxy), then try again.');
  }
  const code = codeOf(e);
  if (code === 'ECONNREFUSED') return new TokenFetchError('network', `${label}: ${url.host} refused the connection.`, 'Check the host and port, and that the server is running.');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TokenFetchError('network', `${label}: the host name ${url.hostname} does not resolve.`, 'Check the URL and the selected environment.');
  return new TokenFetchError('network', `${label}: ${where(url)} could not be reached (${code || (e instanceof Error ? e.message : 'network error')}).`, 'Check the URL, the proxy settings and the network.');
}

function codeOf(e: unknown): string {
  return networkErrorCode(e) ?? '';
}
