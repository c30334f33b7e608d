/**
 * The headers a request keeps when a redirect takes it to another origin. Credentials go to the
 * origin the user wrote, never to wherever a server points: not only Authorization and Cookie, but
 * API keys (X-Api-Key), custom auth headers (X-Auth-Token, X-Client-Secret…) and any header whose
 * value a `.http` file filled from a secret variable. Which headers carry a credential cannot be
 * known from a name, so on an origin change only the headers that describe the request itself go on.
 */

/** Headers that describe the request and never carry a credential. */
const DESCRIBING = new Set([
  'accept',
  'accept-charset',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-language',
  'content-type',
  'pragma',
  'user-agent',
]);

/** The headers that go on to `to` after a redirect from `from`: all of them on the same origin, else only the describing ones. */
export function headersAcrossRedirect(
  headers: readonly (readonly [string, string])[],
  from: URL,
  to: URL,
): [string, string][] {
  const kept = from.origin === to.origin ? headers : headers.filter(([n]) => DESCRIBING.has(n.trim().toLowerCase()));
  return kept.map(([n, v]) => [n, v]);
}
