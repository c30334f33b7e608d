/**
 * Reading a downloaded body as a JWK Set the way jose4j's `new JsonWebKeySet(json)` does
 * (org/jose4j/jwk/JsonWebKeySet.java:37), and when it is not one, saying what it is instead (an HTML
 * error page, a discovery document, a single JWK...). The text is parsed as jose4j's JsonUtil does
 * (jose4jJson.ts), each member is built as jose4j builds it (jose4jJwk.ts), and the two ways the set
 * makes Harness fail outright are kept apart: a parse error is a JoseException (401 INVALID_TOKEN),
 * while a `keys` that is not an array, or an entry that is not an object, is a ClassCastException
 * thrown outside jose4j's per-key try (JsonWebKeySet.java:48), which Harness does not catch (500).
 */
import { capList, clip } from '../listCap';
import { buildJwk, bitLength, type JwkEntry } from './jose4jJwk';
import { describeLeniency, parseJose4jJson } from './jose4jJson';
import type { VerdictWarning } from './types';

export type { JwkEntry } from './jose4jJwk';

/** RSA modulus size in bits from the JWK `n` (base64url, leading zero bytes ignored). */
export function rsaModulusBits(n: string): number {
  return bitLength(Buffer.from(n, 'base64url'));
}

export type ParsedKeySet =
  | { ok: true; keys: JwkEntry[]; warnings: VerdictWarning[] }
  | {
      ok: false;
      message: string;
      discoveredJwksUri?: string;
      /** Harness fails with an uncaught exception (HTTP 500), not a 401. */ serverError?: boolean;
    };

export interface BodyContext {
  /** "the JWKS URL", "the file x.json" — used in messages. */
  origin: string;
  status?: number;
  contentType?: string;
  truncated?: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function statusNote(ctx: BodyContext): string {
  return ctx.status !== undefined && (ctx.status < 200 || ctx.status >= 300)
    ? ` (HTTP ${ctx.status}; Harness ignores the status and parses the body)`
    : '';
}

function looksLikeHtml(text: string, contentType?: string): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(text);
}

function htmlTitle(text: string): string | undefined {
  const m = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text);
  const title = m?.[1]?.trim();
  return title === '' ? undefined : title;
}

/** OkHttp's `ResponseBody.string()` reads a byte-order mark and drops it; okHttpText.ts hands it over as U+FEFF so it can be mentioned. */
const BOM = '\ufeff';

export function parseKeySetText(rawText: string, ctx: BodyContext): ParsedKeySet {
  const note = statusNote(ctx);
  if (ctx.truncated) {
    return {
      ok: false,
      message: `${ctx.origin} answered more than the size limit; stopped reading${note}. A JWK Set is a few kilobytes.`,
    };
  }
  const bom = rawText.startsWith(BOM);
  const text = bom ? rawText.slice(1) : rawText;
  if (text.trim() === '') return { ok: false, message: `${ctx.origin} answered an empty body${note}.` };
  const parsed = parseJose4jJson(text);
  if (!parsed.ok) {
    if (parsed.duplicate !== undefined) {
      return {
        ok: false,
        message: `${ctx.origin} answered JSON with the member ${JSON.stringify(clip(parsed.duplicate, 80))} twice in one object; Harness's JOSE library refuses repeated names, so it cannot read the key set.`,
      };
    }
    if (looksLikeHtml(text, ctx.contentType)) {
      const title = htmlTitle(text);
      return {
        ok: false,
        message: `${ctx.origin} answered an HTML page${title ? ` ("${title}")` : ''}${note}, not a JSON key set. Check the URL.`,
      };
    }
    if (parsed.notObject === true)
      return {
        ok: false,
        message: `${ctx.origin} answered JSON that ${parsed.why}, not a key set object {"keys":[…]}${note}.`,
      };
    return {
      ok: false,
      message: `${ctx.origin} answered something that Harness cannot read as JSON (${parsed.why})${note}${ctx.contentType ? ` (content-type ${ctx.contentType})` : ''}.`,
    };
  }
  const doc = parsed.value;
  if (doc.keys === undefined || doc.keys === null) return missingKeys(doc, ctx, note);
  if (!Array.isArray(doc.keys)) {
    return {
      ok: false,
      serverError: true,
      message: `${ctx.origin}: "keys" is not an array${note}; Harness fails on it with an internal error.`,
    };
  }
  const keys: JwkEntry[] = [];
  const skipped: string[] = [];
  for (const [index, member] of (doc.keys as unknown[]).entries()) {
    if (member === null) {
      skipped.push(`#${index + 1} is null`);
      continue;
    }
    if (typeof member !== 'object' || Array.isArray(member)) {
      return {
        ok: false,
        serverError: true,
        message: `${ctx.origin}: entry #${index + 1} of "keys" is ${Array.isArray(member) ? 'an array' : `a ${typeof member}`}, not an object; Harness fails on such a key set with an internal error${note}.`,
      };
    }
    const m = member as Record<string, unknown>;
    const built = buildJwk(m, index);
    if (!built.ok) {
      skipped.push(
        `#${index + 1}${typeof m.kid === 'string' ? ` (kid ${JSON.stringify(clip(m.kid, 80))})` : ''}: ${built.why}`,
      );
      continue;
    }
    keys.push(built.entry);
  }
  if (keys.length === 0) {
    const why = skipped.length > 0 ? ` (none usable: ${capList(skipped, { separator: '; ' })})` : '';
    return {
      ok: false,
      message: `${ctx.origin} is a key set with no keys${why}${note}: no token can be verified against it.`,
    };
  }
  const warnings: VerdictWarning[] = [];
  if (skipped.length > 0) {
    warnings.push({
      code: 'jwks-skipped-keys',
      message: `Harness's JOSE library skips ${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'} of the key set: ${capList(skipped, { separator: '; ' })}.`,
    });
  }
  if (note !== '') {
    warnings.push({
      code: 'jwks-http-status',
      message: `${ctx.origin} answered HTTP ${ctx.status ?? '?'} with a valid key set; Harness uses it because it does not check the status.`,
    });
  }
  if (bom)
    warnings.push({
      code: 'jwks-lenient-json',
      message: `${ctx.origin} starts with a byte-order mark; Harness drops it, most other libraries will not.`,
    });
  if (parsed.leniencies.length > 0) {
    warnings.push({
      code: 'jwks-lenient-json',
      message: `The key set has ${parsed.leniencies.map(describeLeniency).join(', ')}; Harness reads it, most other libraries will not.`,
    });
  }
  return { ok: true, keys, warnings };
}

function missingKeys(doc: Record<string, unknown>, ctx: BodyContext, note: string): ParsedKeySet {
  const jwksUri = str(doc.jwks_uri);
  if (jwksUri !== undefined) {
    return {
      ok: false,
      discoveredJwksUri: jwksUri,
      message: `${ctx.origin} is an OpenID/OAuth discovery document, not the key set. Use its jwks_uri instead: ${clip(jwksUri, 300)}`,
    };
  }
  if (typeof doc.kty === 'string') {
    return {
      ok: false,
      message: `${ctx.origin} holds a single JWK, not a set: Harness needs {"keys":[ … ]} around it.`,
    };
  }
  const err = str(doc.error_description) ?? str(doc.error) ?? str(doc.message);
  const members = capList(Object.keys(doc), { show: (k) => JSON.stringify(clip(k, 80)) });
  return {
    ok: false,
    message: `${ctx.origin} answered JSON without a "keys" member${note}${err ? `: ${JSON.stringify(err.slice(0, 200))}` : members ? ` (members ${members})` : ''}.`,
  };
}
