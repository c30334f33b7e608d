/** The identity-provider catalogue and what is built on it: recognition, proposed settings, provider-aware words. */
export type { HarnessSupport, IdpEntry, IdpMatch, JwksRule, TokenShape } from './types';
export { CATALOGUE } from './catalogue';
export { findEntry, providerLabel, recogniseDecoded, recogniseShape, recogniseToken } from './recognise';
export { discoverJwksUri, discoveryUrl, shownUrl, type Discovery, type DiscoveryGate } from './discovery';
export { judge, judgeTime, resignedForShape, type JudgeInput, type Judgement, type JudgeTime } from './judge';
export {
  discoveryGate,
  sentence,
  suggestSettings,
  suggestionJson,
  type ClaimChoice,
  type Proposal,
  type SettingsSuggestion,
  type SuggestJson,
  type SuggestOptions,
} from './suggest';
export {
  keyFieldCaution,
  keySetText,
  providerRefusal,
  providerSummary,
  providerTitleReason,
  refusalText,
} from './explain';
export { unusableKeyField } from './suggest';
export { suggestionView, type SuggestionView } from './view';
export {
  REFRESH_KEY_SET_CLI,
  REFRESH_KEY_SET_TITLE,
  ROTATION,
  UNKNOWN,
  rotationForecast,
  rotationForecastFor,
  rotationUnknown,
  type RotationFacts,
  type RotationForecast,
} from './rotation';
