/**
 * Builds the one transport (HTTP client, deadlines, retries) from client options. Shared by
 * `HarnessClient` (API key) and `ScimConnection` (a bearer token only, e.g. the CLI's rehearsal,
 * which has no Harness API key), so both reach Harness the same way.
 */
import { silentLogger } from '../log';
import type { HarnessClientOptions } from './client';
import { retryPolicy } from './retry';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUTS, type Timeouts, Transport } from './transport';

export type TransportOptions = Omit<HarnessClientOptions, 'apiKey' | 'accountId' | 'baseUrl'>;

export function openTransport(
  options: TransportOptions,
  baseUrl: string,
  apiKey: string,
  accountId: string,
): Transport {
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  return new Transport({
    baseUrl,
    apiKey,
    accountId,
    logger: options.logger ?? silentLogger,
    timeouts,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    retry: retryPolicy(options.retries),
    http: options.http,
    userAgent: options.userAgent ?? 'harness-scim-jwt',
  });
}
