/**
 * Builds the one transport (dispatcher, proxy, deadlines, retries) from client options. Shared by
 * `HarnessClient` (API key) and `ScimConnection` (a bearer token only, e.g. the CLI's rehearsal,
 * which has no Harness API key), so both reach Harness the same way.
 */
import type { Dispatcher } from 'undici';
import { silentLogger } from '../log';
import type { HarnessClientOptions } from './client';
import { createDispatcher, type ResolvedProxy } from './dispatcher';
import { retryPolicy } from './retry';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUTS, type Timeouts, Transport } from './transport';

export type TransportOptions = Omit<HarnessClientOptions, 'apiKey' | 'accountId' | 'baseUrl'>;

export function openTransport(
  options: TransportOptions,
  baseUrl: string,
  apiKey: string,
  accountId: string,
): { transport: Transport; dispatcher: Dispatcher; ownsDispatcher: boolean } {
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  let proxy: ResolvedProxy | undefined;
  let dispatcher: Dispatcher;
  let ownsDispatcher: boolean;
  if (options.dispatcher) {
    dispatcher = options.dispatcher;
    ownsDispatcher = false;
  } else {
    const made = createDispatcher({
      connectTimeoutMs: timeouts.connectMs, proxyUrl: options.proxyUrl, noProxy: options.noProxy, env: options.env, proxyStrictSSL: options.proxyStrictSSL,
    });
    dispatcher = made.dispatcher;
    proxy = made.proxy;
    ownsDispatcher = true;
  }
  const transport = new Transport({
    baseUrl,
    apiKey,
    accountId,
    logger: options.logger ?? silentLogger,
    timeouts,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    retry: retryPolicy(options.retries),
    dispatcher,
    proxy,
    userAgent: options.userAgent ?? 'harness-scim-jwt',
  });
  return { transport, dispatcher, ownsDispatcher };
}
