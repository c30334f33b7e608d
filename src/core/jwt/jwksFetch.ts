/**
 * One JWKS download, shaped like Harness's (`Http.getResponseStringFromUrl(url, 10, 10)` on OkHttp):
 * connect and read timeouts, redirects followed up to 20 times across http/https, TLS
 * certificates not verified by Harness, the HTTP status ignored. We additionally cap the body so a
 * hostile host cannot make the editor read forever.
 */
import { okHttpText } from './okHttpText';
import {
  CERTIFICATE_TRUST_CODES,
  CONNECT_CODES,
  type HttpClient,
  type HttpResponse,
  networkErrorCode,
  proxyProblem,
} from '../net';

/** OkHttp's `MAX_FOLLOW_UPS`. */
export const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([300, 301, 302, 303, 307, 308]);

export type FetchFailureKind = 'bad-url' | 'timeout' | 'refused' | 'dns' | 'redirect-loop' | 'network';

/** A download that produced no body; Harness would answer "Error connecting to public keys URL". */
export class JwksFetchError extends Error {
  constructor(
    readonly kind: FetchFailureKind,
    message: string,
    readonly redirects: readonly string[] = [],
  ) {
    super(message);
    this.name = 'JwksFetchError';
  }
}

export interface FetchedBody {
  status: number;
  contentType?: string;
  body: string;
  /** True when the body was longer than the cap and reading stopped. */
  truncated: boolean;
  finalUrl: string;
  /** URLs redirected to, in order. */
  redirects: string[];
  /** True when the certificate was not trusted and we retried without verification, as Harness would. */
  tlsUntrusted: boolean;
}

export interface FetchOptions {
  timeoutMs: number;
  /**
   * The whole download, redirects included (default 3 × timeoutMs, at least timeoutMs + 2 s). The per-read timeout alone
   * lets a host that sends a byte every few seconds hold a verdict for days; Harness's client has
   * no such bound, so a key set that slow would also stall Harness.
   */
  deadlineMs?: number;
  maxBytes: number;
  /** How requests travel (VS Code's `fetch`, undici with proxies); the caller's, always. */
  http: HttpClient;
  /**
   * Asked before each request, the first and every redirect: a reason the URL must not be reached
   * (an address a token named), or undefined. Without it every http(s) URL is reached.
   */
  gate?: ((url: URL) => Promise<string | undefined>) | undefined;
}

