/**
 * The rehearsal report as Markdown, like the doctor's: a summary line, what deactivation does (the
 * one thing an admin must know before connecting an IdP), the twelve steps in one table (request,
 * status, time, permission, result), what failed and how to fix it, the cleanup, anything left in
 * the account, and what the IdP will hit in Harness. The editor previews it; the CLI prints it.
 */
import { mdCell, mdCode, mdText } from '../markdown';
import { redact } from '../redact';
import { FINDING_SOURCES } from './findings';
import { STEPS } from './steps';
import type { CleanupAction, RehearsalFinding, RehearsalReport, RehearsalStepResult, StepOutcome } from './types';

const ICON: Readonly<Record<StepOutcome, string>> = { pass: '✓ pass', fail: '✗ FAIL', skip: '– skip' };

/** The report's own wording, which may use Markdown. */
const cell = (text: string): string => mdCell(redact(text));
const code = (text: string): string => mdCode(redact(text));
/**
 * Text that carries what Harness answered (step and cleanup messages, observations, a permission
 * named in an error): shown as text, so a server's `[link](…)`, `<img>` or `**` formats nothing.
 */
const text = (t: string): string => mdText(redact(t));

const HEADLINE: Readonly<Record<RehearsalReport['outcome'], string>> = {
  passed: `All ${STEPS.length} steps passed, and the account is as it was.`,
  'step-failed': 'A step failed. Everything the rehearsal created was deleted.',
  unreachable: 'Harness was not reached. Nothing was created.',
  'cleanup-incomplete': 'Cleanup is incomplete: test objects are still in the account (listed below).',
  cancelled: 'Cancelled. Everything the rehearsal created was deleted.',
};

function permissionCell(s: RehearsalStepResult): string {
  if (s.missingPermission === undefined) return cell(s.permission);
  return `**missing ${cell(s.missingPermission)}**${s.permissionInferred === true ? ' (inferred from the step)' : ''}`;
}

function row(s: RehearsalStepResult): string {
  const status = s.status === undefined ? '–' : String(s.status);
  const time = s.outcome === 'skip' ? '–' : `${s.elapsedMs} ms`;
  return `| ${s.step} | ${ICON[s.outcome]} | ${code(s.request)} | ${status} | ${time} | ${permissionCell(s)} | ${text(s.message)} |`;
}

function cleanupLines(title: string, actions: readonly CleanupAction[]): string[] {
  if (actions.length === 0) return [];
  return [
    `## ${title}`,
    '',
    ...actions.map(
      (a) =>
        `- ${a.ok ? '✓' : '✗'} ${code(a.request)}${a.status !== undefined ? ` → ${a.status}` : ''}: ${text(a.message)}`,
    ),
    '',
  ];
}

/** The sentence at the top of every report: said plainly, and whether this run saw it. */
export function deactivationWarning(r: Pick<RehearsalReport, 'deactivationDeleted'>): string {
  const seen =
    r.deactivationDeleted === undefined
      ? "(Harness's source; this run did not get that far.)"
      : r.deactivationDeleted
        ? 'This run saw it (steps 11 and 12).'
        : 'This account, though, kept the deactivated test user (step 12).';
  return (
    '**Deactivating a user in your identity provider DELETES the Harness user**, with their group memberships and role bindings; ' +
    `re-activating them is a fresh invitation (and e-mail), without their old groups and roles (HC ng/scim/NGScimUserServiceImpl.java:338-355). ${seen}`
  );
}

function findingLines(findings: readonly RehearsalFinding[]): string[] {
  if (findings.length === 0) return [];
  const lines = ['## What your IdP will hit', ''];
  for (const f of findings) {
    lines.push(`- **${cell(f.title)}.** ${cell(f.detail)}`);
    if (f.observed !== undefined) lines.push(`  *In this account:* ${text(f.observed)}`);
    lines.push(`  *Source:* ${cell(f.source)}`);
  }
  lines.push('', `Sources: ${FINDING_SOURCES}`, '');
  return lines;
}

export function rehearsalMarkdown(r: RehearsalReport): string {
  const failed = r.steps.filter((s) => s.outcome === 'fail');
  const inferred = [...new Set(r.steps.filter((s) => s.outcome !== 'skip').flatMap((s) => s.inferred))];
  const lines = [
    '# SCIM provisioning rehearsal',
    '',
    `Account ${code(r.accountId)} at ${text(r.baseUrl)} · test user ${code(r.userName)} · test group ${code(r.groupName)} · ${r.finishedAt}`,
    '',
    `**${HEADLINE[r.outcome]}** ${r.steps.filter((s) => s.outcome === 'pass').length} of ${STEPS.length} steps passed.`,
    '',
    `> ${deactivationWarning(r)}`,
    '',
    '| # | Outcome | Request | Status | Time | Permission | Result |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.steps.map(row),
    '',
  ];
  for (const s of failed) {
    lines.push(`## Step ${s.step} failed: ${cell(s.title)}`, '', text(s.message), '');
    if (s.fix !== undefined) lines.push(`**Fix:** ${cell(s.fix)}`, '');
  }
  lines.push(...cleanupLines('Leftovers of an earlier run', r.previousCleanup), ...cleanupLines('Cleanup', r.cleanup));
  if (r.leftovers.length > 0) {
    lines.push('## Still in the account', '', 'Recorded for the next run, which offers to delete them first:', '');
    lines.push(
      ...r.leftovers.map(
        (l) =>
          `- ${l.kind} ${code(l.name)}${l.id !== undefined ? ` (id ${code(l.id)})` : ' (id unknown: found by name next time)'}`,
      ),
      '',
    );
  }
  lines.push(...findingLines(r.findings));
  if (inferred.length > 0) {
    lines.push("## Where Harness's behaviour is inferred", '', ...inferred.map((t) => `- ${cell(t)}`), '');
  }
  return lines.join('\n');
}

/** One line for a notification: the outcome, and the first failure with its missing permission. */
export function rehearsalSummary(r: RehearsalReport): string {
  const failed = r.steps.find((s) => s.outcome === 'fail');
  const left =
    r.leftovers.length > 0 ? ` ${r.leftovers.length} test object(s) could not be deleted; the next run offers to.` : '';
  if (failed === undefined)
    return r.leftovers.length > 0
      ? `All ${STEPS.length} steps passed, but cleanup is incomplete.${left}`
      : `SCIM rehearsal: all ${STEPS.length} steps passed; the account is as it was. Note: deactivating a user in the IdP deletes them in Harness.`;
  const why =
    failed.missingPermission !== undefined
      ? `missing ${failed.missingPermission}`
      : failed.status !== undefined
        ? `HTTP ${failed.status}`
        : 'no answer';
  return `SCIM rehearsal: step ${failed.step} (${failed.title}) failed: ${why}.${left || ' Everything created was deleted.'}`;
}
