/** Modules and helpers shared by the Terraform check tests. */
import * as assert from 'node:assert/strict';
import { SETTING_ID_OF } from '../../../src/core/setup';
import type { TfModule, TfSetting, TfValue } from '../../../src/core/terraform';

export const GOOD_MODULE = `terraform {
  required_providers {
    harness = { source = "harness/harness" }
  }
}

resource "harness_platform_setting" "jwks" {
  identifier      = "${SETTING_ID_OF.jwksUrl}"
  value           = "https://login.example.com/oauth2/v1/keys"
  allow_overrides = false
}

resource "harness_platform_setting" "key_field" {
  identifier      = "${SETTING_ID_OF.keyField}"
  value           = "client_id"
  allow_overrides = false
}

resource "harness_platform_setting" "value" {
  identifier      = "${SETTING_ID_OF.value}"
  value           = "scim-client"
  allow_overrides = false
}

resource "harness_platform_setting" "sa" {
  identifier      = "${SETTING_ID_OF.serviceAccountId}"
  value           = "scim_jwt_sa"
  allow_overrides = false
}
`;

export function settingOf(module: TfModule, field: string): TfSetting {
  const s = module.settings.find((x) => x.field === field);
  assert.ok(s, `no setting for ${field}`);
  return s;
}

export function known(v: TfValue | undefined): string {
  assert.equal(v?.kind, 'known', `expected a known value, got ${JSON.stringify(v)}`);
  return (v as { value: string }).value;
}
