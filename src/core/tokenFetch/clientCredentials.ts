/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 §4.4), the one way the product asks for a token
 * with a client id and secret. `clientCredentialsGrant` builds the request; the `.http` runner
 * sends it as the file's client would (`fetcher.ts`), and `fetchClientCredentialsToken` sends it
 * to get a token to test the way the identity provider's SCIM client would (the doctor, the token
 * choice, `scim-jwt doctor`). The secret and the token stay in memory; errors name the endpoint
 * and the provider's error code, never them.
 */
import { clip } from '../listCap';
import { certificateProblem, type HttpClient, type HttpResponse, networkErrorCode, proxyProblem } from '../net';
import { SecretScrubber } from '../secrets';
import { TokenFetchError } from './errors';

/** A token response is a few kilobytes; anything past this is not one. */
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

export interface ClientCredentialsRequest {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes, when the provider needs one (Entra: `api://…/.default`). */
  scope?: string | undefined;
  /** RFC 8707 resource / audience, when the provider needs one to issue a JWT access token. */
  resource?: string | undefined;
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
  /** How the request travels, as the rest of the check's do: the caller's client, always. */
  http: HttpClient;
}

/** Where the client's secret goes: HTTP Basic, the form, or nowhere (a public client names itself only). */
export type ClientAuthentication = 'basic' | 'in body' | 'none';

export interface ClientCredentialsGrant {
  form: URLSearchParams;
  /** The credentials of `Authorization: Basic …`, when the secret goes there. */
  basic?: string | undefined;
}

/**
 * The grant's form and client authentication. `params` (scope, resource, audience…) are added in
 * order, empty ones left out. `formEncodeBasic` follows RFC 6749 §2.3.1 (form-encode id and secret
 * before Basic); the `.http` clients do not, and requests from their files are sent as they send them.
 */
export function clientCredentialsGrant(grant: {
  clientId: string;
  clientSecret: string;
  auth: ClientAuthentication;
  params: Record<string, string | undefined>;
  formEncodeBasic: boolean;
}): ClientCredentialsGrant {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  for (const [k, v] of Object.entries(grant.params)) if (v !== undefined && v !== '') form.set(k, v);
  if (grant.auth !== 'basic') {
    form.set('client_id', grant.clientId);
    if (grant.auth === 'in body') form.set('client_secret', grant.clientSecret);
    return { form };
  }
  const encode = grant.formEncodeBasic ? encodeURIComponent : (s: string): string => s;
  const basic = Buffer.from(`${encode(grant.clientId)}:${encode(grant.clientSecret)}`).toString('base64');
  return { form, basic };
}

function endpointUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TokenFetchError(
      'bad-request',
      `"${text}" is not a URL; give the identity provider's token endpoint (https://…/token).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TokenFetchError('bad-request', `The token endpoint must be http(s), not ${url.protocol}`);
  return url;
}

/** POSTs the grant with HTTP Basic client authentication and returns `access_token`. */
export async function fetchClientCredentialsToken(req: ClientCredentialsRequest): Promise<string> {
  const url = endpointUrl(req.tokenEndpoint);
  const { form: body, basic = '' } = clientCredentialsGrant({
    clientId: req.clientId,
    clientSecret: req.clientSecret,
    auth: 'basic',
    params: { scope: req.scope, resource: req.resource },
    formEncodeBasic: true,
  });
  // Everything the endpoint (or the network below it) says is scrubbed of what we sent it.
  const http = req.http;
  const secrets = new SecretScrubber().addBasic(req.clientId, req.clientSecret).add(basic);
  http.addSecretsTo(secrets);
  const scrub = (text: string): string => secrets.scrub(text);
  const timeoutMs = req.timeoutMs ?? 15_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: HttpResponse;
  try {
    res = await http.send({
      method: 'POST',
      url,
      headers: [
        ['authorization', `Basic ${basic}`],
        ['content-type', 'application/x-www-form-urlencoded'],
        ['accept', 'application/json'],
      ],
      body: body.toString(),
      signal,
      headersTimeoutMs: timeoutMs,
      bodyTimeoutMs: timeoutMs,
    });
  } catch (e) {
    if (req.signal?.aborted === true) throw e;
    const code = networkErrorCode(e);
    const proxy = http.proxyFor(url);
    const why =
      proxyProblem(code, proxy, url.host, http.advice) ??
      certificateProblem(code, url.host, http.advice) ??
      scrub(e instanceof Error ? e.message : String(e));
    throw new TokenFetchError('network', `The token endpoint ${url.origin}${url.pathname} did not answer: ${why}`);
  }
  if (res.status === 407) {
    await res.discard();
    throw new TokenFetchError(
      'network',
      `The token endpoint ${url.origin}${url.pathname} was not reached: ${proxyProblem('PROXY_AUTH_REQUIRED', http.proxyFor(url), url.host, http.advice) ?? ''}`,
      undefined,
      { httpStatus: 407 },
    );
  }
  let text: string;
  try {
    const read = await res.read(MAX_TOKEN_RESPONSE_BYTES);
    if (read.truncated)
      throw new Error(
        `the answer is larger than ${MAX_TOKEN_RESPONSE_BYTES / 1024 / 1024} MiB, which no token response is`,
      );
    text = read.text;
  } catch (e) {
    if (req.signal?.aborted === true) throw e;
    throw new TokenFetchError(
      'network',
      `The token endpoint ${url.origin}${url.pathname} answered HTTP ${res.status}, but reading the answer failed: ${scrub(e instanceof Error ? e.message : String(e))}`,
      undefined,
      { httpStatus: res.status },
    );
  }
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) json = parsed as Record<string, unknown>;
  } catch {
    // handled below: no access_token
  }
  const token = json.access_token;
  if (typeof token === 'string' && token !== '') secrets.add(token);
  if (res.status >= 200 && res.status < 300 && typeof token === 'string' && token !== '') return token;
  const error = typeof json.error === 'string' ? clip(scrub(json.error), 100) : undefined;
  const description =
    typeof json.error_description === 'string' ? ` (${clip(scrub(json.error_description), 200)})` : '';
  throw new TokenFetchError(
    res.status >= 400 ? 'http-error' : 'missing-path',
    `The token endpoint ${url.origin}${url.pathname} answered HTTP ${res.status}${error !== undefined ? ` ${error}${description}` : ' without an access_token'}.`,
    undefined,
    { httpStatus: res.status, oauthError: error },
  );
}
