/**
 * An `HttpClient` over undici, for where VS Code's `fetch` is not: the CLI, and the extension's
 * one lax-TLS download (Harness reads key sets without verifying certificates). Proxies come from
 * `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (credentials in the URL included) or an explicit URL;
 * certificates from Node's store, `NODE_EXTRA_CA_CERTS`, and any extra CA bundle given.
 */
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import type * as Undici from 'undici';
import type { SecretScrubber } from '../secrets';
import {
  CappedText,
  type HttpClient,
  type NetworkAdvice,
  type HttpRequest,
  type HttpResponse,
  innermostMessage,
  NetworkError,
  networkErrorCode,
  proxyHost,
  sendableHeaders,
} from './http';

let loaded: typeof Undici | undefined;

/**
 * undici, loaded on first use rather than at start-up: evaluating it costs about 100 ms. The
 * extension's bundle leaves it out altogether and loads it from its own file (esbuild.js).
 */
export function undici(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('undici') as typeof Undici;
  return loaded;
}

export interface ProxyOptions {
  /** Explicit proxy for every request, e.g. `http://proxy.corp:3128`; wins over the environment. */
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
  /** Where the proxy came from, for the log. */
  source: string;
}

/** `proxy.corp:3128` means `http://proxy.corp:3128`, as curl reads it. */
function withScheme(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}

export function resolveProxy(options: ProxyOptions): ResolvedProxy {
  const env = options.env ?? process.env;
  const trimmed = options.proxyUrl?.trim();
  const explicit = trimmed === '' ? undefined : trimmed;
  const fromEnv = (...names: string[]): { value: string; name: string } | undefined => {
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) return { value, name };
    }
    return undefined;
  };
  const asProxy = (v: { value: string; name: string } | undefined): { value: string; name: string } | undefined =>
    v && { value: withScheme(v.value), name: v.name };
  const http = asProxy(fromEnv('http_proxy', 'HTTP_PROXY'));
  // Like curl and undici: HTTPS requests use HTTP_PROXY when no HTTPS_PROXY is set.
  const https = asProxy(fromEnv('https_proxy', 'HTTPS_PROXY')) ?? http;
  const noProxy = options.noProxy ?? fromEnv('no_proxy', 'NO_PROXY')?.value ?? '';
  if (explicit !== undefined)
    return { httpProxy: withScheme(explicit), httpsProxy: withScheme(explicit), noProxy, source: 'the proxy setting' };
  const names = [...new Set([https?.name, http?.name].filter((n) => n !== undefined))];
  return { httpProxy: http?.value ?? '', httpsProxy: https?.value ?? '', noProxy, source: names.join(' and ') };
}

/** The proxy a request to `url` goes through, or undefined when it goes direct (NO_PROXY as curl reads it). */
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
    const entryHost = (m?.[1] ?? raw)
      .replace(/^\*?\./, '')
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    if (m?.[2] && Number(m[2]) !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return undefined;
  }
  return chosen;
}

export interface UndiciClientOptions extends ProxyOptions {
  /** TCP + TLS (and proxy tunnel) setup; default 10 s. */
  connectTimeoutMs?: number;
  /** Company CA certificates (PEM text) to trust besides Node's own and `NODE_EXTRA_CA_CERTS`. */
  extraCa?: readonly string[] | undefined;
  /** Said in the log line, e.g. the `--ca-file` path. */
  extraCaLabel?: string | undefined;
  /** What to tell the user about failures, in the caller's terms (the CLI names its options). */
  advice?: NetworkAdvice | undefined;
}

const DEFAULT_ADVICE: NetworkAdvice = {
  certificate: "If a company gateway inspects TLS, trust its root CA: set NODE_EXTRA_CA_CERTS to the CA's PEM file.",
  proxyAuth: 'Put the credentials in the proxy URL: HTTPS_PROXY=http://user:password@proxy:port.',
  proxy: 'Check HTTPS_PROXY, HTTP_PROXY and NO_PROXY.',
};

/** Keep-alive settings: Harness's gateway keeps idle connections for about a minute. */
const AGENT_DEFAULTS = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 8 } as const;

/** Node's roots, `NODE_EXTRA_CA_CERTS`, then the extra bundle: an explicit `ca` replaces Node's default store, so all three go in. */
function trustedCa(extra: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  // Node 22.15+ knows its own default store: NODE_EXTRA_CA_CERTS included, and the system's when
  // --use-openssl-ca or --use-system-ca widened it. Older Node has only the bundled roots, to
  // which the NODE_EXTRA_CA_CERTS file is added here.
  const getter = (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates;
  if (getter) return [...getter('default'), ...extra];
  const file = env.NODE_EXTRA_CA_CERTS;
  let fromEnv: string[] = [];
  if (file) {
    try {
      fromEnv = [fs.readFileSync(file, 'utf8')];
    } catch {
      // Node already warned at start-up that it could not read the file.
    }
  }
  return [...tls.rootCertificates, ...fromEnv, ...extra];
}

function createDispatcher(
  proxy: ResolvedProxy,
  connectTimeoutMs: number,
  ca: string[] | undefined,
  verify: boolean,
): Undici.Dispatcher {
  const connect = {
    timeout: connectTimeoutMs,
    ...(ca ? { ca } : {}),
    ...(verify ? {} : { rejectUnauthorized: false }),
  };
  if (!proxy.httpProxy && !proxy.httpsProxy) return new (undici().Agent)({ ...AGENT_DEFAULTS, connect });
  // Empty strings (not undefined) so undici does not fall back to process.env behind our back.
  return new (undici().EnvHttpProxyAgent)({
    ...AGENT_DEFAULTS,
    connect,
    proxyTls: connect,
    requestTls: connect,
    httpProxy: proxy.httpProxy,
    httpsProxy: proxy.httpsProxy,
    noProxy: proxy.noProxy,
    // Plain http targets as absolute-form requests, as curl sends them: many proxies refuse CONNECT to port 80.
    proxyTunnel: false,
    // The CONNECT to the proxy gets no request signal from undici: bound its answer like a connect,
    // so a proxy that never answers does not hold a socket for undici's five-minute default.
    clientFactory: (origin: URL, opts: object) =>
      new (undici().Pool)(origin, { ...opts, headersTimeout: connectTimeoutMs }),
  });
}

function validProxyUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol.startsWith('socks')) && u.hostname !== '';
  } catch {
    return false;
  }
}

