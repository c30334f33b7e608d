/**
 * The `.tf` checks as plain data (docs/harness-contract.md, "Terraform checks"): what is wrong in
 * the module before anything is fetched (`moduleFindings`), one setting's check with the network
 * and the account when the editor allows them (`checkSettingOnline`), and the account's values
 * against the file's (`driftOf`). Every check of a value is core/setup's, the form's own.
 */
import { countWord } from '../countWords';
import { inline } from '../listCap';
import { mdCode } from '../markdown';
import {
  checkJwksUrl,
  checkJwksUrlFormat,
  checkKeyField,
  checkServiceAccountFormat,
  checkValue,
  describeServiceAccount,
  FIELD_LABEL,
  jwksUrlNotes,
  SETTING_ID_OF,
  SETUP_FIELDS,
  settingOf,
  type CurrentSettings,
  type FieldCheck,
  type KeySetLoader,
  type SetupField,
  type SetupHarnessPort,
} from '../setup';
import type { TfDrift, TfFinding, TfLocation, TfModule, TfSetting, TfValue } from './types';

/** Where Harness reads the four (HC JWTTokenFlowAuthFilterUtils.java:276-277) and allows them (settings.yml:32-63). */
export const ACCOUNT_SCOPE_ONLY =
  'Harness keeps the SCIM JWT settings at account scope only and reads them there; below the account it refuses them ("cannot be overridden at the current scope"), so the apply fails.';

/** HC2 JWTTokenFlowAuthFilterUtils.getJwtServiceAccountDtoInternal (docs/harness-contract.md, step 11). */
export const SERVICE_ACCOUNT_SCOPE_NOTE =
  'Harness looks the SCIM service account up at account scope only, so an organization or project service account is not found and every SCIM call gets 401. Create it at account scope (no org_id or project_id).';

const OVERRIDES_NOTE =
  'Harness allows the SCIM JWT settings at account scope only, so nothing can override them: allow_overrides changes nothing here. The export writes false, as the form sends.';

/**
 * Java's `String.trim()`, which Harness applies to the JWKS URL before use
 * (HC JWTTokenFlowAuthFilterUtils.java:234): code points up to U+0020 at the ends, nothing else.
 */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** The form's URL notes say its spaces are "removed before sending": the provider sends them (TFP@c7ba resource_setting.go:161). */
const URL_ENDS_NOTE =
  'Terraform sends the URL as written, spaces at the ends included (the provider does not trim it, unlike the form); Harness trims it before use, so it works, and the account holds it with the spaces.';

function where(loc: TfLocation): string {
  return `${loc.file}:${String(loc.range.start.line + 1)}`;
}

/** The value the module gives Harness when known before apply: a literal, or a referenced service account's identifier. */
export function knownValue(value: TfValue | undefined): string | undefined {
  if (value?.kind === 'known') return value.value;
  if (value?.kind === 'service-account') return value.identifier;
  return undefined;
}

/** Why a value cannot be checked before apply; undefined when it can. */
function notKnownWhy(setting: TfSetting): string | undefined {
  const v = setting.value;
  if (v === undefined) return undefined;
  if (v.kind === 'unknown') return v.reason;
  if (v.kind === 'service-account' && v.identifier === undefined)
    return `the identifier of ${v.address} is not known before apply`;
  return undefined;
}

/** The form's check of a known value, without fetching anything (a well-formed service account stays `pending`). */
function staticCheck(field: SetupField, text: string): FieldCheck {
  switch (field) {
    case 'jwksUrl': {
      const url = javaTrim(text);
      const format = checkJwksUrlFormat(url);
      if (!format.ok) return format.check;
      const notes = jwksUrlNotes(url, format);
      const ends = url !== text ? [URL_ENDS_NOTE] : [];
      return {
        field,
        level: notes.length > 0 ? 'warning' : ends.length > 0 ? 'info' : 'ok',
        message: [...notes, ...ends][0] ?? 'A well-formed key set URL.',
        details: [...notes, ...ends].slice(1),
        actions: [],
      };
    }
    case 'keyField':
      return checkKeyField(text);
    case 'value':
      return checkValue(text);
    case 'serviceAccountId':
      return checkServiceAccountFormat(text);
    default:
      // A setting added to the table without a check of its own: nothing to flag.
      return { field, level: 'ok', message: '', details: [], actions: [] };
  }
}

