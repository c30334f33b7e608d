/** The settings' fields, each with its label, its check result beside it, and one-click fixes. */
import { EMPTY_SETTINGS, FIELD_LABEL, SETUP_FIELDS, settingOf } from '../../../core/setup/types';
import type { ScimJwtSettingMeta } from '../../../core/scimJwtSettings';
import type { CheckAction, FieldCheck, ScimJwtSettings, ServiceAccountChoice, SetupField } from '../protocol';
import { byId, clear, el, table } from './dom';

/** The parts of `<vscode-textfield>` the form uses. */
export interface TextBox extends HTMLElement {
  value: string;
  invalid: boolean;
  readonly updateComplete: Promise<boolean>;
  readonly wrappedElement: HTMLInputElement;
}

export type ActionHandler = (field: SetupField, action: CheckAction) => void;

export function textfield(field: SetupField): TextBox {
  return byId(`f-${field}`) as TextBox;
}

export function readForm(): ScimJwtSettings {
  const form = { ...EMPTY_SETTINGS };
  for (const f of SETUP_FIELDS) form[f] = textfield(f).value;
  return form;
}

export function writeForm(form: ScimJwtSettings): void {
  for (const f of SETUP_FIELDS) textfield(f).value = form[f];
}

function inputTypeOf(field: SetupField): string | undefined {
  const row: ScimJwtSettingMeta = settingOf(field);
  return row.inputType;
}

export function buildFields(container: HTMLElement): void {
  for (const f of SETUP_FIELDS) {
    const input = el('vscode-textfield', {
      id: `f-${f}`,
      name: f,
      'aria-describedby': `h-${f} c-${f}`,
      ...(inputTypeOf(f) ? { type: inputTypeOf(f) } : {}),
    });
    const extra = f === 'serviceAccountId' ? [el('div', { class: 'row', id: 'sa-tools' })] : [];
    container.append(
      el(
        'div',
        { class: 'field', id: `field-${f}` },
        el('vscode-label', { for: `f-${f}` }, FIELD_LABEL[f]),
        input,
        ...extra,
        el('div', { class: 'hint', id: `h-${f}` }, settingOf(f).hint),
        el('div', { class: 'check', id: `c-${f}` }),
      ),
    );
  }
}

function actionLabel(action: CheckAction): string {
  switch (action.kind) {
    case 'use-jwks-uri':
      return 'Use the jwks_uri';
    case 'create-service-account':
      return 'Create one…';
    case 'use-suggestion':
      return action.value;
  }
}

const LEVEL_TEXT: Readonly<Record<FieldCheck['level'], string>> = {
  ok: 'OK',
  info: 'Note',
  warning: 'Warning',
  error: 'Problem',
  pending: 'Checking',
};

/** Shows a check under its field, and tells assistive technology about it through the inner input. */
export function renderCheck(check: FieldCheck, onAction: ActionHandler): void {
  const box = byId(`c-${check.field}`);
  clear(box);
  box.className = `check level-${check.level}`;
  box.append(el('span', { class: 'level' }, `${LEVEL_TEXT[check.level]}: `), el('span', {}, check.message));
  if (check.details.length > 0) box.append(el('ul', {}, ...check.details.map((d) => el('li', {}, d))));
  if (check.keys && check.keys.length > 0) {
    box.append(
      table(
        'Keys in the set',
        ['kid', 'kty', 'alg', 'use'],
        check.keys.map((k) => [k.kid ?? '(none)', k.kty, k.alg ?? '', k.use ?? '']),
      ),
    );
  }
  if (check.actions.length > 0) {
    const suggestions = check.actions.every((a) => a.kind === 'use-suggestion');
    const row = el('div', {
      class: 'row actions',
      role: 'group',
      'aria-label': suggestions ? 'Suggested claims' : 'Fixes',
    });
    for (const a of check.actions) {
      const b = el('vscode-button', { secondary: true }, actionLabel(a));
      b.addEventListener('click', () => {
        onAction(check.field, a);
      });
      row.append(b);
    }
    box.append(row);
  }
  const input = textfield(check.field);
  const invalid = check.level === 'error';
  input.invalid = invalid;
  // The text box lives in the element's shadow root, out of reach of aria-describedby: describe it directly.
  void input.updateComplete.then(() => {
    const inner = input.wrappedElement;
    inner.setAttribute('aria-invalid', invalid ? 'true' : 'false');
    inner.setAttribute('aria-description', `${LEVEL_TEXT[check.level]}: ${check.message}`);
  });
}

export function renderServiceAccounts(
  list: ServiceAccountChoice[],
  onPick: (id: string) => void,
  onCreate: () => void,
): void {
  const tools = byId('sa-tools');
  clear(tools);
  if (list.length > 0) {
    // The combobox a screen reader meets is inside the element's shadow root, where the host's
    // aria-label does not reach; the element copies its `label` onto that combobox.
    const select = el('vscode-single-select', { id: 'sa-pick', label: 'Pick a service account from the account' });
    select.append(el('vscode-option', { value: '' }, 'Pick from the account…'));
    for (const sa of list)
      select.append(el('vscode-option', { value: sa.identifier }, `${sa.name} (${sa.identifier})`));
    select.addEventListener('change', () => {
      const value = (select as unknown as { value: string }).value;
      if (value !== '') onPick(value);
    });
    tools.append(select);
  }
  const create = el('vscode-button', { secondary: true, id: 'sa-create' }, 'Create one…');
  create.addEventListener('click', onCreate);
  tools.append(create);
}
