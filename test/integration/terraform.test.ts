/**
 * The `.tf` checks inside the real extension host: CodeLens, hover and problems on the modules of
 * test/fixtures/terraform, against the Harness emulator and the test identity provider on
 * 127.0.0.1, with an account connected. Each fixture folder is copied into the workspace with its
 * placeholders filled (the servers' ports change every run) and removed at the end.
 *
 * The "untrusted" suite runs only in a host started WITH workspace trust and EXT_TESTS_ENV
 * {"SCIM_JWT_UNTRUSTED":"1"} (scripts/test-all.js, integration-untrusted): static findings show,
 * and nothing is fetched.
 *
 * The suite prints the time to the first lens on a `.tf` file, parser cold (the first `.tf` file of
 * the host) and warm: figures to read, the assertions do not depend on them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  connectedScimAccount,
  eventually,
  extensionApi,
  putSettings,
  signOutAll,
  type ScimAccount,
} from './support/harness';
import { countingJwks, type CountingJwks } from './support/keySets';
import { startEmulator, type Emulator } from '../sandbox/emulator';
import { startIdp, type Idp } from '../sandbox/idp';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/terraform');
const OUR_MARKS = /^(✓|ℹ|⚠|✗|⋯|○|=|≠|\?) /;
/** The setting checks (not the module line, not the drift lenses). */
const checksOf = (titles: string[]): string[] =>
  titles.filter((t) => /^(✓|ℹ|⚠|✗|⋯) (JWKS URL|Key field \(claim name\)|Value to match|Service account):/.test(t));

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host opened no folder');
  return folder.uri.fsPath;
}

/** Copies a fixture module into the workspace with its placeholders filled; returns its folder. */
function copyModule(name: string, values: Record<string, string>, created: string[], as = `tf-${name}`): string {
  const to = path.join(workspaceDir(), as);
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  created.push(to);
  for (const file of fs.readdirSync(path.join(FIXTURES, name))) {
    const text = fs
      .readFileSync(path.join(FIXTURES, name, file), 'utf8')
      .replace(/__([A-Z_]+)__/g, (m, k: string) => values[k] ?? m);
    fs.writeFileSync(path.join(to, file), text);
  }
  return to;
}

async function open(file: string): Promise<{ uri: vscode.Uri; text: string }> {
  const uri = vscode.Uri.file(file);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return { uri, text: doc.getText() };
}

async function allOurLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses =
    (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((l) => OUR_MARKS.test(l.command?.title ?? ''));
}

/** Our lenses once no check is pending. */
async function settledLenses(uri: vscode.Uri, ms = 30000): Promise<string[]> {
  return eventually(
    async () => {
      const t = (await allOurLenses(uri)).map((l) => l.command?.title ?? '');
      return t.length > 0 && !t.some((x) => x.includes('checking…')) ? t : undefined;
    },
    'the .tf lenses to settle',
    ms,
  );
}

/**
 * The lenses of a module that Harness would accept, compared with the account that holds its values.
 * The key set is on 127.0.0.1 over http: its check lists the keys and has two notes (plain http,
 * this machine); "scim_app" is not a usual claim name (a note); the rest is green.
 */
function expectGood(titles: string[]): void {
  const all = titles.join('\n');
  const checks = checksOf(titles);
  assert.equal(checks.length, 4, all);
  const of = (label: string): string => checks.find((t) => t.includes(` ${label}`)) ?? '';
  assert.match(
    of('JWKS URL'),
    /^⚠ JWKS URL: A JWK Set with 1 signing key \(HTTP 200\)\. Keys: \S+\. 2 notes: hover the value\.$/,
    all,
  );
  assert.match(of('Key field'), /^ℹ Key field \(claim name\): "scim_app" is not one of the usual claims/, all);
  assert.match(of('Value to match'), /^✓ Value to match: Tokens must carry exactly "harness-scim"/, all);
  assert.match(of('Service account'), /^✓ Service account: .*holds the five SCIM permissions/, all);
  assert.ok(titles.includes('✓ All four SCIM JWT settings are in this module.'), all);
  assert.equal(
    titles.filter((t) => t.startsWith('= Harness holds this ')).length,
    4,
    `Harness holds the same values:\n${all}`,
  );
}

