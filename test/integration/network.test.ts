/**
 * Behind a company network, inside the real extension host: every request the extension makes
 * goes through VS Code's own network stack (the extension host's fetch), so VS Code's proxy
 * setting, its proxy credentials and the system's certificates apply, with no network code of
 * the extension's own.
 *
 * - An authenticating proxy set in `http.proxy` (credentials in the URL, which VS Code passes to
 *   the proxy) stands in front of the emulator and the IdP, which have names no DNS knows: only
 *   the proxy maps them to 127.0.0.1. Connect, the tree and a .http verdict work, and the proxy
 *   saw each request.
 * - An HTTPS emulator whose certificate comes from a test CA. The runner puts that CA in the
 *   extension host's *system* store (SSL_CERT_FILE, read by Node's system-certificate loader,
 *   which VS Code uses for `http.systemCertificates`): connect works. With
 *   `http.systemCertificates` off, the same connect fails and the message names the certificate
 *   and what to do.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../sandbox/emulator';
import { startIdp, type Idp } from '../sandbox/idp';
import { startProxy, type TestProxy } from '../sandbox/proxy';
import { testCertificates } from '../sandbox/tlsFixtures';
import type { ExtensionApi } from '../../src/extension';
import { children, eventually, extensionApi, label, putSettings, signOutAll } from './support/harness';

const CREDENTIALS = { username: 'corp-user', password: 'proxy-pass-7f3a9c' };
const HOSTS = { 'harness.emulator.test': '127.0.0.1', 'idp.emulator.test': '127.0.0.1' };

async function setHttp(values: Record<string, unknown>): Promise<void> {
  const http = vscode.workspace.getConfiguration('http');
  for (const [key, value] of Object.entries(values)) await http.update(key, value, vscode.ConfigurationTarget.Global);
}

/** Everything the extension wrote to its log so far. */
function logText(api: ExtensionApi): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(api.storagePaths.log);
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** True once dist/undici.js is loaded: the extension then sent something around VS Code's fetch. */
const undiciLoaded = (): boolean =>
  Object.keys(require.cache).some((k) => k.endsWith(`${path.sep}dist${path.sep}undici.js`));

async function connect(baseUrl: string, apiKey: string): Promise<{ accountId: string } | undefined> {
  return vscode.commands.executeCommand<{ accountId: string } | undefined>('scimJwt.account.connect', {
    baseUrl,
    apiKey,
  });
}

