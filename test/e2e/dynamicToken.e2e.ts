/**
 * The sandbox's chain in the real workbench: 02-scim-calls.http imports 01-get-a-token.http and
 * uses `{{login.access_token}}`; the lens offers to get the token, a click on it sends 01's token
 * request to the IdP, and the lens then shows the verdict of the token that came back. And the
 * sandbox's JetBrains handler file: on first start the lens names its Login request, nothing is
 * sent until the click, and the token the handler would copy is judged after it.
 */
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startIdp } from '../sandbox/idp';
import type { E2eScenario } from './scenario';

const sample = path.resolve(__dirname, '../../../test/sandbox/sample/workspace');

export const scenarios: E2eScenario[] = [
  {
    name: 'the sandbox chain 01-get-a-token.http → 02-scim-calls.http: a click fetches the token and the lens shows its verdict',
    async run({ page, openWorkbench, shot }) {
      const idp = await startIdp({ claims: { scim_app: 'harness-scim' } });
      const workspace = fs.mkdtempSync(path.join(tmpdir(), 'e2e-chain-'));
      try {
        const values: Record<string, string> = {
          IDP_ISSUER: idp.issuer,
          CLIENT_ID: idp.clientId,
          CLIENT_SECRET: idp.clientSecret,
          RESOURCE: encodeURIComponent(idp.resource),
          CLAIM_KEY: 'scim_app',
          CLAIM_VALUE: 'harness-scim',
          SCIM_BASE: 'https://app.harness.io/gateway/ng/api/scim/account/ACC',
          GOOD_TOKEN: await idp.getToken(),
          EXPIRED_TOKEN: 'x',
          WRONG_CLAIM_TOKEN: 'x',
          NO_TYP_TOKEN: 'x',
        };
        for (const name of ['01-get-a-token.http', '02-scim-calls.http']) {
          const text = fs
            .readFileSync(path.join(sample, name), 'utf8')
            .replace(/%%([A-Z_]+)%%/g, (m, k: string) => values[k] ?? m);
          fs.writeFileSync(path.join(workspace, name), text);
        }
        fs.mkdirSync(path.join(workspace, '.vscode'));
        fs.writeFileSync(
          path.join(workspace, '.vscode', 'settings.json'),
          JSON.stringify(
            {
              'scimJwt.rules.source': 'offline',
              'scimJwt.offline.jwksUrl': idp.jwksUri,
              'scimJwt.offline.keyField': 'scim_app',
              'scimJwt.offline.value': 'harness-scim',
            },
            null,
            2,
          ),
        );
        await openWorkbench(workspace, path.join(workspace, '02-scim-calls.http'));
        const lenses = page.locator('.codelens-decoration');
        const offer = lenses.locator('a', { hasText: 'Get the token from `login` and check it' }).first();
        await offer.waitFor({ timeout: 60000 });
        await shot('dynamic-token-offer');
        await offer.click();
        // Before the request leaves, the editor lists where it goes and what it carries, and asks.
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor({ timeout: 30000 });
        const question = await dialog.innerText();
        if (!question.includes(new URL(idp.tokenEndpoint).host))
          throw new Error(`the question does not name the token endpoint's host: ${question}`);
        await shot('dynamic-token-consent');
        await dialog.locator('.monaco-button', { hasText: 'Send' }).first().click();
        await lenses
          .filter({ hasText: /Harness would accept .* fetched/ })
          .first()
          .waitFor({ timeout: 60000 });
        await shot('dynamic-token-verdict');
      } finally {
        fs.rmSync(workspace, { recursive: true, force: true });
        await idp.close();
      }
    },
  },
  {
    name: 'the sandbox 04-jetbrains-handler.http: the lens names the Login request on first start; the token endpoint sees nothing until the click',
    async run({ page, openWorkbench, shot }) {
      const idp = await startIdp({ claims: { scim_app: 'harness-scim' } });
      // A token endpoint that counts what it receives and answers with the IdP's tokens.
      let hits = 0;
      const seen = (): number => hits;
      const endpoint = createServer((req, res) => {
        hits++;
        req.resume();
        req.on('end', () => {
          void idp.getToken().then((t) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ access_token: t, token_type: 'Bearer' }));
          });
        });
      });
      await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
      const workspace = fs.mkdtempSync(path.join(tmpdir(), 'e2e-jetbrains-'));
      try {
        const values: Record<string, string> = {
          IDP_ISSUER: `http://127.0.0.1:${String((endpoint.address() as AddressInfo).port)}`,
          CLIENT_ID: idp.clientId,
          CLIENT_SECRET: idp.clientSecret,
          RESOURCE: encodeURIComponent(idp.resource),
          SCIM_BASE: 'https://app.harness.io/gateway/ng/api/scim/account/ACC',
        };
        const name = '04-jetbrains-handler.http';
        const text = fs
          .readFileSync(path.join(sample, name), 'utf8')
          .replace(/%%([A-Z_]+)%%/g, (m, k: string) => values[k] ?? m);
        fs.writeFileSync(path.join(workspace, name), text);
        fs.mkdirSync(path.join(workspace, '.vscode'));
        fs.writeFileSync(
          path.join(workspace, '.vscode', 'settings.json'),
          JSON.stringify(
            {
              'scimJwt.rules.source': 'offline',
              'scimJwt.offline.jwksUrl': idp.jwksUri,
              'scimJwt.offline.keyField': 'scim_app',
              'scimJwt.offline.value': 'harness-scim',
            },
            null,
            2,
          ),
        );
        await openWorkbench(workspace, path.join(workspace, name));
        const lenses = page.locator('.codelens-decoration');
        const offer = lenses.locator('a', { hasText: 'Get the token from `Login` and check it' }).first();
        await offer.waitFor({ timeout: 60000 });
        await shot('jetbrains-handler-offer');
        await page.waitForTimeout(1000);
        if (seen() !== 0) throw new Error(`the token endpoint saw ${String(seen())} request(s) before the click`);
        await offer.click();
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor({ timeout: 30000 });
        await dialog.locator('.monaco-button', { hasText: 'Send' }).first().click();
        await lenses
          .filter({ hasText: /Harness would accept .* fetched/ })
          .first()
          .waitFor({ timeout: 60000 });
        if (seen() !== 1) throw new Error(`the token endpoint saw ${String(seen())} request(s) after one click`);
        await shot('jetbrains-handler-verdict');
      } finally {
        fs.rmSync(workspace, { recursive: true, force: true });
        await new Promise<void>((r) => {
          endpoint.close(() => {
            r();
          });
        });
        await idp.close();
      }
    },
  },
];
