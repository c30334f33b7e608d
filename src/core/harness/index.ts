/** The Harness client's public API. Import from here, not from the files behind it. */
export { HarnessClient, isJwtAnswer, type HarnessClientOptions } from './client';
export type { AnswerInfo, CallOptions } from './callOptions';
export type { ScimGroupInput, ScimPatchOperation, ScimUserInput } from './scimTypes';
export { ScimClient } from './scim';
export { InvalidPathSegmentError, isPathSegment, pathSegment } from './pathSegment';
export { ScimConnection, type ScimConnectionOptions } from './scimConnection';
export { parseApiKey, ApiKeyFormatError, type ApiKeyErrorCode, type ApiKeyKind, type ParsedApiKey } from './apiKey';
export {
  CLUSTER_CHOICES,
  BaseUrlError,
  accountWebUrl,
  authzApiUrl,
  baseUrlFor,
  clusterLabel,
  clusterOf,
  ngApiUrl,
  normalizeBaseUrl,
  scimBaseUrl,
  type AccountPage,
  type ClusterChoice,
  type ClusterId,
} from './clusters';
export {
  HARNESS_ISSUER,
  SCIM_JWT_FEATURE_FLAG,
  SCIM_JWT_SETTINGS_GROUP,
  SCIM_JWT_SETTING_IDS,
  SCIM_SETTINGS_CATEGORY,
  SETTINGS_PROPAGATION_SECONDS,
  ScimJwtSettingIds,
  type ScimJwtSettingId,
} from './constants';
export {
  SETTING_CATEGORIES,
  SETTING_CATEGORIES_IN_DISPLAY_ORDER,
  SETTING_CATEGORY_VALUES,
  settingCategoryName,
  type SettingCategory,
} from './categories';
export { loadAccountSettings, type AccountSettings } from './accountSettings';
export {
  HarnessAccessDeniedError,
  HarnessApiError,
  HarnessScimError,
  HarnessShapeError,
  HarnessValidationError,
  failureCategory,
  isHarnessApiError,
  isNotFound,
  isServiceAccountMissing,
  type FailedPermissionCheck,
  type FailureCategory,
  type FieldError,
  type HarnessErrorKind,
  type RequestInfo,
} from './errors';
export {
  ACCOUNT_WIDE_RESOURCE_GROUPS,
  KNOWN_MANAGED_ROLES,
  SCIM_PERMISSIONS,
  SCIM_PERMISSION_COUNT_WORD,
  THE_SCIM_PERMISSIONS,
  resourceGroupCoverage,
  rolesCoveringScim,
  scimPermissionReport,
  scimResourceType,
  type AssignmentLike,
  type ExtraGrant,
  type Grant,
  type ResourceTypeCoverage,
  type RoleOffer,
  type ScimPermission,
  type ScimPermissionInput,
  type ScimPermissionReport,
} from './permissions';
export { RETRYABLE_STATUSES, backoffDelay, retryPolicy, sleep, type RetryOptions, type RetryPolicy } from './retry';
export {
  SettingsUpdateError,
  assertAllSucceeded,
  type SettingItemFailure,
  type SettingItemResult,
  type SettingItemSuccess,
  type SettingsUpdateResult,
} from './settingsUpdate';
export {
  ProvisionError,
  SCIM_RESOURCE_GROUP,
  SCIM_ROLE_ID,
  SCIM_ROLE_NAME,
  SCIM_ROLE_DESCRIPTION,
  SCIM_SERVICE_ACCOUNT_DESCRIPTION,
  describeOffer,
  identifierFromName,
  isCustomRolesUnavailable,
  provisionScimServiceAccount,
  type ProvisionOptions,
  type ProvisionRequest,
  type ProvisionResult,
  type ProvisionStep,
  type ProvisionStepId,
  type ProvisionedResource,
} from './scimServiceAccount';
export { refusalReason, type TokenRefusalReason, type TokenValidation } from './tokenValidation';
export { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUTS, type Timeouts } from './transport';
export type * from './types';
