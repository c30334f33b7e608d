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
export { isPrivateAddress, refusedTarget, type AllowAdvice, type TargetPolicy } from './targetPolicy';
export { headersAcrossRedirect } from './redirectHeaders';
