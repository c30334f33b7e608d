/**
 * The product's answer about each Bearer token of a `.http` file: the resolved value, its decoding
 * and, when rules are known and the network may be used, Harness's verdict. The editor (lens, hover,
 * diagnostics, report) and `scim-jwt scan` read these, so they say the same thing.
 */
import type { ResolvedBearerToken } from '../http';
import type { IdpMatch } from '../idp';
import type { DecodedToken, HarnessJwtRules, KeySource, Verdict } from '../jwt';

/** Where the rules came from: the lens and the report say which. */
export type RulesOrigin =
  | { kind: 'account'; accountLabel: string }
  | { kind: 'offline' }
  /** Given on the command line (`scim-jwt scan --jwks-url … --key-field … --value …`). */
  | { kind: 'command-line' };

/**
 * The rules a verdict needs, or why there are none (then tokens are decoded only).
 * `reason` is phrased to follow "not verified: ", e.g. "connect to Harness or set a JWKS URL".
 */
export type RulesChoice =
  | { kind: 'rules'; keys: KeySource; rules: HarnessJwtRules; origin: RulesOrigin }
  | { kind: 'none'; reason: string; origin?: RulesOrigin };

/**
 * - verdict: the verdict engine judged the value (`verdict` is set).
 * - decoded: rules unknown or network not allowed: decoded only (`decoded` is set, `notVerifiedReason` says why).
 * - unresolved: the value is not known before sending (variable undefined, circular, dynamic).
 */
export type InspectionState = 'verdict' | 'decoded' | 'unresolved';

/** The decoded parts a view may show: header and claims, never the signature nor the raw token. */
export interface DecodedView {
  kind: DecodedToken['kind'];
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  problems: DecodedToken['problems'];
}

export interface TokenInspection {
  /** Position in the document's token list (document order): the report and test commands use it. */
  index: number;
  token: ResolvedBearerToken;
  state: InspectionState;
  decoded?: DecodedView;
  verdict?: Verdict;
  /** Set for `decoded`: why no verdict ("connect to Harness or set a JWKS URL", "the workspace is not trusted"). */
  notVerifiedReason?: string;
  /** The rules used (or that would have been), for "account rules" / "offline rules". */
  origin?: RulesOrigin;
  /** The claim settings the verdict used (absent when there are none). */
  rules?: HarnessJwtRules;
  /** The identity provider the catalogue recognised from the decoded header and claims (docs/identity-providers.md). */
  provider?: IdpMatch;
  /** Evaluation time (ISO 8601): the relative times in every view are computed from it. */
  evaluatedAt: string;
}
