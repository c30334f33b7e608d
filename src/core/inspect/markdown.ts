/**
 * Markdown for the hover and the full report. Plain strings (the editor wraps them in a
 * MarkdownString) so unit tests can prove what they contain, and never contain: the raw token
 * and its signature.
 */
import { clientMeanings, describeProblem } from '../http';
import { keySetText, providerLabel, providerRefusal, rotationForecast } from '../idp';
import { firstFew, clip } from '../listCap';
import { mdCode, mdText } from '../markdown';
import { CHECK_ORDER, SCIM_CALLER_ERROR, type KeyConsidered, type VerdictCheck } from '../jwt';
import type { TokenInspection } from './types';
import {
  claimRows,
  firstSentence,
  inspectionTitle,
  rulesOriginText,
  sourceText,
  visibleWarnings,
  type ClaimRow,
} from './verdictText';

const MARK: Record<VerdictCheck['status'], string> = { pass: '✓', fail: '✗', skipped: '–' };

function rowsTable(rows: ClaimRow[]): string[] {
  if (rows.length === 0) return ['_(empty)_'];
  const out = ['| name | value | time (UTC · local · relative) |', '| --- | --- | --- |'];
  for (const r of rows) {
    const time = r.time ? `${r.time.utc} · ${mdText(r.time.local)} · ${r.time.relative}` : '';
    out.push(`| ${mdCode(r.name)} | ${mdCode(r.value)} | ${time} |`);
  }
  return out;
}

function checksList(checks: readonly VerdictCheck[], onlyRun: boolean): string[] {
  const shown = onlyRun ? checks.filter((c) => c.status !== 'skipped' || c.detail !== undefined) : checks;
  return shown.map(
    (c) => `- ${MARK[c.status]} ${mdText(c.title)}${c.detail !== undefined ? `: ${mdText(c.detail)}` : ''}`,
  );
}

const KEYS_LISTED = 20;

function keyLine(k: KeyConsidered): string {
  const parts = [k.kty, k.alg, k.use !== undefined ? `use ${k.use}` : undefined].filter(
    (p): p is string => p !== undefined,
  );
  return `- ${k.chosen ? '**chosen** ' : ''}${k.kid !== undefined ? `kid ${mdCode(clip(k.kid, 120))}` : '(no kid)'} (${mdText(parts.join(', '))})`;
}

/**
 * What the catalogue knows about the token's provider: its name (and how sure we are), whether
 * Harness takes its tokens, its reason and options for this refusal, how its key rotation meets
 * Harness's key-set cache (docs/key-rotation.md), its pitfalls; the report adds
 * the recommended key field, the key set and the sources.
 */
function providerLines(i: TokenInspection, full: boolean): string[] {
  const m = i.provider;
  if (!m) return [];
  const e = m.entry;
  const out = [
    `Identity provider: **${mdText(providerLabel(m))}**. Harness and its tokens: ${mdText(e.harnessText)}`,
    '',
  ];
  const own = i.verdict && !i.verdict.accepted ? providerRefusal(m, i.verdict.code) : undefined;
  if (own !== undefined) out.push(`**${mdText(e.name)}:** ${mdText(own)}`, '');
  const rotation = rotationForecast(m);
  if (rotation) out.push(`Key rotation: ${mdText(rotation.text)}`, '');
  if (full) {
    out.push(
      `- Key field: ${e.keyFields.length > 0 ? e.keyFields.map(mdCode).join(' or ') : '_no recommendation_'}: ${mdText(e.keyFieldReason)}`,
    );
    out.push(`- Key set: ${mdText(keySetText(m))}`);
  }
  out.push(...e.pitfalls.map((p) => `- ${mdText(p)}`));
  if (full) out.push('', 'Sources:', '', ...e.sources.map((u) => `- <${u}>`));
  out.push('');
  return out;
}

function header(i: TokenInspection): Record<string, unknown> | undefined {
  return i.verdict?.header ?? i.decoded?.header;
}

function payload(i: TokenInspection): Record<string, unknown> | undefined {
  return i.verdict?.payload ?? i.decoded?.payload;
}

