/** Small predicates and URL helpers the catalogue's entries are written with. */
import type { TokenShape } from './types';

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The claim is present as a JSON string. */
export function hasString(t: TokenShape, claim: string): boolean {
  return typeof t.payload[claim] === 'string';
}

export function typ(t: TokenShape): string | undefined {
  return str(t.header.typ);
}

export function noTyp(t: TokenShape): boolean {
  return !('typ' in t.header);
}

/** RFC 9068's `at+jwt` (also `application/at+jwt`), case-insensitive. */
export function isAtJwt(t: TokenShape): boolean {
  return /^(application\/)?at\+jwt$/i.test(typ(t) ?? '');
}

export function withoutSlash(iss: string): string {
  return iss.replace(/\/+$/, '');
}

export function withSlash(iss: string): string {
  return `${withoutSlash(iss)}/`;
}

/** The issuer's scheme and host: `https://dev-1.okta.com/oauth2/default` → `https://dev-1.okta.com`. */
export function origin(iss: string): string | undefined {
  try {
    return new URL(iss).origin;
  } catch {
    return undefined;
  }
}

/** A path segment of the issuer, e.g. the Entra tenant id. */
export function issuerPart(iss: string, pattern: RegExp): string | undefined {
  return pattern.exec(iss)?.[1];
}

/** No issuer or URL built from one is longer; a longer one is not used. */
const MAX_URL_CHARS = 2048;
/** Whitespace and C0/C1 control characters: a `URL` would drop or encode them silently. */
// eslint-disable-next-line no-control-regex -- the control characters are what it refuses
const UNSAFE_IN_URL = /[\s\u0000-\u001f\u007f-\u009f]/;

/** `.` or `..`, also percent-encoded (`%2e`), which a `URL` treats the same. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * The issuer's path, as written, has a `.` or `..` segment. A `URL` resolves them
 * (`/realms/../../admin` becomes `/admin`), so a URL built on such an issuer would point somewhere
 * the issuer does not name: no OpenID provider writes one, and it is refused.
 */
function hasDotSegment(iss: string): boolean {
  const afterScheme = iss.replace(/^[a-z][a-z0-9+.-]*:\/*/i, '');
  const slash = afterScheme.indexOf('/');
  if (slash < 0) return false;
  return afterScheme
    .slice(slash + 1)
    .split('/')
    .some((segment) => DOT_SEGMENT.test(segment));
}

/**
 * The issuer as a base for URLs, or undefined when no valid absolute URL can be built on it: only
 * http(s), a host, no userinfo, no query or fragment (OpenID Connect Discovery §3 forbids both in
 * an issuer), no whitespace or control characters anywhere (a `URL` would silently drop or encode
 * them), no `.` or `..` path segment (a `URL` would resolve it away). An IPv6 literal is a valid host; whether it may be fetched is the target policy's call.
 */
export function issuerBase(iss: string): URL | undefined {
  if (iss.length === 0 || iss.length > MAX_URL_CHARS || UNSAFE_IN_URL.test(iss) || iss.includes('\\')) return undefined;
  let u: URL;
  try {
    u = new URL(iss);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.hostname === '' || u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '') return undefined;
  if (iss.includes('?') || iss.includes('#')) return undefined;
  if (hasDotSegment(iss)) return undefined;
  return u;
}

/**
 * `{iss}{suffix}` with the issuer's trailing slashes dropped, as a valid absolute URL, or undefined.
 * `suffix` is ours (a path, optionally a query), never token input.
 */
export function underIssuer(iss: string, suffix: string): string | undefined {
  const base = issuerBase(iss);
  if (base === undefined) return undefined;
  const path = base.pathname.replace(/\/+$/, '');
  const built = `${base.origin}${path}${suffix}`;
  return validHttpUrl(built);
}

/** The URL when it is an absolute http(s) URL without userinfo or fragment and of sane length, else undefined. */
export function validHttpUrl(url: string): string | undefined {
  if (url.length > MAX_URL_CHARS || UNSAFE_IN_URL.test(url)) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    if (u.hostname === '' || u.username !== '' || u.password !== '' || u.hash !== '') return undefined;
    return u.href;
  } catch {
    return undefined;
  }
}

/** `url` with `?name=value` set (encoded), when the value looks like an identifier; undefined otherwise. */
export function withQuery(url: string | undefined, name: string, value: string | undefined): string | undefined {
  if (url === undefined || value === undefined || !/^[A-Za-z0-9_.-]{1,128}$/.test(value)) return undefined;
  const u = new URL(url);
  u.searchParams.set(name, value);
  return validHttpUrl(u.href);
}

/** A bare host name as GitLab's legacy CI job token writes its `iss` ("gitlab.example.com", optionally :port). */
export function bareHost(iss: string): string | undefined {
  return /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?$/i.test(iss) && iss.length <= 260
    ? iss.toLowerCase()
    : undefined;
}
