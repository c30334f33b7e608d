import * as path from 'node:path';
import type { E2eScenario } from './scenario';

const workspace = path.resolve(__dirname, '../../../test/fixtures/workspace');

export const scenarios: E2eScenario[] = [
  {
    name: 'the activity-bar icon opens the Account view with its welcome content',
    async run({ page, openWorkbench, shot }) {
      await openWorkbench(workspace);
      const icon = page.locator('.activitybar .action-item a[aria-label^="Harness SCIM JWT"]').first();
      await icon.waitFor({ timeout: 60000 });
      await icon.click();
      await page.locator('.welcome-view-content', { hasText: 'Connect to a Harness account' }).first().waitFor({ timeout: 30000 });
      await page.locator('.welcome-view-content a', { hasText: 'Connect to Harness' }).first().waitFor();
      await shot('sidebar-signed-out');
    },
  },
];
