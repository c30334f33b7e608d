/** Identifiers Harness defines for the SCIM JWT feature (docs/harness-contract.md, "The four SCIM JWT settings"; "The five SCIM permissions"). */

import { SCIM_JWT_SETTINGS, scimJwtSetting, type ScimJwtSettingField } from '../scimJwtSettings';

export type ScimJwtSettingId = (typeof SCIM_JWT_SETTINGS)[number]['id'];

const settingId = (field: ScimJwtSettingField): ScimJwtSettingId => scimJwtSetting(field).id;

/** The settings the code names one by one (a check, a step about that setting). */
export const ScimJwtSettingIds = {
  keyField: settingId('keyField'),
  valueField: settingId('value'),
  jwksUrl: settingId('jwksUrl'),
  serviceAccountId: settingId('serviceAccountId'),
} as const;

/**
 * All of them, in the order a person sets them up (where the keys are, which claim, its value, who
 * the caller becomes): the tree, the form, the request body and the doctor all list them so.
 */
export const SCIM_JWT_SETTING_IDS: readonly ScimJwtSettingId[] = SCIM_JWT_SETTINGS.map((s) => s.id);

/** How long Harness keeps using a setting's old value after a change (its settings cache). */
export const SETTINGS_PROPAGATION_SECONDS = 120;

export const SCIM_SETTINGS_CATEGORY = 'SCIM';
export const SCIM_JWT_SETTINGS_GROUP = 'scim_jwt_token_configuration_g1';

/** The feature flag Harness Support turns on per account (docs/harness-contract.md, "How Harness validates a SCIM JWT", step 4); no public API reads it. */
export const SCIM_JWT_FEATURE_FLAG = 'PL_SUPPORT_JWT_TOKEN_SCIM_API';

/** `iss` Harness refuses for SCIM (its own tokens). */
export const HARNESS_ISSUER = 'Harness Inc';
