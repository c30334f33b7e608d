// "Check SCIM JWT Setup" in a real extension host: the command driven with { token } against an
// emulator account and a local IdP, returning the report it also shows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../src/core/doctor';
import type { Emulator } from '../sandbox/emulator';
import type { Idp } from '../sandbox/idp';
import type { RefreshKeySetResult } from '../../src/features/explorer/refreshKeySet';
import { type ScimAccount, connectedScimAccount, eventually, putSettings } from './support/harness';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host opened no folder');
  return folder.uri.fsPath;
}

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

  test('a key rotated under the same URL: the doctor names the stale key set; "Make Harness Re-read the Key Set" writes the changed URL, counts down and re-tests', async () => {
    // The settings written 150 s ago by the emulator's clock: in force, so the doctor may conclude.
    const settings = {
      scim_jwt_token_jwks_keys_url: idp.jwksUri,
      scim_jwt_token_key_field: 'scim_tenant',
      scim_jwt_token_value_field: 'acme',
      scim_jwt_token_service_account_id: 'scim_sa',
    };
    emulator.advanceClock(-150_000);
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, settings);
    emulator.advanceClock(150_000);
    const scim = async (token: string): Promise<number> =>
      (
        await fetch(`${emulator.baseUrl}/ng/api/scim/account/${emulator.accountId}/Users?count=1`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status;
    const old = await idp.getToken();
    assert.equal(await scim(old), 200);
    const { kid } = await idp.rotateKeys();
    assert.equal(await scim(old), 200, 'SCIM traffic goes on with the old key');
    const token = await idp.getToken();
    assert.equal(await scim(token), 401);

    const report = await vscode.commands.executeCommand<DoctorReport | undefined>('scimJwt.doctor.run', {
      token,
      show: false,
    });
    const step6 = report?.steps.find((s) => s.id === 'tokenValidate');
    assert.equal(step6?.problem, 'key-set-stale', step6?.detail);
    assert.equal(report?.staleKeySet?.kid, kid);
    assert.match(
      step6.detail,
      /^Probably Harness is still using the key set it downloaded from the JWKS URL .*\(inferred: Harness answers the same 401 for every failure\)\.$/,
    );

    // "Test against Harness" names it too, and its "Make Harness Re-read the Key Set" button passes the
    // tested token on, so the refresh re-tests it (the refresh itself is caught here, not run).
    const file = path.join(workspaceDir(), 'doctor-rotation.http');
    fs.writeFileSync(
      file,
      `GET ${emulator.baseUrl}/ng/api/scim/account/${emulator.accountId}/Users?count=1\nAuthorization: Bearer ${token}\n`,
    );
    const shown: string[] = [];
    const window = vscode.window as { showWarningMessage: unknown };
    const commands = vscode.commands as { executeCommand: unknown };
    const originalWarning = window.showWarningMessage;
    const errors = vscode.window as { showErrorMessage: unknown };
    const originalError = errors.showErrorMessage;
    errors.showErrorMessage = (message: string): Promise<undefined> => {
      shown.push(`error: ${message}`);
      return Promise.resolve(undefined);
    };
    const originalExecute = vscode.commands.executeCommand;
    const refreshArgs: unknown[][] = [];
    window.showWarningMessage = (message: string, ...items: unknown[]): Promise<unknown> => {
      shown.push(message);
      return Promise.resolve(
        items.includes('Make Harness Re-read the Key Set') ? 'Make Harness Re-read the Key Set' : undefined,
      );
    };
    commands.executeCommand = (id: string, ...args: unknown[]): Thenable<unknown> => {
      if (id === 'scimJwt.keySet.refresh') {
        refreshArgs.push(args);
        return Promise.resolve(undefined);
      }
      return originalExecute(id, ...args);
    };
    try {
      const tested = await originalExecute<{ summary: string } | undefined>(
        'scimJwt.token.testAgainstHarness',
        vscode.Uri.file(file).toString(),
        0,
      );
      await eventually(
        () => Promise.resolve(refreshArgs.length > 0 ? true : undefined),
        `the refresh started (${tested?.summary ?? 'no outcome'}; shown: ${shown.join(' | ')})`,
      );
    } finally {
      window.showWarningMessage = originalWarning;
      errors.showErrorMessage = originalError;
      commands.executeCommand = originalExecute;
      fs.rmSync(file, { force: true });
    }
    assert.match(shown[0] ?? '', /Probably Harness is still using the key set/);
    assert.deepEqual(refreshArgs, [[{ token }]]);

    // The action the tree's JWKS URL row and the doctor's message run; a clock that does not sleep.
    let offset = 0;
    const clock = {
      now: () => Date.now() + offset,
      sleep: (ms: number) => {
        offset += ms;
        emulator.advanceClock(ms);
        return Promise.resolve();
      },
    };
    const result = await vscode.commands.executeCommand<RefreshKeySetResult | undefined>('scimJwt.keySet.refresh', {
      token,
      confirmed: true,
      clock,
    });
    assert.ok(result?.written, 'the changed URL is written');
    assert.equal(result.confirmed, true, 'and confirmed by the read-back');
    assert.equal(result.previousUrl, idp.jwksUri);
    assert.match(result.newUrl, /\?scim-jwt-refresh=\d{8}T\d{4}$/);
    assert.equal(result.ticks[0], 120);
    assert.equal(result.ticks.at(-1), 0);
    assert.equal(result.retest?.result, 'accepted', result.retest?.summary);
    assert.equal(
      emulator.snapshot().settings.find((s) => s.identifier === 'scim_jwt_token_jwks_keys_url')?.value,
      result.newUrl,
    );
    assert.equal(await scim(token), 200);

    // A provider that answers nothing else under the changed URL: nothing is written.
    await idp.rotateKeys();
    idp.refuseJwksQuery(true);
    try {
      // The command shows its refusal as a message and returns nothing.
      const refused = await vscode.commands.executeCommand('scimJwt.keySet.refresh', { confirmed: true, clock });
      assert.equal(refused, undefined);
      assert.equal(
        emulator.snapshot().settings.find((s) => s.identifier === 'scim_jwt_token_jwks_keys_url')?.value,
        result.newUrl,
      );
    } finally {
      idp.refuseJwksQuery(false);
      await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, settings);
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
