/** Preview (JSON + curl + Terraform + diff), confirmation, send results, countdown, token verdict, failures. */
import { FIELD_LABEL } from '../../../core/setup/types';
import type { DiffRow, FailureReport, SendOutcome, TokenTrial } from '../protocol';
import { byId, clear, el, shown, table } from './dom';

const CHANGE_TEXT: Readonly<Record<DiffRow['change'], string>> = {
  unchanged: 'unchanged',
  new: 'new',
  changed: 'replaced',
  cleared: 'cleared',
};

export function diffTable(caption: string, rows: DiffRow[]): HTMLTableElement {
  return table(
    caption,
    ['Setting', 'Now in Harness', 'After sending', 'Change'],
    rows.map((r) => [FIELD_LABEL[r.field], shown(r.current), shown(r.next), CHANGE_TEXT[r.change]]),
  );
}

export function renderPreview(bodyJson: string, curl: string, terraform: string, diff: DiffRow[]): void {
  byId('preview-json').textContent = bodyJson;
  byId('preview-curl').textContent = curl;
  byId('preview-terraform').textContent = terraform;
  const box = byId('preview-diff');
  clear(box);
  box.append(diffTable('Current values and what this request writes', diff));
}

export function failureBlock(f: FailureReport): HTMLElement {
  const facts = [
    f.httpStatus !== undefined ? `HTTP ${f.httpStatus}` : '',
    f.correlationId !== undefined ? `correlation id ${f.correlationId}` : '',
  ]
    .filter((s) => s !== '')
    .join(', ');
  return el(
    'div',
    { class: 'failure', role: 'alert' },
    el('strong', {}, f.title),
    el('p', {}, f.message + (facts ? ` (${facts})` : '')),
    el('p', {}, el('strong', {}, 'What to do: '), f.whatToDo),
  );
}

export function renderOutcome(outcome: SendOutcome): void {
  const box = byId('result');
  clear(box);
  if (outcome.kind === 'failed') {
    box.append(failureBlock(outcome.failure));
    return;
  }
  const verb = outcome.operation === 'update' ? 'Saved' : 'Restored';
  const failed = outcome.items.filter((i) => !i.ok).length;
  box.append(
    el(
      'h3',
      {},
      failed === 0
        ? `${verb} all ${outcome.items.length} settings`
        : `${failed} of ${outcome.items.length} settings were NOT saved`,
    ),
    table(
      "Harness's answer for each setting",
      ['Setting', 'Result', 'Details'],
      outcome.items.map((i) => [i.field ? FIELD_LABEL[i.field] : i.settingId, i.ok ? 'saved' : 'FAILED', i.message]),
      'grid results',
    ),
  );
  if (outcome.readBack) {
    const rb = outcome.readBack;
    box.append(
      el(
        'p',
        { class: rb.allMatch ? 'level-ok' : 'level-error' },
        rb.allMatch
          ? 'Read back from Harness: every value matches what was sent.'
          : 'Read back from Harness: some values differ from what was sent.',
      ),
    );
    if (!rb.allMatch)
      box.append(
        table(
          'Read back',
          ['Setting', 'Sent', 'Harness holds', 'Matches'],
          rb.rows.map((r) => [FIELD_LABEL[r.field], shown(r.expected), shown(r.actual), r.matches ? 'yes' : 'NO']),
        ),
      );
  }
  if (outcome.readBackFailure) box.append(failureBlock(outcome.readBackFailure));
  if (outcome.correlationId !== undefined)
    box.append(el('p', { class: 'hint' }, `Correlation id ${outcome.correlationId}`));
}

let timer: number | undefined;

/** Counts down to `effectiveAt`; when reached, says so and enables "Test with a token". */
export function startCountdown(effectiveAt: number | null): void {
  if (timer !== undefined) window.clearInterval(timer);
  timer = undefined;
  const box = byId('countdown');
  const testButton = byId('test-token');
  if (effectiveAt === null) {
    box.textContent = '';
    box.hidden = true;
    testButton.hidden = true;
    return;
  }
  box.hidden = false;
  testButton.hidden = false;
  const tick = (): void => {
    const left = Math.ceil((effectiveAt - Date.now()) / 1000);
    if (left > 0) {
      box.textContent = `Harness caches these settings: it will use the new values in ${left} s.`;
      return;
    }
    box.textContent = 'Harness now uses the new settings. Test them with a token from your identity provider.';
    if (timer !== undefined) window.clearInterval(timer);
    timer = undefined;
  };
  tick();
  if (effectiveAt > Date.now()) timer = window.setInterval(tick, 1000);
}

export function renderTrial(trial: TokenTrial): void {
  const box = byId('trial-result');
  clear(box);
  box.append(
    el(
      'p',
      { class: trial.accepted ? 'level-ok' : 'level-error' },
      el('strong', {}, trial.accepted ? 'Harness would accept this token. ' : 'Harness would refuse this token: '),
      trial.message,
    ),
    el('p', { class: 'hint' }, `Harness's token/validate would answer: ${trial.harnessAnswer}`),
    table(
      "Checks in Harness's order",
      ['Check', 'Result', 'Detail'],
      trial.checks.map((c) => [c.title, c.status, c.detail ?? '']),
    ),
  );
  if (trial.warnings.length > 0) box.append(el('ul', {}, ...trial.warnings.map((w) => el('li', {}, w))));
}
