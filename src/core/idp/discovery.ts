/**
 * OpenID discovery for issuers the catalogue does not know: read `jwks_uri` from
 * `{iss}/.well-known/openid-configuration`. The download goes through the product's one JWKS cache
 * (its timeouts, body cap, redirects and proxy dispatcher); a discovery document is exactly the
 * "not a key set, but here is its jwks_uri" answer that cache already recognises.
 */
import type { JwksCache } from '../jwt';
import { withoutSlash } from './shape';

export type Discovery =
  { ok: true; documentUrl: string; jwksUri: string } | { ok: false; documentUrl: string; message: string };

export function discoveryUrl(issuer: string): string {
  return `${withoutSlash(issuer.trim())}/.well-known/openid-configuration`;
}

export async function discoverJwksUri(issuer: string, cache: JwksCache): Promise<Discovery> {
  const documentUrl = discoveryUrl(issuer);
  const result = await cache.load({ kind: 'url', url: documentUrl });
  if (!result.ok && result.discoveredJwksUri !== undefined) {
    try {
      // A relative or non-web jwks_uri is no URL Harness could fetch.
      const url = new URL(result.discoveredJwksUri);
      if (url.protocol === 'https:' || url.protocol === 'http:') return { ok: true, documentUrl, jwksUri: url.href };
    } catch {
      // fall through to the failure below
    }
    return {
      ok: false,
      documentUrl,
      message: `${documentUrl} names jwks_uri ${JSON.stringify(result.discoveredJwksUri)}, which is not an http(s) URL.`,
    };
  }
  if (result.ok)
    return { ok: false, documentUrl, message: `${documentUrl} answered a key set, not a discovery document.` };
  return { ok: false, documentUrl, message: `Discovery at ${documentUrl} failed: ${result.message}` };
}
