// "Rehearse SCIM Provisioning" in a real extension host: consent given, the twelve steps against
// the emulator and the report they leave; consent not given, nothing is sent.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RehearsalReport } from '../../src/core/rehearsal';
import { EXTENSION_ID } from '../../src/platform/ids';
import { startEmulator, type Emulator } from '../sandbox/emulator';
import { startIdp, type Idp } from '../sandbox/idp';
import { eventually, putSettings, signOutAll } from './support/harness';

const SCIM_PERMISSIONS = ['core_user_view', 'core_user_manage', 'core_user_invite', 'core_usergroup_view', 'core_usergroup_manage'];
const SCIM_PREFIX = '/ng/api/scim/';

suite('Rehearsal (extension host, emulator)', () => {
  let emulator: Emulator;
  let idp: Idp;

  suiteSetup(async () => {
    emulator = await startEmulator({ settingsCacheMs: 0 });
    idp = await startIdp({ claims: { scim_tenant: 'acme' } });
    emulator.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: SCIM_PERMISSIONS });
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, {
      scim_jwt_token_jwks_keys_url: idp.jwksUri, scim_jwt_token_key_field: 'scim_tenant', scim_jwt_token_value_field: 'acme', scim_jwt_token_service_account_id: 'scim_sa',
    });
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand('scimJwt.account.connect', { baseUrl: emulator.baseUrl, apiKey: emulator.adminKey });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
    await idp.close();
    await emulator.close();
  });

  test('without consent nothing is sent to the account', async () => {
    const before = emulator.requestCount(SCIM_PREFIX);
    // No `confirmed`: the command asks with a modal, which the test host refuses to show, so the
    // user's answer is "no" — exactly what Cancel gives.
    const report = await vscode.commands.executeCommand<RehearsalReport | undefined>('scimJwt.rehearsal.run', { token: await idp.getToken() });
    assert.equal(report, undefined);
    assert.equal(emulator.requestCount(SCIM_PREFIX), before, 'no SCIM request was made');
  });

  test('with consent the twelve steps pass, the report is shown and the account is as it was', async () => {
    const token = await idp.getToken();
    const report = await vscode.commands.executeCommand<RehearsalReport | undefined>('scimJwt.rehearsal.run', { token, confirmed: true });
    assert.ok(report, 'the command returns the report');
    assert.equal(report.outcome, 'passed', report.steps.map((s) => `${s.step} ${s.outcome} ${s.message}`).join('\n'));
    assert.deepEqual(report.steps.map((s) => s.status), [200, 200, 201, 200, 200, 200, 201, 204, 200, 204, 204, 204]);
    assert.deepEqual(report.leftovers, []);
    const reportTab = (): string | undefined => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).find((l) => l.includes('SCIM provisioning rehearsal'));
    await eventually(() => Promise.resolve(reportTab()), 'the report preview tab');
    const shown = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'scim-jwt-rehearsal', path: '/SCIM provisioning rehearsal 1.md' }));
    assert.match(shown.getText(), /\| 12 \|/);
    assert.ok(!shown.getText().includes(token), 'the token is not in the report');
  });
});
