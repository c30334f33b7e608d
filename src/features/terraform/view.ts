/**
 * What the lens, hover and problems say about one `harness_platform_setting`: the worst of its
 * static findings and its online check, the keys of the key set, the drift against the connected
 * account, and where the value comes from. Titles carry words, not only marks, for screen readers;
 * every value from a file, a key set or Harness is clipped and escaped before it is shown, and a
 * Harness API key or a JWT in it (a variable file may hold one) is shown redacted.
 */
import { capList, inline } from '../../core/listCap';
import { mdCode, mdText } from '../../core/markdown';
import { redact } from '../../core/redact';
import { terminalText } from '../../core/terminalText';
import { FIELD_LABEL, SETTING_ID_OF, type CheckLevel, type FieldCheck } from '../../core/setup';
import {
  driftSentence,
  moduleLine,
  type TfDrift,
  type TfFinding,
  type TfLocation,
  type TfSetting,
  type TfValue,
} from '../../core/terraform';
import { lensText } from '../../platform/lensText';
import type { ModuleAnalysis, OnlineResult } from './moduleService';

type Level = Exclude<CheckLevel, 'pending'>;

export const RANK: Record<Level, number> = { ok: 0, info: 1, warning: 2, error: 3 };
const MARK: Record<Level, string> = { ok: '✓', info: 'ℹ', warning: '⚠', error: '✗' };
export const CHECKING = 'checking…';

/** Text of several lines (a tooltip, a hover): secrets redacted, controls and bidi overrides escaped. */
const shownText = (text: string): string => terminalText(redact(text));

export interface SettingView {
  setting: TfSetting;
  /** `pending` while the online check runs. */
  level: Level | 'pending';
  title: string;
  tooltip: string;
  /** The drift lens, when an account is connected. */
  drift?: string;
}

const sameLocation = (a: TfLocation, b: TfLocation | undefined): boolean =>
  b?.file === a.file &&
  a.range.start.line === b.range.start.line &&
  a.range.start.character === b.range.start.character;

/** The module's findings on this setting resource (its block or its value). */
export function findingsOf(analysis: ModuleAnalysis, setting: TfSetting): TfFinding[] {
  return analysis.findings.filter(
    (f) => f.field === setting.field && (sameLocation(f.at, setting.block) || sameLocation(f.at, setting.valueAt)),
  );
}

function onlineCheckOf(
  online: OnlineResult | undefined,
  setting: TfSetting,
): FieldCheck | { failed: string } | undefined {
  const c = online?.checks?.get(setting);
  if (!c) return undefined;
  return c.kind === 'done' ? c.check : { failed: c.message };
}

const countNotes = (n: number): string => `${n} note${n === 1 ? '' : 's'}`;

function keysText(check: FieldCheck): string {
  if (!check.keys || check.keys.length === 0) return '';
  return ` Keys: ${capList(check.keys, { max: 3, show: (k) => inline(k.kid ?? `${k.kty} without kid`, 40) })}.`;
}

/** A finding's message without the setting's label in front (the lens names the setting itself). */
function withoutLabel(message: string, label: string): string {
  return message.startsWith(`${label}: `) ? message.slice(label.length + 2) : message;
}

interface Candidate {
  level: Level;
  message: string;
  details: string[];
}

export function settingView(
  analysis: ModuleAnalysis,
  setting: TfSetting,
  online: OnlineResult | undefined,
): SettingView {
  const label = FIELD_LABEL[setting.field];
  const check = onlineCheckOf(online, setting);
  // What the online check says again (the key set URL's notes) is said once, by the online check.
  const repeated = new Set(check && !('failed' in check) ? [check.message, ...check.details] : []);
  const statics: Candidate[] = findingsOf(analysis, setting)
    .filter((f) => f.level !== 'ok')
    .map((f) => ({ level: f.level, message: withoutLabel(f.message, label), details: f.details }))
    .filter((c) => !repeated.has(c.message));
  let fetched: Candidate | undefined;
  if (check && 'failed' in check)
    fetched = { level: 'warning', message: `Could not be checked: ${check.failed}`, details: [] };
  else if (check && check.level !== 'pending')
    fetched = {
      level: check.level,
      message: `${check.message}${keysText(check)}${check.details.length > 0 ? ` ${countNotes(check.details.length)}: hover the value.` : ''}`,
      details: check.details,
    };
  const worstStatic = statics.reduce<Candidate | undefined>(
    (w, c) => (w === undefined || RANK[c.level] > RANK[w.level] ? c : w),
    undefined,
  );
  // The online check is the richer answer (keys, permissions): it heads the lens unless a static finding is worse.
  const head = fetched && (!worstStatic || RANK[fetched.level] >= RANK[worstStatic.level]) ? fetched : worstStatic;
  const others = [...statics, ...(fetched ? [fetched] : [])].filter((c) => c !== head && RANK[c.level] >= RANK.warning);
  const more = others.length > 0 ? ` (and ${others.length} more: hover or see Problems)` : '';
  let level: SettingView['level'];
  let title: string;
  if (head) {
    level = head.level;
    title = `${MARK[head.level]} ${label}: ${inline(head.message, 160)}${more}`;
  } else if (online === undefined) {
    level = 'pending';
    title = `⋯ ${label}: ${CHECKING}`;
  } else {
    level = 'ok';
    title = `✓ ${label}: no problem found`;
  }
  if (online === undefined && head) title += ` · ${CHECKING}`;
  if (online?.notFetched !== undefined) title += ` · nothing fetched: ${online.notFetched}`;
  const tooltip = [...statics, ...(fetched ? [fetched] : [])]
    .flatMap((c) => [c.message, ...c.details])
    .concat(valueLine(setting.value))
    .map((l) => inline(l, 300))
    .join('\n');
  const view: SettingView = { setting, level, title: lensText(title), tooltip: shownText(tooltip) };
  const drift = driftTitle(online, setting);
  if (drift !== undefined) view.drift = drift;
  return view;
}

