// Browser code of the setup form (bundled separately by esbuild into dist/webview.js).
// Only the elements used are imported, so the bundle carries just those (and lit).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { SETUP_FIELDS } from '../../../core/setup/types';
import { countWord } from '../../../core/countWords';
import {
  assertNever,
  isPersistedState,
  isToWebview,
  type CheckAction,
  type SetupField,
  type ToWebview,
} from '../protocol';
import { byId, clear, el } from './dom';
import {
  buildFields,
  readForm,
  renderCheck,
  renderServiceAccounts,
  textfield,
  writeForm,
  type ActionHandler,
} from './fields';
import { renderProposal } from './fill';
import { diffTable, failureBlock, renderOutcome, renderPreview, renderTrial, startCountdown } from './panels';
import { loadState, saveState, send } from './vscodeApi';

const DEBOUNCE_MS = 400;
let effectiveAt: number | null = null;
let debounce: number | undefined;
/** Set when the user types before the host's first `init` (which can take a round trip to Harness). */
let typedBeforeInit = false;
let initialised = false;
/** The Terraform preview's "include the service account" checkbox; a native one, labelled, for keyboard and screen readers. */
const terraformCheckbox = el('input', { type: 'checkbox', id: 'terraform-sa', 'aria-describedby': 'terraform-hint' });
terraformCheckbox.addEventListener('change', () => {
  send({ type: 'terraformOptions', withServiceAccount: terraformCheckbox.checked, form: readForm() });
});

