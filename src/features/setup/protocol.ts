/**
 * The setup form's message protocol, shared by the extension host (the panel in this folder) and the browser
 * bundle (ui/). Discriminated unions on `type`, both ways; every received message goes
 * through a guard before it is switched on. No secrets travel here: the API key stays in the host;
 * the only token is the one the user pastes to try, which goes webview → host only.
 *
 * Kept free of Node and vscode imports (the webview bundle includes it); `core/setup/types` is pure.
 */
import {
  SETUP_FIELDS,
  type CheckAction,
  type CurrentSettings,
  type DiffRow,
  type FailureReport,
  type FieldCheck,
  type ScimJwtSettings,
  type SendOperation,
  type SendOutcome,
  type SetupField,
  type TokenTrial,
} from '../../core/setup/types';
import type { SuggestionView } from '../../core/idp/view';

export type { SuggestionView };
export type {
  CheckAction,
  CurrentSettings,
  DiffRow,
  FailureReport,
  FieldCheck,
  ScimJwtSettings,
  SendOperation,
  SendOutcome,
  SetupField,
  TokenTrial,
};

export interface ServiceAccountChoice {
  identifier: string;
  name: string;
}

export interface AccountInfo {
  accountId: string;
  baseUrl: string;
}

// ----- webview → host -----

export type FromWebview =
  /** Handshake; carries the form the webview kept (hide/show, reload) so the host never overwrites it. */
  | { type: 'ready'; form: ScimJwtSettings | null }
  /** Sent debounced while typing; the host answers with `checks` and `preview`. */
  | { type: 'formChanged'; form: ScimJwtSettings }
  /** "Check again": forget the cached answer for this field's lookup. */
  | { type: 'recheck'; field: SetupField; form: ScimJwtSettings }
  | { type: 'tryToken'; token: string; form: ScimJwtSettings }
  /** "Fill from a token": propose the settings from this pasted token; nothing is written or sent. */
  | { type: 'fillFromToken'; token: string }
  /** "Fill from a token", picking one of the open .http files' tokens in a host quick pick (the token stays in the host). */
  | { type: 'pickTokenToFill' }
  /** `confirmed` is true only after the user saw `confirmNeeded` and agreed. */
  | { type: 'send'; form: ScimJwtSettings; confirmed: boolean }
  | { type: 'restore'; confirmed: boolean }
  | { type: 'copyCurl'; form: ScimJwtSettings }
  /** The Terraform preview's checkbox: also export the service account, its SCIM role and assignment. */
  | { type: 'terraformOptions'; withServiceAccount: boolean; form: ScimJwtSettings }
  | { type: 'copyTerraform'; withServiceAccount: boolean; form: ScimJwtSettings }
  | { type: 'saveHttp'; form: ScimJwtSettings }
  | { type: 'testWithToken' }
  | { type: 'createServiceAccount' }
  | { type: 'connect' }
  | { type: 'refresh' };

export type FromWebviewType = FromWebview['type'];

// ----- host → webview -----

export type ToWebview =
  | {
      type: 'init';
      /** What to show: state restored from the webview, else the current settings, else empty. */
      form: ScimJwtSettings;
      account: AccountInfo | null;
      current: CurrentSettings | null;
      serviceAccounts: ServiceAccountChoice[];
      failure: FailureReport | null;
    }
  | { type: 'checks'; checks: FieldCheck[]; form: ScimJwtSettings }
  | {
      type: 'preview';
      bodyJson: string;
      curl: string;
      /** The same setup as a Terraform module (docs/terraform.md), with or without the service account as the checkbox says. */
      terraform: string;
      diff: DiffRow[];
      form: ScimJwtSettings;
    }
  | { type: 'confirmNeeded'; operation: SendOperation; rows: DiffRow[] }
  | { type: 'busy'; operation: SendOperation | 'tryToken' | 'refresh' | 'fillFromToken' }
  | { type: 'sendResult'; outcome: SendOutcome }
  | { type: 'tokenTrial'; trial: TokenTrial }
  /**
   * "Fill from a token": the proposal, never the token. `source` says where the token came from
   * ("pasted", or a file and line). `complete` is false for the first, offline answer when the
   * key set is still being fetched (trusted workspaces only); a complete one follows.
   */
  | { type: 'fillProposal'; proposal: SuggestionView; source: string; complete: boolean }
  | { type: 'current'; current: CurrentSettings | null; failure: FailureReport | null }
  | { type: 'serviceAccounts'; serviceAccounts: ServiceAccountChoice[] }
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type ToWebviewType = ToWebview['type'];

