import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startEmulator } from '../sandbox/emulator';
import { connectFromPalette, openView, runFromPalette, type E2eScenario } from './scenario';

const workspace = path.resolve(__dirname, '../../../test/fixtures/workspace');

/** Drags the sidebar's edge so descriptions are readable in screenshots, as a person would. */
async function widenSidebar(page: Page, width: number): Promise<void> {
  // The sidebar's sash is the vertical one at the sidebar's right edge.
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) return;
  const edge = sidebar.x + sidebar.width;
  let box: { x: number; y: number; width: number; height: number } | null = null;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const b = await sash.boundingBox();
    if (b && b.height > 100 && Math.abs(b.x + b.width / 2 - edge) < 8) box = b;
  }
  if (!box) return;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(width, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(900, 700);
}

async function expand(page: Page, rowText: string): Promise<void> {
  const row = page.locator('.pane-body .monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ timeout: 30000 });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
}

export const scenarios: E2eScenario[] = [
  {
    name: 'the activity-bar icon opens the Account view with its welcome content',
    async run({ page, openWorkbench, shot }) {
      await openWorkbench(workspace);
      await openView(page);
      await page
        .locator('.welcome-view-content', { hasText: 'Connect to a Harness account' })
        .first()
        .waitFor({ timeout: 30000 });
      await page.locator('.welcome-view-content a', { hasText: 'Connect to Harness' }).first().waitFor();
      await shot('sidebar-signed-out');
    },
  },
  {
    name: 'connect from the palette, then the tree shows settings and service accounts (light and dark)',
    async run({ page, openWorkbench, shot }) {
      const emulator = await startEmulator();
      try {
        // One service account that passes the permission check and one that does not.
        emulator.addApiKey({
          kind: 'sat',
          principal: 'scim_provisioner',
          permissions: [
            'core_user_view',
            'core_user_manage',
            'core_user_invite',
            'core_usergroup_view',
            'core_usergroup_manage',
          ],
        });
        emulator.addApiKey({
          kind: 'sat',
          principal: 'read_only_bot',
          permissions: ['core_user_view', 'core_usergroup_view'],
        });
        await fetch(`${emulator.baseUrl}/ng/api/settings?accountIdentifier=${emulator.accountId}`, {
          method: 'PUT',
          headers: { 'x-api-key': emulator.adminKey, 'content-type': 'application/json' },
          body: JSON.stringify([
            {
              identifier: 'scim_jwt_token_jwks_keys_url',
              value: 'https://idp.example.com/oauth2/v1/keys',
              allowOverrides: false,
              updateType: 'UPDATE',
            },
            { identifier: 'scim_jwt_token_key_field', value: 'client_id', allowOverrides: false, updateType: 'UPDATE' },
            {
              identifier: 'scim_jwt_token_service_account_id',
              value: 'scim_provisioner',
              allowOverrides: false,
              updateType: 'UPDATE',
            },
          ]),
        });
        await openWorkbench(workspace);
        await connectFromPalette(page, emulator.baseUrl, emulator.adminKey);
        await expand(page, 'Service accounts');
        await page.locator('.monaco-list-row', { hasText: 'all 5 permissions' }).first().waitFor({ timeout: 30000 });
        await expand(page, 'all 5 permissions');
        await page.locator('.monaco-list-row', { hasText: 'All Account Level Resources' }).first().waitFor();
        await widenSidebar(page, 620);
        await page.locator('.monaco-list-row', { hasText: 'missing 3 of 5' }).first().waitFor();
        await page.locator('.monaco-list-row', { hasText: '1 of 4 missing · takes effect at' }).first().waitFor();
        await page.locator('.statusbar-item', { hasText: 'Emulated Account' }).first().waitFor();
        await shot('sidebar-connected-light');
        // Account settings reads like Harness's own page: names, its order, no empty or failing category.
        await expand(page, 'Account settings');
        await page
          .locator('.pane-body .monaco-list-row', { hasText: 'Notifications' })
          .first()
          .waitFor({ timeout: 30000 });
        const rows = await page.locator('.pane-body .monaco-list-row').allInnerTexts();
        const at = (name: string): number => rows.findIndex((r) => r.split('\n')[0]?.trim() === name);
        const order = [
          'General',
          'Connectors',
          'Continuous Deployment',
          'Git Experience',
          'Pipeline',
          'Notifications',
          'License Agreements',
        ].map(at);
        if (order.some((i) => i < 0) || order.some((i, k) => k > 0 && i <= (order[k - 1] ?? -1)))
          throw new Error(`categories not in Harness's order: ${rows.join(' | ')}`);
        for (const bad of ['NOTIFICATION', 'Harness refused', 'Continuous Integration', 'CORE']) {
          if (rows.some((r) => r.includes(bad))) throw new Error(`the tree shows "${bad}": ${rows.join(' | ')}`);
        }
        await expand(page, 'Notifications');
        await page
          .locator('.pane-body .monaco-list-row', { hasText: 'Enable Slack Notifications' })
          .first()
          .waitFor({ timeout: 10000 });
        await shot('sidebar-account-settings');
        // Every inline action on a row has a name a screen reader can read (its command's title).
        let unnamed = 0,
          named = 0;
        for (const action of await page.locator('.pane-body .monaco-list-row .actions .action-label').all()) {
          if ((await action.getAttribute('aria-label'))?.trim()) named++;
          else unnamed++;
        }
        if (unnamed > 0 || named === 0)
          throw new Error(`inline actions without an accessible name: ${String(unnamed)} (named: ${String(named)})`);
        await runFromPalette(page, 'Toggle between Light/Dark Themes');
        await page.waitForTimeout(800);
        await shot('sidebar-connected-dark');
      } finally {
        await emulator.close();
      }
    },
  },
];
