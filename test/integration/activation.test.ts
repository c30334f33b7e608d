import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/platform/ids';
import { eventually } from './support/harness';

interface Manifest {
  contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
}

suite('Extension in a real VS Code extension host', () => {
  // How long activation takes is measured by `npm run bench activation`, on the production bundle.
  test('activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed in the host`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every command in the manifest is registered, and every registered command is in the manifest', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const manifest = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code itself adds `<viewId>.focus`, `.open`... for each contributed view: not ours to declare.
    const viewPrefixes = Object.values(manifest.contributes.views)
      .flat()
      .map((v) => `${v.id}.`);
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('scimJwt.') && !viewPrefixes.some((p) => c.startsWith(p)))
      .sort();
    assert.deepEqual(registered, declared);
  });

  test('the activity-bar container opens the Account view', async () => {
    const api = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)?.exports;
    assert.ok(api);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await eventually(
      async () => Promise.resolve(api.explorerView.visible ? undefined : true),
      'the view to be hidden first',
    );
    await vscode.commands.executeCommand('workbench.view.extension.scimJwt');
    await eventually(
      async () => Promise.resolve(api.explorerView.visible ? true : undefined),
      'the Account view to be visible',
    );
  });
});
