/**
 * What Harness ships with every account and the emulator does not let anyone change: the setting
 * definitions (a slice of ng-settings `settings.yml`), the platform permissions with the resource
 * type each one guards, the managed roles and the managed resource groups (docs/harness-contract.md, "The four SCIM JWT settings"; "The five SCIM permissions").
 */

import { SETTING_CATEGORY_VALUES } from '../../../src/core/harness/categories';
import type { HarnessPlan } from './core';

export type ScopeLevel = 'ACCOUNT' | 'ORGANIZATION' | 'PROJECT';
export type SettingValueType = 'String' | 'Boolean' | 'Number';

export interface SettingDefinition {
  identifier: string;
  name: string;
  category: string;
  groupIdentifier: string | null;
  valueType: SettingValueType;
  defaultValue: string | null;
  allowedValues: string[] | null;
  allowOverrides: boolean;
  allowedScopes: ScopeLevel[];
  /** settings.yml `allowedPlans.<PLAN>.defaultValue`: the default an account on that plan sees. */
  planDefaults?: Partial<Record<HarnessPlan, string>>;
}

const ALL_SCOPES: ScopeLevel[] = ['ACCOUNT', 'ORGANIZATION', 'PROJECT'];
const SCIM_GROUP = 'scim_jwt_token_configuration_g1';

function scim(identifier: string, name: string): SettingDefinition {
  return {
    identifier,
    name,
    category: 'SCIM',
    groupIdentifier: SCIM_GROUP,
    valueType: 'String',
    defaultValue: null,
    allowedValues: null,
    allowOverrides: false,
    allowedScopes: ['ACCOUNT'],
  };
}

function setting(
  identifier: string,
  name: string,
  category: string,
  valueType: SettingValueType,
  defaultValue: string | null,
  more: Partial<
    Pick<SettingDefinition, 'groupIdentifier' | 'allowedValues' | 'allowOverrides' | 'allowedScopes' | 'planDefaults'>
  > = {},
): SettingDefinition {
  return {
    identifier,
    name,
    category,
    valueType,
    defaultValue,
    groupIdentifier: more.groupIdentifier ?? null,
    allowedValues: more.allowedValues ?? null,
    // settings.yml entries without `allowOverrides` behave as overridable.
    allowOverrides: more.allowOverrides ?? true,
    allowedScopes: more.allowedScopes ?? ['ACCOUNT'],
    ...(more.planDefaults ? { planDefaults: more.planDefaults } : {}),
  };
}

