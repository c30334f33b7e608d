/**
 * The .vsix a person installs from the Marketplace, packed as `npm run package` packs it
 * (scripts/package-vsix.js and its allow-list): under 640 KB, holding only the extension's bundles (with
 * its parts loaded on first need, dist/chunks/),
 * manifest, docs and media, with the gallery icon and the page's metadata the Marketplace shows.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
// 500 KB until issue 26's .tf checks: the HCL parser (web-tree-sitter and its Terraform grammar,
// about 127 KB compressed), loaded only when a .tf file is checked.
const MAX_BYTES = 640 * 1024;

/** Entry names from a zip's central directory (the .vsix is a zip); enough of the format for this. */
function zipEntries(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names.sort();
}

/** What may ship: the bundles, the manifest, the docs, and media/ (icons, CSS, walkthrough, README pictures). */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i,
  /^extension\/dist\/(extension|undici|dotenv|web-tree-sitter|webview)\.js$/,
  /^extension\/dist\/chunks\/[\w-]+\.js$/,
  /^extension\/dist\/(web-tree-sitter|tree-sitter-terraform)\.wasm$/,
  /^extension\/media\/(icon\.(svg|png)|setup\.css|http-language-configuration\.json|walkthrough\/[\w-]+\.md|readme\/[\w-]+\.png)$/,
];

suite('the .vsix', function () {
  this.timeout(180_000);
  let dir: string;
  let vsix: string;
  let entries: string[];

  suiteSetup(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-jwt-vsix-'));
    vsix = join(dir, 'harness-scim-jwt.vsix');
    const run = (args: string[]): void => {
      execFileSync(args[0]!, args.slice(1), { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    };
    run(['npm', 'run', 'build:prod']);
    run([process.execPath, join(root, 'scripts/package-vsix.js'), vsix]);
    entries = zipEntries(readFileSync(vsix));
  });
  suiteTeardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('is under 640 KB', () => {
    const size = statSync(vsix).size;
    assert.ok(size < MAX_BYTES, `the .vsix is ${String(Math.round(size / 1024))} KB`);
  });

  test('dist/extension.js stays under 350 KB in production; undici is its own file, loaded only for the lax-TLS key-set download', () => {
    const size = statSync(join(root, 'dist/extension.js')).size;
    // 350 KB until Harness's source replaced inference: the create-for-SCIM flow's real answers (role
    // offers, assignment look-ups, resource-group coverage, about 11 KB) and the rehearsal's findings
    // on what Harness does with what an IdP sends (about 6 KB). `npm run bench` measures activation.
    // 370 KB until issue 29: where a token may steer discovery, credential headers across redirects,
    // run ownership of rehearsal leftovers and the editor's text escaping (about 2 KB).
    // 380 KB until issue 28: response handlers (JetBrains client.global.set, httpYac $global) read as
    // token sources without running them, in the file and its folder (about 6 KB).
    // 390 KB until issues 24 and 25: eight sourced catalogue entries and the Bearer-scheme verdict (about
    // 8 KB); the key-rotation forecast, one sourced record per provider shown in the
    // hover, the form and the doctor (about 9 KB); Harness's stale key set named by the doctor and
    // "Test against Harness", and "Make Harness Re-read the Key Set" with its proof, PUT and countdown
    // (about 10 KB).
    // 420 KB until the reviews of issues 24, 25 and 28: the Authorization header resolved and read as
    // Harness reads it, handler edges, the refresh's hedged diagnosis and in-order proof (about 4 KB).
    // 425 KB until issue 26: the Terraform export (HCL writer, form preview/copy, import-block reads; about 5 KB).
    // 430 KB until the rarely used parts (doctor, rehearsal, setup form, token requests, the tree's and
    // the account's commands) moved to dist/chunks/, loaded on first need (test/unit/lazyParts.test.ts):
    // about 299 KB then. Issue 26 caps it at 350 KB, with room for the .tf checks.
    assert.ok(size <= 350 * 1000, `dist/extension.js is ${String(size)} bytes`);
    const bundle = readFileSync(join(root, 'dist/extension.js'), 'utf8');
    assert.ok(bundle.includes('require("./undici.js")'), 'undici is loaded from its own file');
    assert.ok(
      !bundle.includes('EnvHttpProxyAgent=') && !bundle.includes('class EnvHttpProxyAgent'),
      'undici itself is not inside',
    );
  });

  test('holds only what should ship: no sources, tests, maps, scripts or the CLI bundle', () => {
    const stray = entries.filter((e) => !ALLOWED.some((re) => re.test(e)));
    assert.deepEqual(stray, []);
    for (const must of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/undici.js',
      'extension/dist/dotenv.js',
      'extension/dist/web-tree-sitter.js',
      'extension/dist/web-tree-sitter.wasm',
      'extension/dist/tree-sitter-terraform.wasm',
      'extension/dist/webview.js',
      ...readdirSync(join(root, 'dist/chunks')).map((f) => `extension/dist/chunks/${f}`),
      'extension/media/icon.png',
      'extension/media/readme/lens-hover.png',
      'extension/media/readme/setup-steps.png',
    ]) {
      assert.ok(entries.includes(must), `${must} is missing from the .vsix`);
    }
  });

  test('the Marketplace page: a 128×128 PNG icon, fitting categories, keywords, a banner, no placeholder repository', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      icon?: string;
      categories?: string[];
      keywords?: string[];
      galleryBanner?: { color?: string };
      repository?: unknown;
    };
    assert.equal(manifest.icon, 'media/icon.png');
    const png = readFileSync(join(root, 'media/icon.png'));
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(manifest.categories?.includes('Testing') && manifest.categories.includes('Linters'));
    assert.ok((manifest.keywords?.length ?? 0) >= 5 && (manifest.keywords?.length ?? 0) <= 30);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(!JSON.stringify(manifest.repository ?? '').includes('example.invalid'));
  });

  test('the README shows the product in pictures before any paragraph', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
    const firstText = readme.findIndex((l, i) => i > 0 && l.trim() !== '' && !l.startsWith('![') && !l.startsWith('#'));
    const pictures = readme
      .slice(0, firstText)
      .map((l) => /^!\[[^\]]+\]\((media\/readme\/[\w-]+\.png)\)$/.exec(l)?.[1])
      .filter((p) => p !== undefined);
    assert.ok(
      pictures.includes('media/readme/lens-hover.png') && pictures.some((p) => p.includes('setup')),
      `pictures before the first paragraph: ${pictures.join(' | ')}`,
    );
    for (const p of pictures) assert.ok(statSync(join(root, p)).size < 60 * 1024, `${p} is small`);
  });
});