function driftOfSetting(online: OnlineResult | undefined, setting: TfSetting): TfDrift | undefined {
  const d = online?.drift;
  if (!d || !('drifts' in d)) return undefined;
  return d.drifts.find((x) => x.field === setting.field);
}

function driftTitle(online: OnlineResult | undefined, setting: TfSetting): string | undefined {
  const d = online?.drift;
  if (!d) return undefined;
  if ('unavailable' in d) return lensText(`○ Not compared with Harness: ${inline(d.unavailable, 160)}`);
  const drift = driftOfSetting(online, setting);
  if (!drift) return undefined;
  const mark = drift.kind === 'same' ? '=' : drift.kind === 'unknown-in-file' ? '?' : '≠';
  return lensText(`${mark} ${inline(driftSentence(drift), 200)}`);
}

/** Where the value comes from, in one line of plain text. */
export function valueLine(value: TfValue | undefined): string {
  if (value === undefined) return 'No value is written.';
  const chain = value.origin.map((o) => o.what).join(' ← ');
  const from = chain === '' ? '' : ` (from ${chain})`;
  switch (value.kind) {
    case 'known':
      return `Value: "${inline(value.value, 200)}"${from}`;
    case 'service-account':
      return `Value: the identifier of ${value.address}${value.identifier === undefined ? '' : ` ("${inline(value.identifier, 120)}")`}${from}`;
    case 'unknown':
      return `Value: unknown until apply: ${inline(value.reason, 200)}${from}`;
  }
}

const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

function originMarkdown(value: TfValue): string[] {
  if (value.origin.length === 0) return [];
  return [
    'Comes from:',
    ...value.origin.map((o) => {
      const file = fileName(o.at.file);
      const where = o.what === file ? '' : `, ${mdText(file)}`;
      return `- ${mdCode(inline(o.what, 120))}${where} line ${o.at.range.start.line + 1}`;
    }),
  ];
}

function valueMarkdown(value: TfValue | undefined): string[] {
  if (value === undefined) return ['No `value` is written: Harness keeps its current value.'];
  switch (value.kind) {
    case 'known':
      return [`Value: ${mdCode(inline(value.value, 300))}`, '', ...originMarkdown(value)];
    case 'service-account':
      return [
        `Value: the identifier of the service account resource ${mdCode(value.address)}${value.identifier === undefined ? ' (its identifier is not known before apply)' : `: ${mdCode(inline(value.identifier, 120))}`}`,
        '',
        ...originMarkdown(value),
      ];
    case 'unknown':
      return [`Value: **unknown until apply**: ${mdText(inline(value.reason, 300))}`, '', ...originMarkdown(value)];
  }
}

/** The lens over the first setting of each file: are all four in the module. */
export function moduleTitle(analysis: ModuleAnalysis): string {
  const line = moduleLine(analysis.module);
  return lensText(`${MARK[line.level]} ${line.message}`);
}

export function hoverMarkdown(analysis: ModuleAnalysis, setting: TfSetting, online: OnlineResult | undefined): string {
  const label = FIELD_LABEL[setting.field];
  const lines: string[] = [
    `**${mdText(label)}** (${mdCode(SETTING_ID_OF[setting.field])}) · ${mdText(setting.address)}`,
    '',
    ...valueMarkdown(setting.value),
    '',
    '**Check**',
    '',
  ];
  const check = onlineCheckOf(online, setting);
  const repeated = new Set(check && !('failed' in check) ? [check.message, ...check.details] : []);
  for (const f of findingsOf(analysis, setting)) {
    if (repeated.has(withoutLabel(f.message, label))) continue;
    lines.push(
      `- ${MARK[f.level]} ${mdText(inline(f.message, 300))}`,
      ...f.details.map((d) => `  - ${mdText(inline(d, 300))}`),
    );
  }
  if (online === undefined) lines.push(`- ⋯ ${CHECKING}`);
  else if (check && 'failed' in check) lines.push(`- ⚠ Could not be checked: ${mdText(inline(check.failed, 300))}`);
  else if (check) {
    lines.push(`- ${check.level === 'pending' ? '⋯' : MARK[check.level]} ${mdText(inline(check.message, 300))}`);
    lines.push(...check.details.slice(0, 10).map((d) => `  - ${mdText(inline(d, 300))}`));
    if (check.keys && check.keys.length > 0) {
      lines.push('', '| kid | kty | alg | use |', '| --- | --- | --- | --- |');
      for (const k of check.keys.slice(0, 20))
        lines.push(
          `| ${[k.kid, k.kty, k.alg, k.use].map((c) => (c === undefined ? '—' : mdCode(inline(c, 80)))).join(' | ')} |`,
        );
    }
  }
  const drift = online?.drift;
  if (drift && 'unavailable' in drift)
    lines.push('', `**Harness:** not compared: ${mdText(inline(drift.unavailable, 300))}`);
  else if (drift) {
    const row = driftOfSetting(online, setting);
    // driftSentence is markdown already, its values escaped.
    if (row) lines.push('', `**Harness** (${mdText(inline(drift.accountLabel, 80))}): ${driftSentence(row)}`);
  }
  if (online?.notFetched !== undefined) lines.push('', `Nothing fetched: ${mdText(online.notFetched)}.`);
  for (const n of analysis.folder.notes) lines.push('', mdText(inline(n, 300)));
  return shownText(lines.join('\n'));
}