/** Identifiers, names, types and defaults as in Harness's settings.yml (HC 120-ng-manager/modules/ng-settings/src/main/resources/io/harness/ngsettings/settings.yml, version 40). */
export const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  scim('scim_jwt_token_key_field', 'SCIM JWT token Key field'),
  scim('scim_jwt_token_value_field', 'SCIM JWT token value to be matched for Key field'),
  scim('scim_jwt_token_jwks_keys_url', 'SCIM JWT token jwks keys public URL'),
  scim('scim_jwt_token_service_account_id', 'SCIM JWT token mapped Service Account identifier'),
  setting('enable_force_delete', 'Enable Force Delete of Harness Resources', 'CORE', 'Boolean', 'false'),
  setting(
    'disable_harness_built_in_secret_manager',
    'Disable Harness Built-In Secret Manager',
    'CONNECTORS',
    'Boolean',
    'false',
  ),
  setting(
    'mandate_webhook_secrets_for_github_triggers',
    'Mandate Webhook Secrets for Github Triggers',
    'PMS',
    'Boolean',
    'false',
    { allowedScopes: ALL_SCOPES },
  ),
  // HC settings.yml:87-106 and :148-165: plan-dependent defaults.
  setting('pipeline_timeout', 'Max Pipeline Timeout', 'PMS', 'String', '1h', {
    groupIdentifier: 'pms_execution_settings',
    allowedScopes: ALL_SCOPES,
    planDefaults: { FREE: '4h', TEAM: '30d', ENTERPRISE: '35d' },
  }),
  setting('concurrent_active_pipeline_executions', 'Concurrent Active Pipeline Executions', 'PMS', 'Number', '2', {
    planDefaults: { FREE: '2', TEAM: '500', ENTERPRISE: '500' },
  }),
  setting('enable_node_execution_audit_events', 'Enable Node Execution Audit Events', 'PMS', 'Boolean', 'false', {
    groupIdentifier: 'pms_execution_settings',
    allowOverrides: false,
  }),
  setting('service_override_v2', 'Service Override V2 Enabled', 'CD', 'Boolean', 'false', {
    allowOverrides: false,
    allowedScopes: ALL_SCOPES,
  }),
  setting('email_to_non_harness_users', 'Enable Emails to be sent to non-Harness Users', 'CD', 'Boolean', 'false', {
    allowedScopes: ALL_SCOPES,
  }),
  setting('enable_git_commands', 'Use Git client for commits', 'GIT_EXPERIENCE', 'Boolean', 'false', {
    allowOverrides: false,
  }),
  setting(
    'enforce_git_experience',
    'Enforce Git Experience For Entities- Pipelines/InputSets/Templates',
    'GIT_EXPERIENCE',
    'Boolean',
    'false',
    { allowedScopes: ALL_SCOPES },
  ),
  setting(
    'default_store_type_for_entities',
    'Default Store Type For Entities- Pipelines/InputSets/Templates',
    'GIT_EXPERIENCE',
    'String',
    'INLINE',
    { allowedScopes: ALL_SCOPES, allowedValues: ['INLINE', 'REMOTE'] },
  ),
  // NOTIFICATIONS as HC settings.yml has it (docs/harness-contract.md, "Setting categories"): ids, types,
  // defaults and one group per channel; the contract does not record the names, so these are ours.
  setting('enable_slack_notification', 'Enable Slack Notifications', 'NOTIFICATIONS', 'Boolean', 'true', {
    groupIdentifier: 'slack_notification_settings',
  }),
  setting('slack_notification_endpoints_allowlist', 'Slack Webhook URL Allowlist', 'NOTIFICATIONS', 'String', null, {
    groupIdentifier: 'slack_notification_settings',
  }),
  setting('enable_msTeams_notification', 'Enable Microsoft Teams Notifications', 'NOTIFICATIONS', 'Boolean', 'true', {
    groupIdentifier: 'msTeam_notification_settings',
  }),
  setting(
    'msTeam_notification_endpoints_allowlist',
    'Microsoft Teams Webhook URL Allowlist',
    'NOTIFICATIONS',
    'String',
    null,
    { groupIdentifier: 'msTeam_notification_settings' },
  ),
  setting('enable_webhook_notification', 'Enable Webhook Notifications', 'NOTIFICATIONS', 'Boolean', 'true', {
    groupIdentifier: 'webhook_notification_settings',
  }),
  setting('webhook_notification_endpoints_allowlist', 'Webhook URL Allowlist', 'NOTIFICATIONS', 'String', null, {
    groupIdentifier: 'webhook_notification_settings',
  }),
  setting('enable_pagerduty_notification', 'Enable PagerDuty Notifications', 'NOTIFICATIONS', 'Boolean', 'true', {
    groupIdentifier: 'pagerduty_notification_settings',
  }),
  setting(
    'pagerduty_notification_integration_keys_allowlist',
    'PagerDuty Integration Key Allowlist',
    'NOTIFICATIONS',
    'String',
    null,
    { groupIdentifier: 'pagerduty_notification_settings' },
  ),
  setting('email_notification_domain_allowlist', 'Email Domain Allowlist', 'NOTIFICATIONS', 'String', null, {
    groupIdentifier: 'email_notification_settings',
  }),
  // HC settings.yml:520-528: ACCOUNT and PROJECT, overridable.
  setting('aida', 'AIDA', 'EULA', 'Boolean', 'false', { allowedScopes: ['ACCOUNT', 'PROJECT'] }),
];

/**
 * The `category` enum of GET /ng/api/settings. Data, not logic, so the emulator takes it from the
 * product's one list: a value the product sends and the emulator rejects (or the reverse) cannot
 * come back by editing one side.
 */
export const SETTING_CATEGORIES: readonly string[] = SETTING_CATEGORY_VALUES;

