/**
 * A token a request fetches at run time, in the real extension host: the lens offers "Get the
 * token from `login` and check it", a click runs that request against the oidc-provider IdP on
 * 127.0.0.1, and the lens then shows the returned token's verdict and when it was fetched; an
 * edit drops the token. With the workspace setting on, the request runs without a click.
 *
 * Every click asks first, in a modal that lists hosts, body files and environment names. The test
 * host dismisses a modal by itself (the answer is "cancel"); to answer "Send", a test replaces
 * `vscode.window.showWarningMessage` for the moment, which the extension shares with the tests in
 * the same host.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

interface Modal {
  calls: { message: string; detail: string }[];
  restore(): void;
}

/** Answers the extension's next modals with `answer` (as a click on that button would). */
function answerModals(answer: string | undefined): Modal {
  const window = vscode.window as { showWarningMessage: unknown };
  const original = window.showWarningMessage;
  const calls: Modal['calls'] = [];
  window.showWarningMessage = (message: string, options?: vscode.MessageOptions): Promise<string | undefined> => {
    calls.push({ message, detail: options?.detail ?? '' });
    return Promise.resolve(answer);
  };
  return {
    calls,
    restore: () => {
      window.showWarningMessage = original;
    },
  };
}

/** The arguments of the lens that offers to get the token (what a click passes). */
async function offerArgs(uri: vscode.Uri): Promise<unknown[]> {
  const [offer] = await lensTitles(
    uri,
    (t) => t.some((x) => x.startsWith('▷ Get the token from `login`')),
    'the offer to get the token',
  );
  assert.ok(offer?.command);
  return (offer.command.arguments ?? []) as unknown[];
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
    const modal = answerModals('Send');
    try {
      await vscode.commands.executeCommand(FETCH, ...args);
    } finally {
      modal.restore();
    }
    assert.equal(modal.calls.length, 1, 'asked once before sending');
    assert.match(modal.calls[0]?.message ?? '', /^Send 1 token request of dynamic-click\.http\?$/);
    assert.ok(modal.calls[0]?.detail.includes(`POST ${new URL(idp.tokenEndpoint).origin}`), modal.calls[0]?.detail);
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

  suite('a request that reads a local file or carries an environment value', () => {
    let server: Server;
    let hits = 0;
    let body = '';
    const local = (): string =>
      [
        '# @name login',
        `POST http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
        'Content-Type: application/json',
        'X-Path: {{$processEnv PATH}}',
        '',
        '< ./consent-body.json',
        '',
        '### SCIM',
        'GET https://example.invalid/ng/api/scim/account/ACC/Users',
        'Authorization: Bearer {{login.response.body.access_token}}',
        '',
      ].join('\n');
    function writeLocal(name: string): vscode.Uri {
      const file = path.join(workspaceDir(), name);
      fs.writeFileSync(file, local());
      files.push(file);
      return vscode.Uri.file(file);
    }

    suiteSetup(async () => {
      server = createServer((req, res) => {
        hits++;
        body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"access_token":"not-a-jwt"}');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const bodyFile = path.join(workspaceDir(), 'consent-body.json');
      fs.writeFileSync(bodyFile, '{"from":"the body file"}');
      files.push(bodyFile);
    });
    suiteTeardown(async () => {
      await cfg().update('http.sendTokenRequestsAutomatically', undefined, vscode.ConfigurationTarget.Workspace);
      await new Promise<void>((r) => {
        server.close(() => {
          r();
        });
      });
    });
    setup(() => {
      hits = 0;
    });

    test('a click lists host, file and variable name; cancel sends nothing, Send sends, once per version', async () => {
      const uri = writeLocal('consent-click.http');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const args = await offerArgs(uri);
      // No answer given: the test host dismisses the modal, as Cancel would.
      assert.equal(await vscode.commands.executeCommand(FETCH, ...args), undefined);
      assert.equal(hits, 0, 'nothing was sent without consent');

      const modal = answerModals('Send');
      try {
        await vscode.commands.executeCommand(FETCH, ...args);
        assert.equal(hits, 1, 'sent after Send');
        // A new version of the file is asked about again.
        const edit = new vscode.WorkspaceEdit();
        edit.insert(uri, new vscode.Position(0, 0), '# edited\n');
        assert.ok(await vscode.workspace.applyEdit(edit));
        await vscode.commands.executeCommand(FETCH, ...(await offerArgs(uri)));
      } finally {
        modal.restore();
      }
      assert.equal(modal.calls.length, 2, 'asked once per version');
      const detail = modal.calls[0]?.detail ?? '';
      assert.match(detail, /POST http:\/\/127\.0\.0\.1:\d+ {2}The request "login"/);
      assert.ok(
        detail.includes(`reads the local file ${fs.realpathSync(path.join(workspaceDir(), 'consent-body.json'))}`),
        detail,
      );
      assert.match(detail, /carries the environment variable PATH/);
      assert.ok(!detail.includes(process.env.PATH ?? '\u0000'), 'the value is never shown');
      assert.equal(hits, 2, 'sent again after Send for the new version');
      assert.equal(body, '{"from":"the body file"}');
      await (await vscode.workspace.openTextDocument(uri)).save();
    });

    test('opted in for the workspace: it is not sent without a click', async () => {
      await cfg().update('http.sendTokenRequestsAutomatically', true, vscode.ConfigurationTarget.Workspace);
      const uri = writeLocal('consent-auto.http');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await lensTitles(
        uri,
        (t) => t.some((x) => x.startsWith('▷ Get the token from `login`')),
        'the offer, still waiting for a click',
      );
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(hits, 0, 'the automatic path sent nothing');
    });
  });

  suite('a JetBrains handler in another file of the folder', () => {
    let server: Server;
    let hits = 0;
    suiteSetup(async () => {
      await cfg().update('http.sendTokenRequestsAutomatically', undefined, vscode.ConfigurationTarget.Workspace);
      server = createServer((req, res) => {
        hits++;
        req.resume();
        req.on('end', () => {
          void idp.getToken().then((t) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ data: { token: t } }));
          });
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    });
    suiteTeardown(async () => {
      await new Promise<void>((r) => {
        server.close(() => {
          r();
        });
      });
    });

    const login = (user: string): string =>
      [
        '### Login',
        `POST http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
        'Content-Type: application/json',
        '',
        `{"user": "${user}"}`,
        '',
        '> {% client.global.set("jbSiblingToken", response.body.data.token); %}',
        '',
      ].join('\n');

    test('nothing is sent on open; a click sends the sibling request; editing that request drops the token', async () => {
      const loginFile = path.join(workspaceDir(), 'jb-sibling-login.http');
      fs.writeFileSync(loginFile, login('a'));
      files.push(loginFile);
      const usersFile = path.join(workspaceDir(), 'jb-sibling-users.http');
      fs.writeFileSync(
        usersFile,
        'GET https://example.invalid/ng/api/scim/account/ACC/Users\nAuthorization: Bearer {{jbSiblingToken}}\n',
      );
      files.push(usersFile);
      const uri = vscode.Uri.file(usersFile);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const offer = '▷ Get the token from `Login` and check it';
      const [lens] = await lensTitles(uri, (t) => t.includes(offer), 'the offer to get the token from Login');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(hits, 0, 'nothing is sent without the click');

      const modal = answerModals('Send');
      try {
        await vscode.commands.executeCommand(FETCH, ...((lens?.command?.arguments ?? []) as unknown[]));
      } finally {
        modal.restore();
      }
      assert.equal(hits, 1, 'the sibling request was sent once, after Send');
      assert.equal(modal.calls.length, 1, 'asked once before sending');
      assert.ok(
        modal.calls[0]?.detail.includes(`POST http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        modal.calls[0]?.detail,
      );
      await lensTitles(
        uri,
        (t) => t.some((x) => /^✓ Harness would accept .* · fetched /.test(x)),
        "the fetched token's verdict",
      );

      // The login request changes in its own file, saved: the token fetched from the old text goes.
      const loginDoc = await vscode.workspace.openTextDocument(loginFile);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(loginDoc.uri, loginDoc.lineAt(4).range, '{"user": "b"}');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await loginDoc.save());
      await lensTitles(uri, (t) => t.includes(offer), 'the offer again once the login request changed');
      assert.equal(hits, 1, 'and nothing more was sent');
    });
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
