#!/usr/bin/env node
// Runs the extension's mocha suite INSIDE code-server's real Node extension host, like
// @vscode/test-electron does on desktop: the workbench URL carries extensionDevelopmentPath +
// extensionTestsPath in its `payload`; the extension host require()s extensionTestsPath and awaits
// its run(); then the workbench calls window.codeAutomationExit(code), exposed here by Playwright.
// Process exit code = test result.
//
// Env (besides those of vscode-host.js):
//      EXT_DEV_PATH     extension folder (default: repo root)
//      EXT_TESTS_PATH   compiled test entry exporting run() (default out/test/suite/index.js)
//      TEST_WORKSPACE   folder opened in the window (default test/fixtures/workspace)
//      EXT_TESTS_ENV    JSON object of env vars for the extension host, e.g. '{"FOO":"1"}'
//      HOST_TESTS_LABEL name on the closing line (default "integration")
//      WORKSPACE_TRUST=1 keep workspace trust on (the folder then opens untrusted)
//      TEST_TIMEOUT_MS  default 300000;  DEBUG_CONSOLE=1 print the whole browser console
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { startHost, root } = require('./vscode-host');

/**
 * A company's root CA lives in the operating system's trust store, and VS Code trusts that store
 * for the extension host's fetch (`http.systemCertificates`) by reading it through Node's
 * tls.getCACertificates('system'), which on Linux honours SSL_CERT_FILE. So the host is started
 * with SSL_CERT_FILE naming the machine's bundle plus the test CA (test/fixtures/tls/ca.pem): the
 * test CA is then in the host's "system" store and nowhere else (not in Node's default store, so
 * turning http.systemCertificates off really removes it). Returns a cleanup.
 */
function trustTestCaAsSystem() {
  const ca = path.join(root, 'test/fixtures/tls/ca.pem');
  if (!fs.existsSync(ca)) return () => undefined;
  const system = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'].find((f) =>
    fs.existsSync(f),
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-jwt-ca-'));
  const bundle = path.join(dir, 'system-plus-test-ca.pem');
  fs.writeFileSync(bundle, `${system ? fs.readFileSync(system, 'utf8') : ''}\n${fs.readFileSync(ca, 'utf8')}`);
  process.env.SSL_CERT_FILE = bundle;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

// Workbench chatter that is not extension-host output.
const NOISE =
  /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)|^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin|getaddrinfo ENOTFOUND|Timed out waiting for authentication provider/;
const extDevPath = path.resolve(process.env.EXT_DEV_PATH || root);
const testsPath = path.resolve(process.env.EXT_TESTS_PATH || path.join(root, 'out/test/integration/index.js'));
const workspace = path.resolve(process.env.TEST_WORKSPACE || path.join(root, 'test/fixtures/workspace'));
const timeoutMs = +(process.env.TEST_TIMEOUT_MS || 300000);

(async () => {
  const t0 = Date.now();
  let host,
    exitCode = 1,
    summary;
  const untrustTestCa = trustTestCaAsSystem();
  try {
    host = await startHost();
    console.log(`code-server up on ${host.base} after ${Date.now() - t0} ms (pid ${host.pid})`);
    const { page } = host;
    if (process.env.DEBUG_CONSOLE) page.on('console', (m) => console.log(`[page:${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    const done = new Promise((resolve) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const line = util.format(...(Array.isArray(args) ? args : [args]));
        const m = /^\d+ passed, \d+ failed(, \d+ skipped)?$/.exec(line.trim());
        if (m) summary = m[0];
        if (process.env.DEBUG_CONSOLE || !NOISE.test(line)) console.log(line);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    await page.goto(
      host.workbenchUrl(workspace, [
        ['extensionDevelopmentPath', host.remote(extDevPath)],
        ['extensionTestsPath', host.remote(testsPath)],
        ...(process.env.EXT_TESTS_ENV ? [['extensionEnvironment', process.env.EXT_TESTS_ENV]] : []),
        ['skipWelcome', 'true'],
        ['skipReleaseNotes', 'true'],
      ]),
    );
    const timer = new Promise((_, rej) =>
      setTimeout(() => rej(new Error(`no codeAutomationExit within ${timeoutMs} ms`)), timeoutMs),
    );
    exitCode = await Promise.race([done, timer]);
    console.log(`extension host reported exit code ${exitCode} after ${Date.now() - t0} ms`);
  } catch (e) {
    console.error('RUNNER ERROR:', (e && e.message) || e);
    exitCode = 1;
  } finally {
    const log = host ? await host.close() : '';
    untrustTestCa();
    const lines = log.split('\n').filter((l) => /ExtensionHostConnection/.test(l));
    console.log(process.env.SHOW_SERVER_LOG ? log : lines.join('\n'));
    console.log(`extension host exit code ${exitCode}`);
    console.log(`${process.env.HOST_TESTS_LABEL || 'integration'}: ${summary || '0 passed, 1 failed'}`);
    process.exit(typeof exitCode === 'number' ? exitCode : 1);
  }
})();
