/**
 * The extension's one HTTP client: VS Code's own `fetch`, so every request the extension makes
 * (Harness, key sets, discovery, token endpoints, SCIM) goes the way VS Code's own requests go:
 * `http.proxy` or the system's proxy and PAC file, `http.noProxy`, proxy sign-in (credentials in
 * the proxy URL, Kerberos, VS Code's prompt), and the system's certificates (`http.systemCertificates`).
 *
 * One download cannot go through `fetch`: a key set whose certificate is not trusted, which
 * Harness reads anyway. For that alone undici is loaded, from its own file, on first need.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { createFetchClient, createUndiciClient, proxyFor, proxyHost, resolveProxy, type HttpClient } from '../core/net';
import { PROXY_VARIABLES, type SecretScrubber } from '../core/secrets';
import { config, type NetworkSettings } from './config';

/** VS Code's proxy resolution never proxies these (`@vscode/proxy-agent`). */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '::ffff:127.0.0.1']);

/** The variables VS Code's proxy resolution reads (not ALL_PROXY), in its order of preference. */
const VSCODE_PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

const envProxy = (env: NodeJS.ProcessEnv): { name: string; value: string } | undefined =>
  VSCODE_PROXY_VARIABLES.map((name) => ({ name, value: env[name]?.trim() ?? '' })).find((v) => v.value !== '');

/** How requests travel, in one line for the log; never with credentials. */
export function describeNetwork(s: NetworkSettings, env: NodeJS.ProcessEnv = process.env): string {
  if (!s.fetchAdditionalSupport) {
    return "VS Code's fetch without its proxy and certificate support (http.fetchAdditionalSupport is off): direct connections, Node's own certificates";
  }
  const fromEnv = envProxy(env);
  const proxy =
    s.proxySupport === 'off'
      ? 'no proxy (http.proxySupport is off)'
      : s.proxy !== undefined
        ? `proxy ${proxyHost(s.proxy)} (http.proxy)`
        : fromEnv !== undefined
          ? `proxy ${proxyHost(fromEnv.value)} (${fromEnv.name})`
          : "the system's proxy settings or PAC file, or direct";
  const noProxy = s.noProxy.length > 0 ? `, not for ${s.noProxy.join(', ')}` : '';
  const certificates = s.systemCertificates
    ? "the system's certificates trusted"
    : "Node's certificates only (http.systemCertificates is off)";
  return `VS Code's fetch: ${proxy}${noProxy}; ${certificates}`;
}

/**
 * The proxy VS Code's fetch takes for `url` when the settings say so outright (http.proxy or a
 * proxy variable), as `host:port`; undefined when it goes direct or the system decides (PAC).
 * It follows VS Code's rules: local hosts direct, http.noProxy when set, else NO_PROXY.
 */
export function explicitProxyFor(
  url: URL,
  s: NetworkSettings,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (!s.fetchAdditionalSupport || s.proxySupport === 'off' || LOCAL_HOSTS.has(url.hostname)) return undefined;
  const configured = s.proxy ?? envProxy(env)?.value;
  if (configured === undefined) return undefined;
  const through = proxyFor(
    resolveProxy({ proxyUrl: configured, noProxy: s.noProxy.length > 0 ? s.noProxy.join(',') : undefined, env }),
    url,
  );
  return through === undefined ? undefined : proxyHost(through);
}

export function createNetwork(
  logger: Logger,
  scrubber: SecretScrubber,
): { http: HttpClient; disposable: vscode.Disposable } {
  const proxyUrls = (): (string | undefined)[] => [
    config.network().proxy,
    ...PROXY_VARIABLES.map((n) => process.env[n]),
  ];
  const learnSecrets = (): void => {
    scrubber.addUrlCredentials(...proxyUrls());
  };
  learnSecrets();
  const http = createFetchClient({
    describe: () => describeNetwork(config.network()),
    proxyFor: (url) => explicitProxyFor(url, config.network()),
    proxyUrls,
    advice: {
      certificate:
        "VS Code trusts the operating system's certificates while http.systemCertificates is on (the default): " +
        "add your company's root CA to the system's trust store (for a remote window: the remote machine's), then reload the window.",
      proxyAuth:
        'VS Code signs in to the proxy when it offers Basic or Kerberos and asks you for the password; ' +
        'otherwise put the credentials in http.proxy (http://user:password@proxy:port).',
      proxy:
        "VS Code decides the proxy: http.proxy, http.noProxy and http.proxySupport, or the system's settings and PAC file when http.proxy is empty.",
    },
    insecure: () => {
      // This one download goes around VS Code's network stack: it can use only an explicit proxy.
      const s = config.network();
      const off = s.proxySupport === 'off';
      logger.info(
        `network: reading a key set without certificate checks, as Harness does, through undici (${off ? 'no proxy' : s.proxy !== undefined ? `proxy ${proxyHost(s.proxy)}` : 'the proxy variables, if any'})`,
      );
      return createUndiciClient({
        proxyUrl: off ? undefined : s.proxy,
        noProxy: s.noProxy.length > 0 ? s.noProxy.join(',') : undefined,
        env: off ? {} : process.env,
        connectTimeoutMs: 10_000,
        advice: {
          certificate: 'This download does not check certificates.',
          proxyAuth:
            "A key set whose certificate is not trusted is read outside VS Code's network stack, so VS Code cannot sign in to the proxy for it: put the credentials in http.proxy (http://user:password@proxy:port).",
          proxy:
            "A key set whose certificate is not trusted is read outside VS Code's network stack: only http.proxy (or HTTPS_PROXY) and http.noProxy apply to it, not a PAC file.",
        },
      });
    },
  });
  logger.info(`network: ${http.description}`);
  const disposable = vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('http')) return;
      learnSecrets();
      // The lax-TLS client was made with the settings of then: the next such download makes a new one.
      void http.close();
      logger.info(`network: settings changed; now ${http.description}`);
    }),
    new vscode.Disposable(() => {
      void http.close();
    }),
  );
  return { http, disposable };
}
