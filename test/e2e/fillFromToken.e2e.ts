/**
 * "Fill from a token" in the real workbench: a token shaped as an Okta custom authorization server
 * issues it (no typ; signed by the local IdP under an issuer on 127.0.0.1, so nothing leaves the
 * machine) is pasted; the form names the provider and shows Harness's refusal before any value,
 * writes nothing until Use is clicked, and axe still finds nothing.
 */
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { startEmulator } from '../sandbox/emulator';
import { startIdp } from '../sandbox/idp';
import { frameWith, runAxe } from './a11y';
import { connectFromPalette, runFromPalette, type E2eScenario } from './scenario';

const workspace = path.resolve(__dirname, '../../../test/fixtures/workspace');

function formFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

async function fieldValue(form: FrameLocator, field: string): Promise<string> {
  return form.locator(`#f-${field} input`).inputValue();
}

export const scenarios: E2eScenario[] = [
  {
    name: 'Fill from a token in the setup form: an Okta-custom-AS token shows the refusal up front, nothing is written until Use, axe finds nothing',
    async run({ page, openWorkbench, shot, log }) {
      const emulator = await startEmulator({ settingsCacheMs: 5000 });
      const idp = await startIdp();
      try {
        const now = Math.floor(Date.now() / 1000);
        const iss = `${idp.issuer}/oauth2/aus1scim`;
        const token = idp.sign(
          { kid: idp.currentKid(), alg: 'RS256' },
          {
            ver: 1,
            jti: 'AT.e2e1',
            iss,
            aud: 'api://scim',
            iat: now - 60,
            exp: now + 3600,
            cid: '0oa1scim',
            scp: ['scim'],
            sub: '0oa1scim',
          },
        );
        await openWorkbench(workspace);
        await connectFromPalette(page, emulator.baseUrl, emulator.adminKey);
        await runFromPalette(page, 'Set Up SCIM JWT Authentication');
        const form = formFrame(page);
        await form.locator('#f-jwksUrl').waitFor({ timeout: 30000 });
        await form.locator('#account', { hasText: emulator.accountId }).waitFor({ timeout: 30000 });

        // Opened from the keyboard, as the trial is.
        await form.locator('#fill .collapsible-header').focus();
        await page.keyboard.press('Enter');
        const box = form.locator('#fill-token textarea');
        await box.waitFor({ state: 'visible', timeout: 5000 });
        await box.fill(token);
        await form.locator('#fill-run').click();
        await form
          .locator('#fill-provider', { hasText: 'Okta (custom authorization server)' })
          .waitFor({ timeout: 20000 });
        // The complete answer (the key set tried too) no longer says it is checking.
        const verdict = form.locator('#fill-verdict', { hasText: 'Harness would refuse' });
        await verdict.waitFor({ timeout: 20000 });
        await form.locator('#fill-verdict', { hasNotText: 'Checking the provider' }).waitFor({ timeout: 20000 });
        const text = await verdict.innerText();
        if (!text.includes('never put typ') || !text.includes('Options:'))
          throw new Error(`the refusal does not give the provider's reason and options: ${text}`);
        log(`refusal shown: ${text.replace(/\s+/g, ' ').slice(0, 160)}…`);

        for (const field of ['jwksUrl', 'keyField', 'value']) {
          const v = await fieldValue(form, field);
          if (v !== '') throw new Error(`${field} was written (${JSON.stringify(v)}) before any Use was clicked`);
        }
        const frame = await frameWith(page, '#f-jwksUrl');
        await frame.evaluate(`document.querySelector('#fill').scrollIntoView({ block: 'start' })`);
        // The connect notification would cover the proposal.
        await runFromPalette(page, 'Notifications: Clear All Notifications');
        await page.waitForTimeout(300);
        await shot('setup-fill-from-token-refused');
        const axe = await runAxe(frame);
        log(`axe, proposal shown: ${axe.text}`);
        if (axe.violations > 0) throw new Error(`axe: ${axe.text}`);

        // One field by mouse, then the rest by keyboard.
        await form.locator('#fill-use-keyField').click();
        await form.locator('#c-keyField', { hasText: /\S/ }).waitFor({ timeout: 10000 });
        if ((await fieldValue(form, 'keyField')) !== 'cid') throw new Error('Use did not put cid in the key field');
        if ((await fieldValue(form, 'jwksUrl')) !== '') throw new Error('Use for the key field wrote the JWKS URL too');
        await form.locator('#fill-use-all').focus();
        await page.keyboard.press('Enter');
        const want = { jwksUrl: `${iss}/v1/keys`, keyField: 'cid', value: '0oa1scim' };
        for (const [field, value] of Object.entries(want)) {
          const got = await fieldValue(form, field);
          if (got !== value)
            throw new Error(`after Use all, ${field} is ${JSON.stringify(got)}, not ${JSON.stringify(value)}`);
        }
        await page.waitForTimeout(1000);
        if (JSON.stringify(emulator.snapshot()).includes('0oa1scim'))
          throw new Error('the proposal reached Harness without Send');
        log('after Use all the form holds the proposal; Harness holds none of it (nothing was sent)');
      } finally {
        await idp.close();
        await emulator.close();
      }
    },
  },
];
