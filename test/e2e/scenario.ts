import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

/** What the e2e runner (scripts/run-e2e.js) hands each scenario. */
export interface E2eContext {
  page: Page;
  /** Opens the workbench on `folder` (absolute path), optionally opening `file` in it. */
  openWorkbench: (folder: string, file?: string) => Promise<void>;
  /** Saves a PNG under test-results/ and returns its path. */
  shot: (name: string) => Promise<string>;
  log: (message: string) => void;
}

export interface E2eScenario {
  name: string;
  run(ctx: E2eContext): Promise<void>;
}

/** Runs a command from the palette, as a person would (F1, type, Enter). */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Opens the extension's view from its activity-bar icon (which also proves the extension is loaded). */
export async function openView(page: Page): Promise<void> {
  const icon = page.locator('.activitybar .action-item a[aria-label^="Harness SCIM JWT"]').first();
  await icon.waitFor({ timeout: 60000 });
  await icon.click();
}

/** Waits for the quick input titled `title`, types as a person would, then Enter. */
export async function answer(page: Page, title: string, text: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible' });
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** The connect flow from the palette: cluster "Custom base URL", the URL, the key; waits for the confirmation. */
export async function connectFromPalette(page: Page, baseUrl: string, apiKey: string): Promise<void> {
  await openView(page);
  await runFromPalette(page, 'Harness SCIM JWT: Connect to Harness Account');
  await answer(page, 'cluster', 'Custom base URL');
  await answer(page, 'base URL', baseUrl);
  await answer(page, 'API key', apiKey);
  await page
    .locator('.notifications-toasts', { hasText: 'Connected to Harness account' })
    .first()
    .waitFor({ timeout: 30000 });
}

/**
 * Saves a tight capture of part of the screen for the README (test-results/marketplace/): the
 * pictures on the Marketplace page are these, shrunk, so they show the product as it really is.
 */
export async function capture(
  page: Page,
  name: string,
  clip: { x: number; y: number; width: number; height: number },
): Promise<string> {
  const dir = path.resolve(__dirname, '../../../test-results/marketplace');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: file, clip });
  return file;
}
