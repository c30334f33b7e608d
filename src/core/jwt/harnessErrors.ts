/**
 * What Harness's `POST /ng/api/token/validate` would answer for each failure (docs/harness-contract.md, "The token/validate diagnostic",
 * derived from JWTTokenFlowAuthFilterUtils + the error-code templates). A SCIM caller never sees
 * these: every failure reaches it as 401 INVALID_TOKEN "Token is not valid.".
 */
import type { HarnessError } from './types';

/** What the SCIM endpoint itself answers for any JWT failure. */
export const SCIM_CALLER_ERROR: HarnessError = {
  httpStatus: 401,
  code: 'INVALID_TOKEN',
  message: 'Token is not valid.',
};

export const HARNESS_OK: HarnessError = {
  httpStatus: 200,
  code: 'SUCCESS',
  message:
    'Token accepted; SCIM calls run as the configured service account (TokenDTO JWT_SCIM_DUMMY_ID_<service account>).',
};

/** jose4j `InvalidJwtException`, unparseable header JSON, unusable key set: all INVALID_TOKEN. */
export const INVALID_TOKEN: HarnessError = SCIM_CALLER_ERROR;

export const EXPIRED_TOKEN: HarnessError = { httpStatus: 401, code: 'EXPIRED_TOKEN', message: 'Token expired.' };

/** Not recognised as a JWT (wrong part count, typ without "jwt"): Harness parses it as an API key. */
export const NOT_A_JWT: HarnessError = {
  httpStatus: 400,
  code: 'INVALID_REQUEST',
  message: 'Invalid request: Invalid API token …: Token not found (handled as a Harness API key, not as a JWT)',
};

/** A header that is not base64url: an uncaught IllegalArgumentException in Harness (inferred). */
export const SERVER_ERROR: HarnessError = {
  httpStatus: 500,
  code: 'UNKNOWN_ERROR',
  message: 'Oops, something went wrong on our end. Please contact Harness Support.',
};

export const HARNESS_ISSUED_TOKEN: HarnessError = {
  httpStatus: 400,
  code: 'UNEXPECTED',
  message:
    "NG_SCIM_JWT: Invalid API call: Only externally issued OAuth JWT token can be used for SCIM APIs, 'Harness Inc' issued JWT token cannot be used",
};

export const CLAIM_MISMATCH: HarnessError = {
  httpStatus: 400,
  code: 'INVALID_INPUT_SET',
  message:
    'NG_SCIM_JWT: JWT token validated correctly, but the claims value did not match configured setting value in account: <account>',
};

export function jwksUnreachable(url: string): HarnessError {
  return {
    httpStatus: 400,
    code: 'INVALID_INPUT_SET',
    message: `NG_SCIM_JWT: Error connecting to public keys URL: ${url}, or URL not reachable for account <account>: `,
  };
}
