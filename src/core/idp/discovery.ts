/**
 * OpenID discovery for issuers the catalogue does not know: read `jwks_uri` from
 * `{iss}/.well-known/openid-configuration`. The download goes through the product's one JWKS cache
 * (its timeouts, body cap, redirects and proxy dispatcher); a discovery document is exactly the
 * "not a key set, but here is its jwks_uri" answer that cache already recognises.
 *
 * The issuer comes from a token and the jwks_uri from whatever host it names: both are input. Each
 * request (redirects included) passes the caller's gate, and a jwks_uri is proposed only when it
 * answers a key set.
 */
import type { JwksCache } from '../jwt';
import { underIssuer } from './shape';

export type Discovery =
  { ok: true; documentUrl: string; jwksUri: string } | { ok: false; documentUrl: string; message: string };

/** Asked before each request: why the URL must not be reached, or undefined. */
export type DiscoveryGate = (url: URL) => Promise<string | undefined>;

/** What is printed of a URL a server named: bounded. */
const SHOWN_URL_CHARS = 200;
/** No key set URL is longer; a longer one is not proposed. */
const MAX_JWKS_URI_CHARS = 2048;

export function shownUrl(url: string): string {
  return url.length > SHOWN_URL_CHARS ? `${url.slice(0, SHOWN_URL_CHARS)}…(${url.length} chars)` : url;
}

/**
 * `{iss}/.well-known/openid-configuration` as a valid absolute URL, or undefined when the issuer is
 * no base for one (not http(s), userinfo, a query or fragment, whitespace: see `issuerBase`).
 */
export function discoveryUrl(issuer: string): string | undefined {
  return underIssuer(issuer, '/.well-known/openid-configuration');
}

/** What a hint says of an issuer no discovery URL can be built on. */
export function noDiscoveryText(issuer: string): string {
  return `No discovery URL can be built on the issuer ${JSON.stringify(shownUrl(issuer))}.`;
}

async function keySetAt(
  documentUrl: string,
  named: string,
  cache: JwksCache,
  gate: DiscoveryGate | undefined,
): Promise<Discovery> {
  const shown = JSON.stringify(shownUrl(named));
  let url: URL;
  try {
    // A relative or non-web jwks_uri is no URL Harness could fetch.
    url = new URL(named);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, documentUrl, message: `${documentUrl} names jwks_uri ${shown}, which is not an http(s) URL.` };
  if (url.href.length > MAX_JWKS_URI_CHARS)
    return {
      ok: false,
      documentUrl,
      message: `${documentUrl} names a jwks_uri of ${url.href.length} characters, which is no key set URL.`,
    };
  const refused = await gate?.(url);
  if (refused !== undefined)
    return {
      ok: false,
      documentUrl,
      message: `${documentUrl} names jwks_uri ${shown}, which was not fetched: ${refused}`,
    };
  // Proposed only when it is a key set: never the discovery document itself, nor a page.
  const keys = await cache.load({ kind: 'url', url: url.href }, gate);
  if (!keys.ok)
    return {
      ok: false,
      documentUrl,
      message: `${documentUrl} names jwks_uri ${shown}, which is not a key set: ${keys.message}`,
    };
  return { ok: true, documentUrl, jwksUri: url.href };
}

/**
 * The key set URL the issuer's discovery document names, proposed only once it answered a key set.
 * `documentUrl` overrides where the document is read (Azure AD B2C publishes one per user flow, `?p=`).
 */
export async function discoverJwksUri(
  issuer: string,
  cache: JwksCache,
  gate?: DiscoveryGate,
  documentUrl: string | undefined = discoveryUrl(issuer),
): Promise<Discovery> {
  if (documentUrl === undefined) return { ok: false, documentUrl: shownUrl(issuer), message: noDiscoveryText(issuer) };
  const shownDocument = shownUrl(documentUrl);
  const refused = await gate?.(new URL(documentUrl));
  if (refused !== undefined)
    return {
      ok: false,
      documentUrl: shownDocument,
      message: `Discovery at ${shownDocument} was not attempted: ${refused}`,
    };
  const result = await cache.load({ kind: 'url', url: documentUrl }, gate);
  if (!result.ok && result.discoveredJwksUri !== undefined)
    return keySetAt(shownDocument, result.discoveredJwksUri, cache, gate);
  if (result.ok)
    return {
      ok: false,
      documentUrl: shownDocument,
      message: `${shownDocument} answered a key set, not a discovery document.`,
    };
  return { ok: false, documentUrl: shownDocument, message: `Discovery at ${shownDocument} failed: ${result.message}` };
}