suite("Company network: VS Code's proxy and certificates (extension host fetch)", () => {
  let api: ExtensionApi;
  suiteSetup(async () => {
    api = await extensionApi();
    await signOutAll();
  });
  suiteTeardown(async () => {
    await setHttp({ proxy: undefined, systemCertificates: undefined });
    await signOutAll();
  });

  suite('through an authenticating proxy set in http.proxy', () => {
    let proxy: TestProxy;
    let emulator: Emulator;
    let idp: Idp;
    suiteSetup(async () => {
      proxy = await startProxy({ credentials: CREDENTIALS, hosts: HOSTS });
      emulator = await startEmulator({ publicHost: 'harness.emulator.test' });
      idp = await startIdp({ publicHost: 'idp.emulator.test', claims: { scim_app: 'harness-scim' } });
      emulator.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: ['core_user_view'] });
      // Written straight to the emulator's socket: this is "another admin", not the code under test.
      const local = emulator.baseUrl.replace('harness.emulator.test', '127.0.0.1');
      await putSettings(local, emulator.accountId, emulator.adminKey, {
        scim_jwt_token_jwks_keys_url: idp.jwksUri,
        scim_jwt_token_key_field: 'scim_app',
        scim_jwt_token_value_field: 'harness-scim',
        scim_jwt_token_service_account_id: 'scim_sa',
      });
      await setHttp({ proxy: proxy.urlWithCredentials });
    });
    suiteTeardown(async () => {
      await setHttp({ proxy: undefined });
      await signOutAll();
      await idp.close();
      await emulator.close();
      await proxy.close();
    });

    test('connect and the tree go through the proxy, with its credentials; nothing reaches the hosts any other way', async () => {
      const account = await connect(emulator.baseUrl, emulator.adminKey);
      assert.equal(account?.accountId, emulator.accountId);
      const roots = await eventually(async () => {
        const r = await children(api);
        return r.length ? r : undefined;
      }, 'the tree to fill');
      const scim = roots.find((n) => n.kind === 'group' && n.id === 'scim');
      assert.ok(scim);
      const settings = (await children(api, scim)).map((n) => label(api, n));
      assert.deepEqual(
        settings.map((s) => s.label),
        ['JWKS URL', 'Claim name', 'Claim value', 'Service account'],
      );
      assert.ok(settings[0]?.description.includes('idp.emulator.test'), JSON.stringify(settings[0]));
      const toHarness = proxy.seen.filter((s) => s.target.includes('harness.emulator.test'));
      assert.ok(toHarness.length > 0, `the proxy saw no request to Harness: ${JSON.stringify(proxy.seen)}`);
      assert.ok(
        toHarness.every((s) => s.authorized),
        'every request carried the proxy credentials',
      );
      assert.equal(undiciLoaded(), false, "no request went around VS Code's fetch");
    });

    test('a .http verdict fetches the key set through the proxy too', async () => {
      const token = await idp.getToken();
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(folder);
      const file = path.join(folder, 'network-proxy.http');
      fs.writeFileSync(
        file,
        `GET ${emulator.baseUrl}/ng/api/scim/account/${emulator.accountId}/Users\nAuthorization: Bearer ${token}\n`,
      );
      try {
        const uri = vscode.Uri.file(file);
        await vscode.window.showTextDocument(uri);
        const title = await eventually(async () => {
          const lenses =
            (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>(
              'vscode.executeCodeLensProvider',
              uri,
            )) ?? [];
          return lenses.map((l) => l.command?.title ?? '').find((t) => /^[✓✗]/.test(t));
        }, 'the verdict lens');
        assert.match(title, /^✓ Harness would accept/);
        assert.ok(
          proxy.seen.some((s) => s.target.includes('idp.emulator.test') && s.authorized),
          'the key set came through the proxy',
        );
        assert.equal(undiciLoaded(), false);
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        fs.rmSync(file, { force: true });
      }
    });

    test('the log says which proxy was used, and never its password', () => {
      const log = logText(api);
      assert.match(
        log,
        new RegExp(`network: .*proxy ${new URL(proxy.url).host.replace(/\./g, '\\.')} \\(http\\.proxy\\)`),
      );
      assert.ok(!log.includes(CREDENTIALS.password), 'the proxy password is in the log');
    });
    test('a proxy that is down is named as the proxy, not blamed on Harness', async () => {
      await signOutAll();
      await setHttp({ proxy: 'http://127.0.0.1:9' });
      try {
        const account = await connect(emulator.baseUrl, emulator.adminKey);
        assert.equal(account, undefined);
        assert.match(logText(api), /127\.0\.0\.1:9 refused the connection \(ECONNREFUSED\)\. Check the proxy setting/);
      } finally {
        await setHttp({ proxy: proxy.urlWithCredentials });
      }
    });
  });

  suite('HTTPS with a company CA in the system store', () => {
    let emulator: Emulator;
    suiteSetup(async () => {
      emulator = await startEmulator({ tls: testCertificates().server });
    });
    suiteTeardown(async () => {
      await signOutAll();
      await emulator.close();
    });

    test('the CA is trusted through http.systemCertificates: connect works, with no certificate warning', async () => {
      await setHttp({ systemCertificates: undefined });
      assert.match(emulator.baseUrl, /^https:/);
      const account = await connect(emulator.baseUrl, emulator.adminKey);
      assert.equal(account?.accountId, emulator.accountId);
      const log = logText(api);
      assert.doesNotMatch(log, /not trusted|certificate checks/i);
      await signOutAll();
    });

    test("without the system's certificates the connect fails, naming the certificate and the fix", async () => {
      await setHttp({ systemCertificates: false });
      try {
        const error = await connect(emulator.baseUrl, emulator.adminKey).then(
          () => undefined,
          (e: unknown) => e,
        );
        // The command reports through a notification; its text is also in the log.
        const shown = error instanceof Error ? error.message : undefined;
        const log = logText(api);
        const text = shown ?? log;
        assert.match(
          text,
          /certificate of 127\.0\.0\.1:\d+ is not trusted here \((UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)\)/,
        );
        assert.match(text, /http\.systemCertificates/);
        assert.match(text, /root CA/);
        assert.deepEqual(await vscode.authentication.getAccounts('harness-scim-jwt'), [], 'nothing was saved');
      } finally {
        await setHttp({ systemCertificates: undefined });
      }
    });
  });
});
