#!/usr/bin/env node
// Sandbox test: starts `npm run sandbox` headless (its own state folder, ephemeral ports), opens the
// workbench in headless chromium as a newcomer would, checks the extension got pre-connected and
// (when the editor features are wired) the sample lenses' verdicts, runs the doctor from the
// command palette on a token picked from the open .http file, checks the sample main.tf's lenses,
// stops the sandbox with Ctrl-C (SIGINT) and checks no process is left. Screenshots go to test-results/.
// Closing line: "sandbox: N passed, N failed".
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..');
const results = path.join(root, 'test-results');
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-jwt-sandbox-test-'));
let passed = 0,
  failed = 0;
const check = async (name, fn) => {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`  ✘ ${name}: ${e && e.message ? e.message.split('\n')[0] : e}`);
  }
};

function startSandbox() {
  const child = spawn(process.execPath, [path.join(root, 'scripts/sandbox.js')], {
    cwd: root,
    env: { ...process.env, SANDBOX_HEADLESS: '1', SANDBOX_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox not ready within 10 min:\n${out}`)), 600000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^SANDBOX_READY (.*)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(JSON.parse(m[1]));
      }
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.once('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited (${c}) before it was ready:\n${out}`));
    });
  });
  return { child, ready, output: () => out };
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const groupAlive = (pid) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

