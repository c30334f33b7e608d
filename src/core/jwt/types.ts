/**
 * The shapes the verdict engine speaks in. The extension (CodeLens, hover, diagnostics), the setup
 * form and the `scim-jwt` CLI all read these; keep names stable, add fields rather than rename.
 */

/** Why Harness would refuse a token, or `ok`. One code per verdict; the fixed list is part of the API. */
export type VerdictCode =
  | 'ok'
  | 'bearer-prefix'
  | 'malformed'
  | 'typ'
  | 'algorithm'
  | 'key-not-found'
  | 'weak-key'
  | 'signature'
  | 'exp-missing'
  | 'expired'
  | 'not-yet-valid'
  | 'issuer'
  | 'claim-missing'
  | 'claim-not-string'
  | 'claim-mismatch'
  | 'jwks-unreachable'
  | 'jwks-invalid';

/** The two Harness settings `scim_jwt_token_key_field` and `scim_jwt_token_value_field`, untrimmed as stored. */
export interface HarnessJwtRules {
  keyField: string;
  value: string;
}

/** Where the key set comes from: the JWKS URL Harness would fetch, or a local copy for offline use. */
export type KeySource =
  { kind: 'url'; url: string } | { kind: 'file'; path: string } | { kind: 'inline'; json: string };

export interface VerdictWarning {
  code: WarningCode;
  message: string;
}

/** Non-fatal observations; a token can be accepted and still carry these. */
export type WarningCode =
  | 'jwks-plain-http'
  | 'jwks-redirect'
  | 'jwks-http-status'
  | 'jwks-tls-untrusted'
  | 'jwks-skipped-keys'
  | 'jwks-lenient-json'
  | 'token-lenient'
  | 'lenient-signature'
  | 'numeric-date-adjusted'
  | 'jwks-cached-by-harness'
  | 'keys-without-kid'
  | 'no-kid-several-keys'
  | 'expires-within-propagation'
  | 'expires-soon'
  | 'long-lifetime'
  | 'iat-future'
  | 'entra-nonce'
  | 'okta-org-issuer'
  | 'setting-empty'
  | 'setting-whitespace'
  | 'eddsa-unconfirmed';

export type CheckStatus = 'pass' | 'fail' | 'skipped';

export interface VerdictCheck {
  id: CheckId;
  title: string;
  status: CheckStatus;
  detail?: string;
}

/** The checks, in the order Harness's server performs them. */
export type CheckId =
  | 'header'
  | 'format'
  | 'typ'
  | 'jwks'
  | 'payload'
  | 'algorithm'
  | 'key'
  | 'key-strength'
  | 'signature'
  | 'exp'
  | 'expiry'
  | 'nbf'
  | 'aud'
  | 'issuer'
  | 'claim';

/** What Harness's `POST /ng/api/token/validate` would answer (docs/harness-contract.md, "The token/validate diagnostic"); SCIM callers always see 401 INVALID_TOKEN. */
export interface HarnessError {
  httpStatus: number;
  code: string;
  message: string;
}

/** One JWK of the set as the verdict shows it (no key material). */
export interface KeyConsidered {
  kid?: string;
  kty: string;
  alg?: string;
  use?: string;
  chosen: boolean;
}

export interface Verdict {
  accepted: boolean;
  code: VerdictCode;
  /** Plain words, naming the values involved; never the whole token. */
  message: string;
  harnessError: HarnessError;
  checks: VerdictCheck[];
  warnings: VerdictWarning[];
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  keysConsidered: KeyConsidered[];
  /** Evaluation time used (ISO 8601). */
  evaluatedAt: string;
}
