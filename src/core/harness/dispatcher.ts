/**
 * The undici dispatcher the client sends through: a keep-alive Agent, or proxy agents when a
 * proxy is configured. The explicit proxy URL (VS Code's `http.proxy`) wins over the environment
 * (`HTTPS_PROXY`, `HTTP_PROXY`); `NO_PROXY` applies to both, as curl and VS Code do.
 */
import type { Dispatcher } from 'undici';
import { undici } from '../undici';

export interface ProxyOptions {
  /** Explicit proxy for every request, e.g. `http://proxy.corp:3128` (VS Code `http.proxy`). */
  proxyUrl?: string | undefined;
  /** Hosts not to proxy, comma separated (`NO_PROXY` syntax). Defaults to the environment's. */
  noProxy?: string | undefined;
  /** The environment to read proxy variables from; `process.env` unless a test passes its own. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedProxy {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

export function resolveProxy(options: ProxyOptions): ResolvedProxy {
  const env = options.env ?? process.env;
  const trimmed = options.proxyUrl?.trim();
  const explicit = trimmed === '' ? undefined : trimmed;
  const httpProxy = explicit ?? env.http_proxy ?? env.HTTP_PROXY ?? '';
  // Like undici and curl: HTTPS requests use HTTP_PROXY when no HTTPS_PROXY is set.
  const httpsProxy = explicit ?? env.https_proxy ?? env.HTTPS_PROXY ?? httpProxy;
  const noProxy = options.noProxy ?? env.no_proxy ?? env.NO_PROXY ?? '';
  return { httpProxy, httpsProxy, noProxy };
}

/** The proxy a request to `url` goes through, or undefined when it goes direct (undici's NO_PROXY rules). */
export function proxyFor(proxy: ResolvedProxy, url: URL): string | undefined {
  const chosen = url.protocol === 'https:' ? proxy.httpsProxy : proxy.httpProxy;
  if (!chosen) return undefined;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const value = proxy.noProxy.trim();
  if (value === '*') return undefined;
  for (const raw of value.split(/[,\s]/)) {
    if (!raw) continue;
    const m = /^(.+):(\d+)$/.exec(raw);
    const entryHost = (m?.[1] ?? raw).replace(/^\*?\./, '').toLowerCase().replace(/^\[|\]$/g, '');
    if (m?.[2] && Number(m[2]) !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return undefined;
  }
  return chosen;
}

export interface DispatcherOptions extends ProxyOptions {
  connectTimeoutMs: number;
  /** Only when proxying: false skips certificate checks on the proxied connections (VS Code `http.proxyStrictSSL`). */
  proxyStrictSSL?: boolean | undefined;
}

/** Keep-alive settings: Harness's gateway keeps idle connections for about a minute. */
const AGENT_DEFAULTS = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 8 } as const;

export function createDispatcher(options: DispatcherOptions): { dispatcher: Dispatcher; proxy: ResolvedProxy } {
  const proxy = resolveProxy(options);
  const connect = { timeout: options.connectTimeoutMs };
  if (!proxy.httpProxy && !proxy.httpsProxy) {
    return { dispatcher: new (undici().Agent)({ ...AGENT_DEFAULTS, connect }), proxy };
  }
  // Empty strings (not undefined) so undici does not fall back to process.env behind our back.
  const tls = options.proxyStrictSSL === false ? { ...connect, rejectUnauthorized: false } : connect;
  const dispatcher = new (undici().EnvHttpProxyAgent)({
    ...AGENT_DEFAULTS,
    connect,
    proxyTls: tls,
    requestTls: tls,
    httpProxy: proxy.httpProxy,
    httpsProxy: proxy.httpsProxy,
    noProxy: proxy.noProxy,
  });
  return { dispatcher, proxy };
}
