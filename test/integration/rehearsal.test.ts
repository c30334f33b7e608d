// "Rehearse SCIM Provisioning" in a real extension host: consent given, the twelve steps against
// the emulator and the report they leave; consent not given, nothing is sent.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RehearsalReport } from '../../src/core/rehearsal';
import type { Emulator } from '../sandbox/emulator';
import type { Idp } from '../sandbox/idp';
import { type ScimAccount, connectedScimAccount, eventually } from './support/harness';

const SCIM_PREFIX = '/ng/api/scim/';

suite('Rehearsal (extension host, emulator)', () => {
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

  test('without consent nothing is sent to the account', async () => {
    const before = emulator.requestCount(SCIM_PREFIX);
    // No `confirmed`: the command asks with a modal, which the test host refuses to show, so the
    // user's answer is "no" — exactly what Cancel gives.
    const report = await vscode.commands.executeCommand<RehearsalReport | undefined>('scimJwt.rehearsal.run', {
      token: await idp.getToken(),
    });
    assert.equal(report, undefined);
    assert.equal(emulator.requestCount(SCIM_PREFIX), before, 'no SCIM request was made');
  });

  test('with consent the twelve steps pass, the report is shown and the account is as it was', async () => {
    const token = await idp.getToken();
    const report = await vscode.commands.executeCommand<RehearsalReport | undefined>('scimJwt.rehearsal.run', {
      token,
      confirmed: true,
    });
    assert.ok(report, 'the command returns the report');
    assert.equal(report.outcome, 'passed', report.steps.map((s) => `${s.step} ${s.outcome} ${s.message}`).join('\n'));
    // Harness's statuses: deactivation (step 11) answers 204 and deletes the user, so step 12 reads 404.
    assert.deepEqual(
      report.steps.map((s) => s.status),
      [200, 200, 201, 200, 200, 201, 204, 200, 204, 204, 204, 404],
    );
    assert.equal(report.deactivationDeleted, true);
    assert.deepEqual(report.leftovers, []);
    const reportTab = (): string | undefined =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((t) => t.label)
        .find((l) => l.includes('SCIM provisioning rehearsal'));
    await eventually(() => Promise.resolve(reportTab()), 'the report preview tab');
    const shown = await vscode.workspace.openTextDocument(
      vscode.Uri.from({ scheme: 'scim-jwt-rehearsal', path: '/SCIM provisioning rehearsal 1.md' }),
    );
    assert.match(shown.getText(), /\| 12 \|/);
    assert.match(shown.getText(), /Deactivating a user in your identity provider DELETES the Harness user/);
    assert.match(shown.getText(), /## What your IdP will hit/);
    assert.ok(!shown.getText().includes(token), 'the token is not in the report');
  });
});
