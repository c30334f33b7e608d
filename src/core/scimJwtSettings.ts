/**
 * The SCIM JWT account settings, one row each, in the order a person sets them up (where the keys
 * are, which claim, its value, who the caller becomes). Every list of them, every label, hint and
 * help text, and every count of them derives from this table: adding a setting is adding a row
 * here (docs/harness-contract.md, "The four SCIM JWT settings"). Pure data: the webview's browser
 * bundle reads it too.
 */

export interface ScimJwtSettingMeta {
  /** Harness's setting identifier. */
  readonly id: string;
  /** The setup form's field name (also the key of the form's values). */
  readonly field: string;
  /** The name the form, the CLI and the doctor give it. */
  readonly label: string;
  /** The shorter name of its row in the explorer tree. */
  readonly treeLabel: string;
  /** The line under the form's field. */
  readonly hint: string;
  /** The tree row's tooltip. */
  readonly help: string;
  /** Sent trimmed (Harness trims it before use) rather than literally as typed. */
  readonly trimmed: boolean;
  /** The form's input type, when not plain text. */
  readonly inputType?: 'url';
  /** `scim-jwt setup`'s flag for it: `--flag ARG`, and its line in the help. */
  readonly cli: { readonly flag: string; readonly arg: string; readonly help: string };
}

export const SCIM_JWT_SETTINGS = [
  {
    id: 'scim_jwt_token_jwks_keys_url',
    field: 'jwksUrl',
    label: 'JWKS URL',
    treeLabel: 'JWKS URL',
    hint: "Where Harness downloads your identity provider's public keys (a JWK Set), e.g. https://login.example.com/oauth2/v1/keys.",
    help: "Where Harness fetches the public keys that sign your IdP's tokens (a JWK Set).",
    trimmed: true,
    inputType: 'url',
    cli: { flag: 'jwks-url', arg: 'URL', help: "the identity provider's JWK Set URL" },
  },
  {
    id: 'scim_jwt_token_key_field',
    field: 'keyField',
    label: 'Key field (claim name)',
    treeLabel: 'Claim name',
    hint: 'The token claim Harness compares, taken literally.',
    help: 'The JWT claim Harness reads, by its exact name (not trimmed, top level only).',
    trimmed: false,
    cli: { flag: 'key-field', arg: 'CLAIM', help: 'the claim Harness compares, e.g. sub or client_id' },
  },
  {
    id: 'scim_jwt_token_value_field',
    field: 'value',
    label: 'Value to match',
    treeLabel: 'Claim value',
    hint: 'The value that claim must have (case-sensitive).',
    help: 'The value that claim must have (both trimmed, case-sensitive).',
    trimmed: false,
    cli: { flag: 'value', arg: 'VALUE', help: 'the value that claim must have' },
  },
  {
    id: 'scim_jwt_token_service_account_id',
    field: 'serviceAccountId',
    label: 'Service account',
    treeLabel: 'Service account',
    hint: 'SCIM calls act as this account-scope service account.',
    help: 'The service account SCIM calls run as; it needs Users View/Manage/Invite and User Groups View/Manage.',
    trimmed: true,
    cli: { flag: 'service-account', arg: 'ID', help: 'the service account SCIM calls act as (must exist)' },
  },
] as const satisfies readonly ScimJwtSettingMeta[];

export type ScimJwtSettingRow = (typeof SCIM_JWT_SETTINGS)[number];

/** A setting's field name (the setup form's, and the key of its values). */
export type ScimJwtSettingField = ScimJwtSettingRow['field'];

/** The table's row for a field. */
export function scimJwtSetting(field: ScimJwtSettingField): ScimJwtSettingRow {
  const row = SCIM_JWT_SETTINGS.find((s) => s.field === field);
  if (row === undefined) throw new Error(`no SCIM JWT setting for ${field}`);
  return row;
}