/** The webview's persisted state (vscode.setState); the serializer hands it back after a reload. */
export interface PersistedState {
  version: 1;
  form: ScimJwtSettings;
  /** When the last successful send takes effect (epoch ms), so the countdown survives a reload. */
  effectiveAt: number | null;
}

// ----- guards -----

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNullable = <T>(v: unknown, g: (x: unknown) => x is T): v is T | null => v === null || g(v);
const isArrayOf = <T>(v: unknown, g: (x: unknown) => x is T): v is T[] => Array.isArray(v) && v.every(g);

/** Longest text a field may carry; a JWKS URL or claim is far shorter, a token a few kilobytes. */
const MAX_FIELD = 4096;
const MAX_TOKEN = 64 * 1024;

export function isSetupField(v: unknown): v is SetupField {
  return isStr(v) && (SETUP_FIELDS as readonly string[]).includes(v);
}

export function isSettings(v: unknown): v is ScimJwtSettings {
  return isObj(v) && SETUP_FIELDS.every((f) => isStr(v[f]) && v[f].length <= MAX_FIELD);
}

export function isCurrentSettings(v: unknown): v is CurrentSettings {
  return isObj(v) && SETUP_FIELDS.every((f) => v[f] === null || isStr(v[f]));
}

/** Validates everything the host receives from the webview. */
export function isFromWebview(v: unknown): v is FromWebview {
  if (!isObj(v) || !isStr(v.type)) return false;
  const t = v.type as FromWebviewType;
  switch (t) {
    case 'ready':
      return v.form === null || isSettings(v.form);
    case 'testWithToken':
    case 'pickTokenToFill':
    case 'createServiceAccount':
    case 'connect':
    case 'refresh':
      return true;
    case 'formChanged':
    case 'copyCurl':
    case 'saveHttp':
      return isSettings(v.form);
    case 'terraformOptions':
    case 'copyTerraform':
      return isBool(v.withServiceAccount) && isSettings(v.form);
    case 'recheck':
      return isSetupField(v.field) && isSettings(v.form);
    case 'tryToken':
      return isStr(v.token) && v.token.length <= MAX_TOKEN && isSettings(v.form);
    case 'fillFromToken':
      return isStr(v.token) && v.token.length <= MAX_TOKEN;
    case 'send':
      return isSettings(v.form) && isBool(v.confirmed);
    case 'restore':
      return isBool(v.confirmed);
    default:
      return assertNeverType(t);
  }
}

function assertNeverType(_t: never): false {
  return false;
}

const LEVELS = new Set(['ok', 'info', 'warning', 'error', 'pending']);

function isAction(v: unknown): v is CheckAction {
  if (!isObj(v)) return false;
  switch (v.kind) {
    case 'use-jwks-uri':
      return isStr(v.url);
    case 'create-service-account':
      return true;
    case 'use-suggestion':
      return isStr(v.value);
    default:
      return false;
  }
}

export function isFieldCheck(v: unknown): v is FieldCheck {
  return (
    isObj(v) &&
    isSetupField(v.field) &&
    isStr(v.level) &&
    LEVELS.has(v.level) &&
    isStr(v.message) &&
    isArrayOf(v.details, isStr) &&
    isArrayOf(v.actions, isAction)
  );
}

export function isFailureReport(v: unknown): v is FailureReport {
  return (
    isObj(v) &&
    isStr(v.title) &&
    isStr(v.message) &&
    isStr(v.whatToDo) &&
    isArrayOf(v.missingPermissions, isStr) &&
    isBool(v.reconnect)
  );
}

function isDiffRow(v: unknown): v is DiffRow {
  return (
    isObj(v) &&
    isSetupField(v.field) &&
    isStr(v.settingId) &&
    isNullable(v.current, isStr) &&
    isNullable(v.next, isStr) &&
    isStr(v.change)
  );
}

function isServiceAccountChoice(v: unknown): v is ServiceAccountChoice {
  return isObj(v) && isStr(v.identifier) && isStr(v.name);
}

function isOperation(v: unknown): v is SendOperation {
  return v === 'update' || v === 'restore';
}

function isOutcome(v: unknown): v is SendOutcome {
  if (!isObj(v) || !isOperation(v.operation)) return false;
  if (v.kind === 'failed') return isFailureReport(v.failure);
  return (
    v.kind === 'sent' &&
    isBool(v.allSucceeded) &&
    Array.isArray(v.items) &&
    v.items.every((i) => isObj(i) && isStr(i.settingId) && isBool(i.ok) && isStr(i.message))
  );
}

