// The walkthrough page and a doctor report with one failure, in the real workbench (the .vsix
// installed into code-server), against an emulator account and a local IdP.
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../sandbox/emulator';
import { startIdp } from '../sandbox/idp';
import { MARKDOWN_PREVIEW_SHELL_RULES, frameWith, runAxe } from './a11y';
import { answer, connectFromPalette, runFromPalette, type E2eScenario } from './scenario';

const workspace = path.resolve(__dirname, '../../../test/fixtures/workspace');
const SCIM_PERMISSIONS = [
  'core_user_view',
  'core_user_manage',
  'core_user_invite',
  'core_usergroup_view',
  'core_usergroup_manage',
];

/** A service account `scim_sa` holding the five permissions, and the four settings pointing at the IdP. */
async function configure(emu: Emulator, jwksUri: string): Promise<void> {
  emu.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: SCIM_PERMISSIONS });
  const body = Object.entries({
    scim_jwt_token_jwks_keys_url: jwksUri,
    scim_jwt_token_key_field: 'scim_tenant',
    scim_jwt_token_value_field: 'acme',
    scim_jwt_token_service_account_id: 'scim_sa',
  }).map(([identifier, value]) => ({ identifier, value, allowOverrides: false, updateType: 'UPDATE' }));
  const res = await fetch(`${emu.baseUrl}/ng/api/settings?accountIdentifier=${emu.accountId}`, {
    method: 'PUT',
    headers: { 'x-api-key': emu.adminKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`configuring the emulator failed: HTTP ${String(res.status)}`);
}

/** Runs the doctor from the palette on a pasted token and waits for its report's tab. */
async function checkSetupWithToken(page: Page, token: string): Promise<void> {
  await runFromPalette(page, 'Harness SCIM JWT: Check SCIM JWT Setup');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Paste a token' })
    .first()
    .click({ timeout: 30000 });
  await answer(page, 'token', token);
  await page.locator('.tab', { hasText: 'SCIM JWT setup check' }).first().waitFor({ timeout: 60000 });
}

async function openWalkthrough(page: Page): Promise<void> {
  await runFromPalette(page, 'Welcome: Open Walkthrough...');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: "Harness SCIM with your IdP's JWTs" })
    .first()
    .click({ timeout: 30000 });
}

