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
import { createFetchClient, createUndiciClient, proxyHost, type HttpClient } from '../core/net';
import type { SecretScrubber } from '../core/secrets';
import { config, type NetworkSettings } from './config';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

/** How requests travel, in one line for the log; never with credentials. */
export function describeNetwork(s: NetworkSettings, env: NodeJS.ProcessEnv = process.env): string {
  if (!s.fetchAdditionalSupport) {
    return "VS Code's fetch without its proxy and certificate support (http.fetchAdditionalSupport is off): direct connections, Node's own certificates";
  }
  const fromEnv = PROXY_VARIABLES.map((name) => ({ name, value: env[name]?.trim() })).find((v) => v.value);
  const proxy = s.proxySupport === 'off' ? 'no proxy (http.proxySupport is off)'
    : s.proxy !== undefined ? `proxy ${proxyHost(s.proxy)} (http.proxy)`
    : fromEnv?.value !== undefined ? `proxy ${proxyHost(fromEnv.value)} (${fromEnv.name})`
    : "the system's proxy settings or PAC file, or direct";
  const noProxy = s.noProxy.length > 0 ? `, not for ${s.noProxy.join(', ')}` : '';
  const certificates = s.systemCertificates ? "the system's certificates trusted" : "Node's certificates only (http.systemCertificates is off)";
  return `VS Code's fetch: ${proxy}${noProxy}; ${certificates}`;
}

export function createNetwork(logger: Logger, scrubber: SecretScrubber): { http: HttpClient; disposable: vscode.Disposable } {
  const learnSecrets = (): void => { scrubber.addUrlCredentials(config.network().proxy, ...PROXY_VARIABLES.map((n) => process.env[n])); };
  learnSecrets();
  const http = createFetchClient({
    describe: () => describeNetwork(config.network()),
    proxyUrls: () => [config.network().proxy, ...PROXY_VARIABLES.map((n) => process.env[n])],
    advice: {
      certificate: "VS Code trusts the operating system's certificates while http.systemCertificates is on (the default): " +
        "add your company's root CA to the system's trust store (for a remote window: the remote machine's), then reload the window.",
      proxyAuth: 'VS Code signs in to the proxy when it offers Basic or Kerberos and asks you for the password; ' +
        'otherwise put the credentials in http.proxy (http://user:password@proxy:port).',
      proxy: 'VS Code decides the proxy: http.proxy, http.noProxy and http.proxySupport, or the system\'s settings and PAC file when http.proxy is empty.',
    },
    insecure: () => {
      const proxyUrl = config.network().proxy;
      logger.info(`network: reading a key set without certificate checks, as Harness does, through undici (${proxyUrl !== undefined ? `proxy ${proxyHost(proxyUrl)}` : 'the proxy variables, if any'})`);
      return createUndiciClient({ proxyUrl, connectTimeoutMs: 10_000 });
    },
  });
  logger.info(`network: ${http.description}`);
  const disposable = vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('http')) return;
      learnSecrets();
      logger.info(`network: settings changed; now ${http.description}`);
    }),
    new vscode.Disposable(() => { void http.close(); }),
  );
  return { http, disposable };
}
