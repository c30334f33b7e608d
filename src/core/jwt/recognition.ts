/**
 * How the bearer value reaches Harness's JWT code, and whether Harness takes it for a JWT at all:
 *
 * - Jetty refuses a request whose headers exceed ng-manager's `maxRequestHeaderSize` (100 KiB in its
 *   config.yml) before any Harness code runs;
 * - NextGenAuthenticationFilter takes `header.substring(7).trim()` after "Bearer ", with Java's
 *   trim, which strips only characters up to U+0020 (a no-break space stays part of the token);
 * - JWTTokenFlowAuthFilterUtils.isJWTTokenType: `split("\\.")` must give 3 parts, the first not
 *   pat/sat; the header is decoded by the JDK's strict URL decoder (an IllegalArgumentException
 *   nobody catches: HTTP 500), parsed by org.json (a JSONException: 401), and `getString("typ")`
 *   must be a string containing "jwt" in lower case — otherwise the value is checked as an API key.
 */
import { javaUrlDecoderProblem } from './base64Java';
import { INVALID_TOKEN, NOT_A_JWT, SERVER_ERROR } from './harnessErrors';
import { javaTrim } from './javaText';
import { readHeaderAsOrgJson } from './orgJsonHeader';
import type { HarnessError } from './types';

/** Jetty's `maxRequestHeaderSize` in ng-manager's config.yml. */
export const MAX_REQUEST_HEADER_BYTES = 100 * 1024;
const AUTHORIZATION_LINE = 'Authorization: Bearer ';

/** Jetty's answer to an over-long request header, which the SCIM caller sees instead of any token check. */
export const HEADER_TOO_LARGE: HarnessError = {
  httpStatus: 431,
  code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  message: 'Request Header Fields Too Large (Jetty maxRequestHeaderSize 100 KiB)',
};

/** The `Authorization` header alone is over Jetty's cap (the rest of a request only adds to it). */
export function exceedsHeaderCap(token: string): boolean {
  return Buffer.byteLength(AUTHORIZATION_LINE + token, 'utf8') > MAX_REQUEST_HEADER_BYTES;
}

/** NextGenAuthenticationFilter's token out of an Authorization value, or undefined without "Bearer ". */
export function bearerTokenAsHarness(authorization: string): string | undefined {
  return authorization.includes('Bearer ') ? javaTrim(authorization.substring(7)) : undefined;
}

/** Java's `split("\\.")`: trailing empty strings removed. */
export function javaSplit(text: string): string[] {
  const parts = text === '' ? [''] : text.split('.');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.length === 1 && parts[0] === '' && text.includes('.') ? [] : parts;
}

export type Recognition =
  | { jwt: true; typ: string }
  | {
      jwt: false;
      harness: HarnessError;
      reason: 'parts' | 'api-key' | 'header-base64' | 'header-json' | 'typ-missing' | 'typ-not-jwt';
      message: string;
    };

/**
 * Recognition depends only on the part count and the header segment, and one issuer's tokens share
 * their header: a few hundred headers are remembered so a document full of tokens decodes each once.
 */
const byHeader = new Map<string, Recognition>();
const REMEMBERED_HEADERS = 256;

export function recognise(token: string): Recognition {
  const parts = javaSplit(token);
  if (parts.length !== 3) return recogniseParts(parts);
  const first = parts[0] ?? '';
  const known = byHeader.get(first);
  if (known) return known;
  const result = recogniseParts(parts);
  if (byHeader.size >= REMEMBERED_HEADERS) byHeader.clear();
  byHeader.set(first, result);
  return result;
}

function recogniseParts(parts: string[]): Recognition {
  if (parts.length !== 3) {
    return {
      jwt: false,
      harness: NOT_A_JWT,
      reason: 'parts',
      message: `A signed JWT has 3 dot-separated parts; Harness sees ${parts.length} here, so it checks the value as an API key.`,
    };
  }
  const first = parts[0] ?? '';
  if (first.toLowerCase() === 'pat' || first.toLowerCase() === 'sat') {
    return {
      jwt: false,
      harness: NOT_A_JWT,
      reason: 'api-key',
      message: `This is a Harness API key (${first.toLowerCase()}.…), not a JWT.`,
    };
  }
  const b64 = javaUrlDecoderProblem(first);
  if (b64 !== undefined) {
    return {
      jwt: false,
      harness: SERVER_ERROR,
      reason: 'header-base64',
      message: `The header part ${b64}; Harness's strict base64url decoder throws on it.`,
    };
  }
  const org = readHeaderAsOrgJson(Buffer.from(first, 'base64url').toString('utf8'));
  if (!org.ok) {
    const why =
      org.kind === 'duplicate'
        ? `repeats a member (${org.why})`
        : org.kind === 'too-deep'
          ? 'is nested so deeply that the JSON library Harness reads it with (org.json) runs out of stack'
          : `is not JSON that Harness's header reader (org.json) accepts: ${org.why}`;
    return { jwt: false, harness: INVALID_TOKEN, reason: 'header-json', message: `The header ${why}.` };
  }
  const typ = org.typ;
  if (typ.kind === 'absent') {
    return {
      jwt: false,
      harness: INVALID_TOKEN,
      reason: 'typ-missing',
      message: 'The header has no typ; Harness needs typ containing "jwt" (e.g. "JWT" or "at+jwt").',
    };
  }
  if (typ.kind === 'other')
    return {
      jwt: false,
      harness: INVALID_TOKEN,
      reason: 'typ-missing',
      message: `The header typ is ${typ.shown}, not a string.`,
    };
  if (!typ.value.toLowerCase().includes('jwt')) {
    return {
      jwt: false,
      harness: NOT_A_JWT,
      reason: 'typ-not-jwt',
      message: `The header typ is ${JSON.stringify(typ.value)}; Harness treats a token as a JWT only when typ contains "jwt", so it checks this one as an API key.`,
    };
  }
  return { jwt: true, typ: typ.value };
}