/** Milliseconds from opening `file` to the first lens of ours, and to the settled ones. */
async function timeToLens(
  file: string,
): Promise<{ uri: vscode.Uri; first: number; settled: number; titles: string[] }> {
  const t0 = performance.now();
  const { uri } = await open(file);
  await eventually(async () => ((await allOurLenses(uri)).length > 0 ? true : undefined), 'the first .tf lens', 30000);
  const first = performance.now() - t0;
  const titles = await settledLenses(uri);
  return { uri, first, settled: performance.now() - t0, titles };
}

function positionOf(text: string, needle: string): vscode.Position {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} is in the file`);
  const before = text.slice(0, i).split('\n');
  return new vscode.Position(before.length - 1, (before[before.length - 1] ?? '').length);
}

async function hoverText(uri: vscode.Uri, at: vscode.Position): Promise<string> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[] | undefined>('vscode.executeHoverProvider', uri, at)) ?? [];
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n');
}

const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Harness SCIM JWT');

/** A port nothing listens on: a key set that cannot be fetched. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

/** What the extension's log says the parser's load took (the first .tf file of the host). */
async function parserLoadLine(): Promise<string> {
  const api = await extensionApi();
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.log')) files.push(p);
    }
  };
  walk(api.storagePaths.log);
  const m = files.map((f) => /the HCL parser loaded in (\d+) ms/.exec(fs.readFileSync(f, 'utf8'))).find(Boolean);
  return m ? `parser load ${m[1] ?? '?'} ms` : 'parser load not in the log';
}

suite('Terraform: the .tf checks with a connected account', () => {
  let account: ScimAccount | undefined;
  let values: Record<string, string>;
  const created: string[] = [];
  const timings: string[] = [];

  suiteSetup(async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    await signOutAll();
    const connected = await connectedScimAccount({
      settingsCacheMs: 0,
      claims: { scim_app: 'harness-scim' },
      settings: { keyField: 'scim_app', value: 'harness-scim' },
    });
    account = connected;
    values = {
      JWKS_URL: connected.idp.jwksUri,
      CLOSED_JWKS_URL: `http://127.0.0.1:${await closedPort()}/keys`,
      ACCOUNT_ID: connected.emulator.accountId,
      // A right-to-left override and its end, for the hostile module (kept out of the fixture's bytes).
      RLO: '\u202e',
      PDF: '\u202c',
    };
    // The connection is made: the lenses compare with the account from the first file on.
    await eventually(
      async () => ((await vscode.authentication.getAccounts('harness-scim-jwt')).length > 0 ? true : undefined),
      'the account to be connected',
    );
  });
  suiteTeardown(async () => {
    if (account) await account.close();
    for (const d of created) fs.rmSync(d, { recursive: true, force: true });
    if (timings.length > 0) console.log(`[bench] .tf time to lens: ${timings.join('; ')}; ${await parserLoadLine()}`);
  });

  test('a good module: every setting checks green, keys listed, Harness holds the same values (parser cold)', async () => {
    const dir = copyModule('good', values, created);
    const { uri, first, settled, titles } = await timeToLens(path.join(dir, 'main.tf'));
    timings.push(`cold: first lens ${first.toFixed(0)} ms, settled ${settled.toFixed(0)} ms`);
    expectGood(titles);
    const problems = ours(uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(
      problems.map((d) => [d.severity, d.code]),
      [[vscode.DiagnosticSeverity.Warning, 'scim_jwt_token_jwks_keys_url']],
      `only the JWKS URL's note (plain http) is a warning:\n${problems.map((d) => d.message).join('\n')}`,
    );
    const text = fs.readFileSync(path.join(dir, 'main.tf'), 'utf8');
    const md = await hoverText(uri, positionOf(text, '"scim_app"').translate(0, 2));
    assert.match(md, /Key field/);
    assert.match(md, /scim_app/);
  });

  test('a wrong JWKS URL: the lens says the key set is not reachable, and Problems has it (parser warm)', async () => {
    const dir = copyModule('wrong-jwks', values, created);
    const { uri, first, settled, titles } = await timeToLens(path.join(dir, 'main.tf'));
    timings.push(`warm: first lens ${first.toFixed(0)} ms, settled ${settled.toFixed(0)} ms`);
    const jwks = titles.find((t) => t.includes('JWKS URL'));
    assert.match(jwks ?? '', /^✗ JWKS URL: .*(reachable|refused|ECONNREFUSED)/i, titles.join('\n'));
    const problems = await eventually(() => {
      const d = ours(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error);
      return Promise.resolve(d.length > 0 ? d : undefined);
    }, 'the JWKS problem');
    assert.ok(
      problems.some((d) => d.code === 'scim_jwt_token_jwks_keys_url'),
      problems.map((d) => d.message).join('\n'),
    );
  });

  test('"Check Terraform Module Again" (the lens\'s click) fetches the key set again: the URL now answers', async () => {
    const dir = path.join(workspaceDir(), 'tf-wrong-jwks');
    const { uri } = await open(path.join(dir, 'main.tf'));
    const lens = (await allOurLenses(uri)).find((l) => l.command?.title.includes('JWKS URL'));
    assert.equal(lens?.command?.command, 'scimJwt.terraform.recheck');
    // Something now listens where nothing did, serving the IdP's key set.
    const port = Number(new URL(values.CLOSED_JWKS_URL ?? '').port);
    const keys = await (await fetch(account?.idp.jwksUri ?? '')).text();
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(keys);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await vscode.commands.executeCommand(lens.command.command, ...((lens.command.arguments ?? []) as unknown[]));
      const titles = await eventually(async () => {
        const t = (await allOurLenses(uri)).map((l) => l.command?.title ?? '');
        return t.some((x) => x.startsWith('⚠ JWKS URL: A JWK Set with 1 signing key')) ? t : undefined;
      }, 'the JWKS lens to show the key set');
      assert.ok(!titles.some((t) => t.startsWith('✗')), titles.join('\n'));
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
    }
  });

  test('a reference to a service account resource: its identifier is checked with its five permissions', async () => {
    const dir = copyModule('sa-reference', values, created);
    const { uri, titles } = await timeToLens(path.join(dir, 'main.tf'));
    expectGood(titles);
    const text = fs.readFileSync(path.join(dir, 'main.tf'), 'utf8');
    const md = await hoverText(
      uri,
      positionOf(text, 'harness_platform_service_account.scim.identifier').translate(0, 5),
    );
    assert.match(md, /harness\\?_platform\\?_service\\?_account\.scim/);
    assert.match(md, /scim\\?_sa/);
  });

  test('values from variables: a default, terraform.tfvars overridden by *.auto.tfvars; a -var-file file does not win', async () => {
    const dir = copyModule('tfvars', values, created);
    const { uri: vars } = await open(path.join(dir, 'variables.tf'));
    const { uri, titles } = await timeToLens(path.join(dir, 'main.tf'));
    // The auto file wins over terraform.tfvars, as in Terraform: Harness holds "harness-scim" too.
    expectGood(titles);
    const text = fs.readFileSync(path.join(dir, 'main.tf'), 'utf8');
    const md = await hoverText(uri, positionOf(text, 'var.claim_value').translate(0, 5));
    assert.match(md, /harness-scim/);
    assert.match(md, /scim\.auto\.tfvars/);
    assert.ok(!md.includes('read-only-with-var-file'), 'prod.tfvars is read by Terraform only with -var-file');
    const url = await hoverText(uri, positionOf(text, 'var.jwks_url').translate(0, 5));
    assert.match(url, /terraform\.tfvars/);
    assert.deepEqual(await allOurLenses(vars), [], 'no lens on a file without settings');
    // A variable file changed on disk (not in an editor): the module is read again.
    fs.writeFileSync(path.join(dir, 'scim.auto.tfvars'), 'claim_value = "changed-on-disk"\n');
    await eventually(async () => {
      const t = (await allOurLenses(uri)).map((l) => l.command?.title ?? '');
      return t.some((x) => x.startsWith('≠ ') && x.includes('harness-scim')) ? true : undefined;
    }, 'the drift lens after the variable file changed on disk');
  });

  test('drift: the file and the connected account disagree on the claim value', async () => {
    const dir = copyModule('drift', values, created);
    const { titles } = await timeToLens(path.join(dir, 'main.tf'));
    const drift = titles.filter((t) => t.startsWith('≠ '));
    assert.equal(drift.length, 1, titles.join('\n'));
    assert.match(drift[0] ?? '', /different/i);
    assert.match(drift[0] ?? '', /harness-scim/);
    assert.equal(titles.filter((t) => t.startsWith('= ')).length, 3, titles.join('\n'));
  });

  test('an edit re-checks: fixing the drifting value in the editor (unsaved) turns the drift lens to "same"', async () => {
    const file = path.join(workspaceDir(), 'tf-drift', 'main.tf');
    const { uri, text } = await open(file);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const at = positionOf(text, 'someone-else');
    await editor.edit((b) => {
      b.replace(new vscode.Range(at, at.translate(0, 'someone-else'.length)), 'harness-scim');
    });
    await eventually(async () => {
      const t = (await allOurLenses(uri)).map((l) => l.command?.title ?? '');
      return t.filter((x) => x.startsWith('= ')).length === 4 ? true : undefined;
    }, 'the drift lens to say the values are the same');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the open file is part of its module in a folder with more .tf files than are read', async () => {
    const dir = copyModule('good', values, created, 'tf-many');
    fs.renameSync(path.join(dir, 'main.tf'), path.join(dir, 'zz_scim.tf'));
    // Read in name order, these 100 would fill the count before zz_scim.tf.
    for (let i = 0; i < 100; i++)
      fs.writeFileSync(path.join(dir, `a${String(i).padStart(3, '0')}.tf`), `resource "null_resource" "f${i}" {}\n`);
    const file = path.join(dir, 'zz_scim.tf');
    const { uri, titles } = await timeToLens(file);
    expectGood(titles);
    const md = await hoverText(uri, positionOf(fs.readFileSync(file, 'utf8'), '"scim_app"').translate(0, 2));
    assert.match(md, /Only 100 of the 101 \.tf files were read/, md);
  });

  test('values from a file are shown as text, and an API key from a variable file is never shown whole', async () => {
    const dir = copyModule('hostile', values, created);
    const file = path.join(dir, 'main.tf');
    const { uri, titles } = await timeToLens(file);
    const lenses = await allOurLenses(uri);
    const secret = 'S3cretS3cretS3cret';
    const shown = lenses.map((l) => `${l.command?.title ?? ''}\n${l.command?.tooltip ?? ''}`).join('\n');
    assert.ok(!shown.includes(secret), `a lens shows the key whole:\n${shown}`);
    assert.match(shown, /pat\.abcdefghij\.…/, shown);
    // The editor draws `$(name)` in a lens title as an icon; `\$(` is the text.
    for (const title of titles)
      assert.doesNotMatch(title, /(^|[^\\])\$\(/, `a value draws an icon in the lens: ${title}`);
    // A bidi override from the file would reorder the verdict around it: shown as an escape.
    assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(shown), `a bidi override in a lens:\n${shown}`);
    assert.match(shown, /\\u202e/, shown);
    assert.ok(
      titles.some((t) => t.includes('\\$(pass)')),
      `the key field's value is in its lens as text:\n${titles.join('\n')}`,
    );
    const text = fs.readFileSync(file, 'utf8');
    const claim = await hoverText(uri, positionOf(text, 'var.harness_platform_api_key').translate(0, 5));
    assert.match(claim, /pat\.abcdefghij\./, claim);
    assert.ok(!claim.includes(secret), claim);
    const key = await hoverText(uri, positionOf(text, '"$(pass)').translate(0, 3));
    assert.match(key, /Key field/, key);
    // Outside code spans, the link and the tag are escaped: the hover shows them as text.
    const prose = key.replace(/(`+)[\s\S]*?\1/g, '');
    assert.match(prose, /\\\[x\\\]\(command:/, key);
    assert.doesNotMatch(prose, /(^|[^\\])\]\(command:/, `a command link in the hover: ${key}`);
    assert.doesNotMatch(prose, /(^|[^\\])<img/, `HTML in the hover: ${key}`);
    assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(key), `a bidi override in the hover: ${key}`);
    const problems = await eventually(() => {
      const d = ours(uri);
      return Promise.resolve(d.length > 0 ? d : undefined);
    }, 'the problems of the hostile module');
    for (const d of problems) assert.ok(!d.message.includes(secret), d.message);
  });

  test('a folder with no SCIM JWT setting stays quiet: no lens, no problem', async () => {
    const dir = path.join(workspaceDir(), 'tf-quiet');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    created.push(dir);
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      'resource "harness_platform_setting" "other" {\r\n  identifier = "ldap_sync"\r\n  value      = "x"\r\n}\r\n',
    );
    fs.writeFileSync(path.join(dir, 'terraform.tfvars'), 'jwks_url = "https://example.invalid/keys"\n');
    // Half-typed: a syntax error is the Terraform extension's to show in a module that is not ours.
    fs.writeFileSync(path.join(dir, 'broken.tf'), 'resource "null_resource" "x" {\n  triggers = {\n');
    const { uri } = await open(path.join(dir, 'main.tf'));
    // The module is analysed (a diagnostics pass runs on open); give it the time a lens takes.
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(
      (await allOurLenses(uri)).map((l) => l.command?.title),
      [],
    );
    for (const f of ['main.tf', 'broken.tf'])
      assert.deepEqual(
        ours(vscode.Uri.file(path.join(dir, f))).map((d) => d.message),
        [],
        f,
      );
  });

  test('an open file over the size limit that writes a setting says it was not checked; one that writes none stays quiet', async () => {
    const dir = path.join(workspaceDir(), 'tf-large');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    created.push(dir);
    const padding = `# ${'x'.repeat(98)}\n`.repeat(11_000); // 1.1 MB of comments
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      `resource "harness_platform_setting" "key" {\n  identifier = "scim_jwt_token_key_field"\n  value = "sub"\n}\n${padding}`,
    );
    fs.writeFileSync(path.join(dir, 'generated.tf'), `resource "null_resource" "x" {}\n${padding}`);
    const { uri } = await open(path.join(dir, 'main.tf'));
    const titles = await eventually(async () => {
      const t = (await allOurLenses(uri)).map((l) => l.command?.title ?? '');
      return t.length > 0 ? t : undefined;
    }, 'the lens of the file not read');
    assert.deepEqual(titles, [
      'ℹ Harness SCIM JWT did not check this file: main.tf was not read: it is larger than 1024 KB, or the module is.',
    ]);
    const other = await open(path.join(dir, 'generated.tf'));
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(
      (await allOurLenses(other.uri)).map((l) => l.command?.title),
      [],
    );
  });

  test('a folder of per-environment variable files: terraform.tfvars and *.auto.tfvars are still read', async () => {
    const dir = copyModule('tfvars', values, created, 'tf-manyvars');
    // Read in name order, these 25 (-var-file only) would fill the count before terraform.tfvars.
    for (let i = 0; i < 25; i++)
      fs.writeFileSync(
        path.join(dir, `env-${String(i).padStart(2, '0')}.tfvars`),
        `jwks_url = "https://env${i}.example.invalid/keys"\n`,
      );
    const file = path.join(dir, 'main.tf');
    const { uri, titles } = await timeToLens(file);
    expectGood(titles);
    const md = await hoverText(uri, positionOf(fs.readFileSync(file, 'utf8'), 'var.jwks_url').translate(0, 5));
    assert.match(md, /terraform\.tfvars/, md);
    assert.match(md, /Only 20 of the 28 variable files were read/, md);
  });

  test('a variable file that links out of the workspace is not read; a link inside it is', async () => {
    const dir = copyModule('tfvars', values, created, 'tf-links');
    // Outside the workspace: a home folder's variables, say, with a key beside them.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-jwt-tf-'));
    created.push(outside);
    fs.writeFileSync(path.join(outside, 'secrets.tfvars'), 'claim_value = "from-outside"\n');
    fs.rmSync(path.join(dir, 'scim.auto.tfvars'));
    fs.symlinkSync(path.join(outside, 'secrets.tfvars'), path.join(dir, 'z.auto.tfvars'));
    // Inside the workspace: a shared file one folder up, as repositories do.
    const shared = path.join(workspaceDir(), 'tf-links-shared.tfvars');
    fs.writeFileSync(shared, 'claim_value = "harness-scim"\n');
    created.push(shared);
    fs.symlinkSync(shared, path.join(dir, 'shared.auto.tfvars'));
    const file = path.join(dir, 'main.tf');
    const { uri, titles } = await timeToLens(file);
    const all = titles.join('\n');
    assert.ok(!all.includes('from-outside'), all);
    expectGood(titles);
    const md = await hoverText(uri, positionOf(fs.readFileSync(file, 'utf8'), 'var.claim_value').translate(0, 5));
    assert.match(md, /shared\.auto\.tfvars/, md);
    assert.match(md, /z\.auto\.tfvars was not read: it is a link to a file outside the workspace folder/, md);
  });

  test('a file renamed outside VS Code while open: the module is what is on disk, its settings counted once', async () => {
    const dir = copyModule('good', values, created, 'tf-renamed');
    const before = path.join(dir, 'main.tf');
    const { titles } = await timeToLens(before);
    expectGood(titles);
    // A branch switch or a `git mv` in a terminal: the editor keeps the old, saved text.
    fs.renameSync(before, path.join(dir, 'scim.tf'));
    const { uri } = await open(path.join(dir, 'scim.tf'));
    const after = await eventually(async () => {
      const t = (await allOurLenses(uri)).map((l) => l.command?.title ?? '');
      return t.length > 0 && !t.some((x) => x.includes('checking…')) && !t.some((x) => x.includes(' again (also '))
        ? t
        : undefined;
    }, 'the module to hold each setting once');
    expectGood(after);
  });

  test('a CRLF file: each lens sits on its resource, also after lines are typed above it (unsaved)', async () => {
    const dir = copyModule('good', values, created, 'tf-crlf');
    const file = path.join(dir, 'main.tf');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n'));
    const { uri } = await timeToLens(file);
    const linesOf = (text: string): number[] =>
      text
        .split(/\r?\n/)
        .flatMap((l, i) => (l.startsWith('resource "harness_platform_setting"') ? [i] : []))
        .sort((a, b) => a - b);
    const lensLines = async (): Promise<number[]> =>
      [...new Set((await allOurLenses(uri)).map((l) => l.range.start.line))].sort((a, b) => a - b);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.eol, vscode.EndOfLine.CRLF);
    assert.deepEqual(await lensLines(), linesOf(doc.getText()));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    await editor.edit((b) => {
      b.insert(new vscode.Position(0, 0), '# one\r\n# two\r\n# three\r\n');
    });
    const expected = linesOf(doc.getText());
    await eventually(
      async () => {
        const got = await lensLines();
        return JSON.stringify(got) === JSON.stringify(expected) ? true : undefined;
      },
      `the lenses on lines ${expected.join(', ')}`,
    );
    const md = await hoverText(uri, positionOf(doc.getText(), '"scim_app"').translate(0, 2));
    assert.match(md, /Key field/, md);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('drift follows the account: a value changed in Harness shows after "Check again"; signed out, no drift lens', async () => {
    const dir = copyModule('good', values, created, 'tf-follow');
    const { uri, titles } = await timeToLens(path.join(dir, 'main.tf'));
    expectGood(titles);
    const { emulator, idp } = account ?? assert.fail('connected');
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, {
      scim_jwt_token_jwks_keys_url: idp.jwksUri,
      scim_jwt_token_key_field: 'scim_app',
      scim_jwt_token_value_field: 'changed-in-harness',
      scim_jwt_token_service_account_id: 'scim_sa',
    });
    await vscode.commands.executeCommand('scimJwt.terraform.recheck', uri.toString());
    await eventually(async () => {
      const t = (await allOurLenses(uri)).map((l) => l.command?.title ?? '');
      return t.some((x) => x.startsWith('≠ ') && x.includes('changed-in-harness')) ? true : undefined;
    }, 'the drift lens to show the value Harness now holds');
    await signOutAll();
    const after = await eventually(async () => {
      const t = (await allOurLenses(uri)).map((l) => l.command?.title ?? '');
      return checksOf(t).length === 4 && !t.some((x) => x.includes('checking…')) ? t : undefined;
    }, 'the lenses to settle once signed out');
    assert.ok(!after.some((t) => /^(=|≠|\?|○) /.test(t)), `no drift lens without an account:\n${after.join('\n')}`);
  });
});

