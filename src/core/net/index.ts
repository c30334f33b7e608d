export {
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type NetworkAdvice,
  NetworkError,
  networkErrorCode,
  CERTIFICATE_TRUST_CODES,
  CONNECT_CODES,
  certificateProblem,
  proxyHost,
  proxyProblem,
} from './http';
export { createFetchClient, type FetchClientOptions } from './fetchClient';
export {
  createUndiciClient,
  undiciClientOver,
  resolveProxy,
  proxyFor,
  type ProxyOptions,
  type ResolvedProxy,
  type UndiciClientOptions,
} from './undiciClient';
import { createUndiciClient } from './undiciClient';
import type { HttpClient } from './http';

let shared: HttpClient | undefined;

/**
 * The client for callers that are given none: undici with the environment's proxy variables. The
 * CLI and tests rely on it; the extension always passes VS Code's `fetch` client instead.
 */
export function defaultHttpClient(): HttpClient {
  return (shared ??= createUndiciClient());
}
export { isPrivateAddress, refusedTarget, type AllowAdvice, type TargetPolicy } from './targetPolicy';
export { headersAcrossRedirect } from './redirectHeaders';
