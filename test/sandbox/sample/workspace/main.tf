# Step 5: the same setup as Terraform, as "scim-jwt setup --format terraform" exports it. The line
# above each harness_platform_setting is its check (the key set fetched, the claim, the service
# account resource and its five permissions) and whether the connected account holds the same value.
# Hover a value to see where it comes from. See docs/terraform.md for the workflow.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    harness = {
      source  = "harness/harness"
      version = "> 0.45.1, < 1.0.0"
    }
  }
}

variable "claim_value" {
  type    = string
  default = "%%CLAIM_VALUE%%"
}

resource "harness_platform_service_account" "scim_sandbox_sa" {
  identifier  = "scim_sandbox_sa"
  name        = "scim_sandbox_sa"
  email       = "scim_sandbox_sa@service.harness.io"
  description = "SCIM provisioning with JWTs from the sandbox identity provider"
  account_id  = "%%ACCOUNT_ID%%"
}

# The service account exists in the sandbox account already: adopt it, do not create it.
import {
  to = harness_platform_service_account.scim_sandbox_sa
  id = "scim_sandbox_sa"
}

resource "harness_platform_setting" "scim_jwt_token_jwks_keys_url" {
  identifier      = "scim_jwt_token_jwks_keys_url"
  value           = "%%JWKS_URL%%"
  allow_overrides = false
}

resource "harness_platform_setting" "scim_jwt_token_key_field" {
  identifier      = "scim_jwt_token_key_field"
  value           = "%%CLAIM_KEY%%"
  allow_overrides = false
}

resource "harness_platform_setting" "scim_jwt_token_value_field" {
  identifier      = "scim_jwt_token_value_field"
  value           = var.claim_value
  allow_overrides = false
}

resource "harness_platform_setting" "scim_jwt_token_service_account_id" {
  identifier      = "scim_jwt_token_service_account_id"
  value           = harness_platform_service_account.scim_sandbox_sa.identifier
  allow_overrides = false
}
