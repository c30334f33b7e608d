/**
 * The .http lenses in the real workbench: a file with an accepted and a refused token (from the
 * IdP), the verdict lens text visible, and the hover open on the refused token. Offline rules come
 * from a workspace settings file the scenario writes and deletes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startIdp } from '../sandbox/idp';
import { capture, runFromPalette, type E2eScenario } from './scenario';

const workspace = path.resolve(__dirname, '../../../test/fixtures/workspace');

export const scenarios: E2eScenario[] = [
  {
    name: 'a .http file shows Harness verdict lenses (accepted and refused) and the token hover',
    async run({ page, openWorkbench, shot }) {
      const idp = await startIdp({ claims: { scim_app: 'harness-scim' } });
      const settingsDir = path.join(workspace, '.vscode');
      const settingsFile = path.join(settingsDir, 'settings.json');
      const httpFile = path.join(workspace, 'lens-e2e.http');
      const madeDir = !fs.existsSync(settingsDir);
      // The fixture workspace has settings of its own (other suites use them): put them back after.
      const originalSettings = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
      try {
        const good = await idp.getToken();
        const bad = await idp.getToken({ scim_app: 'abc' });
        fs.mkdirSync(settingsDir, { recursive: true });
        fs.writeFileSync(
          settingsFile,
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
        fs.writeFileSync(
          httpFile,
          [
            "# Tokens from the identity provider, checked with Harness's rules",
            '',
            // The refused token first: near the top the hover opens below it and leaves its lens in sight.
            '### A token with the wrong claim value',
            'GET https://app.harness.io/gateway/ng/api/scim/account/ACC/Users?count=1',
            `Authorization: Bearer ${bad}`,
            '',
            '### A token Harness accepts',
            'GET https://app.harness.io/gateway/ng/api/scim/account/ACC/Users?count=1',
            `Authorization: Bearer ${good}`,
            '',
          ].join('\n'),
        );
        await openWorkbench(workspace, httpFile);
        const lenses = page.locator('.contentWidgets .codelens-decoration, .codelens-decoration');
        await lenses.filter({ hasText: 'Harness would accept' }).first().waitFor({ timeout: 60000 });
        await lenses.filter({ hasText: 'Harness would refuse' }).first().waitFor({ timeout: 30000 });
        await shot('lens-verdicts');
        // Cursor onto the refused token (line 5), then the editor's own "Show Hover".
        await page.locator('.monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+G');
        await page.keyboard.type('5:30');
        await page.keyboard.press('Enter');
        await runFromPalette(page, 'Show or Focus Hover');
        const hover = page.locator('.monaco-hover', { hasText: 'Claims' }).first();
        await hover.waitFor({ timeout: 30000 });
        await shot('lens-hover');
        // For the README: the editor from its first line down to the hover's bottom edge.
        const editor = await page.locator('.part.editor').boundingBox();
        const hoverBox = await hover.boundingBox();
        if (editor && hoverBox) {
          const right = Math.min(editor.x + editor.width, hoverBox.x + hoverBox.width + 12);
          const bottom = Math.min(editor.y + editor.height, hoverBox.y + hoverBox.height + 12, editor.y + 520);
          await capture(page, 'lens-hover', {
            x: editor.x,
            y: editor.y,
            width: right - editor.x,
            height: bottom - editor.y,
          });
        }
      } finally {
        fs.rmSync(httpFile, { force: true });
        if (originalSettings !== undefined) fs.writeFileSync(settingsFile, originalSettings);
        else fs.rmSync(settingsFile, { force: true });
        if (madeDir) fs.rmSync(settingsDir, { recursive: true, force: true });
        await idp.close();
      }
    },
  },
];