function isTrial(v: unknown): v is TokenTrial {
  return (
    isObj(v) &&
    isBool(v.accepted) &&
    isStr(v.code) &&
    isStr(v.message) &&
    Array.isArray(v.checks) &&
    isArrayOf(v.warnings, isStr) &&
    isStr(v.harnessAnswer)
  );
}

const SUPPORT = new Set<string>([
  'yes',
  'yes-unsupported',
  'no',
  'no-by-default',
  'only-with-typ',
  'likely',
  'unknown',
] satisfies NonNullable<SuggestionView['provider']>['harness'][]);

function isProposal(v: unknown): v is { value: string; reason: string } {
  return isObj(v) && isStr(v.value) && isStr(v.reason);
}

function isSuggestionView(v: unknown): v is SuggestionView {
  if (!isObj(v)) return false;
  const p = v.provider;
  const providerOk =
    p === null ||
    (isObj(p) &&
      isStr(p.id) &&
      isStr(p.name) &&
      (p.recognisedBy === 'issuer' || p.recognisedBy === 'shape') &&
      isStr(p.harness) &&
      SUPPORT.has(p.harness) &&
      isStr(p.harnessText) &&
      isNullable(p.rotation, isStr) &&
      isArrayOf(p.sources, isStr));
  return (
    providerOk &&
    isNullable(v.jwksUrl, isProposal) &&
    isNullable(v.keyField, isProposal) &&
    isNullable(v.value, isProposal) &&
    isArrayOf(
      v.alternatives,
      (a): a is SuggestionView['alternatives'][number] =>
        isObj(a) && isStr(a.claim) && isStr(a.value) && (a.caution === undefined || isStr(a.caution)),
    ) &&
    isBool(v.accepted) &&
    (v.basis === 'key-set' || v.basis === 'shape') &&
    isStr(v.basisText) &&
    isNullable(v.refusal, isStr) &&
    isArrayOf(v.hints, isStr)
  );
}

/** Validates everything the webview receives from the host (a stale or foreign message is dropped). */
export function isToWebview(v: unknown): v is ToWebview {
  if (!isObj(v) || !isStr(v.type)) return false;
  const t = v.type as ToWebviewType;
  switch (t) {
    case 'init':
      return (
        isSettings(v.form) &&
        (v.account === null || (isObj(v.account) && isStr(v.account.accountId) && isStr(v.account.baseUrl))) &&
        isNullable(v.current, isCurrentSettings) &&
        isArrayOf(v.serviceAccounts, isServiceAccountChoice) &&
        isNullable(v.failure, isFailureReport)
      );
    case 'checks':
      return isArrayOf(v.checks, isFieldCheck) && isSettings(v.form);
    case 'preview':
      return (
        isStr(v.bodyJson) && isStr(v.curl) && isStr(v.terraform) && isArrayOf(v.diff, isDiffRow) && isSettings(v.form)
      );
    case 'confirmNeeded':
      return isOperation(v.operation) && isArrayOf(v.rows, isDiffRow);
    case 'busy':
      return (
        isOperation(v.operation) ||
        v.operation === 'tryToken' ||
        v.operation === 'refresh' ||
        v.operation === 'fillFromToken'
      );
    case 'sendResult':
      return isOutcome(v.outcome);
    case 'tokenTrial':
      return isTrial(v.trial);
    case 'fillProposal':
      return isSuggestionView(v.proposal) && isStr(v.source) && isBool(v.complete);
    case 'current':
      return isNullable(v.current, isCurrentSettings) && isNullable(v.failure, isFailureReport);
    case 'serviceAccounts':
      return isArrayOf(v.serviceAccounts, isServiceAccountChoice);
    case 'notice':
      return (v.level === 'info' || v.level === 'error') && isStr(v.message);
    default:
      return assertNeverType(t);
  }
}

export function isPersistedState(v: unknown): v is PersistedState {
  return (
    isObj(v) &&
    v.version === 1 &&
    isSettings(v.form) &&
    (v.effectiveAt === null || (typeof v.effectiveAt === 'number' && Number.isFinite(v.effectiveAt)))
  );
}

/** For exhaustive switches on either union. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled message ${JSON.stringify(value)}`);
}

/** A short, redaction-ready text of an invalid message for the log (never throws). */
export function describeInvalid(value: unknown): string {
  try {
    // JSON.stringify answers undefined for undefined and functions, whatever its typing says.
    const text = JSON.stringify(value) as unknown;
    return (typeof text === 'string' ? text : typeof value).slice(0, 200);
  } catch {
    return 'an unserializable value';
  }
}
