/**
 * How the bearer value reaches Harness's JWT code, and whether Harness takes it for a JWT at all:
 *
 * - Jetty refuses a request whose headers exceed ng-manager's `maxRequestHeaderSize` (100 KiB in its
 *   config.yml) before any Harness code runs;
 * - Jetty 9.4 reads every header byte as one ISO-8859-1 character and refuses a control character
 *   (HttpTokens.java:66, :187; HttpParser.java:459): a token's UTF-8 bytes reach Harness one
 *   character each, so "é" is two characters there, and a control character is a 400;
 * - NextGenAuthenticationFilter.getBearerToken (NextGenAuthenticationFilter.java:127-133) refuses a
 *   header without the exact text "Bearer " (`contains`, case-sensitive, one space: `bearer `,
 *   `BEARER ` and `Bearer<TAB>` are refused with 401) and takes `header.substring(7).trim()`, with
 *   Java's trim, which strips only characters up to U+0020 (a no-break space stays in the token);
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
  return authorization.includes(BEARER_PREFIX) ? javaTrim(authorization.substring(BEARER_PREFIX.length)) : undefined;
}

/** The text NextGenAuthenticationFilter.getBearerToken looks for (NextGenAuthenticationFilter.java:128). */
export const BEARER_PREFIX = 'Bearer ';

/** The fix, in the words every surface uses. */
export const BEARER_FIX = 'write "Bearer " with a capital B and one space';

/**
 * Why Harness refuses an Authorization value that starts with `scheme` (`bearer `, `BEARER `,
 * `Bearer<TAB>`): getBearerToken throws UnauthorizedException("Bearer prefix not found"), which the
 * SCIM caller sees as 401 INVALID_TOKEN "Token is not valid." before the token is read.
 */
export function bearerPrefixMessage(scheme: string): string {
  const shown = JSON.stringify(scheme.trimEnd() === '' ? scheme : scheme.replace(/ +$/, ' '));
  return `The Authorization header starts with ${shown}, and Harness looks for "Bearer " exactly (capital B, one space): it refuses the request with 401 before reading the token. Fix: ${BEARER_FIX}.`;
}

/**
 * An Authorization value as a person pastes it (`Authorization: bearer eyJ…`, `Bearer eyJ…`, or the
 * token alone): the scheme as written, if any, and the rest. A value without a scheme is taken to
 * be sent as `Bearer <token>`.
 */
export function splitAuthorizationValue(text: string): { scheme?: string; token: string } {
  // Only a line's blanks are dropped: a no-break space or a control character is judged as sent.
  const line = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const m = /^(?:authorization:[ \t]*)?(bearer[ \t]+)/i.exec(line);
  if (!m) return { token: line };
  return { scheme: m[1] ?? BEARER_PREFIX, token: line.slice(m[0].length) };
}

/**
 * The token as Jetty hands it to Harness when a client sends it as UTF-8: one ISO-8859-1 character
 * per byte (HttpTokens.java:66), leading and trailing blanks dropped (HttpParser.java:1436, :1468).
 * `controlCharacter` names a byte Jetty refuses (HttpTokens.java:187 CNTL, HttpParser.java:459):
 * the request is answered 400 before any Harness code runs.
 */
export function asJettyReadsIt(token: string): { text: string; controlCharacter?: number } {
  if (!/[^\t -~]/.test(token)) return { text: token };
  const bytes = Buffer.from(token, 'utf8');
  const control = bytes.find((b) => (b < 0x20 && b !== 0x09) || b === 0x7f);
  return control === undefined ? { text: bytes.toString('latin1') } : { text: token, controlCharacter: control };
}

/** Jetty's answer to a control character in a header value (HttpParser.java:459, IllegalCharacterException). */
export const ILLEGAL_CHARACTER: HarnessError = {
  httpStatus: 400,
  code: 'BAD_REQUEST',
  message: 'Illegal character',
};

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
