/**
 * The JWKS URL check: shape, then one fetch through the product's shared JWKS cache (so the form,
 * the lenses and the CLI agree), then what the answer means for Harness: a key set with signing
 * keys, a discovery document to follow, an HTML page or an error status to explain.
 */
import type { KeySetResult, KeySource } from '../jwt';
import { clip, firstFew } from '../listCap';
import { checkJwksUrlFormat, jwksUrlNotes } from './fieldChecks';
import type { FieldCheck, KeyRow } from './types';

/** The part of `JwksCache` this check needs. */
export interface KeySetLoader {
  load(source: KeySource): Promise<KeySetResult>;
}

/** Key rows shown by the form and the doctor. */
const KEY_ROWS_SHOWN = 20;

function keyRow(k: {
  kid?: string | undefined;
  kty: string;
  alg?: string | undefined;
  use?: string | undefined;
}): KeyRow {
  // Members are the key set's own strings, of any length: clipped for display.
  const row: KeyRow = { kty: clip(k.kty, 40) };
  if (k.kid !== undefined) row.kid = clip(k.kid, 120);
  if (k.alg !== undefined) row.alg = clip(k.alg, 40);
  if (k.use !== undefined) row.use = clip(k.use, 40);
  return row;
}

/** Maps a key-set answer to the field's result. Exported for tests of each branch. */
export function describeKeySet(result: KeySetResult, notes: string[]): FieldCheck {
  // Our own plain-http note covers the cache's (which skips loopback hosts).
  const warnings = [...notes, ...result.warnings.filter((w) => w.code !== 'jwks-plain-http').map((w) => w.message)];
  if (!result.ok) {
    if (result.discoveredJwksUri !== undefined) {
      return {
        field: 'jwksUrl',
        level: 'error',
        message: `This is an OpenID discovery document, not the key set. Harness needs its jwks_uri: ${result.discoveredJwksUri}`,
        details: warnings,
        actions: [{ kind: 'use-jwks-uri', url: result.discoveredJwksUri }],
      };
    }
    const why =
      result.code === 'jwks-unreachable'
        ? `Not reachable: ${result.message} Harness would answer every SCIM call with 401.`
        : result.message;
    return { field: 'jwksUrl', level: 'error', message: why, details: warnings, actions: [] };
  }
  // jose4j's selector accepts `use: "sig"` or no `use`; encryption keys never verify a token.
  const signing = result.keys.filter((k) => k.use === undefined || k.use === 'sig');
  // The rows are for reading: a set of thousands of keys (hostile or not) lists the first few.
  const { shown, more } = firstFew(result.keys, KEY_ROWS_SHOWN);
  const keys = shown.map(keyRow);
  if (more > 0)
    warnings.push(
      `The set has ${result.keys.length} keys; the first ${KEY_ROWS_SHOWN} are listed, and ${more} more are not.`,
    );
  if (signing.length === 0) {
    return {
      field: 'jwksUrl',
      level: 'error',
      message: `The key set has ${result.keys.length} key(s) but none for signatures (all have "use" other than "sig"): no token can be verified.`,
      details: warnings,
      keys,
      actions: [],
    };
  }
  const noKid = signing.filter((k) => k.kid === undefined).length;
  if (signing.length > 1 && noKid > 0)
    warnings.push(
      `${noKid} signing key(s) have no kid: tokens without a matching kid may be checked against the wrong key.`,
    );
  return {
    field: 'jwksUrl',
    level: warnings.length > 0 ? 'warning' : 'ok',
    message: `A JWK Set with ${signing.length} signing key${signing.length === 1 ? '' : 's'}${result.httpStatus !== undefined ? ` (HTTP ${result.httpStatus})` : ''}.`,
    details: warnings,
    keys,
    actions: [],
  };
}

/** Shape first (no traffic for an obviously bad URL), then the fetch. */
export async function checkJwksUrl(text: string, loader: KeySetLoader): Promise<FieldCheck> {
  const format = checkJwksUrlFormat(text);
  if (!format.ok) return format.check;
  const result = await loader.load({ kind: 'url', url: text.trim() });
  return describeKeySet(result, jwksUrlNotes(text, format));
}
