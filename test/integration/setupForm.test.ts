// The setup form in a real extension host, driven through its own protocol (the handle returned by
// scimJwt.setup.open) against the Harness emulator and a local identity provider.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openForm, type FormDriver } from './support/setupForm';
import type { ScimJwtSettings } from '../../src/features/setup/protocol';
import { startEmulator, type Emulator } from '../sandbox/emulator';
import type { Idp } from '../sandbox/idp';
import { children, connectedScimAccount, eventually, extensionApi, label, type ScimAccount } from './support/harness';

suite('Setup form (extension host, emulator)', () => {
  let account: ScimAccount;
  let emulator: Emulator;
  let idp: Idp;
  let form: FormDriver;

  const values = (): ScimJwtSettings => ({
    jwksUrl: idp.jwksUri,
    keyField: 'client_id',
    value: idp.clientId,
    serviceAccountId: 'scim_sa',
  });

  suiteSetup(async () => {
    account = await connectedScimAccount({ settingsCacheMs: 1000 });
    ({ emulator, idp } = account);
    emulator.addApiKey({ kind: 'sat', principal: 'viewer_sa', permissions: ['core_user_view'] });
  });

  suiteTeardown(() => account.close());

  test('opens, prefills from the current settings, and lists the service accounts', async () => {
    form = (await openForm('scimJwt.setup.open'))!;
    assert.ok(form, 'scimJwt.setup.open returns the form handle');
    await form.post({ type: 'ready', form: null });
    const init = await form.waitFor('init');
    assert.equal(init.account?.accountId, emulator.accountId);
    assert.deepEqual(init.current, { jwksUrl: null, keyField: null, value: null, serviceAccountId: null });
    assert.deepEqual(init.form, { jwksUrl: '', keyField: '', value: '', serviceAccountId: '' });
    const sas = await form.waitFor('serviceAccounts');
    assert.ok(sas.serviceAccounts.some((s) => s.identifier === 'scim_sa'));
  });

  test('each check fails with a reason, then passes', async () => {
    await form.post({
      type: 'formChanged',
      form: { jwksUrl: 'not a url', keyField: ' client_id', value: '', serviceAccountId: 'nobody_here' },
    });
    const first = await form.waitFor('checks', (m) => m.checks.some((c) => c.field === 'jwksUrl'));
    const byField = new Map(first.checks.map((c) => [c.field, c]));
    assert.equal(byField.get('jwksUrl')?.level, 'error');
    assert.equal(byField.get('keyField')?.level, 'warning');
    assert.equal(byField.get('value')?.level, 'error');
    const missingSa = await form.waitFor('checks', (m) =>
      m.checks.some((c) => c.field === 'serviceAccountId' && c.level !== 'pending'),
    );
    assert.match(missingSa.checks[0]!.message, /No service account "nobody_here"/);

    await form.post({
      type: 'formChanged',
      form: { ...values(), jwksUrl: idp.discoveryUri, serviceAccountId: 'viewer_sa' },
    });
    const discovery = await form.waitFor('checks', (m) =>
      m.checks.some((c) => c.field === 'jwksUrl' && c.level !== 'pending'),
    );
    const jwks = discovery.checks.find((c) => c.field === 'jwksUrl')!;
    assert.deepEqual(jwks.actions, [{ kind: 'use-jwks-uri', url: idp.jwksUri }]);
    const viewer = await form.waitFor('checks', (m) =>
      m.checks.some((c) => c.field === 'serviceAccountId' && c.level !== 'pending'),
    );
    assert.match(viewer.checks[0]!.message, /lacks 4 of the five/);

    await form.post({ type: 'formChanged', form: values() });
    const ok = await form.waitFor('checks', (m) =>
      m.checks.some((c) => c.field === 'jwksUrl' && c.level !== 'pending'),
    );
    const keySet = ok.checks.find((c) => c.field === 'jwksUrl')!;
    assert.notEqual(keySet.level, 'error', keySet.message);
    assert.ok((keySet.keys?.length ?? 0) >= 1);
    const sa = await form.waitFor('checks', (m) =>
      m.checks.some((c) => c.field === 'serviceAccountId' && c.level !== 'pending'),
    );
    assert.equal(sa.checks[0]!.level, 'ok', sa.checks[0]!.message);
  });

  test('the preview shows the body and a curl without the key', async () => {
    await form.post({ type: 'formChanged', form: values() });
    const preview = await form.waitFor('preview');
    assert.match(preview.bodyJson, /"allowOverrides": false/);
    assert.ok(preview.curl.includes('$HARNESS_API_KEY'));
    assert.ok(!preview.curl.includes(emulator.adminKey));
    assert.ok(preview.curl.includes(emulator.baseUrl));
  });

  test('Copy curl puts the request on the clipboard with the key as a variable', async () => {
    await vscode.env.clipboard.writeText('');
    await form.post({ type: 'copyCurl', form: values() });
    await form.waitFor('notice', (m) => m.message.startsWith('Copied the curl command'));
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^curl /);
    assert.ok(copied.includes('$HARNESS_API_KEY') && copied.includes(idp.jwksUri));
    assert.ok(!copied.includes(emulator.adminKey));
  });

  test('the Terraform preview: the settings alone, then with the service account it imports; Copy Terraform copies it', async () => {
    await form.post({ type: 'formChanged', form: values() });
    const plain = await form.waitFor('preview');
    assert.match(plain.terraform, /resource "harness_platform_setting" /);
    assert.ok(!plain.terraform.includes('harness_platform_service_account'));
    assert.doesNotMatch(plain.terraform, /local-exec|curl/);

    await form.post({ type: 'terraformOptions', withServiceAccount: true, form: values() });
    // scim_sa exists in the emulator: once read, it comes out as an import block.
    const withSa = await form.waitFor('preview', (m) => m.terraform.includes('import {'));
    assert.match(withSa.terraform, /to = harness_platform_service_account\.scim_sa\n {2}id = "scim_sa"/);
    assert.match(withSa.terraform, /value += harness_platform_service_account\.scim_sa\.identifier/);

    await vscode.env.clipboard.writeText('');
    await form.post({ type: 'copyTerraform', withServiceAccount: true, form: values() });
    await form.waitFor('notice', (m) => m.message.startsWith('Copied the Terraform module'));
    const copied = await vscode.env.clipboard.readText();
    assert.equal(copied, withSa.terraform);
    assert.ok(!copied.includes(emulator.adminKey));
    await form.post({ type: 'terraformOptions', withServiceAccount: false, form: values() });
    await form.waitFor('preview', (m) => !m.terraform.includes('harness_platform_service_account'));
  });

  test('Test with a token opens an .http scratch with the two SCIM requests for this account', async () => {
    await form.post({ type: 'testWithToken' });
    const doc = await eventually(
      () =>
        Promise.resolve(
          vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText().includes('ServiceProviderConfig')),
        ),
      'the scratch file',
    );
    assert.equal(doc.languageId, 'http');
    const text = doc.getText();
    assert.match(text, new RegExp(`^GET ${emulator.baseUrl}\\S*/${emulator.accountId}/ServiceProviderConfig$`, 'm'));
    assert.ok(text.includes('Users?count=1') && text.includes('Authorization: Bearer {{idpToken}}'));
    assert.ok(!text.includes(emulator.adminKey));
  });

  test("a token from the identity provider is judged with the form's values", async () => {
    await form.post({ type: 'tryToken', token: await idp.getToken(), form: values() });
    const trial = await form.waitFor('tokenTrial');
    assert.equal(trial.trial.accepted, true, trial.trial.message);
    await form.post({ type: 'tryToken', token: await idp.getToken(), form: { ...values(), value: 'someone-else' } });
    const refused = await form.waitFor('tokenTrial');
    assert.equal(refused.trial.code, 'claim-mismatch');
  });

  test('send writes the four settings, reads them back, and starts the countdown', async () => {
    await form.post({ type: 'send', form: values(), confirmed: false });
    const result = await form.waitFor('sendResult');
    assert.equal(result.outcome.kind, 'sent');
    assert.ok(result.outcome.allSucceeded);
    assert.ok(result.outcome.readBack?.allMatch);
    assert.ok(typeof result.outcome.effectiveAt === 'number');
    const stored = emulator.snapshot();
    assert.ok(JSON.stringify(stored).includes(idp.jwksUri));
    // The sidebar follows: its SCIM group reloads and shows the change pending for 120 s.
    const api = await extensionApi();
    const scim = await eventually(
      async () => (await children(api)).find((n) => n.kind === 'group' && n.id === 'scim'),
      'the SCIM group',
    );
    const settings = await children(api, scim);
    assert.deepEqual(
      settings.map((n) => label(api, n).description),
      [idp.jwksUri, 'client_id', idp.clientId, 'scim_sa'],
    );
    assert.match(label(api, scim).description, /^takes effect at /);
  });

  test('overwriting non-empty values asks first; a 5xx is shown with what to do and nothing is lost', async () => {
    await form.post({ type: 'send', form: { ...values(), value: 'other-client' }, confirmed: false });
    const ask = await form.waitFor('confirmNeeded');
    assert.deepEqual(
      ask.rows.map((r) => r.field),
      ['value'],
    );
    emulator.injectFault({ path: /\/ng\/api\/settings/, kind: '5xx', status: 500, times: 1 });
    await form.post({ type: 'send', form: { ...values(), value: 'other-client' }, confirmed: true });
    const failed = await form.waitFor('sendResult');
    assert.equal(failed.outcome.kind, 'failed');
    assert.ok(failed.outcome.failure.whatToDo.includes('HTTP 500'));
  });

  test('Harness answers 200 but one item failed: that row says so, the others are saved, no countdown', async () => {
    emulator.failSettingItem('scim_jwt_token_key_field', 'Setting [scim_jwt_token_key_field] could not be saved');
    await form.post({ type: 'send', form: { ...values(), keyField: 'azp' }, confirmed: true });
    const result = await form.waitFor('sendResult');
    assert.ok(result.outcome.kind === 'sent');
    assert.equal(result.outcome.allSucceeded, false);
    const rows = new Map(result.outcome.items.map((r) => [r.settingId, r]));
    assert.equal(rows.get('scim_jwt_token_key_field')?.ok, false);
    assert.match(rows.get('scim_jwt_token_key_field')?.message ?? '', /could not be saved/);
    assert.equal(rows.get('scim_jwt_token_jwks_keys_url')?.ok, true);
    assert.equal(result.outcome.effectiveAt, undefined, 'no countdown when an item failed');
    assert.ok(!JSON.stringify(emulator.snapshot()).includes('"azp"'), 'the failed value was not stored');
  });

  test('a 403 without core_setting_edit names the permission', async () => {
    const limited = emulator.addApiKey({ kind: 'pat', principal: 'reader', permissions: ['core_account_view'] });
    await vscode.commands.executeCommand('scimJwt.account.connect', { baseUrl: emulator.baseUrl, apiKey: limited.key });
    await form.post({ type: 'refresh' });
    await form.waitFor('current');
    await form.post({ type: 'send', form: values(), confirmed: true });
    const denied = await form.waitFor('sendResult');
    assert.ok(
      denied.outcome.kind === 'failed' && denied.outcome.failure.missingPermissions.includes('core_setting_edit'),
    );
    await vscode.commands.executeCommand('scimJwt.account.connect', {
      baseUrl: emulator.baseUrl,
      apiKey: emulator.adminKey,
    });
    await form.post({ type: 'refresh' });
    await form.waitFor('current');
  });

  test('Disable restores all four after confirmation', async () => {
    await vscode.commands.executeCommand('scimJwt.setup.disable');
    const ask = await form.waitFor('confirmNeeded', (m) => m.operation === 'restore');
    assert.ok(ask.rows.some((r) => r.change === 'cleared'));
    await form.post({ type: 'restore', confirmed: true });
    const done = await form.waitFor('sendResult');
    assert.ok(done.outcome.kind === 'sent' && done.outcome.operation === 'restore' && done.outcome.allSucceeded);
    assert.ok(done.outcome.readBack?.allMatch);
  });

  test('a reconnect closes the old client: the form sends through the new one with no refresh', async () => {
    await vscode.commands.executeCommand('scimJwt.account.connect', {
      baseUrl: emulator.baseUrl,
      apiKey: emulator.adminKey,
    });
    await form.post({ type: 'send', form: values(), confirmed: true });
    const result = await form.waitFor('sendResult');
    assert.equal(result.outcome.kind, 'sent', JSON.stringify(result.outcome));
    assert.ok(result.outcome.allSucceeded);
  });

  test('a form that was hidden and comes back shows the last send result again', async () => {
    await form.post({ type: 'ready', form: values() });
    await form.waitFor('init');
    const again = await form.waitFor('sendResult');
    assert.ok(again.outcome.kind === 'sent' && again.outcome.allSucceeded);
  });

  test('switching to another account brings the open form up to date by itself', async () => {
    const other = await startEmulator({ settingsCacheMs: 1000 });
    try {
      await vscode.commands.executeCommand('scimJwt.account.connect', {
        baseUrl: other.baseUrl,
        apiKey: other.adminKey,
      });
      const init = await form.waitFor('init', (m) => m.account?.accountId === other.accountId);
      assert.deepEqual(init.current, { jwksUrl: null, keyField: null, value: null, serviceAccountId: null });
      assert.deepEqual(init.form, values(), 'the typed values are kept');
    } finally {
      await vscode.commands.executeCommand('scimJwt.account.connect', {
        baseUrl: emulator.baseUrl,
        apiKey: emulator.adminKey,
      });
      await form.waitFor('init', (m) => m.account?.accountId === emulator.accountId);
      await other.close();
    }
  });

  test('Disable with no form open asks first, listing what Harness holds now', async () => {
    form.panel.dispose();
    form = (await openForm('scimJwt.setup.disable'))!;
    const ask = await form.waitFor('confirmNeeded', (m) => m.operation === 'restore');
    assert.deepEqual(
      ask.rows
        .filter((r) => r.change === 'cleared')
        .map((r) => r.field)
        .sort(),
      ['jwksUrl', 'keyField', 'serviceAccountId', 'value'],
    );
    await form.post({ type: 'restore', confirmed: true });
    const done = await form.waitFor('sendResult');
    assert.ok(done.outcome.kind === 'sent' && done.outcome.operation === 'restore' && done.outcome.allSucceeded);
  });

  test('invalid messages are ignored, not acted on', async () => {
    const before = form.sent.length;
    await form.post({ type: 'send', form: { jwksUrl: 1 } } as never);
    assert.equal(form.sent.length, before);
  });
});