(async () => {
  fs.mkdirSync(results, { recursive: true });
  const t0 = Date.now();
  const sandbox = startSandbox();
  let info, context;
  try {
    info = await sandbox.ready;
    console.log(`sandbox ready in ${Date.now() - t0} ms (its own count: ${info.startedInMs} ms): ${info.codeServer}`);
    context = await chromium.launchPersistentContext(path.join(stateDir, 'chromium-profile'), {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 850 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (e) => console.log('  [pageerror]', e.message));
    await page.goto(info.url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });

    await check(
      'the sample file opens and the extension is pre-connected (lenses judge with the account rules)',
      async () => {
        await page.locator('.tab', { hasText: '02-scim-calls.http' }).first().waitFor({ timeout: 60000 });
        // The lenses judge with "account rules" only when the emulator's account is connected.
        await page.locator('.codelens-decoration', { hasText: 'account rules' }).first().waitFor({ timeout: 60000 });
        await page.waitForTimeout(500);
        await page.screenshot({ path: path.join(results, 'sandbox-first-screen.png') });
      },
    );

    {
      await check('the sample lenses show the verdicts: accepted, expired, claim mismatch, missing typ', async () => {
        await page
          .locator('.codelens-decoration', { hasText: /accept/i })
          .first()
          .waitFor({ timeout: 60000 });
        const good = await page.locator('.codelens-decoration').allInnerTexts();
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input').fill('03-broken-tokens.http');
        await page
          .locator('.quick-input-list .monaco-list-row', { hasText: '03-broken-tokens.http' })
          .first()
          .waitFor();
        await page.keyboard.press('Enter');
        await page.locator('.tab.active', { hasText: '03-broken-tokens.http' }).waitFor({ timeout: 30000 });
        await page
          .locator('.codelens-decoration', { hasText: /expired/i })
          .first()
          .waitFor({ timeout: 60000 });
        const broken = (await page.locator('.codelens-decoration').allInnerTexts()).join('\n');
        for (const want of [/expired/i, /someone-else|claim/i, /typ/i])
          if (!want.test(broken)) throw new Error(`no lens matching ${want}: ${broken}`);
        console.log(`    lenses: ${[...good, ...broken.split('\n')].filter(Boolean).slice(0, 6).join(' | ')}`);
        await page.screenshot({ path: path.join(results, 'sandbox-broken-tokens.png') });
        await page.locator('.tab', { hasText: '02-scim-calls.http' }).first().click();
      });
    }

    await check('the doctor runs from the palette on a token from the open file and shows its report', async () => {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.fill('>Harness SCIM JWT: Check SCIM JWT Setup');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'Check SCIM JWT Setup' })
        .first()
        .waitFor({ timeout: 15000 });
      await page.keyboard.press('Enter');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'Pick a token from the open .http files' })
        .first()
        .click({ timeout: 15000 });
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: '02-scim-calls.http' })
        .first()
        .click({ timeout: 15000 });
      await page.locator('.tab', { hasText: 'SCIM JWT setup check' }).first().waitFor({ timeout: 60000 });
      // The preview is a webview; its text lives in a nested frame.
      // 60 s: on a loaded CI machine (two CPUs) the preview's webview has taken over 30 s to render.
      const end = Date.now() + 60000;
      let text = '';
      while (Date.now() < end && !/SCIM ServiceProviderConfig/.test(text)) {
        for (const f of page.frames())
          text += await f
            .locator('body')
            .innerText({ timeout: 1000 })
            .catch(() => '');
        await page.waitForTimeout(500);
      }
      if (!/Harness SCIM JWT setup check/.test(text)) {
        const tabs = await page.locator('.tab').allInnerTexts();
        throw new Error(
          `report text not found in the preview (tabs: ${tabs.join(' | ')}; frames read: ${text.slice(0, 300)})`,
        );
      }
      if (/✗ FAIL/.test(text.split('Details and fixes')[0] || ''))
        throw new Error(`a step failed in the sandbox: ${text.slice(0, 800)}`);
      await page.screenshot({ path: path.join(results, 'sandbox-doctor.png') });
    });

    await check(
      "main.tf checks green: the four settings, the service account resource's five permissions, no drift",
      async () => {
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input').fill('main.tf');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'main.tf' }).first().waitFor();
        await page.keyboard.press('Enter');
        await page.locator('.tab.active', { hasText: 'main.tf' }).waitFor({ timeout: 30000 });
        await page
          .locator('.codelens-decoration', { hasText: 'All four SCIM JWT settings are in this module' })
          .first()
          .waitFor({ timeout: 60000 });
        // 60 s: on a loaded CI machine (two CPUs) the preview's webview has taken over 30 s to render.
        const end = Date.now() + 60000;
        let lenses = [];
        do {
          await page.waitForTimeout(500);
          // textContent: lenses scrolled out of view have no innerText; a line's lenses are joined by " | ".
          lenses = (await page.locator('.codelens-decoration').evaluateAll((els) => els.map((e) => e.textContent)))
            .join('\u00a0|\u00a0')
            .split('\u00a0|\u00a0');
        } while (
          Date.now() < end &&
          (lenses.some((l) => l.includes('checking…')) || !lenses.some((l) => /^=/.test(l)))
        );
        const text = lenses.join('\n');
        await page.screenshot({ path: path.join(results, 'sandbox-terraform.png') });
        if (/✗/.test(text)) throw new Error(`a setting fails: ${text}`);
        if (lenses.filter((l) => /^= Harness holds this/.test(l)).length !== 4)
          throw new Error(`drift or not compared: ${text}`);
        if (!/✓ Service account: .*five SCIM permissions/.test(text))
          throw new Error(`service account not green: ${text}`);
        console.log(`    main.tf: ${lenses.filter(Boolean).slice(0, 5).join(' | ')}`);
      },
    );
  } catch (e) {
    failed++;
    console.log(`  ✘ sandbox: ${e && e.message ? e.message : e}`);
  } finally {
    if (context) await context.close().catch(() => {});
    await check('Ctrl-C stops the sandbox with no process left', async () => {
      if (sandbox.child.exitCode === null) {
        const exited = new Promise((r) => sandbox.child.once('exit', r));
        sandbox.child.kill('SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15000))]);
      }
      if (alive(sandbox.child.pid)) throw new Error('the sandbox process is still running');
      for (let i = 0; i < 50 && info && groupAlive(info.codeServerPid); i++)
        await new Promise((r) => setTimeout(r, 200));
      if (info && groupAlive(info.codeServerPid))
        throw new Error(`code-server (process group ${info.codeServerPid}) is still running`);
    });
    if (sandbox.child.exitCode === null) sandbox.child.kill('SIGKILL');
    if (info && groupAlive(info.codeServerPid)) {
      try {
        process.kill(-info.codeServerPid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
    console.log(`sandbox: ${passed} passed, ${failed} failed`);
    process.exit(failed || !passed ? 1 : 0);
  }
})();
