/**
 * The setup form's vocabulary: the four SCIM JWT settings as form fields, and the plain-data
 * results the checks and the send produce. Pure data (no Node, no vscode) so the webview protocol
 * can share these shapes with the browser bundle.
 */
import type { ScimJwtSettingId } from '../harness/constants';
import { SCIM_JWT_SETTINGS, scimJwtSetting, type ScimJwtSettingField } from '../scimJwtSettings';

export type SetupField = ScimJwtSettingField;

/** The fields in the settings' own order (the table's). */
export const SETUP_FIELDS: readonly SetupField[] = SCIM_JWT_SETTINGS.map((s) => s.field);

/** A record with one entry per field, in form order. */
export function perField<T>(value: (field: SetupField) => T): Record<SetupField, T> {
  return Object.fromEntries(SETUP_FIELDS.map((f) => [f, value(f)])) as Record<SetupField, T>;
}

/** The table's row for a field. */
export const settingOf = scimJwtSetting;

export const SETTING_ID_OF: Readonly<Record<SetupField, ScimJwtSettingId>> = perField((f) => settingOf(f).id);

export const FIELD_LABEL: Readonly<Record<SetupField, string>> = perField((f) => settingOf(f).label);

/** What the user wants Harness to hold: exactly as typed (the builder decides what to trim). */
export type ScimJwtSettings = Record<SetupField, string>;

/** What Harness holds now; `null` = unset (Harness's default, `settingSource: "DEFAULT"`). */
export type CurrentSettings = Record<SetupField, string | null>;

export const EMPTY_SETTINGS: ScimJwtSettings = perField(() => '');
export const UNSET_SETTINGS: CurrentSettings = perField(() => null);

export function fieldOfSettingId(id: string): SetupField | undefined {
  return SETUP_FIELDS.find((f) => SETTING_ID_OF[f] === id);
}

// ----- checks -----

/** `pending` while an async check runs; `error` blocks sending; `warning`/`info` do not. */
export type CheckLevel = 'ok' | 'info' | 'warning' | 'error' | 'pending';

/** One JWK of the set as the form lists it (no key material). */
export interface KeyRow {
  kid?: string;
  kty: string;
  alg?: string;
  use?: string;
}

/** Something the form can do in one click to fix what a check found. */
export type CheckAction =
  | { kind: 'use-jwks-uri'; url: string }
  | { kind: 'create-service-account' }
  | { kind: 'use-suggestion'; value: string };

export interface FieldCheck {
  field: SetupField;
  level: CheckLevel;
  /** One sentence naming the values involved. */
  message: string;
  /** Further lines (warnings, missing permissions...). */
  details: string[];
  keys?: KeyRow[];
  actions: CheckAction[];
}

// ----- diff and send -----

export type ChangeKind = 'unchanged' | 'new' | 'changed' | 'cleared';

export interface DiffRow {
  field: SetupField;
  settingId: ScimJwtSettingId;
  current: string | null;
  next: string | null;
  change: ChangeKind;
}

export interface ItemResultRow {
  field: SetupField | undefined;
  settingId: string;
  ok: boolean;
  /** Harness's errorMessage, or what the value is now. */
  message: string;
}

export interface ReadBackRow {
  field: SetupField;
  expected: string | null;
  actual: string | null;
  matches: boolean;
}

export interface ReadBack {
  allMatch: boolean;
  rows: ReadBackRow[];
}

/** A failure as the form shows it: what happened, and what to do about it. */
export interface FailureReport {
  title: string;
  message: string;
  whatToDo: string;
  httpStatus?: number;
  correlationId?: string;
  missingPermissions: string[];
  /** The connection itself is the problem: offer "Connect again". */
  reconnect: boolean;
}

export type SendOperation = 'update' | 'restore';

export type SendOutcome =
  | {
      kind: 'sent';
      operation: SendOperation;
      /** Every item, in request order. */
      items: ItemResultRow[];
      allSucceeded: boolean;
      /** Absent when items failed (nothing to confirm) or when the read itself failed. */
      readBack?: ReadBack;
      readBackFailure?: FailureReport;
      /** Epoch ms from which Harness will use the new values (its settings cache, SETTINGS_PROPAGATION_SECONDS). */
      effectiveAt?: number;
      correlationId?: string;
    }
  | { kind: 'failed'; operation: SendOperation; failure: FailureReport };

// ----- try a token -----

export interface TokenTrialCheck {
  title: string;
  status: 'pass' | 'fail' | 'skipped';
  detail?: string;
}

export interface TokenTrial {
  accepted: boolean;
  code: string;
  message: string;
  checks: TokenTrialCheck[];
  warnings: string[];
  /** What Harness's token/validate would answer (SCIM callers always see 401). */
  harnessAnswer: string;
}
