/** The setup form's model, checks and request builder: everything the panel and tests use. */
export * from './types';
export {
  currentFromSettings,
  prefillFrom,
  valuesToSend,
  diffSettings,
  diffRestore,
  overwrittenRows,
  isConfigured,
  sameSettings,
} from './model';
export { buildUpdateBody, buildRestoreBody, buildBody, settingsUrl, bodyJson } from './requestBody';
export {
  buildCurl,
  buildHttpFile,
  buildScimTestHttp,
  shellQuote,
  CURL_KEY_VARIABLE,
  HTTP_KEY_VARIABLE,
  type ExportTarget,
} from './exporters';
export {
  COMMON_CLAIMS,
  checkJwksUrlFormat,
  jwksUrlNotes,
  checkKeyField,
  checkValue,
  checkServiceAccountFormat,
  type UrlFormat,
} from './fieldChecks';
export { checkJwksUrl, describeKeySet, type KeySetLoader } from './jwksCheck';
export {
  checkServiceAccount,
  describeServiceAccount,
  extraPermissionLines,
  JWT_REACH_NOTE,
  permissionLabel,
  type ServiceAccountFinding,
} from './serviceAccountCheck';
export { itemRows, expectedAfter, compareReadBack } from './results';
export { describeFailure, type FailedStep } from './failures';
export { tryToken, trialFromVerdict } from './formVerdict';
export {
  customGroupCoverage,
  enabledState,
  harnessSetupPort,
  type SetupHarnessPort,
  type ServiceAccountOption,
} from './harnessPort';
export { SetupService, type CurrentResult, type SetupServiceOptions } from './service';
export { scimGroupStatus, type ScimGroupStatus } from './status';
export {
  afterRefreshKeySet,
  freshVerdict,
  isNoKeyMatchAnswer,
  keySetNow,
  NO_KEY_MATCH_ANSWER,
  planKeySetRefresh,
  proveSameKeySet,
  REAL_CLOCK,
  recogniseStaleKeySet,
  refusedAfterRefresh,
  refusedAfterRefreshMessage,
  REFRESH_FIX,
  REFRESH_FLAG,
  REFRESH_KEY_SET_TITLE,
  REFRESH_PARAMETER,
  refreshStamp,
  sendKeySetRefresh,
  settingsAgeSeconds,
  staleKeySetMessage,
  waitForSettings,
  withRefreshParameter,
  type KeySetFetcher,
  type KeySetProof,
  type KeySetRefreshPlan,
  type RefreshPlanResult,
  type RefreshRefusalCode,
  type RefreshSendResult,
  type SettingsClock,
  type StaleKeySetFinding,
} from './keySetRefresh';
export {
  buildTerraform,
  hclName,
  hclString,
  readTerraformExisting,
  terraformNames,
  HARNESS_PROVIDER_VERSION,
  TERRAFORM_API_KEY_VARIABLE,
  type TerraformExisting,
  type TerraformRequest,
} from './terraform';
