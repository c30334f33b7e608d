import * as assert from 'node:assert/strict';
import { isFromWebview, isPersistedState, isToWebview } from '../../../src/features/setup/protocol';

const form = { jwksUrl: 'https://idp/keys', keyField: 'sub', value: 'v', serviceAccountId: 'sa' };

suite('setup: webview protocol guards', () => {
  test('accepts every well-formed webview message', () => {
    for (const m of [
      { type: 'ready', form: null },
      { type: 'ready', form },
      { type: 'formChanged', form },
      { type: 'recheck', field: 'jwksUrl', form },
      { type: 'tryToken', token: 'eyJ.a.b', form },
      { type: 'send', form, confirmed: false },
      { type: 'restore', confirmed: true },
      { type: 'copyCurl', form },
      { type: 'terraformOptions', withServiceAccount: true, form },
      { type: 'copyTerraform', withServiceAccount: false, form },
      { type: 'saveHttp', form },
      { type: 'testWithToken' },
      { type: 'createServiceAccount' },
      { type: 'connect' },
      { type: 'refresh' },
    ])
      assert.equal(isFromWebview(m), true, JSON.stringify(m));
  });

  test('rejects unknown types, missing or mistyped fields, and oversized values', () => {
    for (const m of [
      null,
      'ready',
      { type: 'nope' },
      { type: 'ready' },
      { type: 'send', form },
      { type: 'send', form: { ...form, value: 3 }, confirmed: true },
      { type: 'formChanged', form: { jwksUrl: 'x' } },
      { type: 'recheck', field: 'apiKey', form },
      { type: 'restore', confirmed: 'yes' },
      { type: 'terraformOptions', withServiceAccount: 'yes', form },
      { type: 'copyTerraform', form },
      { type: 'formChanged', form: { ...form, value: 'x'.repeat(5000) } },
      { type: 'tryToken', token: 'x'.repeat(70_000), form },
    ])
      assert.equal(isFromWebview(m), false, JSON.stringify(m).slice(0, 80));
  });

  test('host messages are checked on the webview side too', () => {
    assert.equal(
      isToWebview({
        type: 'checks',
        form,
        checks: [{ field: 'value', level: 'ok', message: 'm', details: [], actions: [] }],
      }),
      true,
    );
    assert.equal(
      isToWebview({
        type: 'checks',
        form,
        checks: [{ field: 'value', level: 'great', message: 'm', details: [], actions: [] }],
      }),
      false,
    );
    assert.equal(
      isToWebview({
        type: 'checks',
        form,
        checks: [{ field: 'value', level: 'ok', message: 'm', details: [], actions: [{ kind: 'run-script' }] }],
      }),
      false,
    );
    assert.equal(
      isToWebview({
        type: 'sendResult',
        outcome: {
          kind: 'sent',
          operation: 'update',
          allSucceeded: true,
          items: [{ settingId: 's', ok: true, message: 'm', field: 'value' }],
        },
      }),
      true,
    );
    assert.equal(
      isToWebview({ type: 'sendResult', outcome: { kind: 'failed', operation: 'update', failure: { title: 't' } } }),
      false,
    );
    assert.equal(
      isToWebview({ type: 'init', form, account: null, current: null, serviceAccounts: [], failure: null }),
      true,
    );
    assert.equal(isToWebview({ type: 'notice', level: 'debug', message: 'm' }), false);
  });

  test('persisted state must be version 1 with a full form', () => {
    assert.equal(isPersistedState({ version: 1, form, effectiveAt: null }), true);
    assert.equal(isPersistedState({ version: 1, form, effectiveAt: 5 }), true);
    assert.equal(isPersistedState({ version: 2, form, effectiveAt: null }), false);
    assert.equal(isPersistedState({ version: 1, form: { jwksUrl: '' }, effectiveAt: null }), false);
    assert.equal(isPersistedState(undefined), false);
  });
});
