/**
 * Reading a downloaded body as a JWK Set the way jose4j's `new JsonWebKeySet(json)` does, and when it
 * is not one, saying what it is instead (an HTML error page, a discovery document, a single JWK...).
 */
import type { VerdictWarning } from './types';
// Lists and values echoed from the key set are capped (issue 19: hostile key sets).
import { jsonPreview } from '../jsonText';
import { capList, clip } from '../listCap';

/** RSA modulus size in bits from the JWK `n` (base64url, leading zero bytes ignored). */
export function rsaModulusBits(n: string): number {
  const bytes = Buffer.from(n, 'base64url');
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  const top = bytes[i] ?? 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(top));
}

/** One usable JWK of the set. `jwk` is the member as published (public parameters only are used). */
export interface JwkEntry {
  index: number;
  jwk: Record<string, unknown>;
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  crv?: string;
  /** RSA modulus size, computed once when the set is read. */
  rsaBits?: number;
}

export type ParsedKeySet =
  | { ok: true; keys: JwkEntry[]; warnings: VerdictWarning[] }
  | { ok: false; message: string; discoveredJwksUri?: string };

export interface BodyContext {
  /** "the JWKS URL", "the file x.json" — used in messages. */
  origin: string;
  status?: number;
  contentType?: string;
  truncated?: boolean;
}

const OKP_CURVES = new Set(['Ed25519', 'Ed448', 'X25519', 'X448']);
const EC_CURVES = new Set(['P-256', 'P-384', 'P-521']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Why jose4j's JWK factory would reject this member (it then skips it), or undefined when usable. */
function jwkProblem(m: Record<string, unknown>): string | undefined {
  const kty = m.kty;
  if (typeof kty !== 'string') return 'no "kty"';
  switch (kty) {
    case 'RSA':
      return typeof m.n === 'string' && typeof m.e === 'string' ? undefined : 'RSA key without "n" and "e"';
    case 'EC':
      if (typeof m.crv !== 'string' || !EC_CURVES.has(m.crv)) return `EC key with unsupported curve ${jsonPreview(m.crv, { maxChars: 40 })}`;
      return typeof m.x === 'string' && typeof m.y === 'string' ? undefined : 'EC key without "x" and "y"';
    case 'OKP':
      if (typeof m.crv !== 'string' || !OKP_CURVES.has(m.crv)) return `OKP key with unsupported curve ${jsonPreview(m.crv, { maxChars: 40 })}`;
      return typeof m.x === 'string' ? undefined : 'OKP key without "x"';
    case 'oct':
      return typeof m.k === 'string' ? undefined : 'oct key without "k"';
    default:
      return `unknown key type ${JSON.stringify(clip(kty, 40))}`;
  }
}

function statusNote(ctx: BodyContext): string {
  return ctx.status !== undefined && (ctx.status < 200 || ctx.status >= 300) ? ` (HTTP ${ctx.status}; Harness ignores the status and parses the body)` : '';
}

function looksLikeHtml(text: string, contentType?: string): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(text);
}

function htmlTitle(text: string): string | undefined {
  const m = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text);
  const title = m?.[1]?.trim();
  return title === '' ? undefined : title;
}

export function parseKeySetText(text: string, ctx: BodyContext): ParsedKeySet {
  const note = statusNote(ctx);
  if (ctx.truncated) {
    return { ok: false, message: `${ctx.origin} answered more than the size limit; stopped reading${note}. A JWK Set is a few kilobytes.` };
  }
  if (text.trim() === '') return { ok: false, message: `${ctx.origin} answered an empty body${note}.` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (looksLikeHtml(text, ctx.contentType)) {
      const title = htmlTitle(text);
      return { ok: false, message: `${ctx.origin} answered an HTML page${title ? ` ("${title}")` : ''}${note}, not a JSON key set. Check the URL.` };
    }
    return { ok: false, message: `${ctx.origin} answered something that is not JSON${note}${ctx.contentType ? ` (content-type ${ctx.contentType})` : ''}.` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, message: `${ctx.origin} answered JSON that is ${Array.isArray(parsed) ? 'an array' : jsonPreview(parsed, { maxChars: 80 })}, not a key set object {"keys":[…]}${note}.` };
  }
  const doc = parsed as Record<string, unknown>;
  if (!('keys' in doc)) {
    const jwksUri = str(doc.jwks_uri);
    if (jwksUri !== undefined) {
      return {
        ok: false,
        discoveredJwksUri: jwksUri,
        message: `${ctx.origin} is an OpenID/OAuth discovery document, not the key set. Use its jwks_uri instead: ${clip(jwksUri, 300)}`,
      };
    }
    if (typeof doc.kty === 'string') {
      return { ok: false, message: `${ctx.origin} holds a single JWK, not a set: Harness needs {"keys":[ … ]} around it.` };
    }
    const err = str(doc.error_description) ?? str(doc.error) ?? str(doc.message);
    const members = capList(Object.keys(doc), { show: (k) => JSON.stringify(clip(k, 80)) });
    return {
      ok: false,
      message: `${ctx.origin} answered JSON without a "keys" member${note}${err ? `: ${JSON.stringify(err.slice(0, 200))}` : members ? ` (members ${members})` : ''}.`,
    };
  }
  if (!Array.isArray(doc.keys)) return { ok: false, message: `${ctx.origin}: "keys" is not an array${note}.` };
  const keys: JwkEntry[] = [];
  const skipped: string[] = [];
  doc.keys.forEach((member: unknown, index) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) {
      skipped.push(`#${index + 1} is not an object`);
      return;
    }
    const m = member as Record<string, unknown>;
    const problem = jwkProblem(m);
    if (problem !== undefined) {
      skipped.push(`#${index + 1}${typeof m.kid === 'string' ? ` (kid ${JSON.stringify(clip(m.kid, 80))})` : ''}: ${problem}`);
      return;
    }
    const entry: JwkEntry = { index, jwk: m, kty: String(m.kty), kid: str(m.kid), alg: str(m.alg), use: str(m.use), crv: str(m.crv) };
    if (entry.kty === 'RSA' && typeof m.n === 'string') entry.rsaBits = rsaModulusBits(m.n);
    keys.push(entry);
  });
  if (keys.length === 0) {
    const why = skipped.length > 0 ? ` (none usable: ${capList(skipped, { separator: '; ' })})` : '';
    return { ok: false, message: `${ctx.origin} is a key set with no keys${why}${note}: no token can be verified against it.` };
  }
  const warnings: VerdictWarning[] = [];
  if (skipped.length > 0) {
    warnings.push({ code: 'jwks-skipped-keys', message: `Harness's JOSE library skips ${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'} of the key set: ${capList(skipped, { separator: '; ' })}.` });
  }
  if (note !== '') {
    warnings.push({ code: 'jwks-http-status', message: `${ctx.origin} answered HTTP ${ctx.status ?? '?'} with a valid key set; Harness uses it because it does not check the status.` });
  }
  return { ok: true, keys, warnings };
}
