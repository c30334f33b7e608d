/**
 * The one explicit correspondence between the verdict engine's codes (src/core/jwt) and the Harness
 * emulator's inner reasons (test/sandbox/emulator, `lastJwtFailure().reason`). The two were written
 * independently and name some failures at different grains; every pairing that is not one-to-one
 * says why. Typed as a total record, so a new VerdictCode fails to compile until it is mapped here.
 */
import type { VerdictCode } from '../../../src/core/jwt';
import type { TokenFailureReason } from '../../sandbox/emulator';

export const ENGINE_TO_EMULATOR: Readonly<Record<VerdictCode, readonly TokenFailureReason[]>> = {
  // Accepted: the emulator records no failure at all.
  ok: [],
  // The SCIM filter refuses the header before token/validate runs: the emulator records no inner reason.
  'bearer-prefix': [],
  // The engine's catch-all for "not a readable JWS". The emulator tells apart a header that is not
  // base64url (Harness's uncaught IllegalArgumentException), a header that is not JSON (Harness then
  // fails to find `typ`), a value Java's split sees as 2 or 5 parts (refused as an API key, "Token length
  // not matching", TokenValidationHelper.java:116-120) or 4 (looked up as one), and a payload or claim
  // type jose4j rejects.
  malformed: ['malformed', 'header-not-base64url', 'typ-missing', 'api-key-not-found', 'api-key-invalid'],
  // Missing `typ` is refused in the JWT flow; a `typ` without "jwt" sends the token to API-key parsing.
  typ: ['typ-missing', 'not-jwt-typ'],
  // The engine blames the algorithm itself where the emulator reports the step that fails first:
  // HS* against a set without any "oct" key fails jose4j's key resolution (key-not-found), and
  // `alg: none` with an empty signature has 2 parts for Java (refused as an API key); an EC key on another
  // curve than the algorithm's is "unfit for the algorithm" to the engine and one of jose4j's key
  // checks (filed with the weak keys) to the emulator.
  algorithm: ['algorithm', 'key-not-found', 'api-key-invalid', 'weak-key'],
  'key-not-found': ['key-not-found'],
  'weak-key': ['weak-key'],
  signature: ['signature'],
  // A non-numeric exp is a MalformedClaimException for jose4j, "exp missing" for the engine's words.
  'exp-missing': ['exp-missing', 'malformed'],
  expired: ['expired'],
  // A non-numeric nbf: same as exp.
  'not-yet-valid': ['not-yet-valid', 'malformed'],
  // "Harness Inc", or an iss that is not a string (jose4j's typed getter throws: malformed).
  issuer: ['harness-issuer', 'malformed'],
  // Harness has one message for a missing and for a different claim value.
  'claim-missing': ['claim-mismatch'],
  'claim-not-string': ['claim-not-string'],
  'claim-mismatch': ['claim-mismatch'],
  'jwks-unreachable': ['jwks-unreachable'],
  // A set jose4j cannot parse is a JoseException (401); a "keys" that is not an array, or an entry
  // that is not an object, a ClassCastException Harness does not catch (500). Both are "invalid".
  // A set whose every key jose4j drops parses fine (JWTTokenFlowAuthFilterUtils.java:339-361 builds the
  // consumer over an empty list): jose4j then fails at the first problem it meets reading the token
  // (payload, alg, a non-string kid) or at key resolution. The engine names the empty set at once;
  // both answer 401 INVALID_TOKEN.
  'jwks-invalid': ['jwks-invalid', 'jwks-server-error', 'key-not-found', 'malformed', 'algorithm'],
};
