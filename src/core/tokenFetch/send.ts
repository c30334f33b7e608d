/**
 * Sends one token request through the product's HTTP client (src/core/net) with the same bounds as
 * every other download of ours: one deadline for the whole exchange, redirects included, and a
 * capped body read. Redirects are followed as the three clients' HTTP libraries do (up to 10; a
 * 303 becomes a GET without body) unless the request says `# @no-redirect`.
 */
import {
  certificateProblem,
  headersAcrossRedirect,
  proxyProblem,
  type HttpClient,
  type HttpResponse,
  networkErrorCode,
} from '../net';
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
  /** How the request travels (VS Code's `fetch`, undici with proxies); the caller's, always. */
  http: HttpClient;
  signal?: AbortSignal | undefined;
}

function where(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** The URL a request would go to, or the error that stops it before anything is sent (so it is not counted as sent). */
export function sendableUrl(req: Pick<OutgoingRequest, 'url'>, label: string): URL {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    // Up to the query only: a query string may carry a secret.
    const shown = (req.url.split('?')[0] ?? '').slice(0, 200);
    throw new TokenFetchError(
      'bad-request',
      `${label}: the URL ${JSON.stringify(shown)} is not absolute after its variables were filled in.`,
      'Check the variables in the request line and the selected environment.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TokenFetchError('bad-request', `${label}: only http and https requests are sent, not ${url.protocol}`);
  }
  return url;
}

export async function sendBounded(req: OutgoingRequest, bounds: SendBounds, label: string): Promise<ReceivedResponse> {
  let url = sendableUrl(req, label);
  const http = bounds.http;
  const deadline = AbortSignal.timeout(bounds.timeoutMs);
  const signal = bounds.signal ? AbortSignal.any([bounds.signal, deadline]) : deadline;
  let method = req.method;
  let body = req.body;
  let headers = req.headers;
  for (let redirects = 0; ; redirects++) {
    let res: HttpResponse;
    try {
      res = await http.send({
        method,
        url,
        headers,
        ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
        signal,
        headersTimeoutMs: bounds.timeoutMs,
        bodyTimeoutMs: bounds.timeoutMs,
      });
    } catch (e) {
      throw networkError(e, url, label, bounds, deadline, http);
    }
    if (res.status === 407) {
      await res.discard();
      throw new TokenFetchError(
        'network',
        `${label}: ${proxyProblem('PROXY_AUTH_REQUIRED', http.proxyFor(url), url.host, http.advice) ?? ''}`,
      );
    }
    const location = res.headers.location;
    if (req.followRedirects && REDIRECTS.has(res.status) && location !== undefined) {
      await res.discard();
      if (redirects >= MAX_TOKEN_REDIRECTS)
        throw new TokenFetchError(
          'network',
          `${label}: more than ${MAX_TOKEN_REDIRECTS} redirects; last to ${where(url)}.`,
          'Point the request at the final URL.',
        );
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new TokenFetchError(
          'network',
          `${label}: ${where(url)} redirected to an invalid location.`,
          'Point the request at the final URL.',
        );
      }
      // A redirect to file:, data: or any other scheme is not followed: nothing but http(s) is ever sent.
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw new TokenFetchError(
          'network',
          `${label}: ${where(url)} redirected to a ${next.protocol.slice(0, 20)} URL, which is not followed.`,
          'Point the request at the final URL.',
        );
      const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST');
      // Credentials go to the origin the user wrote, not to wherever a redirect points: headers are
      // dropped, and a body that 307/308 would send again (a client secret, a password) is not sent.
      if (next.origin !== url.origin) {
        if (!toGet && body !== undefined) {
          throw new TokenFetchError(
            'network',
            `${label}: ${where(url)} redirected to another origin (${next.origin}) and asked for the body to be sent there again (HTTP ${res.status}); it was not.`,
            'Point the request at the final URL.',
          );
        }
        headers = headersAcrossRedirect(headers, url, next);
      }
      if (toGet) {
        method = 'GET';
        body = undefined;
        headers = headers.filter(([n]) => n.toLowerCase() !== 'content-type');
      }
      url = next;
      continue;
    }
    let read: { text: string; truncated: boolean };
    try {
      read = await res.read(bounds.maxBytes);
    } catch (e) {
      throw networkError(e, url, label, bounds, deadline, http);
    }
    if (read.truncated) {
      throw new TokenFetchError(
        'too-large',
        `${label}: ${where(url)} answered HTTP ${res.status} with more than ${Math.round(bounds.maxBytes / 1024)} KiB; no token response is that large, so reading stopped.`,
        'Check that the request points at the token endpoint.',
      );
    }
    return { status: res.status, headers: { ...res.headers }, body: read.text, finalUrl: url.href };
  }
}

function networkError(
  e: unknown,
  url: URL,
  label: string,
  bounds: SendBounds,
  deadline: AbortSignal,
  http: HttpClient,
): Error {
  if (bounds.signal?.aborted === true) return e instanceof Error ? e : new Error(String(e));
  if (deadline.aborted || /timeout/i.test(codeOf(e))) {
    return new TokenFetchError(
      'timeout',
      `${label}: ${where(url)} did not answer within ${bounds.timeoutMs / 1000} s.`,
      'Check that the identity provider is reachable from here (VPN, proxy), then try again.',
    );
  }
  const code = codeOf(e);
  const proxy = http.proxyFor(url);
  const proxied = proxyProblem(code, proxy, url.host, http.advice);
  if (proxied !== undefined) return new TokenFetchError('network', `${label}: ${proxied}`);
  const certificate = certificateProblem(code, url.host, http.advice);
  if (certificate !== undefined) return new TokenFetchError('network', `${label}: ${certificate}`);
  if (code === 'ECONNREFUSED')
    return new TokenFetchError(
      'network',
      `${label}: ${url.host} refused the connection.`,
      'Check the host and port, and that the server is running.',
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new TokenFetchError(
      'network',
      `${label}: the host name ${url.hostname} does not resolve.`,
      'Check the URL and the selected environment.',
    );
  return new TokenFetchError(
    'network',
    `${label}: ${where(url)} could not be reached (${code || (e instanceof Error ? e.message : 'network error')}).`,
    'Check the URL, the proxy settings and the network.',
  );
}

function codeOf(e: unknown): string {
  return networkErrorCode(e) ?? '';
}
