/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 §4.4), the one way the product asks for a token
 * with a client id and secret. `clientCredentialsGrant` builds the request and `sendBounded` sends
 * it: for the `.http` runner, as the file's client would (`fetcher.ts`), and here, to get a token
 * the way the identity provider's SCIM client would (the doctor, the token
 * choice, `scim-jwt doctor`). The secret and the token stay in memory; errors name the endpoint
 * and the provider's error code, never them.
 */
import { clip } from '../listCap';
import type { HttpClient } from '../net';
import { SecretScrubber } from '../secrets';
import { TokenFetchError } from './errors';
import { sendBounded, type ReceivedResponse } from './send';

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

/**
 * POSTs the grant with HTTP Basic client authentication and returns `access_token`. It travels the
 * one way every token request of ours does (`sendBounded`: one deadline, a capped read, proxy and
 * certificate advice), without following redirects: a token endpoint answers where it is asked.
 */
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
  const secrets = new SecretScrubber().addBasic(req.clientId, req.clientSecret).add(basic);
  req.http.addSecretsTo(secrets);
  const scrub = (text: string): string => secrets.scrub(text);
  const where = `${url.origin}${url.pathname}`;
  let res: ReceivedResponse;
  try {
    res = await sendBounded(
      {
        method: 'POST',
        url: url.href,
        headers: [
          ['authorization', `Basic ${basic}`],
          ['content-type', 'application/x-www-form-urlencoded'],
          ['accept', 'application/json'],
        ],
        body: body.toString(),
        followRedirects: false,
      },
      { timeoutMs: req.timeoutMs ?? 15_000, maxBytes: MAX_TOKEN_RESPONSE_BYTES, http: req.http, signal: req.signal },
      'The token endpoint',
    );
  } catch (e) {
    if (e instanceof TokenFetchError) throw new TokenFetchError(e.kind, scrub(e.message), e.hint);
    throw e;
  }
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(res.body);
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
    `The token endpoint ${where} answered HTTP ${res.status}${error !== undefined ? ` ${error}${description}` : ' without an access_token'}.`,
    undefined,
    { httpStatus: res.status, oauthError: error },
  );
}
