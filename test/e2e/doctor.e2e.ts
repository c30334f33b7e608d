// The walkthrough page and a doctor report with one failure, in the real workbench (the .vsix
// installed into code-server), against an emulator account and a local IdP.
import * as path from 'node:path';
import { startEmulator } from '../sandbox/emulator';
import { startIdp } from '../sandbox/idp';
import { answer, connectFromPalette, runFromPalette, type E2eScenario } from './scenario';

const workspace = path.resolve(__dirname, '../../../test/fixtures/workspace');
const SCIM_PERMISSIONS = ['core_user_view', 'core_user_manage', 'core_user_invite', 'core_usergroup_view', 'core_usergroup_manage'];

export const scenarios: E2eScenario[] = [
  {
    name: 'the getting-started walkthrough lists the four steps with their buttons',
    async run({ page, openWorkbench, shot }) {
      await openWorkbench(workspace);
      await runFromPalette(page, 'Welcome: Open Walkthrough...');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: "Harness SCIM with your IdP's JWTs" }).first().click({ timeout: 30000 });
      for (const title of ['Connect to your Harness account', 'Prepare the service account', 'Enable JWT authentication', 'Test a token']) {
        await page.locator('.getting-started-step', { hasText: title }).first().waitFor({ timeout: 30000 });
      }
      await page.locator('.getting-started-step a, .getting-started-step button', { hasText: 'Connect to Harness' }).first().waitFor();
      // The step's markdown renders in a webview of its own, after the list: wait for its text.
      await page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame')
        .getByText('secret storage only', { exact: false }).first().waitFor({ timeout: 30000 });
      await shot('doctor-walkthrough');
    },
  },
  {
    name: 'the doctor shows a report with one failure (claim mismatch) and its fix',
    async run({ page, openWorkbench, shot, log }) {
      const emu = await startEmulator({ settingsCacheMs: 0 });
      const idp = await startIdp({ claims: { scim_tenant: 'acme' } });
      try {
        emu.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: SCIM_PERMISSIONS });
        const body = Object.entries({
          scim_jwt_token_jwks_keys_url: idp.jwksUri, scim_jwt_token_key_field: 'scim_tenant', scim_jwt_token_value_field: 'acme', scim_jwt_token_service_account_id: 'scim_sa',
        }).map(([identifier, value]) => ({ identifier, value, allowOverrides: false, updateType: 'UPDATE' }));
        await fetch(`${emu.baseUrl}/ng/api/settings?accountIdentifier=${emu.accountId}`, { method: 'PUT', headers: { 'x-api-key': emu.adminKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const wrong = await idp.getToken({ scim_tenant: 'someone-else' });
        await openWorkbench(workspace);
        await connectFromPalette(page, emu.baseUrl, emu.adminKey);
        await runFromPalette(page, 'Harness SCIM JWT: Check SCIM JWT Setup');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Paste a token' }).first().click({ timeout: 30000 });
        await answer(page, 'token', wrong);
        await page.locator('.tab', { hasText: 'SCIM JWT setup check' }).first().waitFor({ timeout: 60000 });
        const end = Date.now() + 30000;
        let text = '';
        while (Date.now() < end && !text.includes('Make scim_jwt_token_value_field equal')) {
          text = '';
          for (const f of page.frames()) text += await f.locator('body').innerText({ timeout: 1000 }).catch(() => '');
          await page.waitForTimeout(500);
        }
        if (!text.includes('Make scim_jwt_token_value_field equal')) throw new Error('the report with the claim-mismatch fix did not render');
        log('report rendered with the claim-mismatch failure and its fix');
        await shot('doctor-report-one-failure');
      } finally {
        await idp.close();
        await emu.close();
      }
    },
  },
];
