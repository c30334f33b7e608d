/**
 * A token a request fetches at run time, in the real extension host: the lens offers "Get the
 * token from `login` and check it", a click runs that request against the oidc-provider IdP on
 * 127.0.0.1, and the lens then shows the returned token's verdict and when it was fetched; an
 * edit drops the token. With the workspace setting on, the request runs without a click.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startIdp, type Idp } from '../sandbox/idp';
import { eventually } from './support/harness';

const FETCH = 'scimJwt.token.fetchAndCheck';
const REPORT = 'scimJwt.token.showReport';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host opened no folder');
  return folder.uri.fsPath;
}

async function lensTitles(
  uri: vscode.Uri,
  want: (titles: string[]) => boolean,
  what: string,
): Promise<vscode.CodeLens[]> {
  return eventually(async () => {
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri)) ??
      [];
    const ours = lenses.filter((l) => l.command?.command === FETCH || l.command?.command === REPORT);
    return want(ours.map((l) => l.command?.title ?? '')) ? ours : undefined;
  }, what);
}

suite('Lens: tokens fetched at run time', () => {
  let idp: Idp;
  const files: string[] = [];
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('scimJwt');

  suiteSetup(async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    idp = await startIdp({ claims: { scim_app: 'harness-scim' } });
    for (const [k, v] of Object.entries({
      'rules.source': 'offline',
      'offline.jwksUrl': idp.jwksUri,
      'offline.keyField': 'scim_app',
      'offline.value': 'harness-scim',
    })) {
      await cfg().update(k, v, vscode.ConfigurationTarget.Global);
    }
  });
  suiteTeardown(async () => {
    for (const f of files) fs.rmSync(f, { force: true });
    if (!vscode.workspace.isTrusted) return;
    for (const k of ['rules.source', 'offline.jwksUrl', 'offline.keyField', 'offline.value'])
      await cfg().update(k, undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('http.sendTokenRequestsAutomatically', undefined, vscode.ConfigurationTarget.Workspace);
    await idp.close();
  });

  const text = (): string =>
    [
      '# @name login',
      `POST ${idp.tokenEndpoint}`,
      `Authorization: Basic ${idp.clientId}:${idp.clientSecret}`,
      'Content-Type: application/x-www-form-urlencoded',
      '',
      `grant_type=client_credentials&scope=scim&resource=${idp.resource}`,
      '',
      '### SCIM',
      'GET https://example.invalid/ng/api/scim/account/ACC/Users',
      'Authorization: Bearer {{login.response.body.access_token}}',
      '',
    ].join('\n');

  function write(name: string): vscode.Uri {
    const file = path.join(workspaceDir(), name);
    fs.writeFileSync(file, text());
    files.push(file);
    return vscode.Uri.file(file);
  }

  test("a click runs the request, then the lens shows the fetched token's verdict; an edit drops it", async () => {
    const uri = write('dynamic-click.http');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [offer] = await lensTitles(
      uri,
      (t) => t.includes('▷ Get the token from `login` and check it'),
      'the offer to get the token',
    );
    assert.ok(offer?.command);
    const args = (offer.command.arguments ?? []) as unknown[];
    await vscode.commands.executeCommand(FETCH, ...args);
    const after = await lensTitles(
      uri,
      (t) => t.some((x) => x.startsWith('✓ Harness would accept')),
      'the verdict of the fetched token',
    );
    assert.match(
      after[0]?.command?.title ?? '',
      /^✓ Harness would accept · RS256 · kid \S+ · expires in (59|60) minutes · offline rules · fetched \S+/,
    );

    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '# edited\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await lensTitles(
      uri,
      (t) => t.includes('▷ Get the token from `login` and check it'),
      'the offer again after the edit',
    );
    await doc.save();
  });

  test('opted in for the workspace: the request runs without a click', async () => {
    await cfg().update('http.sendTokenRequestsAutomatically', true, vscode.ConfigurationTarget.Workspace);
    const uri = write('dynamic-auto.http');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await lensTitles(
      uri,
      (t) => t.some((x) => /^✓ Harness would accept .* · fetched /.test(x)),
      'the verdict without a click',
    );
  });
});
