/**
 * .http token inspection inside the real extension host: CodeLens, hover, diagnostics, the report
 * and "Test against Harness", with tokens from the oidc-provider IdP, rules from the offline
 * settings and from a connected emulator account. Key-set requests are counted at a small host
 * serving the IdP's keys; Harness requests at the emulator.
 *
 * The "untrusted" suite runs only in a host started WITH workspace trust (the runner normally
 * passes --disable-workspace-trust) and EXT_TESTS_ENV {"SCIM_JWT_UNTRUSTED":"1"}.
 */
import { tokenChoices } from '../../src/platform/tokenChoice';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../sandbox/emulator';
import { startIdp, type Idp } from '../sandbox/idp';
import { eventually, putSettings, signOutAll } from './support/harness';
import { countingJwks, type CountingJwks } from './support/keySets';

const FIVE = ['core_user_view', 'core_user_manage', 'core_user_invite', 'core_usergroup_view', 'core_usergroup_manage'];
const REPORT = 'scimJwt.token.showReport';
const TEST = 'scimJwt.token.testAgainstHarness';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host opened no folder');
  return folder.uri.fsPath;
}

/** Writes a .http fixture (deleted by the suite) and returns where each marker's token starts. */
function writeHttp(name: string, text: string): { uri: vscode.Uri; file: string } {
  const file = path.join(workspaceDir(), name);
  fs.writeFileSync(file, text);
  return { uri: vscode.Uri.file(file), file };
}

function positionOf(text: string, needle: string): vscode.Position {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return new vscode.Position(before.length - 1, (before[before.length - 1] ?? '').length);
}

async function ourLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return eventually(async () => {
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri)) ??
      [];
    const ours = lenses.filter(
      (l) => l.command?.command === REPORT || l.command?.command === TEST || l.command?.title.startsWith('⋯') === true,
    );
    return ours.some((l) => l.command?.title.startsWith('⋯') === true) ? undefined : ours;
  }, 'the verdict lenses');
}

const titles = (lenses: vscode.CodeLens[]): string[] => lenses.map((l) => l.command?.title ?? '');

async function hoverText(uri: vscode.Uri, at: vscode.Position): Promise<string> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[] | undefined>('vscode.executeHoverProvider', uri, at)) ?? [];
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n');
}

async function setSettings(values: Record<string, unknown>): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('scimJwt');
  for (const [k, v] of Object.entries(values)) await cfg.update(k, v, vscode.ConfigurationTarget.Global);
}

const CLEAR = {
  'rules.source': undefined,
  'offline.jwksUrl': undefined,
  'offline.keyField': undefined,
  'offline.value': undefined,
  'codeLens.verdict': undefined,
};