export function findSettingDefinition(identifier: string): SettingDefinition | undefined {
  return SETTING_DEFINITIONS.find((d) => d.identifier === identifier);
}

/** Platform permission → the resource type it is checked on (HC PlatformPermissions, PlatformResourceTypes). */
export const PERMISSION_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  core_account_view: 'ACCOUNT',
  core_account_edit: 'ACCOUNT',
  core_user_view: 'USER',
  core_user_manage: 'USER',
  core_user_invite: 'USER',
  core_usergroup_view: 'USERGROUP',
  core_usergroup_manage: 'USERGROUP',
  core_serviceaccount_view: 'SERVICEACCOUNT',
  core_serviceaccount_edit: 'SERVICEACCOUNT',
  core_serviceaccount_delete: 'SERVICEACCOUNT',
  core_serviceaccount_manageapikey: 'SERVICEACCOUNT',
  core_role_view: 'ROLE',
  core_role_edit: 'ROLE',
  core_role_delete: 'ROLE',
  core_resourcegroup_view: 'RESOURCEGROUP',
  core_resourcegroup_edit: 'RESOURCEGROUP',
  core_resourcegroup_delete: 'RESOURCEGROUP',
  core_setting_view: 'SETTING',
  core_setting_edit: 'SETTING',
  core_authsetting_view: 'AUTHSETTING',
  core_authsetting_edit: 'AUTHSETTING',
  core_authsetting_delete: 'AUTHSETTING',
  core_organization_view: 'ORGANIZATION',
  core_organization_create: 'ORGANIZATION',
  core_organization_edit: 'ORGANIZATION',
  core_organization_delete: 'ORGANIZATION',
  core_project_view: 'PROJECT',
  core_project_create: 'PROJECT',
  core_project_edit: 'PROJECT',
  core_project_delete: 'PROJECT',
  core_secret_view: 'SECRET',
  core_secret_edit: 'SECRET',
  core_secret_access: 'SECRET',
  core_secret_delete: 'SECRET',
  core_connector_view: 'CONNECTOR',
  core_connector_edit: 'CONNECTOR',
  core_connector_access: 'CONNECTOR',
  core_connector_delete: 'CONNECTOR',
  core_license_view: 'LICENSE',
  core_license_edit: 'LICENSE',
  core_audit_view: 'AUDIT',
  core_pipeline_view: 'PIPELINE',
  core_pipeline_edit: 'PIPELINE',
  core_pipeline_execute: 'PIPELINE',
  core_pipeline_delete: 'PIPELINE',
};

export const KNOWN_PERMISSIONS: readonly string[] = Object.keys(PERMISSION_RESOURCE_TYPES);

export function resourceTypeOf(permission: string): string {
  return PERMISSION_RESOURCE_TYPES[permission] ?? 'ACCOUNT';
}

export interface ManagedRole {
  identifier: string;
  name: string;
  description: string;
  permissions: string[];
  allowedScopeLevels: string[];
}

/** managed-roles.yml: the account admin holds every account-level permission, the viewer every `_view`. */
export const MANAGED_ROLES: readonly ManagedRole[] = [
  {
    identifier: '_account_admin',
    name: 'Account Admin',
    description: 'Administer an existing account',
    permissions: [...KNOWN_PERMISSIONS],
    allowedScopeLevels: ['account'],
  },
  {
    identifier: '_account_viewer',
    name: 'Account Viewer',
    description: 'View an existing account',
    permissions: KNOWN_PERMISSIONS.filter((p) => p.endsWith('_view')),
    allowedScopeLevels: ['account'],
  },
];

export interface ResourceGroupDefinition {
  identifier: string;
  name: string;
  /** Whether org- and project-level resources are covered too, not only the account's own. */
  includeChildScopes: boolean;
}

/** managed-resourcegroups.yml, as seen from an account. */
export const MANAGED_RESOURCE_GROUPS: readonly ResourceGroupDefinition[] = [
  { identifier: '_all_account_level_resources', name: 'All Account Level Resources', includeChildScopes: false },
  {
    identifier: '_all_resources_including_child_scopes',
    name: 'All Resources Including Child Scopes',
    includeChildScopes: true,
  },
];
