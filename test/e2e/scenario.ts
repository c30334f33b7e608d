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
