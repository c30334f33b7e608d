#!/usr/bin/env node
// End-to-end tier: packages the extension with vsce (offline), installs the .vsix into a
// throwaway code-server, and drives the real workbench in headless chromium, as a user would.
// Scenarios live in out/test/e2e/*.e2e.js (compiled from test/e2e). Screenshots go to
// test-results/. No smoke-test driver here: it would hide notifications.
// Closing line: "e2e: N passed, N failed".
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startHost, root } = require('./vscode-host');

const results = path.join(root, 'test-results');
const only = process.env.E2E_GREP ? new RegExp(process.env.E2E_GREP, 'i') : undefined;

(async () => {
  fs.mkdirSync(results, { recursive: true });
  const dir = path.join(root, 'out/test/e2e');
  const scenarios = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.e2e.js'))
    .sort()
    .flatMap((f) => require(path.join(dir, f)).scenarios)
    .filter((s) => !only || only.test(s.name));
  const vsix = path.join(os.tmpdir(), `harness-scim-jwt-e2e-${process.pid}.vsix`);
  execFileSync(process.execPath, [path.join(root, 'scripts/package-vsix.js'), vsix], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let passed = 0,
    failed = 0;
  for (const scenario of scenarios) {
    const t0 = Date.now();
    const host = await startHost({ smokeTestDriver: false, vsix, quiet: true });
    const { page } = host;
    page.on('pageerror', (e) => console.log('  [pageerror]', e.message));
    const slug = scenario.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    const ctx = {
      page,
      log: (m) => console.log(`  ${m}`),
      async openWorkbench(folder, file) {
        const payload = [
          ['skipWelcome', 'true'],
          ['skipReleaseNotes', 'true'],
        ];
        if (file) payload.push(['openFile', host.remote(file)]);
        await page.goto(host.workbenchUrl(folder, payload));
        await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
        // code-server opens an empty secondary side bar that squeezes the editor: close it.
        const aux = page.locator('.part.auxiliarybar');
        if (await aux.isVisible().catch(() => false)) {
          await page
            .locator('.monaco-workbench')
            .click({ position: { x: 700, y: 400 } })
            .catch(() => {});
          await page.keyboard.press('Control+Alt+B'); // Toggle Secondary Side Bar Visibility
          await aux
            .waitFor({ state: 'hidden', timeout: 5000 })
            .catch(() => console.log('  (secondary side bar stayed open)'));
        }
      },
      async shot(name) {
        const p = path.join(results, `${name}.png`);
        await page.waitForTimeout(500);
        await page.screenshot({ path: p });
        console.log(`  screenshot ${path.relative(root, p)}`);
        return p;
      },
    };
    try {
      await scenario.run(ctx);
      passed++;
      console.log(`  ✔ ${scenario.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✘ ${scenario.name}: ${e && e.message ? e.message.split('\n')[0] : e}`);
      await page.screenshot({ path: path.join(results, `FAILED-${slug}.png`) }).catch(() => {});
    } finally {
      await host.close();
    }
  }
  fs.rmSync(vsix, { force: true });
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed || !passed ? 1 : 0);
})().catch((e) => {
  console.error('E2E RUNNER ERROR:', e && e.message ? e.message : e);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
