/**
 * A Terraform module as the `.tf` checks see it: the four SCIM JWT settings written as Harness's
 * `harness_platform_setting` resources, the service accounts beside them, and where every value
 * comes from (a literal, a variable's default, a `*.tfvars` file, a local, a reference to a
 * resource), or why it is unknown until `terraform apply`. Positions are 0-based lines and UTF-16
 * columns, exactly like VS Code's `Position` (and `core/http`'s), so the editor maps them one to one.
 * Pure data: no vscode, no Node.
 */
import type { CheckLevel, SetupField } from '../setup';

export interface TfPosition {
  line: number;
  /** UTF-16 code unit offset in the line (a JS string index), not tree-sitter's byte column. */
  character: number;
}

/** Half-open: `end` is the position just after the last character. */
export interface TfRange {
  start: TfPosition;
  end: TfPosition;
}

/** A range in one of the module's files; `file` is the path exactly as the caller named it. */
export interface TfLocation {
  file: string;
  range: TfRange;
}

/** One file of the module (`*.tf`, `*.tf.json` is not read) or of its variables (`*.tfvars`, `*.tfvars.json`). */
export interface TfSourceFile {
  path: string;
  text: string;
}

/** One step of the way a value was found, for the hover ("var.jwks_url, from terraform.tfvars"). */
export interface TfOrigin {
  /** What this step is, in Terraform's words: `var.jwks_url`, `local.issuer`, `terraform.tfvars`, `default`. */
  what: string;
  at: TfLocation;
}

/** A value as the module will give it to Harness. */
export type TfValue =
  /** Known before apply: a literal, or a chain of literal variables, locals and templates. */
  | { kind: 'known'; value: string; origin: TfOrigin[] }
  /**
   * A reference to a `harness_platform_service_account` in the same module
   * (`harness_platform_service_account.scim.identifier`, or `.id`): `address` is
   * `harness_platform_service_account.scim`; `identifier` its own identifier when that is known.
   */
  | { kind: 'service-account'; address: string; identifier?: string; origin: TfOrigin[] }
  /** Known only at apply (no default and no tfvars value, a data source, a function, a module output...). */
  | { kind: 'unknown'; reason: string; origin: TfOrigin[] };

/** One `resource "harness_platform_setting"` whose identifier is one of the four. */
export interface TfSetting {
  field: SetupField;
  /** `harness_platform_setting.<name>` */
  address: string;
  /** The resource block's first line: where the lens goes. */
  block: TfLocation;
  /** The `identifier = "…"` attribute. */
  identifier: TfLocation;
  /** The `value = …` attribute; absent when the block has none. */
  valueAt?: TfLocation;
  value: TfValue | undefined;
  /** `allow_overrides`: a literal bool, an expression not known before apply, or not written. */
  allowOverrides: boolean | 'unknown' | 'absent';
  /** `org_id` / `project_id`, when written (the setting is then not at account scope). */
  orgId?: TfValue;
  projectId?: TfValue;
}

/** One `resource "harness_platform_service_account"` of the module. */
export interface TfServiceAccount {
  /** `harness_platform_service_account.<name>` */
  address: string;
  block: TfLocation;
  identifier: TfValue | undefined;
  /** `org_id` / `project_id`, when written (the account is then not at account scope). */
  orgId?: TfValue;
  projectId?: TfValue;
}

/** Everything the checks need to know about one module (one folder's `*.tf` files). */
export interface TfModule {
  /** The SCIM JWT settings found, in file order. Several for one field is a finding. */
  settings: TfSetting[];
  /** Of the four, the fields no resource in the module writes. */
  missing: SetupField[];
  serviceAccounts: TfServiceAccount[];
  /** Where the HCL parser found an error (the checks still run on what parsed). */
  syntaxErrors: TfLocation[];
  /** Files not parsed at all (larger than the parser reads), at their first line, with why. */
  unread?: { at: TfLocation; reason: string }[];
}

/** A problem or a note to show on a range: the diagnostics and the hover read these. */
export interface TfFinding {
  at: TfLocation;
  field?: SetupField;
  level: Exclude<CheckLevel, 'pending'>;
  message: string;
  details: string[];
}

/** The connected account's value against the file's, for one setting. */
export type TfDrift =
  | { field: SetupField; kind: 'same'; value: string }
  /** Harness holds a different value: `harness` is Harness's, `file` the module's. */
  | { field: SetupField; kind: 'different'; harness: string; file: string }
  /** The module sets it, Harness does not hold it (the apply has not run, or was undone). */
  | { field: SetupField; kind: 'unset-in-harness'; file: string }
  /** The module's value is not known before apply, so it cannot be compared. */
  | { field: SetupField; kind: 'unknown-in-file'; harness: string | null };
