#!/usr/bin/env node
// Packages the extension: `node scripts/package-vsix.js OUT.vsix`, or `--list` to print what it ships.
//
// package.json's `files` is the npm package's allow-list (the scim-jwt CLI alone). vsce would take
// it as the .vsix's allow-list too, and refuses a .vscodeignore beside it; so the .vsix is packed
// from a staging folder that holds exactly what the extension ships, listed once here. Run it
// after a build: it packs dist/ as it finds it.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
/** Everything the .vsix holds; vsce adds its own manifest files. */
const SHIP = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'dist/extension.js',
  // The extension's parts loaded on first need (scripts/lazy-parts.js): the build writes exactly those.
  'dist/chunks',
  'dist/undici.js',
  'dist/dotenv.js',
  'dist/web-tree-sitter.js',
  'dist/web-tree-sitter.wasm',
  'dist/tree-sitter-terraform.wasm',
  'dist/webview.js',
  'media',
];

const args = process.argv.slice(2);
const list = args.includes('--list');
const out = args.find((a) => !a.startsWith('--'));
if (!list && !out) {
  console.error('usage: node scripts/package-vsix.js OUT.vsix | --list');
  process.exit(2);
}

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-jwt-vsix-'));
try {
  for (const entry of SHIP) {
    const from = path.join(root, entry);
    if (!fs.existsSync(from)) throw new Error(`${entry} is missing: build first (npm run build:prod)`);
    fs.cpSync(from, path.join(stage, entry), { recursive: true });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8'));
  // The extension needs none of the npm package's fields; `files` now names the staged bundles.
  for (const key of ['scripts', 'devDependencies', 'bin']) delete manifest[key];
  manifest.files = ['dist/**', 'media/**', 'LICENSE', 'CHANGELOG.md'];
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  // No repository is published yet: README links stay relative (they resolve inside VS Code).
  const vsceArgs = list
    ? ['ls', '--no-dependencies']
    : [
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--no-rewrite-relative-links',
        '-o',
        path.resolve(out),
      ];
  execFileSync(process.execPath, [vsce, ...vsceArgs], {
    cwd: stage,
    stdio: ['ignore', list ? 'inherit' : 'ignore', 'inherit'],
  });
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
