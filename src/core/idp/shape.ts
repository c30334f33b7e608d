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