function describeProxyError(code: string, proxy: string, host: string, advice: string): JwksFetchError {
  const via = `${host} was not reached`;
  switch (code) {
    case 'ECONNREFUSED':
      return new JwksFetchError(
        'refused',
        `The proxy ${proxy} refused the connection (nothing listening on that port); ${via}. ${advice}`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new JwksFetchError('dns', `The proxy's host name ${proxy} does not resolve; ${via}. ${advice}`);
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new JwksFetchError('timeout', `Connecting to the proxy ${proxy} timed out; ${via}.`);
    default:
      return new JwksFetchError('network', `The proxy ${proxy} could not be reached (${code}); ${via}.`);
  }
}

const errorCode = (e: unknown): string => networkErrorCode(e) ?? '';

function describeNetworkError(e: unknown, url: string, timeoutMs: number, http: HttpClient): JwksFetchError {
  const code = errorCode(e);
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  const through = (() => {
    try {
      return http.proxyFor(new URL(url));
    } catch {
      return undefined;
    }
  })();
  if (through !== undefined && CONNECT_CODES.has(code))
    return describeProxyError(code, through, host, http.advice.proxy);
  const proxied = proxyProblem(code, through, host, http.advice);
  if (proxied !== undefined) return new JwksFetchError('network', proxied);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new JwksFetchError('timeout', `Connecting to ${host} took longer than ${timeoutMs / 1000} s.`);
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new JwksFetchError(
        'timeout',
        `${host} did not answer within ${timeoutMs / 1000} s (Harness gives up after 10 s).`,
      );
    case 'ECONNREFUSED':
      return new JwksFetchError('refused', `${host} refused the connection (nothing listening on that port).`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new JwksFetchError('dns', `The host name ${host} does not resolve.`);
    default: {
      const why = e instanceof Error ? e.message : String(e);
      return new JwksFetchError(
        'network',
        `Could not download from ${host}: ${why}${code && !why.includes(code) ? ` (${code})` : ''}.`,
      );
    }
  }
}

function getOnce(
  url: URL,
  opts: FetchOptions,
  http: HttpClient,
  insecureTls: boolean,
  signal: AbortSignal,
): Promise<HttpResponse> {
  return http.send({
    method: 'GET',
    url,
    headers: [['accept', 'application/json, application/jwk-set+json;q=0.9, */*;q=0.1']],
    signal,
    headersTimeoutMs: opts.timeoutMs,
    bodyTimeoutMs: opts.timeoutMs,
    insecureTls,
  });
}

/** Downloads a JWKS URL the way Harness would; throws `JwksFetchError` only when there is no body at all. */
export async function fetchJwksText(url: string, opts: FetchOptions): Promise<FetchedBody> {
  const http = opts.http;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new JwksFetchError('bad-url', `${JSON.stringify(url)} is not an absolute URL.`);
  }
  if (current.protocol !== 'http:' && current.protocol !== 'https:') {
    throw new JwksFetchError('bad-url', `Harness fetches JWKS over http or https only, not ${current.protocol}.`);
  }
  const redirects: string[] = [];
  let tlsUntrusted = false;
  // Never so close to the read timeout that undici's coarse timers let the deadline win the race.
  const deadlineMs = opts.deadlineMs ?? Math.max(3 * opts.timeoutMs, opts.timeoutMs + 2000);
  const deadline = AbortSignal.timeout(deadlineMs);
  const failed = (e: unknown, at: URL): JwksFetchError =>
    deadline.aborted
      ? new JwksFetchError(
          'timeout',
          `${at.host} took more than ${deadlineMs / 1000} s in all to send the key set; the download was stopped.`,
          redirects,
        )
      : describeNetworkError(e, at.href, opts.timeoutMs, http);
  for (;;) {
    const refused = await opts.gate?.(current);
    if (refused !== undefined) throw new JwksFetchError('bad-url', refused, redirects);
    let res: HttpResponse;
    try {
      res = await getOnce(current, opts, http, tlsUntrusted, deadline);
    } catch (e) {
      if (!tlsUntrusted && CERTIFICATE_TRUST_CODES.has(errorCode(e))) {
        tlsUntrusted = true;
        continue;
      }
      throw failed(e, current);
    }
    if (res.status === 407) {
      await res.discard();
      throw new JwksFetchError(
        'network',
        proxyProblem('PROXY_AUTH_REQUIRED', http.proxyFor(current), current.host, http.advice) ?? '',
        redirects,
      );
    }
    const target = res.headers.location;
    if (REDIRECT_STATUSES.has(res.status) && target !== undefined) {
      await res.discard();
      let next: URL;
      try {
        next = new URL(target, current);
      } catch {
        throw new JwksFetchError(
          'network',
          `${current.host} redirected to an invalid location ${JSON.stringify(target)}.`,
          redirects,
        );
      }
      if (next.protocol === 'http:' || next.protocol === 'https:') {
        if (redirects.length >= MAX_REDIRECTS) {
          throw new JwksFetchError(
            'redirect-loop',
            `More than ${MAX_REDIRECTS} redirects (Harness stops after ${MAX_REDIRECTS}); last to ${next.href}.`,
            redirects,
          );
        }
        redirects.push(next.href);
        current = next;
        continue;
      }
    }
    let read: { text: string; truncated: boolean };
    try {
      read = await res.read(opts.maxBytes, (bytes) => okHttpText(bytes, res.headers['content-type']));
    } catch (e) {
      throw failed(e, current);
    }
    return {
      status: res.status,
      contentType: res.headers['content-type'],
      body: read.text,
      truncated: read.truncated,
      finalUrl: current.href,
      redirects,
      tlsUntrusted,
    };
  }
}
