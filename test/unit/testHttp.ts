/**
 * The HTTP clients unit tests pass where the product passes its own (core takes the client it is
 * given and has no default). `testHttp()` is one undici client with the environment's proxy
 * variables, shared by the tests that do not care how requests travel. `harnessClient` and
 * `scimConnection` give each a client of its own, made from proxy options as a test asks, and a
 * `close()` that closes it.
 */
import {
  HarnessClient,
  ScimConnection,
  type HarnessClientOptions,
  type ScimConnectionOptions,
} from '../../src/core/harness';
import { createUndiciClient, type HttpClient, type ProxyOptions } from '../../src/core/net';

let shared: HttpClient | undefined;

export function testHttp(): HttpClient {
  return (shared ??= createUndiciClient());
}

interface Closable {
  close(): Promise<void>;
}
export type TestHarnessClient = HarnessClient & Closable;
export type TestScimConnection = ScimConnection & Closable;

function ownHttp(options: ProxyOptions & { timeouts?: { connectMs?: number } | undefined }): HttpClient {
  return createUndiciClient({
    connectTimeoutMs: options.timeouts?.connectMs ?? 10_000,
    proxyUrl: options.proxyUrl,
    noProxy: options.noProxy,
    env: options.env,
  });
}

export function harnessClient(options: Omit<HarnessClientOptions, 'http'> & ProxyOptions): TestHarnessClient {
  const http = ownHttp(options);
  return Object.assign(new HarnessClient({ ...options, http }), { close: () => http.close() });
}

export function scimConnection(options: Omit<ScimConnectionOptions, 'http'> & ProxyOptions): TestScimConnection {
  const http = ownHttp(options);
  return Object.assign(new ScimConnection({ ...options, http }), { close: () => http.close() });
}
