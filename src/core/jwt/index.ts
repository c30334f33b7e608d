/** The JWT verdict engine: everything other layers (editor, setup form, CLI) may use. */
export type {
  CheckId,
  CheckStatus,
  HarnessError,
  HarnessJwtRules,
  KeyConsidered,
  KeySource,
  Verdict,
  VerdictCheck,
  VerdictCode,
  VerdictWarning,
  WarningCode,
} from './types';
export {
  decodeToken,
  decodeForVerdict,
  decodeBase64Url,
  type DecodedToken,
  type DecodeProblem,
  type DecodeProblemCode,
  type TokenKind,
} from './decode';
export { describeClaimTime, describeDuration, type ClaimTime } from './time';
export { JwksCache, isLoopbackUrl, type JwksCacheOptions, type KeySetResult, type KeySetInfo } from './jwksCache';
export { JwksFetchError, MAX_REDIRECTS } from './jwksFetch';
export { parseKeySetText, type JwkEntry } from './jwksParse';
export { selectKey, curveForAlg, keyTypeForAlg, rsaModulusBits, describeKey, type KeySelection } from './keySelect';
export { verifyForHarness, type VerifyOptions } from './verify';
export { CLOCK_SKEW_SECONDS } from './claims';
export { SCIM_CALLER_ERROR } from './harnessErrors';
export { CHECK_ORDER } from './verdictBuilder';
export {
  BEARER_FIX,
  bearerPrefixMessage,
  bearerTokenAsHarness,
  MAX_REQUEST_HEADER_BYTES,
  splitAuthorizationValue,
} from './recognition';