/** What is wrong in the module before anything is fetched: diagnostics and hovers read these. */
export function moduleFindings(module: TfModule): TfFinding[] {
  const findings: TfFinding[] = [];
  for (const u of module.unread ?? [])
    findings.push({ at: u.at, level: 'warning', message: `This file was not checked: ${u.reason}.`, details: [] });
  for (const e of module.syntaxErrors)
    findings.push({
      at: e,
      level: 'error',
      message: 'HCL syntax error: Terraform would refuse this file. The checks read what parsed around it.',
      details: [],
    });
  const [first] = module.settings;
  // A module that writes none of the four is not a SCIM JWT module: nothing to say about it.
  if (first !== undefined && module.missing.length > 0)
    findings.push({
      at: first.block,
      level: 'warning',
      message: `This module sets ${countWord(SETUP_FIELDS.length - module.missing.length)} of the ${countWord(SETUP_FIELDS.length)} SCIM JWT settings; missing: ${module.missing.map((f) => `${FIELD_LABEL[f]} (${SETTING_ID_OF[f]})`).join(', ')}. Harness needs all ${countWord(SETUP_FIELDS.length)} and answers every SCIM JWT call with 401 otherwise, unless another module or the form sets the rest.`,
      details: [],
    });
  const seen = new Map<SetupField, TfSetting>();
  for (const s of module.settings) {
    const label = FIELD_LABEL[s.field];
    const earlier = seen.get(s.field);
    if (earlier !== undefined)
      findings.push({
        at: s.block,
        field: s.field,
        level: 'error',
        message: `${s.address} writes ${SETTING_ID_OF[s.field]} again (also ${earlier.address}, ${where(earlier.block)}). Both write the same account setting: each apply leaves whichever ran last, and every plan wants to change it back. Keep one.`,
        details: [],
      });
    else seen.set(s.field, s);
    const scoped = s.projectId ?? s.orgId;
    if (scoped !== undefined) {
      const which = s.projectId !== undefined ? 'project_id' : 'org_id';
      // Known only at apply, it may yet be null or "", which the provider treats as not set.
      const sure = scoped.kind !== 'unknown';
      findings.push({
        at: s.block,
        field: s.field,
        level: sure ? 'error' : 'warning',
        message: sure
          ? `${s.address} sets ${which}: ${ACCOUNT_SCOPE_ONLY} Remove org_id and project_id.`
          : `${s.address} sets ${which}, known only at apply (${scoped.reason}); unless it is then null or "", ${ACCOUNT_SCOPE_ONLY} Remove org_id and project_id.`,
        details: [],
      });
    }
    if (s.allowOverrides !== false)
      findings.push({
        at: s.block,
        field: s.field,
        level: 'info',
        message: `allow_overrides is ${s.allowOverrides === 'absent' ? 'not written (the provider sends true)' : s.allowOverrides === 'unknown' ? 'not known before apply' : 'true'}. ${OVERRIDES_NOTE}`,
        details: [],
      });
    if (s.value === undefined) {
      findings.push({
        at: s.block,
        field: s.field,
        level: 'error',
        message: `${s.address} has no value: the provider requires one.`,
        details: [],
      });
      continue;
    }
    const referenced = s.value.kind === 'service-account' ? s.value.address : undefined;
    const account = module.serviceAccounts.find((a) => a.address === referenced);
    if (account !== undefined && (account.orgId !== undefined || account.projectId !== undefined))
      findings.push({
        at: account.block,
        field: s.field,
        level: 'warning',
        message: `${account.address} sets ${account.projectId !== undefined ? 'project_id' : 'org_id'}: ${SERVICE_ACCOUNT_SCOPE_NOTE}`,
        details: [],
      });
    const valueAt = s.valueAt ?? s.block;
    const why = notKnownWhy(s);
    if (why !== undefined) {
      findings.push({
        at: valueAt,
        field: s.field,
        level: 'info',
        message: `${label}: not known before apply (${why}), so it is not checked here.`,
        details: [],
      });
      continue;
    }
    const text = knownValue(s.value);
    if (text === undefined) continue;
    const check = staticCheck(s.field, text);
    if (check.level === 'ok' || check.level === 'pending') continue;
    findings.push({
      at: valueAt,
      field: s.field,
      level: check.level,
      message: `${label}: ${check.message}`,
      details: check.details,
    });
  }
  return findings;
}

/** The module-level line of the lens: all four present, or which are missing. */
export function moduleLine(module: TfModule): { level: 'ok' | 'warning'; message: string } {
  const all = countWord(SETUP_FIELDS.length);
  if (module.missing.length === 0) return { level: 'ok', message: `All ${all} SCIM JWT settings are in this module.` };
  const present = countWord(SETUP_FIELDS.length - module.missing.length);
  return {
    level: 'warning',
    message: `${present.charAt(0).toUpperCase()}${present.slice(1)} of the ${all} SCIM JWT settings are in this module; missing: ${module.missing.map((f) => FIELD_LABEL[f]).join(', ')}.`,
  };
}

export interface OnlineCheckDeps {
  /** The shared JWKS cache; absent in an untrusted workspace (nothing is fetched because of a file). */
  keySets?: KeySetLoader;
  /** The connected account; absent when not connected. */
  harness?: SetupHarnessPort;
}

export const UNTRUSTED_NOTE =
  'Not fetched: this workspace is not trusted, and nothing is fetched because of what a file says. Trust the workspace to fetch the key set.';
export const NOT_CONNECTED_NOTE = "Not connected: the service account's permissions are not checked.";

const info = (field: SetupField, message: string, details: string[] = []): FieldCheck => ({
  field,
  level: 'info',
  message,
  details,
  actions: [],
});

