/**
 * Getting a token to test the way the identity provider's SCIM client would: the OAuth 2.0
 * client-credentials grant (RFC 6749 §4.4) at the token endpoint the user names. The secret and
 * the token stay in memory; errors name the endpoint and the provider's error code, never them.
 */
import type { Dispatcher } from 'undici';
import { clip } from '../listCap';
import { SecretScrubber } from '../secrets';
import { readBodyCapped, undici } from '../undici';

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
  /** The proxy-aware dispatcher the rest of the check uses; undici's default (no proxy) otherwise. */
  dispatcher?: Dispatcher | undefined;
}

export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  constructor(message: string, readonly httpStatus?: number, readonly oauthError?: string) {
    super(message);
  }
}

function endpointUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TokenRequestError(`"${text}" is not a URL; give the identity provider's token endpoint (https://…/token).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TokenRequestError(`The token endpoint must be http(s), not ${url.protocol}`);
  return url;
}

/** POSTs the grant with HTTP Basic client authentication and returns `access_token`. */
export async function fetchClientCredentialsToken(req: ClientCredentialsRequest): Promise<string> {
  const url = endpointUrl(req.tokenEndpoint);
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (req.scope !== undefined && req.scope !== '') body.set('scope', req.scope);
  if (req.resource !== undefined && req.resource !== '') body.set('resource', req.resource);
  // RFC 6749 §2.3.1: form-encode id and secret before Basic.
  const basic = Buffer.from(`${encodeURIComponent(req.clientId)}:${encodeURIComponent(req.clientSecret)}`).toString('base64');
  // Everything the endpoint (or the network below it) says is scrubbed of what we sent it.
  const secrets = new SecretScrubber().addBasic(req.clientId, req.clientSecret).add(basic);
  const scrub = (text: string): string => secrets.scrub(text);
  const timeout = AbortSignal.timeout(req.timeoutMs ?? 15_000);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res;
  try {
    res = await undici().request(url, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      signal,
      ...(req.dispatcher ? { dispatcher: req.dispatcher } : {}),
    });
  } catch (e) {
    if (req.signal?.aborted === true) throw e;
    throw new TokenRequestError(`The token endpoint ${url.origin}${url.pathname} did not answer: ${scrub(e instanceof Error ? e.message : String(e))}`);
  }
  let text: string;
  try {
    const read = await readBodyCapped(res.body, MAX_TOKEN_RESPONSE_BYTES);
    if (read.truncated) throw new Error(`the answer is larger than ${MAX_TOKEN_RESPONSE_BYTES / 1024 / 1024} MiB, which no token response is`);
    text = read.text;
  } catch (e) {
    if (req.signal?.aborted === true) throw e;
    throw new TokenRequestError(`The token endpoint ${url.origin}${url.pathname} answered HTTP ${res.statusCode}, but reading the answer failed: ${scrub(e instanceof Error ? e.message : String(e))}`, res.statusCode);
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
  if (res.statusCode >= 200 && res.statusCode < 300 && typeof token === 'string' && token !== '') return token;
  const error = typeof json.error === 'string' ? clip(scrub(json.error), 100) : undefined;
  const description = typeof json.error_description === 'string' ? ` (${clip(scrub(json.error_description), 200)})` : '';
  throw new TokenRequestError(
    `The token endpoint ${url.origin}${url.pathname} answered HTTP ${res.statusCode}${error !== undefined ? ` ${error}${description}` : ' without an access_token'}.`,
    res.statusCode,
    error,
  );
}
