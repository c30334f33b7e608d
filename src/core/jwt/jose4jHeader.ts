/**
 * What jose4j makes of JOSE header members beyond `alg` and `kid`:
 *
 * - `crit` (JsonWebStructure.checkCrit, run inside JsonWebSignature.verifySignature): absent or null
 *   passes, so does an empty array; every listed name must be one jose4j understands, and for a JWS
 *   that is only "b64" (JsonWebSignature.isSupportedCriticalHeader). A non-array is refused, and so is
 *   a non-string element (the cast to String fails);
 * - `b64` (JsonWebSignature.isRfc7797UnencodedPayload): the boolean false means the payload part is
 *   the payload itself, not base64url — whether or not `crit` lists it;
 * - `cty` (JwtConsumer.isNestedJwt): "JWT" or "application/jwt" in any letter case means the payload
 *   is itself a token, to be processed again; a non-string `cty` fails the getter's cast;
 * - the members the key resolution reads through string getters (`kid`, `x5t`, `x5t#S256`, in
 *   SelectorSupport.commonFilterForInbound, before the algorithm is looked up) must be strings when
 *   present (Headers.getStringHeaderValue casts).
 */
import { javaEqualsIgnoreCase } from './javaText';
import { jsonPreview } from '../jsonText';

/** Read through string getters while the key is resolved (SelectorSupport.commonFilterForInbound). */
const KEY_STRING_MEMBERS = ['kid', 'x5t', 'x5t#S256'] as const;

/** Why jose4j's crit check refuses the header, or undefined. */
export function critProblem(header: Record<string, unknown>): string | undefined {
  const crit = header.crit;
  if (crit === undefined || crit === null) return undefined;
  if (!Array.isArray(crit))
    return `The header's crit is ${typeof crit === 'string' ? 'a string' : `a ${typeof crit}`}, not an array; Harness's JOSE library refuses the token.`;
  for (const name of crit as unknown[]) {
    if (typeof name !== 'string')
      return `The header's crit lists ${jsonPreview(name, { maxChars: 80 })}, which is not a name; Harness's JOSE library refuses the token.`;
    if (name !== 'b64')
      return `The header marks ${JSON.stringify(name)} as critical; Harness's JOSE library understands only "b64" and refuses the token.`;
  }
  return undefined;
}

/** RFC 7797 unencoded payload: `b64` is the JSON boolean false. */
export function isUnencodedPayload(header: Record<string, unknown>): boolean {
  return header.b64 === false;
}

/** `cty` says the payload is a nested token. */
export function isNestedToken(header: Record<string, unknown>): boolean {
  const cty = header.cty;
  return typeof cty === 'string' && (javaEqualsIgnoreCase(cty, 'jwt') || javaEqualsIgnoreCase(cty, 'application/jwt'));
}

/** A member the key resolution reads as a string that is not one (the cast throws and the token is refused). */
export function nonStringKeyMember(header: Record<string, unknown>): string | undefined {
  for (const name of KEY_STRING_MEMBERS) {
    const v = header[name];
    if (v !== undefined && v !== null && typeof v !== 'string') return name;
  }
  return undefined;
}