suite('Terraform untrusted: static findings only, nothing fetched', () => {
  let idp: Idp;
  let jwks: CountingJwks;
  let emulator: Emulator;
  const created: string[] = [];

  suiteSetup(async function () {
    if (process.env.SCIM_JWT_UNTRUSTED !== '1') this.skip();
    assert.equal(vscode.workspace.isTrusted, false, 'this suite needs a host started with workspace trust enabled');
    idp = await startIdp({ claims: { scim_app: 'harness-scim' } });
    jwks = await countingJwks(idp);
    emulator = await startEmulator();
    emulator.addApiKey({
      kind: 'sat',
      principal: 'scim_sa',
      permissions: [
        'core_user_view',
        'core_user_manage',
        'core_user_invite',
        'core_usergroup_view',
        'core_usergroup_manage',
      ],
    });
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, {
      scim_jwt_token_jwks_keys_url: jwks.url,
      scim_jwt_token_key_field: 'scim_app',
      scim_jwt_token_value_field: 'harness-scim',
    });
  });
  suiteTeardown(async () => {
    for (const d of created) fs.rmSync(d, { recursive: true, force: true });
    if (process.env.SCIM_JWT_UNTRUSTED !== '1') return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
    await jwks.close();
    await emulator.close();
    await idp.close();
  });

  test('untrusted: a .tf file shows its static findings and says why nothing was fetched; no key-set or Harness request', async () => {
    await vscode.commands.executeCommand('scimJwt.account.connect', {
      baseUrl: emulator.baseUrl,
      apiKey: emulator.adminKey,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const harnessBefore = emulator.requestCount();
    const jwksBefore = jwks.hits();
    const dir = copyModule('untrusted', { JWKS_URL: jwks.url }, created);
    const { uri, titles } = await timeToLens(path.join(dir, 'main.tf'));
    assert.equal(checksOf(titles).length, 3, titles.join('\n'));
    assert.ok(
      titles.some((t) => t.includes('nothing fetched: the workspace is not trusted')),
      `the lens says why:\n${titles.join('\n')}`,
    );
    assert.ok(!titles.some((t) => /^(=|≠) /.test(t)), 'no comparison with the account');
    assert.ok(
      titles.includes('⚠ Three of the four SCIM JWT settings are in this module; missing: Service account.'),
      titles.join('\n'),
    );
    const problems = await eventually(() => {
      const d = ours(uri);
      return Promise.resolve(d.length > 0 ? d : undefined);
    }, 'the static findings in Problems');
    assert.ok(
      problems.some((d) => /service account/i.test(d.message)),
      `the missing fourth setting is a problem:\n${problems.map((d) => d.message).join('\n')}`,
    );
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(jwks.hits() - jwksBefore, 0, 'no key-set fetch');
    assert.equal(emulator.requestCount() - harnessBefore, 0, 'no Harness request');
  });
});
