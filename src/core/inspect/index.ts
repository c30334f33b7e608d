/** Token inspection for `.http` files: the editor's and `scim-jwt scan`'s shared answers and words. */
export type { DecodedView, InspectionState, RulesChoice, RulesOrigin, TokenInspection } from './types';
export { decodedView, inspectHttpText, inspectTokens, type DocumentInspection, type InspectOptions } from './inspect';
export {
  TIME_CLAIMS,
  bearerPrefixProblem,
  claimRows,
  expiryText,
  fetchedAt,
  firstSentence,
  inspectionProblems,
  inspectionTitle,
  isHarnessApiKey,
  rulesOriginLabel,
  refusalMessage,
  rulesOriginText,
  sourceText,
  titleProvider,
  tokenFacts,
  visibleWarnings,
  type ClaimRow,
  type InspectionProblem,
  type ProblemSeverity,
} from './verdictText';
export { hoverMarkdown, reportMarkdown, type ReportContext } from './markdown';
export { mdCode, mdText } from '../markdown';
export {
  runHarnessTrial,
  type HarnessTrialOutcome,
  type HarnessTrialPort,
  type TrialCall,
  type TrialResult,
  type TrialStep,
} from './testAgainstHarness';
export { rulesFromAccountSettings, type AccountRulesValues } from './rules';
