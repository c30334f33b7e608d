/**
 * One JWKS download, shaped like Harness's (`Http.getResponseStringFromUrl(url, 10, 10)` on OkHttp):
 * connect and read timeouts, redirects followed up to 20 times across http/https, TLS
 * certificates not verified by Harness, the HTTP status ignored. We additionally cap the body so a
 * hostile host cannot make the editor read forever.
 */
import type { Agent, Dispatcher } from 'undici';
import { proxyFor, type ResolvedProxy } from '../harness/dispatcher';
import { networkErrorCode, readBodyCapped, undici } from '../undici';

/** OkHttp's `MAX_FOLLOW_UPS`. */
export const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([300, 301, 302, 303, 307, 308]);
const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

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
  /** A caller-supplied dispatcher (a proxy agent, a mock); timeouts on connect are then its own. */
  dispatcher?: Dispatcher;
  /** The proxies that dispatcher goes through: a failure to connect is then the proxy's, and named so. */
  proxy?: ResolvedProxy | undefined;
}

/** Failures of the first hop: through a proxy, that hop is the proxy, not the key-set host. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function proxyHost(proxyUrl: string): string {
  try {
    return new URL(proxyUrl).host;
  } catch {
    return 'the configured proxy';
  }
}

function describeProxyError(code: string, proxy: string, host: string): JwksFetchError {
  const via = `${host} was not reached`;
  switch (code) {
    case 'ECONNREFUSED':
      return new JwksFetchError('refused', `The proxy ${proxy} refused the connection (nothing listening on that port); ${via}. Check HTTPS_PROXY / HTTP_PROXY.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new JwksFetchError('dns', `The proxy's host name ${proxy} does not resolve; ${via}. Check HTTPS_PROXY / HTTP_PROXY.`);
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new JwksFetchError('timeout', `Connecting to the proxy ${proxy} timed out; ${via}.`);
    default:
      return new JwksFetchError('network', `The proxy ${proxy} could not be reached (${code}); ${via}.`);
  }
}

/** Lazily created agents carrying the connect timeout; one verifying TLS, one not (Harness's "unsafe" client). */
export class JwksAgents {
  private secure?: Agent;
  private insecure?: Agent;
  constructor(private readonly timeoutMs: number) {}
  get(verifyTls: boolean): Agent {
    if (verifyTls) return (this.secure ??= new (undici().Agent)({ connect: { timeout: this.timeoutMs } }));
    return (this.insecure ??= new (undici().Agent)({ connect: { timeout: this.timeoutMs, rejectUnauthorized: false } }));
  }
  async close(): Promise<void> {
    await Promise.all([this.secure?.close(), this.insecure?.close()]);
    this.secure = undefined;
    this.insecure = undefined;
  }
}

const errorCode = (e: unknown): string => networkErrorCode(e) ?? '';

function describeNetworkError(e: unknown, url: string, timeoutMs: number, proxy?: ResolvedProxy): JwksFetchError {
  const code = errorCode(e);
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  const through = proxy ? (() => {
    try {
      return proxyFor(proxy, new URL(url));
    } catch {
      return undefined;
    }
  })() : undefined;
  if (through !== undefined && CONNECT_CODES.has(code)) return describeProxyError(code, proxyHost(through), host);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new JwksFetchError('timeout', `Connecting to ${host} took longer than ${timeoutMs / 1000} s.`);
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new JwksFetchError('timeout', `${host} did not answer within ${timeoutMs / 1000} s (Harness gives up after 10 s).`);
    case 'ECONNREFUSED':
      return new JwksFetchError('refused', `${host} refused the connection (nothing listening on that port).`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new JwksFetchError('dns', `The host name ${host} does not resolve.`);
    default: {
      const why = e instanceof Error ? e.message : String(e);
      return new JwksFetchError('network', `Could not download from ${host}: ${why}${code && !why.includes(code) ? ` (${code})` : ''}.`);
    }
  }
}

async function getOnce(url: string, opts: FetchOptions, dispatcher: Dispatcher, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
  return undici().request(url, {
    method: 'GET',
    dispatcher,
    signal,
    headers: { accept: 'application/json, application/jwk-set+json;q=0.9, */*;q=0.1' },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
}

/** Downloads a JWKS URL the way Harness would; throws `JwksFetchError` only when there is no body at all. */
export async function fetchJwksText(url: string, opts: FetchOptions, agents: JwksAgents): Promise<FetchedBody> {
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
      ? new JwksFetchError('timeout', `${at.host} took more than ${deadlineMs / 1000} s in all to send the key set; the download was stopped.`, redirects)
      : describeNetworkError(e, at.href, opts.timeoutMs, opts.dispatcher ? opts.proxy : undefined);
  for (;;) {
    let res: Dispatcher.ResponseData;
    try {
      res = await getOnce(current.href, opts, opts.dispatcher ?? agents.get(!tlsUntrusted), deadline);
    } catch (e) {
      if (!opts.dispatcher && !tlsUntrusted && TLS_TRUST_CODES.has(errorCode(e))) {
        tlsUntrusted = true;
        continue;
      }
      throw failed(e, current);
    }
    const location = res.headers.location;
    const target = typeof location === 'string' ? location : undefined;
    if (REDIRECT_STATUSES.has(res.statusCode) && target !== undefined) {
      await res.body.dump().catch(() => undefined);
      let next: URL;
      try {
        next = new URL(target, current);
      } catch {
        throw new JwksFetchError('network', `${current.host} redirected to an invalid location ${JSON.stringify(target)}.`, redirects);
      }
      if (next.protocol === 'http:' || next.protocol === 'https:') {
        if (redirects.length >= MAX_REDIRECTS) {
          throw new JwksFetchError('redirect-loop', `More than ${MAX_REDIRECTS} redirects (Harness stops after ${MAX_REDIRECTS}); last to ${next.href}.`, redirects);
        }
        redirects.push(next.href);
        current = next;
        continue;
      }
    }
    let read: { text: string; truncated: boolean };
    try {
      read = await readBodyCapped(res.body, opts.maxBytes);
    } catch (e) {
      throw failed(e, current);
    }
    const ct = res.headers['content-type'];
    return {
      status: res.statusCode,
      contentType: typeof ct === 'string' ? ct : undefined,
      body: read.text,
      truncated: read.truncated,
      finalUrl: current.href,
      redirects,
      tlsUntrusted,
    };
  }
}