export function createUndiciClient(options: UndiciClientOptions = {}): HttpClient {
  const proxy = resolveProxy(options);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const ca = options.extraCa?.length ? trustedCa(options.extraCa, options.env ?? process.env) : undefined;
  // A proxy URL that is no URL fails inside undici as if the target could not be reached; say it here instead.
  const badProxy = [proxy.httpsProxy, proxy.httpProxy].some((p) => p !== '' && !validProxyUrl(p));
  const dispatchers = new Map<boolean, Undici.Dispatcher>();
  const dispatcher = (verify: boolean): Undici.Dispatcher => {
    let d = dispatchers.get(verify);
    if (!d) dispatchers.set(verify, (d = createDispatcher(proxy, connectTimeoutMs, ca, verify)));
    return d;
  };
  const proxies = [...new Set([proxy.httpsProxy, proxy.httpProxy].filter(Boolean))];
  const description = [
    proxies.length
      ? `proxy ${proxies.map(proxyHost).join(', ')} (from ${proxy.source})${proxy.noProxy ? `, not for ${proxy.noProxy}` : ''}`
      : 'no proxy',
    options.extraCaLabel ? `also trusting ${options.extraCaLabel}` : undefined,
  ]
    .filter(Boolean)
    .join('; ');
  return {
    description,
    advice: options.advice ?? DEFAULT_ADVICE,
    proxyFor(url: URL): string | undefined {
      const through = proxyFor(proxy, url);
      return through === undefined ? undefined : proxyHost(through);
    },
    addSecretsTo(scrubber: SecretScrubber): void {
      scrubber.addUrlCredentials(proxy.httpProxy, proxy.httpsProxy);
    },
    send: (request) =>
      badProxy
        ? Promise.reject(
            new NetworkError(
              `The proxy URL from ${proxy.source} is not a valid URL; nothing was sent.`,
              'PROXY_BAD_URL',
            ),
          )
        : send(request, dispatcher(request.insecureTls !== true)),
    async close(): Promise<void> {
      const all = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.all(all.map((d) => d.close()));
    },
  };
}

/**
 * An `HttpClient` over an undici dispatcher the caller made and owns (a mock agent, an agent with
 * its own resolver). Every request uses it, certificate checks as it was built; `close` leaves it open.
 */
export function undiciClientOver(dispatcher: Undici.Dispatcher): HttpClient {
  return {
    description: 'a dispatcher given by the caller',
    advice: DEFAULT_ADVICE,
    proxyFor: () => undefined,
    addSecretsTo: () => undefined,
    send: (request) => send(request, dispatcher),
    close: () => Promise.resolve(),
  };
}

/**
 * The request, or the caller's abort, whichever comes first. undici does not hand the request's
 * signal to every phase: a proxy that accepts the connection but never answers CONNECT held a
 * request for undici's own five-minute default whatever the caller's deadline. An answer that comes
 * after the abort is drained and dropped.
 */
function untilAborted(
  signal: AbortSignal,
  pending: Promise<Undici.Dispatcher.ResponseData>,
): Promise<Undici.Dispatcher.ResponseData> {
  if (signal.aborted) {
    void pending.then(
      (late) => late.body.dump(),
      () => undefined,
    );
    return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => {
      settled = true;
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (res) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) void res.body.dump().catch(() => undefined);
        else resolve(res);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

async function send(request: HttpRequest, dispatcher: Undici.Dispatcher): Promise<HttpResponse> {
  let res: Undici.Dispatcher.ResponseData;
  try {
    res = await untilAborted(
      request.signal,
      undici().request(request.url, {
        method: request.method,
        headers: sendableHeaders(request.headers).flat(),
        ...(request.body !== undefined ? { body: request.body } : {}),
        dispatcher,
        signal: request.signal,
        headersTimeout: request.headersTimeoutMs,
        bodyTimeout: request.bodyTimeoutMs,
      }),
    );
  } catch (e) {
    throw failure(request.signal, e);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers))
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const body = res.body;
  return {
    status: res.statusCode,
    headers,
    async read(maxBytes: number, decode?: (bytes: Buffer) => string) {
      const text = new CappedText(maxBytes);
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          if (!text.add(chunk)) {
            // Nobody reads the stream any more, so its abort error needs a listener or it goes unhandled.
            body.on('error', () => undefined);
            body.destroy();
            break;
          }
        }
      } catch (e) {
        throw failure(request.signal, e);
      }
      return text.result(decode);
    },
    async discard() {
      await body.dump().catch(() => undefined);
    },
  };
}

function failure(signal: AbortSignal, e: unknown): unknown {
  if (signal.aborted) return signal.reason ?? e;
  return new NetworkError(innermostMessage(e), networkErrorCode(e), { cause: e });
}