suite('Lens: Harness verdicts on Bearer tokens in .http files', () => {
  let idp: Idp;
  let jwks: CountingJwks;
  let emulator: Emulator;
  let good: string;
  let bad: string;
  const files: string[] = [];

  suiteSetup(async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    idp = await startIdp({ claims: { scim_app: 'harness-scim' } });
    jwks = await countingJwks(idp);
    emulator = await startEmulator({ settingsCacheMs: 0 });
    good = await idp.getToken();
    bad = await idp.getToken({ scim_app: 'abc' });
    await signOutAll();
  });
  suiteTeardown(async () => {
    for (const f of files) fs.rmSync(f, { force: true });
    if (!vscode.workspace.isTrusted) return;
    await setSettings(CLEAR);
    await signOutAll();
    await jwks.close();
    await emulator.close();
    await idp.close();
  });

  const text = (): string =>
    [
      `@token = ${good}`,
      '',
      '### accepted',
      'GET {{host}}/ng/api/scim/account/ACC/Users?count=1',
      'Authorization: Bearer {{token}}',
      '',
      '### refused',
      'GET https://example.invalid/ng/api/scim/account/ACC/Users',
      `Authorization: Bearer ${bad}`,
      '',
    ].join('\n');

  test('offline settings: accepted and refused lenses, one key-set fetch for the file', async () => {
    // The key set server is this suite's own: counted from its start, not from after setSettings, whose
    // change event may already have sent another open document's verdict for this URL (a race under load).
    assert.equal(jwks.hits(), 0);
    await setSettings({
      'rules.source': 'offline',
      'offline.jwksUrl': jwks.url,
      'offline.keyField': 'scim_app',
      'offline.value': 'harness-scim',
    });
    const { uri, file } = writeHttp('lens-offline.http', text());
    files.push(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await ourLenses(uri);
    const verdicts = titles(lenses.filter((l) => l.command?.command === REPORT));
    assert.equal(verdicts.length, 3, verdicts.join('\n'));
    assert.match(
      verdicts[0] ?? '',
      /^✓ Harness would accept · RS256 · kid \S+ · expires in (59|60) minutes · offline rules$/,
    );
    assert.equal(verdicts[1], verdicts[0]);
    assert.equal(
      verdicts[2],
      '✗ Harness would refuse: claim "scim_app" is "abc", but the setting wants "harness-scim" · offline rules',
    );
    assert.equal(jwks.hits(), 1, 'one key-set download for the whole file');
  });

  test('hover: header and claims with times, checks; never the token or its signature', async () => {
    const uri = vscode.Uri.file(path.join(workspaceDir(), 'lens-offline.http'));
    const md = await hoverText(uri, positionOf(text(), bad).translate(0, 5));
    assert.match(md, /Harness would refuse/);
    assert.match(md, /\*\*Claims\*\*/);
    assert.match(md, /UTC · .* · in (59|60) minutes/);
    assert.match(md, /✓ Signature verifies/);
    assert.ok(!md.includes(bad) && !md.includes(bad.split('.')[2] ?? '#'), 'no raw token, no signature');
  });

  test('the scheme in a file variable: Authorization: {{auth}} has its lens on the header line; the hover says where each part came from', async () => {
    const text = [
      `@auth = Bearer ${good}`,
      '',
      '### scheme in a variable',
      'GET https://example.invalid/ng/api/scim/account/ACC/Users',
      'Authorization: {{auth}}',
      '',
    ].join('\n');
    const { uri, file } = writeHttp('lens-scheme-variable.http', text);
    files.push(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const header = positionOf(text, '{{auth}}');
    const lenses = await eventually(async () => {
      const all = (await ourLenses(uri)).filter((l) => l.command?.command === REPORT);
      return all.some((l) => l.range.start.line === header.line) ? all : undefined;
    }, 'a lens on the header line');
    const onHeader = lenses.find((l) => l.range.start.line === header.line);
    assert.match(onHeader?.command?.title ?? '', /^✓ Harness would accept · /);
    const md = await hoverText(uri, header.translate(0, 3));
    assert.match(
      md,
      /scheme from file variable @auth \\?\(line 1\\?\); token from file variable @auth \\?\(line 1\\?\)/,
    );
  });

  test('diagnostics: the refusal is an error with the verdict code, and goes when the file is fixed', async () => {
    const uri = vscode.Uri.file(path.join(workspaceDir(), 'lens-offline.http'));
    const errors = await eventually(async () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error);
      return Promise.resolve(d.length > 0 ? d : undefined);
    }, 'the refusal diagnostic');
    assert.deepEqual(
      errors.map((d) => [d.code, d.range.start.line]),
      [['claim-mismatch', 8]],
    );
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    const start = positionOf(doc.getText(), bad);
    edit.replace(uri, new vscode.Range(start, start.translate(0, bad.length)), good);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await eventually(
      async () =>
        Promise.resolve(
          vscode.languages.getDiagnostics(uri).some((x) => x.severity === vscode.DiagnosticSeverity.Error)
            ? undefined
            : true,
        ),
      'the error to go',
    );
    await doc.save();
  });

  test('the full report lists every check and the keys, not the token', async () => {
    const uri = vscode.Uri.file(path.join(workspaceDir(), 'lens-offline.http'));
    const report = await vscode.commands.executeCommand<{ markdown: string } | undefined>(REPORT, uri.toString(), 0);
    assert.ok(report);
    assert.match(report.markdown, /## Checks/);
    assert.match(report.markdown, /Audience \(Harness does not check aud\)/);
    assert.match(report.markdown, /## JWKS keys considered\n\n- \*\*chosen\*\* kid/);
    assert.ok(!report.markdown.includes(good));
  });

  test('each lens kind can be turned off', async () => {
    const uri = vscode.Uri.file(path.join(workspaceDir(), 'lens-offline.http'));
    await setSettings({ 'codeLens.verdict': false });
    try {
      const lenses =
        (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri)) ??
        [];
      assert.equal(lenses.filter((l) => l.command?.command === REPORT).length, 0);
    } finally {
      await setSettings({ 'codeLens.verdict': undefined });
    }
  });

  test("a title never draws an icon from the token: a kid of '$(pass-filled)' shows as text", async () => {
    await setSettings({
      'rules.source': 'offline',
      'offline.jwksUrl': jwks.url,
      'offline.keyField': 'scim_app',
      'offline.value': 'harness-scim',
    });
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const forged = `${b64({ alg: 'RS256', typ: 'JWT', kid: '$(pass-filled) trusted' })}.${b64({ iss: 'x', exp, scim_app: 'harness-scim' })}.${b64({ s: 1 })}`;
    const { uri, file } = writeHttp(
      'lens-icon.http',
      ['GET https://example.invalid/ng/api/scim/account/ACC/Users', `Authorization: Bearer ${forged}`, ''].join('\n'),
    );
    files.push(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const shown = titles(await ourLenses(uri)).join('\n');
    assert.ok(shown.includes('\\$(pass-filled)'), shown);
    assert.doesNotMatch(shown, /(^|[^\\])\$\(/, shown);
  });

  test('rules from the connected account; Test against Harness explains the opaque 401', async () => {
    await setSettings(CLEAR);
    emulator.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: FIVE });
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, {
      scim_jwt_token_jwks_keys_url: jwks.url,
      scim_jwt_token_key_field: 'scim_app',
      scim_jwt_token_value_field: 'harness-scim',
      scim_jwt_token_service_account_id: 'scim_sa',
    });
    await vscode.commands.executeCommand('scimJwt.account.connect', {
      baseUrl: emulator.baseUrl,
      apiKey: emulator.adminKey,
    });
    const fileText = [
      `@host = ${emulator.baseUrl}`,
      '',
      '### good',
      `GET {{host}}/ng/api/scim/account/${emulator.accountId}/Users?count=1`,
      `Authorization: Bearer ${good}`,
      '',
      '### bad',
      `GET {{host}}/ng/api/scim/account/${emulator.accountId}/Users?count=1`,
      `Authorization: Bearer ${bad}`,
      '',
    ].join('\n');
    const { uri, file } = writeHttp('lens-account.http', fileText);
    files.push(file);
    await vscode.workspace.openTextDocument(uri);
    const lenses = await eventually(async () => {
      const l = await ourLenses(uri);
      return titles(l).some((t) => t.endsWith('account rules')) ? l : undefined;
    }, 'lenses with account rules');
    const all = titles(lenses);
    assert.deepEqual(all.filter((t) => t === '▷ Test against Harness').length, 2, all.join('\n'));
    assert.ok(
      all.some((t) => /^✓ Harness would accept · .* · account rules$/.test(t)),
      all.join('\n'),
    );
    assert.ok(
      all.includes(
        '✗ Harness would refuse: claim "scim_app" is "abc", but the setting wants "harness-scim" · account rules',
      ),
      all.join('\n'),
    );

    const ok = await vscode.commands.executeCommand<{ result: string } | undefined>(TEST, uri.toString(), 0);
    assert.equal(ok?.result, 'accepted');
    const refused = await vscode.commands.executeCommand<
      { result: string; innerReason?: { reason: string }; details: string[] } | undefined
    >(TEST, uri.toString(), 1);
    assert.equal(refused?.result, 'refused');
    assert.equal(refused.innerReason?.reason, 'claim-mismatch');
    assert.ok(
      refused.details.some((d) => d.startsWith('Local verdict (claim-mismatch)')),
      refused.details.join('\n'),
    );
  });
});

