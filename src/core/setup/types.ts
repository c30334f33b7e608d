/**
 * The setup form's vocabulary: the four SCIM JWT settings as form fields, and the plain-data
 * results the checks and the send produce. Pure data (no Node, no vscode) so the webview protocol
 * can share these shapes with the browser bundle.
 */
import { SCIM_JWT_SETTING_IDS, ScimJwtSettingIds, type ScimJwtSettingId } from '../harness/constants';

export type SetupField = 'jwksUrl' | 'keyField' | 'value' | 'serviceAccountId';

export const SETTING_ID_OF: Readonly<Record<SetupField, ScimJwtSettingId>> = {
  jwksUrl: ScimJwtSettingIds.jwksUrl,
  keyField: ScimJwtSettingIds.keyField,
  value: ScimJwtSettingIds.valueField,
  serviceAccountId: ScimJwtSettingIds.serviceAccountId,
};

/** The fields in the settings' own order (SCIM_JWT_SETTING_IDS). */
export const SETUP_FIELDS: readonly SetupField[] = SCIM_JWT_SETTING_IDS.map((id) => {
  const field = (Object.keys(SETTING_ID_OF) as SetupField[]).find((f) => SETTING_ID_OF[f] === id);
  if (field === undefined) throw new Error(`no form field for ${id}`);
  return field;
});

export const FIELD_LABEL: Readonly<Record<SetupField, string>> = {
  jwksUrl: 'JWKS URL',
  keyField: 'Key field (claim name)',
  value: 'Value to match',
  serviceAccountId: 'Service account',
};

/** What the user wants Harness to hold: exactly as typed (the builder decides what to trim). */
export type ScimJwtSettings = Record<SetupField, string>;

/** What Harness holds now; `null` = unset (Harness's default, `settingSource: "DEFAULT"`). */
export type CurrentSettings = Record<SetupField, string | null>;

export const EMPTY_SETTINGS: ScimJwtSettings = { jwksUrl: '', keyField: '', value: '', serviceAccountId: '' };
export const UNSET_SETTINGS: CurrentSettings = { jwksUrl: null, keyField: null, value: null, serviceAccountId: null };

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
      /** Epoch ms from which Harness will use the new values (its settings cache lives 120 s). */
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