/** The hover on a token: verdict, source, header and claims with their times, the checks run, warnings. */
export function hoverMarkdown(i: TokenInspection, reportLink?: string): string {
  const at = new Date(i.evaluatedAt);
  const out: string[] = [`**${mdText(inspectionTitle(i))}**`, ''];
  const v = i.verdict;
  // The title already carries the message's first sentence: repeat the message only when it says more.
  if (v && !v.accepted && firstSentence(v.message, Infinity) !== v.message.trim().replace(/[.!?]$/, ''))
    out.push(mdText(v.message), '');
  out.push(`Value: ${mdText(sourceText(i))}  `);
  const hint = i.token.resolution.fetchFailure?.hint;
  if (hint !== undefined) out.push(`What to do: ${mdText(hint)}  `);
  for (const meaning of clientMeanings(i.token.occurrence, i.token.resolution))
    out.push(`Read as ${mdText(meaning)}  `);
  out.push(`Rules: ${mdText(rulesOriginText(i.origin))}`, '');
  out.push(...providerLines(i, false));
  for (const p of i.decoded?.problems ?? []) out.push(`- ✗ ${mdText(p.message)}`);
  const h = header(i);
  if (h) out.push('', '**Header**', '', ...rowsTable(claimRows(h, at)));
  const c = payload(i);
  if (c) out.push('', '**Claims**', '', ...rowsTable(claimRows(c, at)));
  if (v) {
    out.push('', '**Checks**', '', ...checksList(v.checks, true));
    const warnings = visibleWarnings(v);
    if (warnings.length > 0) out.push('', '**Warnings**', '', ...warnings.map((w) => `- ⚠ ${mdText(w.message)}`));
  }
  if (reportLink) out.push('', `[Full report](${reportLink})`);
  return out.join('\n');
}

export interface ReportContext {
  /** The file's name or path, for the title. */
  fileLabel: string;
}

/** The full report: every check (skipped ones too), header, claims, every warning, the keys considered. */
export function reportMarkdown(i: TokenInspection, ctx: ReportContext): string {
  const at = new Date(i.evaluatedAt);
  const t = i.token;
  const where = `${ctx.fileLabel}, line ${t.occurrence.range.start.line + 1}, column ${t.occurrence.range.start.character + 1}`;
  const out: string[] = [`# Bearer token report`, '', `**${mdText(inspectionTitle(i))}**`, ''];
  out.push(`- Token: ${mdText(where)}`);
  out.push(`- Value: ${mdText(sourceText(i))}`);
  const request =
    t.occurrence.kind === 'authorization-header'
      ? t.occurrence.request
      : (t.occurrence.usedBy[0] ?? t.occurrence.request);
  if (request)
    out.push(
      `- Request: ${mdCode(`${request.method} ${t.resolvedUrl ?? request.url}`)}${t.isHarnessScim ? ' (Harness SCIM)' : ''}`,
    );
  out.push(`- Rules: ${mdText(rulesOriginText(i.origin))}`);
  out.push(`- Evaluated at: ${i.evaluatedAt}`);
  if (i.state === 'decoded') out.push(`- Not verified: ${mdText(i.notVerifiedReason ?? '')}`);
  const v = i.verdict;
  if (v) {
    out.push('', '## Verdict', '', mdText(v.message), '');
    if (!v.accepted) {
      out.push(
        `Harness \`token/validate\` would answer ${v.harnessError.httpStatus} ${mdCode(v.harnessError.code)}: ${mdText(v.harnessError.message)}  `,
      );
      out.push(
        `A SCIM call with this token gets ${SCIM_CALLER_ERROR.httpStatus} ${mdCode(SCIM_CALLER_ERROR.code)} "${mdText(SCIM_CALLER_ERROR.message)}"`,
      );
    }
    out.push('', `## Checks (in Harness's order: ${CHECK_ORDER.length})`, '', ...checksList(v.checks, false));
    if (v.warnings.length > 0)
      out.push('', '## Warnings', '', ...v.warnings.map((w) => `- ⚠ ${mdText(w.message)} (${mdCode(w.code)})`));
    // A hostile key set can hold thousands of keys: the report lists the first ones and counts the rest.
    const { shown, more } = firstFew(v.keysConsidered, KEYS_LISTED);
    const keyLines = shown.length > 0 ? shown.map(keyLine) : ['_None: the key set was not read._'];
    if (more > 0) keyLines.push(`- … and ${String(more)} more`);
    out.push('', '## JWKS keys considered', '', ...keyLines);
  }
  if (i.provider) out.push('', '## Identity provider', '', ...providerLines(i, true));
  if (i.decoded && i.decoded.problems.length > 0)
    out.push('', '## Decoding problems', '', ...i.decoded.problems.map((p) => `- ${mdText(p.message)}`));
  const h = header(i);
  if (h) out.push('', '## Header', '', ...rowsTable(claimRows(h, at)));
  const c = payload(i);
  if (c) out.push('', '## Claims', '', ...rowsTable(claimRows(c, at)));
  if (i.state === 'unresolved') {
    out.push(
      '',
      '## Why there is no value',
      '',
      ...t.resolution.problems.map((p) => `- ${mdText(describeProblem(p))}`),
    );
  }
  out.push('', '_The token itself and its signature are never shown._', '');
  return out.join('\n');
}