suite('Lens untrusted: decode only, no network', () => {
  let idp: Idp;
  let jwks: CountingJwks;
  let emulator: Emulator;
  const files: string[] = [];

  suiteSetup(async function () {
    if (process.env.SCIM_JWT_UNTRUSTED !== '1') this.skip();
    assert.equal(
      vscode.workspace.isTrusted,
      false,
      'this suite needs a host started with workspace trust enabled (no --disable-workspace-trust)',
    );
    idp = await startIdp({ claims: { scim_app: 'harness-scim' } });
    jwks = await countingJwks(idp);
    emulator = await startEmulator();
  });
  suiteTeardown(async () => {
    for (const f of files) fs.rmSync(f, { force: true });
    if (process.env.SCIM_JWT_UNTRUSTED !== '1') return;
    await setSettings(CLEAR);
    await signOutAll();
    await jwks.close();
    await emulator.close();
    await idp.close();
  });

  test('opening a file with tokens makes no request to the key set or to Harness', async () => {
    await setSettings({
      'rules.source': 'auto',
      'offline.jwksUrl': jwks.url,
      'offline.keyField': 'scim_app',
      'offline.value': 'harness-scim',
    });
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, {
      scim_jwt_token_jwks_keys_url: jwks.url,
      scim_jwt_token_key_field: 'scim_app',
      scim_jwt_token_value_field: 'harness-scim',
    });
    await vscode.commands.executeCommand('scimJwt.account.connect', {
      baseUrl: emulator.baseUrl,
      apiKey: emulator.adminKey,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const harnessBefore = emulator.requestCount();
    const jwksBefore = jwks.hits();
    const token = await idp.getToken();
    const text = [
      `### scim`,
      `GET ${emulator.baseUrl}/ng/api/scim/account/${emulator.accountId}/Users`,
      `Authorization: Bearer ${token}`,
      '',
    ].join('\n');
    const { uri, file } = writeHttp('lens-untrusted.http', text);
    files.push(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const t = titles(await ourLenses(uri));
    assert.equal(t.length, 1, t.join('\n'));
    assert.match(t[0] ?? '', /^○ Not verified: the workspace is not trusted · RS256 · kid \S+ · expires in/);
    const md = await hoverText(uri, positionOf(text, token).translate(0, 3));
    assert.match(md, /Not verified/);
    assert.equal(await vscode.commands.executeCommand(TEST, uri.toString(), 0), undefined, 'the test command refuses');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(jwks.hits() - jwksBefore, 0, 'no key-set fetch');
    assert.equal(emulator.requestCount() - harnessBefore, 0, 'no Harness request');
  });

  test('the doctor does not offer to take a token from the open files', () => {
    const choices = tokenChoices(vscode.workspace.isTrusted).map((c) => c.choice);
    assert.deepEqual(choices, ['paste', 'idp', 'none']);
    assert.deepEqual(
      tokenChoices(true).map((c) => c.choice),
      ['file', 'paste', 'idp', 'none'],
    );
  });
});
