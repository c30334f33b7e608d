/**
 * `POST /ng/api/token/validate` answers why Harness refuses a token, where SCIM only ever says
 * "401 Token is not valid." (docs/harness-contract.md, "What the SCIM client sees on failure"). A refusal is an answer, not a failure of the
 * call, so it comes back as a value; only transport problems and broken shapes throw.
 */
import { HarnessApiError } from './errors';
import type { TokenDTO } from './types';

export type TokenRefusalReason =
  /** Harness parsed it as an API key and found none: the SCIM JWT flag is off, `typ` lacks "jwt", or the key does not exist. */
  | 'not-recognised'
  /** Signature, unknown `kid`, missing `exp`, `nbf`, malformed claim, missing `typ`, JWKS body not a key set; or an API key with a wrong secret or account. */
  | 'invalid-token'
  | 'expired'
  | 'jwks-unreachable'
  | 'claim-mismatch'
  /** `iss` is "Harness Inc": Harness's own tokens are refused for SCIM. */
  | 'harness-issuer'
  /**
   * Harness's "not populated" answer. Unreachable in practice: an unset setting fails first with a 500
   * and empty strings pass the check (HC 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java:297-311).
   */
  | 'settings-missing'
  | 'service-account-missing'
  /**
   * 5xx: for a JWT most likely one of the four settings is unset (a NullPointerException in
   * Collectors.toMap) or the JWKS URL is empty or not a URL (OkHttp's IllegalArgumentException).
   */
  | 'server-error'
  /** The API key used to ask is not allowed to. */
  | 'forbidden'
  | 'other';

export type TokenValidation =
  | { valid: true; token: TokenDTO }
  | {
      valid: false;
      reason: TokenRefusalReason;
      httpStatus: number | undefined;
      code: string | undefined;
      /** Harness's message (redacted), the inner reason when Harness gives one. */
      message: string;
      correlationId: string | undefined;
      error: HarnessApiError;
    };

/** Error kinds that are Harness's answer about the token (rather than the call failing). */
const ANSWER_KINDS = new Set(['harness-error', 'validation-failed', 'access-denied']);
/** Gateway statuses say nothing about the token: those stay errors. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

export function isTokenAnswer(error: unknown): error is HarnessApiError {
  return (
    error instanceof HarnessApiError &&
    ANSWER_KINDS.has(error.kind) &&
    error.httpStatus !== undefined &&
    !GATEWAY_STATUSES.has(error.httpStatus)
  );
}

export function refusalReason(
  httpStatus: number | undefined,
  code: string | undefined,
  message: string,
): TokenRefusalReason {
  const status = httpStatus ?? 0;
  if (status === 403) return 'forbidden';
  switch (code) {
    case 'EXPIRED_TOKEN':
      return 'expired';
    case 'INVALID_TOKEN':
    case 'INVALID_CREDENTIAL':
      return 'invalid-token';
    case 'INVALID_REQUEST':
      if (/token not found/i.test(message)) return 'not-recognised';
      // An expired API key is a plain InvalidRequestException (HC 965-ng-filter/src/main/java/io/harness/token/TokenValidationHelper.java:30-36).
      if (/incoming api token .* has expired/i.test(message)) return 'expired';
      // The API-key branch's other refusals (TokenValidationHelper): wrong secret, wrong account, wrong prefix.
      // Includes "Invalid API Token: Token length not matching for API token": a token with other than 3 or 4
      // dot-separated parts, e.g. a JWT whose empty signature Java's split drops (TokenValidationHelper.java:97-122).
      if (/raw password|invalid account token|invalid accountid in token|api token|api key/i.test(message))
        return 'invalid-token';
      return 'other';
    case 'INVALID_INPUT_SET':
      if (/public keys url|not reachable/i.test(message)) return 'jwks-unreachable';
      if (/claim/i.test(message)) return 'claim-mismatch';
      return 'other';
    case 'UNEXPECTED':
      if (/externally issued|harness inc/i.test(message)) return 'harness-issuer';
      if (/not configured|not populated/i.test(message)) return 'settings-missing';
      return 'other';
    case 'INVALID_ARGUMENT':
      return /service account/i.test(message) ? 'service-account-missing' : 'other';
    default:
      if (status === 401) return 'invalid-token';
      return status >= 500 ? 'server-error' : 'other';
  }
}

export function refusalFrom(error: HarnessApiError): Extract<TokenValidation, { valid: false }> {
  const message = error.serverMessage ?? error.message;
  return {
    valid: false,
    reason: refusalReason(error.httpStatus, error.code, message),
    httpStatus: error.httpStatus,
    code: error.code,
    message,
    correlationId: error.correlationId,
    error,
  };
}
