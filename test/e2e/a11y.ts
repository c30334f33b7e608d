/**
 * Accessibility checks in the real workbench: axe-core run inside a webview's content frame, and a
 * keyboard-only walk that records every Tab stop and whether focus can be seen on it.
 */
import * as fs from 'node:fs';
import type { AxeResults, Result } from 'axe-core';
import type { Frame, Page } from 'playwright-core';

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The content frame (a webview's `#active-frame`) whose document has `selector`. */
export async function frameWith(page: Page, selector: string, timeoutMs = 30000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    // Webview content only: the workbench itself may show the same words (a notification, say).
    for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
      if (
        await frame
          .locator(selector)
          .count()
          .catch(() => 0)
      )
        return frame;
    }
    if (Date.now() > end) throw new Error(`no frame has ${selector}`);
    await page.waitForTimeout(250);
  }
}

export interface AxeSummary {
  violations: number;
  text: string;
}

function describe(v: Result): string {
  const where = v.nodes
    .slice(0, 3)
    .map((n) => n.target.map(String).join(' > '))
    .join('; ');
  return `${v.impact ?? 'n/a'} ${v.id}: ${v.help} [${where}]`;
}

/**
 * The rules VS Code's markdown preview fails by its own page shell, whatever the markdown: its
 * `<html>` has no `lang` and no `<title>`, and it has no `<main>` landmark to put content in.
 * Only a webview of our own would change that; the report's content is still checked by every
 * other rule.
 */
export const MARKDOWN_PREVIEW_SHELL_RULES: readonly string[] = [
  'html-has-lang',
  'document-title',
  'landmark-one-main',
  'region',
];

/**
 * Runs axe over the frame's whole document, open shadow roots included. The webview's CSP allows
 * no injected script tag, so the source goes in through the debugging protocol, as Playwright's
 * evaluate does.
 */
export async function runAxe(frame: Frame, options: { hostShellRules?: readonly string[] } = {}): Promise<AxeSummary> {
  await frame.evaluate(axeSource);
  const disabled = Object.fromEntries((options.hostShellRules ?? []).map((id) => [id, { enabled: false }]));
  // A string, not a function: the tests compile without the DOM's types.
  const r = await frame.evaluate<AxeResults>(`axe.run(document, { rules: ${JSON.stringify(disabled)} })`);
  const results = { violations: r.violations, passes: r.passes.length };
  const text =
    results.violations.length === 0
      ? `0 violations (${String(results.passes)} rules passed)`
      : `${String(results.violations.length)} violation(s): ${results.violations.map(describe).join(' | ')}`;
  return { violations: results.violations.length, text };
}

export interface TabStop {
  /** The focused element's id, or its tag and text when it has none. */
  name: string;
  /** Whether the focused control looks different from the same control unfocused. */
  focusVisible: boolean;
}

/**
 * Presses Tab from the frame's first control until focus leaves the frame or comes round again.
 * At each stop the control is photographed focused, then with focus taken away by script (so
 * nothing scrolls or moves), and the two must differ: a person must see where they are. Hosts of
 * custom elements (`vscode-textfield`…) are reported, not their shadow internals.
 */
export async function tabWalk(page: Page, frame: Frame, first: string, maxStops = 60): Promise<TabStop[]> {
  await frame.locator(first).first().focus();
  // The first stop was focused by script: one Tab round trip makes it a keyboard focus.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  const stops: TabStop[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < maxStops; i++) {
    // Mark the focused element (the host, for custom elements) so a locator can find it.
    const name = await frame.evaluate<string>(`(() => {
      for (const old of document.querySelectorAll('[data-a11y-current]')) old.removeAttribute('data-a11y-current');
      const e = document.activeElement;
      if (!e || e === document.body) return '';
      e.setAttribute('data-a11y-current', '');
      return e.id || e.tagName.toLowerCase() + ':' + (e.textContent || '').trim().slice(0, 30);
    })()`);
    if (name === '' || seen.has(name)) break;
    seen.add(name);
    const element = frame.locator('[data-a11y-current]');
    await element.scrollIntoViewIfNeeded();
    await page.waitForTimeout(150);
    const box = await element.boundingBox();
    const clip = box
      ? { x: Math.max(0, box.x - 4), y: Math.max(0, box.y - 4), width: box.width + 8, height: box.height + 8 }
      : undefined;
    const focused = clip ? await page.screenshot({ clip }) : undefined;
    // Blur the innermost focused element (inside shadow roots), photograph, then give focus back.
    await frame.evaluate(`(() => {
      let active = document.activeElement;
      while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
      globalThis.a11yBlurred = active;
      if (active) active.blur();
    })()`);
    await page.waitForTimeout(150);
    const unfocused = clip ? await page.screenshot({ clip }) : undefined;
    await frame.evaluate('globalThis.a11yBlurred && globalThis.a11yBlurred.focus()');
    stops.push({ name, focusVisible: focused !== undefined && unfocused !== undefined && !focused.equals(unfocused) });
    await page.keyboard.press('Tab');
    await page.waitForTimeout(100);
    const stillInFrame = await frame.evaluate<boolean>(
      'document.hasFocus() && document.activeElement !== document.body',
    );
    if (!stillInFrame) break;
  }
  await frame.evaluate(
    `for (const e of document.querySelectorAll('[data-a11y-current]')) e.removeAttribute('data-a11y-current')`,
  );
  return stops;
}
