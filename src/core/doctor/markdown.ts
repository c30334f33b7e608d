/**
 * The report as markdown: one line per step (icon, title, what was seen), then the fixes for
 * what failed or warned. The VS Code preview and the CLI's text output both print this.
 */
import { mdCell, mdText } from '../markdown';
import { redact } from '../redact';
import type { DoctorReport, DoctorStep, StepStatus } from './types';

// Plain symbols, not emoji: they render in every font, including a headless browser's and a terminal's.
const ICON: Readonly<Record<StepStatus, string>> = { pass: '✓', fail: '✗', warn: '⚠', skip: '–' };
const WORD: Readonly<Record<StepStatus, string>> = { pass: 'pass', fail: 'FAIL', warn: 'warn', skip: 'skip' };

const cell = (text: string): string => mdCell(redact(text));
/** A step's words quote what servers answered: shown as text, never as markdown (links, images, HTML). */
const text = (t: string): string => mdText(redact(t));

function summaryLine(r: DoctorReport): string {
  const { pass, fail, warn, skip } = r.summary;
  const head = r.ok
    ? warn > 0
      ? 'The chain works, with warnings.'
      : 'The whole chain works.'
    : `${fail} step${fail === 1 ? '' : 's'} failed.`;
  return `**${head}** ${pass} passed, ${fail} failed, ${warn} warned, ${skip} skipped.`;
}

function stepSection(s: DoctorStep): string[] {
  const lines = [`### ${s.number}. ${ICON[s.status]} ${s.title}`, '', text(s.detail)];
  if (s.fix !== undefined && s.fix !== '' && (s.status === 'fail' || s.status === 'warn'))
    lines.push('', `**Fix:** ${text(s.fix)}`);
  if (s.notes.length > 0) lines.push('', ...s.notes.map((n) => `- ${text(n)}`));
  lines.push('');
  return lines;
}

/** The stale key set, first: what happened, what it rests on, and the one step that fixes it. */
function staleSection(r: DoctorReport): string[] {
  const s = r.staleKeySet;
  if (!s) return [];
  return [
    "## Harness's key set is probably out of date",
    '',
    `**${text(s.message)}**`,
    '',
    text(s.basis),
    '',
    `**Fix:** ${text(s.fix)}`,
    '',
    '```sh',
    // A shell line (quoted URL): shown as code, not as markdown.
    redact(s.refreshCommand).replace(/`/g, "'"),
    '```',
    '',
  ];
}

export function doctorMarkdown(r: DoctorReport): string {
  const lines = [
    '# Harness SCIM JWT setup check',
    '',
    ...(r.provider
      ? [
          `**Identity provider: ${cell(r.provider.label)}.** Harness and its tokens: ${cell(r.provider.harnessText)}`,
          '',
          ...(r.provider.rotation !== undefined ? [`Key rotation: ${text(r.provider.rotation)}`, ''] : []),
        ]
      : []),
    `Account \`${r.accountId}\` at ${r.baseUrl}${r.tokenSource !== undefined ? ` · token from ${cell(r.tokenSource)}` : ' · no token given'} · ${r.finishedAt}`,
    '',
    summaryLine(r),
    '',
    ...staleSection(r),
    '| # | Status | Step | Result |',
    '| --- | --- | --- | --- |',
    ...r.steps.map(
      (s) => `| ${s.number} | ${ICON[s.status]} ${WORD[s.status]} | ${cell(s.title)} | ${text(s.detail)} |`,
    ),
    '',
    '## Details and fixes',
    '',
    ...r.steps.flatMap(stepSection),
  ];
  return lines.join('\n');
}
