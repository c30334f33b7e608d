import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { startEmulator } from '../sandbox/emulator';
import { startIdp } from '../sandbox/idp';
import { frameWith, runAxe, tabWalk } from './a11y';
import { capture, connectFromPalette, runFromPalette, type E2eScenario } from './scenario';

const workspace = path.resolve(__dirname, '../../../test/fixtures/workspace');
const SCIM_PERMISSIONS = [
  'core_user_view',
  'core_user_manage',
  'core_user_invite',
  'core_usergroup_view',
  'core_usergroup_manage',
];

/** The form lives two iframes deep (the webview host frame, then its content frame). */
function formFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

async function typeInto(frame: FrameLocator, field: string, text: string): Promise<void> {
  // Playwright's CSS pierces the element's open shadow root to the real <input>.
  const input = frame.locator(`#f-${field} input`);
  await input.click();
  await input.fill('');
  await input.pressSequentially(text);
}

export const scenarios: E2eScenario[] = [
  {
    name: 'the setup form is filled by typing, checks the values, sends, and shows the result table and countdown; axe finds nothing in light, dark and high contrast; the keyboard reaches and works every control',
    async run({ page, openWorkbench, shot, log }) {
      const emulator = await startEmulator({ settingsCacheMs: 5000 });
      const idp = await startIdp();
      const axeFindings: string[] = [];
      const axe = async (theme: string): Promise<void> => {
        const result = await runAxe(await frameWith(page, '#f-jwksUrl'));
        log(`axe, ${theme}: ${result.text}`);
        if (result.violations > 0) axeFindings.push(`${theme}: ${result.text}`);
      };
      try {
        emulator.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: SCIM_PERMISSIONS });
        await openWorkbench(workspace);
        await connectFromPalette(page, emulator.baseUrl, emulator.adminKey);
        await runFromPalette(page, 'Set Up SCIM JWT Authentication');
        const form = formFrame(page);
        await form.locator('#f-jwksUrl').waitFor({ timeout: 30000 });
        /** For the README: the form's own elements, scrolled to the top, at most 720 px wide so they stay legible. */
        const captureForm = async (name: string, first: string, last: string): Promise<void> => {
          const frame = await frameWith(page, '#f-jwksUrl');
          await frame.evaluate(`document.querySelector(${JSON.stringify(first)}).scrollIntoView({ block: 'start' })`);
          await page.waitForTimeout(300);
          const a = await form.locator(first).boundingBox();
          const b = await form.locator(last).boundingBox();
          if (!a || !b) throw new Error(`nothing to capture for ${name}`);
          const x = a.x - 8,
            y = a.y - 4;
          await capture(page, name, {
            x,
            y,
            width: Math.min(720, Math.max(a.x + a.width, b.x + b.width) + 8 - x),
            height: Math.min(520, b.y + b.height + 6 - y),
          });
        };

        await typeInto(form, 'jwksUrl', idp.discoveryUri);
        await form.locator('#c-jwksUrl', { hasText: 'discovery document' }).waitFor({ timeout: 20000 });
        await shot('setup-form-discovery-offered');
        await captureForm('setup-1-discovery', '#field-jwksUrl', '#field-jwksUrl');
        await form.locator('#c-jwksUrl vscode-button', { hasText: 'Use the jwks_uri' }).click();
        await form.locator('#c-jwksUrl', { hasText: 'signing key' }).waitFor({ timeout: 20000 });

        await typeInto(form, 'keyField', 'client_id');
        await typeInto(form, 'value', idp.clientId);
        // The service account from the picker, by keyboard only: Space opens it, arrows move, Enter picks.
        const options: (string | null)[] = [];
        for (const option of await form.locator('#sa-pick vscode-option').all())
          options.push(await option.getAttribute('value'));
        const index = options.indexOf('scim_sa');
        if (index < 1) throw new Error(`scim_sa is not among the picker's options: ${options.join(', ')}`);
        await form.locator('#sa-pick').focus();
        await page.keyboard.press('Space');
        for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        const picked = await form.locator('#f-serviceAccountId input').inputValue();
        if (picked !== 'scim_sa')
          throw new Error(`picking scim_sa with the keyboard set the field to ${JSON.stringify(picked)}`);
        await form
          .locator('#c-serviceAccountId', { hasText: 'holds the five SCIM permissions' })
          .waitFor({ timeout: 20000 });
        await form.locator('#preview-curl', { hasText: '$HARNESS_API_KEY' }).waitFor();
        // code-server starts in its light theme.
        await shot('setup-form-checked-light');
        await captureForm('setup-2-checked', '#field-keyField', '#field-serviceAccountId');
        await axe('light, values checked');

        // Keyboard only: every control is a Tab stop, and each shows where focus is.
        const frame = await frameWith(page, '#f-jwksUrl');
        const stops = await tabWalk(page, frame, '#f-jwksUrl');
        log(`Tab stops: ${stops.map((s) => `${s.name}${s.focusVisible ? '' : ' (focus not visible)'}`).join(', ')}`);
        const expected = [
          'f-jwksUrl',
          'f-keyField',
          'f-value',
          'f-serviceAccountId',
          'sa-pick',
          'sa-create',
          'trial',
          'preview-json',
          'preview-curl',
          'copy-curl',
          'save-http',
          'terraform-sa',
          'preview-terraform',
          'copy-terraform',
          'send',
          'restore',
          'refresh',
        ];
        const missing = expected.filter((id) => !stops.some((s) => s.name === id));
        if (missing.length) throw new Error(`not reachable with Tab: ${missing.join(', ')}`);
        const invisible = stops.filter((s) => !s.focusVisible).map((s) => s.name);
        if (invisible.length) throw new Error(`focus not visible on: ${invisible.join(', ')}`);
        // The optional token trial opens from the keyboard too.
        await form.locator('#trial .collapsible-header').focus();
        await page.keyboard.press('Enter');
        await form.locator('#trial-token').waitFor({ state: 'visible', timeout: 5000 });

        // Send from the keyboard.
        await form.locator('#send').focus();
        await page.keyboard.press('Enter');
        await form.locator('#result table', { hasText: 'saved' }).waitFor({ timeout: 20000 });
        await form.locator('#countdown', { hasText: 'will use the new values in' }).waitFor();
        await captureForm('setup-3-sent', '.main-actions', '#countdown');
        await axe('light, sent');
        await runFromPalette(page, 'Toggle between Light/Dark Themes');
        await page.waitForTimeout(800);
        await shot('setup-form-sent-dark');
        await axe('dark');
        // The theme picker, as a person would: Ctrl+K Ctrl+T, then Dark High Contrast.
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+T');
        await page
          .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Light Modern' })
          .first()
          .waitFor();
        await page.locator('.quick-input-widget input').fill('Dark High Contrast');
        await page
          .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Dark High Contrast' })
          .first()
          .click();
        await page.waitForTimeout(800);
        await form.locator('#result table', { hasText: 'saved' }).waitFor();
        await shot('setup-form-sent-high-contrast');
        await axe('high contrast');
        log(`settings PUTs seen by the emulator: ${String(emulator.requestCount('/ng/api/settings'))}`);
        if (axeFindings.length) throw new Error(`axe: ${axeFindings.join(' || ')}`);
      } finally {
        await idp.close();
        await emulator.close();
      }
    },
  },
  {
    name: 'typed values survive a window reload, and Save as .http writes the request with the key as a variable',
    async run({ page, openWorkbench, shot, log }) {
      const emulator = await startEmulator({ settingsCacheMs: 5000 });
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-jwt-e2e-save-'));
      try {
        await openWorkbench(folder);
        await connectFromPalette(page, emulator.baseUrl, emulator.adminKey);
        await runFromPalette(page, 'Set Up SCIM JWT Authentication');
        let form = formFrame(page);
        await form.locator('#f-jwksUrl').waitFor({ timeout: 30000 });
        await typeInto(form, 'jwksUrl', 'https://idp.example.test/keys');
        await typeInto(form, 'keyField', 'client_id');
        await typeInto(form, 'value', 'harness-scim');
        await form.locator('#preview-curl', { hasText: 'harness-scim' }).waitFor();

        await runFromPalette(page, 'Developer: Reload Window');
        await page.waitForTimeout(1500);
        form = formFrame(page);
        await form.locator('#f-jwksUrl').waitFor({ timeout: 60000 });
        for (const [field, want] of [
          ['jwksUrl', 'https://idp.example.test/keys'],
          ['keyField', 'client_id'],
          ['value', 'harness-scim'],
        ] as const) {
          const got = await form.locator(`#f-${field} input`).inputValue();
          if (got !== want)
            throw new Error(`after the reload ${field} is ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
        }
        log('the three typed values came back after the reload');
        await shot('setup-form-after-reload');

        await form.locator('#save-http').click();
        // code-server's save dialog is a quick input holding the proposed path: accept it.
        await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 20000 });
        await page.waitForTimeout(300);
        await page.keyboard.press('Enter');
        const file = path.join(folder, 'scim-jwt-settings.http');
        // The file appears before its content is written: wait for the whole request.
        const read = (): string => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
        const end = Date.now() + 20000;
        while (!read().includes('{{harnessApiKey}}') && Date.now() < end) await page.waitForTimeout(200);
        const text = read();
        if (text === '') throw new Error(`Save as .http wrote nothing at ${file}`);
        if (!text.includes('{{harnessApiKey}}') || !text.includes('https://idp.example.test/keys'))
          throw new Error(`unexpected .http file:\n${text}`);
        if (text.includes(emulator.adminKey)) throw new Error('the API key was written into the .http file');
        await page.locator('.tab', { hasText: 'scim-jwt-settings.http' }).first().waitFor({ timeout: 20000 });
        log(`saved ${String(text.length)} characters; the key is the {{harnessApiKey}} variable`);
      } finally {
        await emulator.close();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'what is typed while a slow Harness is still being read is kept, not replaced by the prefill',
    async run({ page, openWorkbench, log }) {
      const emulator = await startEmulator({ settingsCacheMs: 5000 });
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-jwt-e2e-slow-'));
      try {
        await openWorkbench(folder);
        await connectFromPalette(page, emulator.baseUrl, emulator.adminKey);
        emulator.setLatency(4000);
        await runFromPalette(page, 'Set Up SCIM JWT Authentication');
        const form = formFrame(page);
        await form.locator('#f-keyField').waitFor({ timeout: 30000 });
        await typeInto(form, 'keyField', 'azp');
        const typedAt = Date.now();
        await form.locator('#account', { hasText: emulator.accountId }).waitFor({ timeout: 30000 });
        log(`the form's first answer came ${String(Date.now() - typedAt)} ms after the typing`);
        await page.waitForTimeout(500);
        const kept = await form.locator('#f-keyField input').inputValue();
        if (kept !== 'azp')
          throw new Error(`the typed key field became ${JSON.stringify(kept)} when the current values arrived`);
      } finally {
        emulator.setLatency(0);
        await emulator.close();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  },
];
