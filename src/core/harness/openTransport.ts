/**
 * Builds the one transport (HTTP client, deadlines, retries) from client options. Shared by
 * `HarnessClient` (API key) and `ScimConnection` (a bearer token only, e.g. the CLI's rehearsal,
 * which has no Harness API key), so both reach Harness the same way.
 */
import { silentLogger } from '../log';
import { createUndiciClient, type HttpClient } from '../net';
import type { HarnessClientOptions } from './client';
import { retryPolicy } from './retry';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUTS, type Timeouts, Transport } from './transport';

export type TransportOptions = Omit<HarnessClientOptions, 'apiKey' | 'accountId' | 'baseUrl'>;

export function openTransport(
  options: TransportOptions,
  baseUrl: string,
  apiKey: string,
  accountId: string,
): { transport: Transport; ownedHttp: HttpClient | undefined } {
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const http =
    options.http ??
    createUndiciClient({
      connectTimeoutMs: timeouts.connectMs,
      proxyUrl: options.proxyUrl,
      noProxy: options.noProxy,
      env: options.env,
    });
  const transport = new Transport({
    baseUrl,
    apiKey,
    accountId,
    logger: options.logger ?? silentLogger,
    timeouts,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    retry: retryPolicy(options.retries),
    http,
    userAgent: options.userAgent ?? 'harness-scim-jwt',
  });
  return { transport, ownedHttp: options.http ? undefined : http };
}