function button(id: string, label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = el('vscode-button', { id, secondary });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

function persist(): void {
  saveState({ version: 1, form: readForm(), effectiveAt });
}

function formChanged(): void {
  if (!initialised) typedBeforeInit = true;
  persist();
  if (debounce !== undefined) window.clearTimeout(debounce);
  debounce = window.setTimeout(() => {
    send({ type: 'formChanged', form: readForm() });
  }, DEBOUNCE_MS);
}

function setField(field: SetupField, value: string): void {
  setFields({ [field]: value });
}

/** Writes values the user chose (a fix, a suggestion, "Use" in Fill from a token) and re-checks once. */
function setFields(values: Partial<Record<SetupField, string>>): void {
  const fields = SETUP_FIELDS.filter((f) => values[f] !== undefined);
  for (const f of fields) textfield(f).value = values[f] ?? '';
  persist();
  send({ type: 'formChanged', form: readForm() });
  const first = fields[0];
  if (first !== undefined) textfield(first).focus();
}

const onAction: ActionHandler = (field: SetupField, action: CheckAction) => {
  switch (action.kind) {
    case 'use-jwks-uri':
      setField('jwksUrl', action.url);
      return;
    case 'use-suggestion':
      setField(field, action.value);
      return;
    case 'create-service-account':
      send({ type: 'createServiceAccount' });
      return;
    default:
      assertNever(action);
  }
};

function notice(level: 'info' | 'error', message: string): void {
  const box = byId('notice');
  box.className = `notice level-${level === 'error' ? 'error' : 'info'}`;
  box.textContent = message;
}

function setBusy(busy: boolean, what = ''): void {
  for (const id of ['send', 'restore']) byId(id).toggleAttribute('disabled', busy);
  byId('status').textContent = busy ? what : '';
}

function layout(): void {
  const app = byId('app');
  clear(app);
  const fields = el('form', { id: 'fields', 'aria-labelledby': 'fields-title', novalidate: true });
  fields.addEventListener('submit', (e) => {
    e.preventDefault();
  });
  fields.append(el('h2', { id: 'fields-title' }, 'Settings'));
  const fillToken = el('vscode-textarea', {
    id: 'fill-token',
    rows: '3',
    label: 'Token to fill the form from',
    placeholder: 'eyJ…',
  });
  // Under the Settings heading (its title is an h3), before the fields it proposes values for.
  const fill = el(
    'vscode-collapsible',
    { title: 'Fill from a token', id: 'fill' },
    el(
      'div',
      { class: 'pad' },
      el(
        'p',
        { class: 'hint' },
        'Paste a token from your identity provider, or pick one from the open .http files: the form names the provider, says whether Harness can accept its tokens, and proposes the settings. You confirm each value; nothing is sent until you press Send, and the token is not saved.',
      ),
      fillToken,
      el(
        'div',
        { class: 'row' },
        button(
          'fill-run',
          'Propose settings',
          () => {
            send({ type: 'fillFromToken', token: fillToken.value });
          },
          true,
        ),
        button(
          'fill-pick',
          'Pick a token from the open .http files…',
          () => {
            send({ type: 'pickTokenToFill' });
          },
          true,
        ),
      ),
      el('div', { id: 'fill-result', 'aria-live': 'polite' }),
    ),
  );
  fields.append(fill);
  buildFields(fields);
  const token = el('vscode-textarea', {
    id: 'trial-token',
    rows: '3',
    'aria-label': 'JWT from your identity provider',
    placeholder: 'eyJ…',
  });
  app.append(
    el('h1', {}, 'SCIM JWT authentication'),
    el('p', { id: 'account', class: 'hint' }),
    el('div', { id: 'connection' }),
    fields,
    el(
      'vscode-collapsible',
      { title: 'Try a token (optional)', id: 'trial' },
      el(
        'div',
        { class: 'pad' },
        el(
          'p',
          { class: 'hint' },
          "Paste a token: see Harness's verdict with the values above, before anything is sent. It is not saved.",
        ),
        token,
        el(
          'div',
          { class: 'row' },
          button(
            'trial-run',
            'Check token',
            () => {
              send({ type: 'tryToken', token: token.value, form: readForm() });
            },
            true,
          ),
        ),
        el('div', { id: 'trial-result', 'aria-live': 'polite' }),
      ),
    ),
    el(
      'section',
      { 'aria-labelledby': 'preview-title' },
      el('h2', { id: 'preview-title' }, 'Request'),
      el('div', { id: 'preview-diff' }),
      el('h3', {}, 'JSON body'),
      el('pre', { id: 'preview-json', tabindex: '0', 'aria-label': 'JSON body of the PUT' }),
      el('h3', {}, 'curl (the key is $HARNESS_API_KEY)'),
      el('pre', { id: 'preview-curl', tabindex: '0', 'aria-label': 'Equivalent curl command' }),
      el(
        'div',
        { class: 'row' },
        button(
          'copy-curl',
          'Copy curl',
          () => {
            send({ type: 'copyCurl', form: readForm() });
          },
          true,
        ),
        button(
          'save-http',
          'Save as .http',
          () => {
            send({ type: 'saveHttp', form: readForm() });
          },
          true,
        ),
      ),
      el('h3', { id: 'terraform-title' }, 'Terraform'),
      el(
        'p',
        { class: 'hint', id: 'terraform-hint' },
        "The same setup for Harness's Terraform provider. The settings are harness_platform_setting resources; what Harness already holds comes out as import blocks.",
      ),
      el(
        'div',
        { class: 'row' },
        terraformCheckbox,
        el('label', { for: 'terraform-sa' }, 'Include the service account, its SCIM role and the role assignment'),
      ),
      el('pre', {
        id: 'preview-terraform',
        tabindex: '0',
        'aria-labelledby': 'terraform-title',
        'aria-describedby': 'terraform-hint',
      }),
      el(
        'div',
        { class: 'row' },
        button(
          'copy-terraform',
          'Copy Terraform',
          () => {
            send({ type: 'copyTerraform', withServiceAccount: terraformCheckbox.checked, form: readForm() });
          },
          true,
        ),
      ),
    ),
    el('div', { id: 'confirm', hidden: true, role: 'alertdialog', 'aria-labelledby': 'confirm-title' }),
    el(
      'div',
      { class: 'row main-actions' },
      button('send', 'Send to Harness', () => {
        send({ type: 'send', form: readForm(), confirmed: false });
      }),
      button(
        'restore',
        'Disable JWT authentication…',
        () => {
          send({ type: 'restore', confirmed: false });
        },
        true,
      ),
      button(
        'refresh',
        'Reload current values',
        () => {
          send({ type: 'refresh' });
        },
        true,
      ),
      el('span', { id: 'status', role: 'status' }),
    ),
    el('div', { id: 'notice', role: 'status', 'aria-live': 'polite' }),
    el('section', { id: 'result', 'aria-live': 'polite', 'aria-label': 'Result of the last send' }),
    el('p', { id: 'countdown', role: 'timer', hidden: true }),
    (() => {
      const b = button('test-token', 'Test with a token', () => {
        send({ type: 'testWithToken' });
      });
      b.hidden = true;
      return b;
    })(),
  );
  for (const f of SETUP_FIELDS) textfield(f).addEventListener('input', formChanged);
  app.setAttribute('aria-busy', 'false');
}

function showConfirm(operation: 'update' | 'restore', rows: Parameters<typeof diffTable>[1]): void {
  const box = byId('confirm');
  clear(box);
  const title = operation === 'update' ? 'Replace values Harness already holds?' : 'Disable SCIM JWT authentication?';
  const text =
    operation === 'update'
      ? 'These settings already have values. Sending replaces them; an identity provider using the old values will start getting 401.'
      : `All ${countWord(SETUP_FIELDS.length)} settings go back to unset. Every SCIM call with a JWT will then be refused (Harness API keys keep working).`;
  const confirm = button('confirm-yes', operation === 'update' ? 'Replace and send' : 'Disable', () => {
    box.hidden = true;
    send(
      operation === 'update'
        ? { type: 'send', form: readForm(), confirmed: true }
        : { type: 'restore', confirmed: true },
    );
  });
  const cancel = button(
    'confirm-no',
    'Cancel',
    () => {
      box.hidden = true;
      byId(operation === 'update' ? 'send' : 'restore').focus();
    },
    true,
  );
  box.append(
    el('h2', { id: 'confirm-title' }, title),
    el('p', {}, text),
    diffTable('What changes', rows),
    el('div', { class: 'row' }, confirm, cancel),
  );
  box.hidden = false;
  confirm.focus();
}

function receive(msg: ToWebview): void {
  switch (msg.type) {
    case 'init': {
      // What the user typed while the host was reading Harness wins over the prefill.
      if (!initialised && typedBeforeInit) send({ type: 'formChanged', form: readForm() });
      else writeForm(msg.form);
      initialised = true;
      persist();
      byId('account').textContent = msg.account ? `Account ${msg.account.accountId} at ${msg.account.baseUrl}` : '';
      const conn = byId('connection');
      clear(conn);
      if (!msg.account)
        conn.append(
          el(
            'p',
            { class: 'level-warning' },
            'Not connected to Harness: the checks that need Harness and sending are unavailable.',
          ),
          button('connect', 'Connect to Harness…', () => {
            send({ type: 'connect' });
          }),
        );
      if (msg.failure) conn.append(failureBlock(msg.failure));
      renderServiceAccounts(
        msg.serviceAccounts,
        (id) => {
          setField('serviceAccountId', id);
        },
        () => {
          send({ type: 'createServiceAccount' });
        },
      );
      return;
    }
    case 'checks': {
      const now = readForm();
      // A check judged older values when the field changed since: drop it, a newer one is coming.
      for (const c of msg.checks) if (msg.form[c.field] === now[c.field]) renderCheck(c, onAction);
      return;
    }
    case 'preview':
      renderPreview(msg.bodyJson, msg.curl, msg.terraform, msg.diff);
      return;
    case 'confirmNeeded':
      setBusy(false);
      showConfirm(msg.operation, msg.rows);
      return;
    case 'busy':
      setBusy(
        msg.operation === 'update' || msg.operation === 'restore',
        msg.operation === 'update'
          ? 'Sending…'
          : msg.operation === 'restore'
            ? 'Restoring…'
            : msg.operation === 'fillFromToken'
              ? 'Reading the token…'
              : 'Working…',
      );
      return;
    case 'sendResult':
      setBusy(false);
      renderOutcome(msg.outcome);
      effectiveAt =
        msg.outcome.kind === 'sent' && msg.outcome.effectiveAt !== undefined && msg.outcome.operation === 'update'
          ? msg.outcome.effectiveAt
          : null;
      startCountdown(effectiveAt);
      persist();
      byId('result').focus();
      return;
    case 'tokenTrial':
      renderTrial(msg.trial);
      return;
    case 'fillProposal':
      if (msg.complete) byId('status').textContent = '';
      renderProposal(msg.proposal, msg.source, msg.complete, setFields);
      return;
    case 'current':
      setBusy(false);
      if (msg.failure) notice('error', `${msg.failure.title}: ${msg.failure.message} ${msg.failure.whatToDo}`);
      return;
    case 'serviceAccounts':
      renderServiceAccounts(
        msg.serviceAccounts,
        (id) => {
          setField('serviceAccountId', id);
        },
        () => {
          send({ type: 'createServiceAccount' });
        },
      );
      return;
    case 'notice':
      notice(msg.level, msg.message);
      return;
    default:
      assertNever(msg);
  }
}

function start(): void {
  layout();
  const state = loadState();
  const kept = isPersistedState(state) ? state.form : null;
  if (isPersistedState(state)) {
    writeForm(state.form);
    effectiveAt = state.effectiveAt;
    startCountdown(effectiveAt);
  }
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (isToWebview(e.data)) receive(e.data);
  });
  byId('result').setAttribute('tabindex', '-1');
  send({ type: 'ready', form: kept });
}

start();
