/** `scim-jwt setup`'s report: what the run found, as text or as the one JSON object of --json. */
import { SETTINGS_PROPAGATION_SECONDS } from '../core/harness';
import type { ProvisionStep } from '../core/harness';
import { clip } from '../core/listCap';
import {
  FIELD_LABEL,
  type DiffRow,
  type FailureReport,
  type FieldCheck,
  type SendOperation,
  type SendOutcome,
} from '../core/setup';
import { ALL } from './setupArgs';

export type Outcome = 'sent' | 'unchanged' | 'dry-run' | 'refused' | 'failed' | 'declined' | 'interrupted';

/** Everything the run found, printed as text or as the one JSON object of --json. */
export interface Report {
  operation: SendOperation;
  outcome: Outcome;
  ok: boolean;
  message: string;
  account: { baseUrl: string; accountId: string };
  checks: FieldCheck[];
  changes: DiffRow[];
  serviceAccount?: { identifier: string; create: boolean; steps: ProvisionStep[] };
  dryRun?: { body: string; curl: string };
  sent?: Extract<SendOutcome, { kind: 'sent' }>;
  failure?: FailureReport;
}

// ----- text -----

const MARK: Record<FieldCheck['level'], string> = {
  ok: '[ok]   ',
  info: '[info] ',
  warning: '[warn] ',
  error: '[FAIL] ',
  pending: '[...]  ',
};

function shown(v: string | null): string {
  return v === null || v === '' ? '(unset)' : JSON.stringify(clip(v, 300));
}

export function changeLines(changes: readonly DiffRow[]): string[] {
  const width = Math.max(...changes.map((r) => r.settingId.length));
  return changes.map((r) =>
    r.change === 'unchanged'
      ? `  ${r.settingId.padEnd(width)}  ${shown(r.current)} (unchanged)`
      : `  ${r.settingId.padEnd(width)}  ${shown(r.current)} -> ${shown(r.next)}`,
  );
}

export function checkLines(checks: readonly FieldCheck[]): string[] {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`  ${MARK[c.level]}${FIELD_LABEL[c.field]}: ${c.message}`);
    for (const d of c.details) lines.push(`         - ${d}`);
  }
  return lines;
}

function failureLines(f: FailureReport): string[] {
  const status = f.httpStatus !== undefined ? ` (HTTP ${f.httpStatus})` : '';
  return [
    `${f.title}${status}: ${f.message}`,
    `What to do: ${f.whatToDo}`,
    ...(f.correlationId !== undefined ? [`Correlation id: ${f.correlationId}`] : []),
  ];
}

function sentLines(s: Extract<SendOutcome, { kind: 'sent' }>): string[] {
  const restore = s.operation === 'restore';
  const lines = [
    '',
    `Harness's answer (PUT /ng/api/settings${s.correlationId !== undefined ? `, correlation id ${s.correlationId}` : ''}):`,
  ];
  for (const i of s.items) lines.push(`  ${i.ok ? '[ok]   ' : '[FAIL] '}${i.settingId}: ${i.message}`);
  if (s.readBack) {
    const holds = restore
      ? `Read back: all ${ALL} are unset (the default).`
      : 'Read back: Harness holds what was sent.';
    lines.push('', s.readBack.allMatch ? holds : 'Read back: Harness holds something else than what was sent:');
    for (const r of s.readBack.rows)
      if (!r.matches)
        lines.push(`  [FAIL] ${FIELD_LABEL[r.field]}: sent ${shown(r.expected)}, reads ${shown(r.actual)}`);
  } else if (s.readBackFailure) {
    lines.push('', ...failureLines(s.readBackFailure));
  }
  if (s.effectiveAt !== undefined) {
    const effect = restore ? 'Harness refuses every SCIM JWT' : 'SCIM calls use the new values';
    lines.push(
      '',
      `Harness caches these settings for ${SETTINGS_PROPAGATION_SECONDS} s: ${effect} from ${new Date(s.effectiveAt).toISOString()} at the latest.`,
    );
  }
  return lines;
}

export function reportText(r: Report): string {
  const lines = [`Harness account ${r.account.accountId} at ${r.account.baseUrl}`];
  if (r.checks.length > 0) lines.push('', 'Checks:', ...checkLines(r.checks));
  if (r.serviceAccount && r.serviceAccount.steps.length > 0) {
    lines.push('', `Service account ${r.serviceAccount.identifier}:`);
    for (const s of r.serviceAccount.steps) lines.push(`  [${s.status}] ${s.message}`);
  }
  if (r.changes.length > 0)
    lines.push(
      '',
      r.operation === 'restore' ? 'Restore (current -> default):' : 'Settings (current -> new):',
      ...changeLines(r.changes),
    );
  if (r.dryRun) lines.push('', 'Request body:', r.dryRun.body, '', 'As curl:', r.dryRun.curl);
  if (r.sent) lines.push(...sentLines(r.sent));
  if (r.failure) lines.push('', ...failureLines(r.failure));
  lines.push('', r.message);
  return `${lines.join('\n')}\n`;
}

export function reportJson(r: Report): Record<string, unknown> {
  const s = r.sent;
  return {
    ok: r.ok,
    outcome: r.outcome,
    operation: r.operation,
    message: r.message,
    account: r.account,
    checks: r.checks.map((c) => ({
      field: c.field,
      settingLabel: FIELD_LABEL[c.field],
      level: c.level,
      message: c.message,
      details: c.details,
    })),
    changes: r.changes.map((c) => ({
      settingId: c.settingId,
      field: c.field,
      current: c.current,
      next: c.next,
      change: c.change,
    })),
    serviceAccount: r.serviceAccount
      ? {
          identifier: r.serviceAccount.identifier,
          create: r.serviceAccount.create,
          steps: r.serviceAccount.steps.map((x) => ({ id: x.id, status: x.status, message: x.message })),
        }
      : null,
    dryRun: r.dryRun ?? null,
    items: s ? s.items.map((i) => ({ settingId: i.settingId, ok: i.ok, message: i.message })) : null,
    readBack: s?.readBack ?? null,
    readBackFailure: s?.readBackFailure ?? null,
    effectiveAt: s?.effectiveAt !== undefined ? new Date(s.effectiveAt).toISOString() : null,
    settingsCacheSeconds: SETTINGS_PROPAGATION_SECONDS,
    failure: r.failure ?? null,
  };
}