/**
 * One setting's check for the lens: the key set fetched through `keySets` with its keys listed,
 * the claim's spacing and case, the value, and the service account with its five permissions when
 * an account is connected. The module's other findings (scope, duplicates) are `moduleFindings`'.
 */
export async function checkSettingOnline(
  setting: TfSetting,
  module: TfModule,
  deps: OnlineCheckDeps = {},
): Promise<FieldCheck> {
  const { field } = setting;
  const scope = setting.orgId !== undefined || setting.projectId !== undefined ? [ACCOUNT_SCOPE_ONLY] : [];
  if (setting.value === undefined)
    return { field, level: 'error', message: `${setting.address} has no value.`, details: scope, actions: [] };
  const why = notKnownWhy(setting);
  if (why !== undefined) return info(field, `Not known before apply: ${why}.`, scope);
  const text = knownValue(setting.value) ?? '';
  const withScope = (check: FieldCheck): FieldCheck => ({ ...check, details: [...check.details, ...scope] });
  switch (field) {
    case 'jwksUrl': {
      // What Harness fetches: the URL trimmed; the spaces the provider sends are a note of their own.
      const url = javaTrim(text);
      const ends = url !== text ? [URL_ENDS_NOTE] : [];
      if (deps.keySets !== undefined) {
        const check = await checkJwksUrl(url, deps.keySets);
        return { ...check, details: [...check.details, ...ends, ...scope] };
      }
      const format = checkJwksUrlFormat(url);
      if (!format.ok) return withScope(format.check);
      return info(field, UNTRUSTED_NOTE, [...jwksUrlNotes(url, format), ...ends, ...scope]);
    }
    case 'keyField':
      return withScope(checkKeyField(text));
    case 'value':
      return withScope(checkValue(text));
    case 'serviceAccountId': {
      const shape = checkServiceAccountFormat(text);
      if (shape.level === 'error') return withScope(shape);
      const reference = setting.value.kind === 'service-account' ? setting.value.address : undefined;
      const account = module.serviceAccounts.find((s) => s.address === reference);
      if (account !== undefined && (account.orgId !== undefined || account.projectId !== undefined))
        return {
          field,
          level: 'warning',
          message: `${account.address} sets ${account.projectId !== undefined ? 'project_id' : 'org_id'}: ${SERVICE_ACCOUNT_SCOPE_NOTE}`,
          details: scope,
          actions: [],
        };
      const created = account !== undefined;
      if (deps.harness === undefined)
        return info(
          field,
          `${reference !== undefined ? `${reference} (${text})` : `"${text}"`}: ${NOT_CONNECTED_NOTE}`,
          scope,
        );
      const finding = await deps.harness.findServiceAccount(text.trim());
      if (!finding.found && created)
        return info(
          field,
          `${reference} ("${text.trim()}") is not in Harness yet: this module's apply creates it. Its permissions are checked once it exists.`,
          scope,
        );
      return withScope(describeServiceAccount(text, finding));
    }
    default:
      return info(setting.field, `${setting.address}: no check of its own here.`, scope);
  }
}

/** The account's values against the module's, one row per setting resource, in file order. */
export function driftOf(module: TfModule, current: CurrentSettings): TfDrift[] {
  return module.settings.map((s): TfDrift => {
    const harness = current[s.field];
    const file = knownValue(s.value);
    if (file === undefined) return { field: s.field, kind: 'unknown-in-file', harness };
    if (harness === null) return { field: s.field, kind: 'unset-in-harness', file };
    // The provider sends the value as written and Harness stores it so: equal means the same string.
    return harness === file
      ? { field: s.field, kind: 'same', value: file }
      : { field: s.field, kind: 'different', harness, file };
  });
}

/** The setting's name in a sentence ("claim value", "JWKS URL"). */
function nounOf(field: SetupField): string {
  const label: string = settingOf(field).treeLabel;
  return /^[A-Z]{2}/.test(label) ? label : `${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

/** A value in a markdown sentence: one line, clipped, in code. */
const shown = (value: string): string => mdCode(inline(value));

/** The lens's sentence for one drift row: "Harness has a different claim value: `abc`". Markdown. */
export function driftSentence(drift: TfDrift): string {
  const noun = nounOf(drift.field);
  switch (drift.kind) {
    case 'same':
      return `Harness holds this ${noun}.`;
    case 'unset-in-harness':
      return `Harness holds no ${noun} yet: the apply sets it.`;
    case 'unknown-in-file':
      return drift.harness === null
        ? `Not compared: the file's ${noun} is known only at apply, and Harness holds none.`
        : `Not compared: the file's ${noun} is known only at apply. Harness has ${shown(drift.harness)}.`;
    case 'different': {
      const spaces =
        drift.harness.trim() === drift.file.trim() && settingOf(drift.field).trimmed
          ? ' They differ only in spaces at the ends, which Harness trims before use; the apply still rewrites it.'
          : '';
      return `Harness has a different ${noun}: ${shown(drift.harness)}.${spaces}`;
    }
  }
}
