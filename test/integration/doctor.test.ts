// "Check SCIM JWT Setup" in a real extension host: the command driven with { token } against an
// emulator account and a local IdP, returning the report it also shows.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../src/core/doctor';
import type { Emulator } from '../sandbox/emulator';
import type { Idp } from '../sandbox/idp';
import { type ScimAccount, connectedScimAccount, eventually } from './support/harness';

suite('Doctor (extension host, emulator)', () => {
  let account: ScimAccount;
  let emulator: Emulator;
  let idp: Idp;

  suiteSetup(async () => {
    account = await connectedScimAccount({
      settingsCacheMs: 0,
      claims: { scim_tenant: 'acme' },
      settings: { keyField: 'scim_tenant', value: 'acme' },
    });
    ({ emulator, idp } = account);
  });

  suiteTeardown(() => account.close());

  test('with a good token every step but the loopback JWKS warning passes, and the report is shown', async () => {
    const token = await idp.getToken();
    const report = await vscode.commands.executeCommand<DoctorReport | undefined>('scimJwt.doctor.run', { token });
    assert.ok(report, 'the command returns the report');
    assert.equal(report.accountId, emulator.accountId);
    const byId = new Map(report.steps.map((s) => [s.id, s]));
    for (const id of ['key', 'settings', 'serviceAccount', 'verdict', 'tokenValidate', 'scim'] as const)
      assert.equal(byId.get(id)?.status, 'pass', `${id}: ${byId.get(id)?.detail ?? ''}`);
    assert.equal(byId.get('jwks')?.problem, 'jwks-not-public');
    assert.equal(report.ok, true);
    // The rendered preview is a webview tab; its source is the read-only virtual document.
    const reportTab = (): string | undefined =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((t) => t.label)
        .find((l) => l.includes('SCIM JWT setup check'));
    await eventually(() => Promise.resolve(reportTab()), 'the report preview tab');
    const shown = await vscode.workspace.openTextDocument(
      vscode.Uri.from({ scheme: 'scim-jwt-doctor', path: '/SCIM JWT setup check 1.md' }),
    );
    assert.match(shown.getText(), /# Harness SCIM JWT setup check/);
    assert.match(shown.getText(), /\| 7 \| ✓ pass \|/);
    assert.ok(!shown.getText().includes(token), 'the token is not in the report');
  });

  test('the feature flag off shows as the named failure, with the fix', async () => {
    emulator.setFeatureFlag(false);
    try {
      const report = await vscode.commands.executeCommand<DoctorReport | undefined>('scimJwt.doctor.run', {
        token: await idp.getToken(),
        show: false,
      });
      const step6 = report?.steps.find((s) => s.id === 'tokenValidate');
      assert.ok(step6, 'step 6 is in the report');
      assert.equal(step6.problem, 'flag-off');
      assert.match(step6.fix ?? '', /PL_SUPPORT_JWT_TOKEN_SCIM_API/);
      assert.equal(report?.ok, false);
    } finally {
      emulator.setFeatureFlag(true);
    }
  });

  test('without a token steps 5–7 are skipped', async () => {
    const report = await vscode.commands.executeCommand<DoctorReport | undefined>('scimJwt.doctor.run', {
      show: false,
    });
    assert.deepEqual(
      report?.steps.filter((s) => s.status === 'skip').map((s) => s.number),
      [5, 6, 7],
    );
  });
});