export const scenarios: E2eScenario[] = [
  {
    name: 'the getting-started walkthrough lists its steps with their buttons',
    async run({ page, openWorkbench, shot }) {
      await openWorkbench(workspace);
      await openWalkthrough(page);
      for (const title of [
        'Connect to your Harness account',
        'Prepare the service account',
        'Enable JWT authentication',
        'Test a token',
        'Rehearse provisioning',
      ]) {
        await page.locator('.getting-started-step', { hasText: title }).first().waitFor({ timeout: 30000 });
      }
      await page
        .locator('.getting-started-step a, .getting-started-step button', { hasText: 'Connect to Harness' })
        .first()
        .waitFor();
      // The step's markdown renders in a webview of its own, after the list: wait for its text.
      await page
        .frameLocator('iframe.webview.ready')
        .frameLocator('iframe#active-frame')
        .getByText('secret storage only', { exact: false })
        .first()
        .waitFor({ timeout: 30000 });
      await shot('doctor-walkthrough');
    },
  },
  {
    name: 'the doctor shows a report with one failure (claim mismatch) and its fix',
    async run({ page, openWorkbench, shot, log }) {
      const emu = await startEmulator({ settingsCacheMs: 0 });
      const idp = await startIdp({ claims: { scim_tenant: 'acme' } });
      try {
        await configure(emu, idp.jwksUri);
        const wrong = await idp.getToken({ scim_tenant: 'someone-else' });
        await openWorkbench(workspace);
        await connectFromPalette(page, emu.baseUrl, emu.adminKey);
        await checkSetupWithToken(page, wrong);
        const end = Date.now() + 30000;
        let text = '';
        while (Date.now() < end && !text.includes('Make scim_jwt_token_value_field equal')) {
          text = '';
          for (const f of page.frames())
            text += await f
              .locator('body')
              .innerText({ timeout: 1000 })
              .catch(() => '');
          await page.waitForTimeout(500);
        }
        if (!text.includes('Make scim_jwt_token_value_field equal'))
          throw new Error('the report with the claim-mismatch fix did not render');
        log('report rendered with the claim-mismatch failure and its fix');
        await shot('doctor-report-one-failure');
        // The report is VS Code's markdown preview, a webview: axe reads our content in it; the
        // preview's own page shell fails four document rules whatever it shows, so they are logged apart.
        const frame = await frameWith(page, 'text=Make scim_jwt_token_value_field equal');
        const shell = await runAxe(frame);
        log(`axe, doctor report, every rule: ${shell.text}`);
        const axe = await runAxe(frame, { hostShellRules: MARKDOWN_PREVIEW_SHELL_RULES });
        log(`axe, doctor report, without the preview shell's rules: ${axe.text}`);
        if (axe.violations > 0) throw new Error(`axe on the doctor's report: ${axe.text}`);
      } finally {
        await idp.close();
        await emu.close();
      }
    },
  },
  {
    name: 'a passing check offers the provisioning rehearsal; with consent its twelve steps pass and the report shows them',
    async run({ page, openWorkbench, shot, log }) {
      const emu = await startEmulator({ settingsCacheMs: 0 });
      const idp = await startIdp({ claims: { scim_tenant: 'acme' } });
      try {
        await configure(emu, idp.jwksUri);
        const good = await idp.getToken({ scim_tenant: 'acme' });
        await openWorkbench(workspace);
        await connectFromPalette(page, emu.baseUrl, emu.adminKey);
        await checkSetupWithToken(page, good);
        // The doctor's optional last step: a notification offering the rehearsal with the same token.
        await page
          .locator('.notification-toast .monaco-button', { hasText: 'Rehearse Provisioning' })
          .first()
          .click({ timeout: 30000 });
        // It writes to the account, so it asks first, naming what it creates and deletes.
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor({ timeout: 30000 });
        const question = await dialog.innerText();
        if (!/scim-rehearsal-\S+@example\.com/.test(question))
          throw new Error(`the consent does not name the test user: ${question}`);
        await shot('rehearsal-consent');
        await dialog.locator('.monaco-button', { hasText: 'Rehearse' }).first().click();
        await page.locator('.tab', { hasText: 'SCIM provisioning rehearsal' }).first().waitFor({ timeout: 60000 });
        const end = Date.now() + 30000;
        let text = '';
        while (Date.now() < end && !text.includes('All 12 steps passed')) {
          text = '';
          for (const f of page.frames())
            text += await f
              .locator('body')
              .innerText({ timeout: 1000 })
              .catch(() => '');
          await page.waitForTimeout(500);
        }
        if (!text.includes('All 12 steps passed')) throw new Error('the rehearsal report did not render as passed');
        log('rehearsal report rendered: all 12 steps passed');
        await shot('rehearsal-report');
        // Also VS Code's markdown preview: the same check as the doctor's report.
        const axe = await runAxe(await frameWith(page, 'text=All 12 steps passed'), {
          hostShellRules: MARKDOWN_PREVIEW_SHELL_RULES,
        });
        log(`axe, rehearsal report, without the preview shell's rules: ${axe.text}`);
        if (axe.violations > 0) throw new Error(`axe on the rehearsal's report: ${axe.text}`);
      } finally {
        await idp.close();
        await emu.close();
      }
    },
  },
  {
    name: 'the walkthrough ticks each step once its condition holds: connected, service account ready, settings set, token accepted',
    async run({ page, openWorkbench, shot, log }) {
      const emu = await startEmulator({ settingsCacheMs: 0 });
      const idp = await startIdp({ claims: { scim_tenant: 'acme' } });
      try {
        await configure(emu, idp.jwksUri);
        const good = await idp.getToken({ scim_tenant: 'acme' });
        await openWorkbench(workspace);
        // As a newcomer would: the walkthrough first (nothing done yet), then the work it asks for.
        await openWalkthrough(page);
        const done = page.locator('.getting-started-step[aria-checked="true"]');
        await page.locator('.getting-started-step', { hasText: 'Test a token' }).first().waitFor({ timeout: 30000 });
        if ((await done.count()) !== 0) throw new Error('a step was complete before anything was done');
        // Connecting opens the view, whose rows show the service account and the four settings.
        await connectFromPalette(page, emu.baseUrl, emu.adminKey);
        await page.locator('.monaco-list-row', { hasText: 'all 5 permissions' }).first().waitFor({ timeout: 30000 });
        await checkSetupWithToken(page, good);
        await page.locator('.tab', { hasText: 'Welcome' }).first().click();
        const end = Date.now() + 30000;
        while (Date.now() < end && (await done.count()) < 4) await page.waitForTimeout(250);
        const titles = await done.allInnerTexts();
        log(`completed steps: ${String(titles.length)}`);
        if (titles.length !== 4)
          throw new Error(`expected the four steps complete, saw ${String(titles.length)}: ${titles.join(' | ')}`);
        await shot('doctor-walkthrough-complete');
      } finally {
        await idp.close();
        await emu.close();
      }
    },
  },
];
