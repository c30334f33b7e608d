// The bundles: the extension host (Node, CJS, `vscode` external) with its lazily loaded parts in
// dist/chunks/, undici and dotenv on their own for the extension, the `scim-jwt` CLI (Node, with a
// shebang, everything inside) and the setup form's browser code. `--production` minifies and drops
// source maps; `--watch` rebuilds and prints the problem-matcher lines that .vscode/tasks.json expects.
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const { buildWithLazyParts } = require('./scripts/lazy-parts');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild's errors in the shape of the `$esbuild-watch` problem matcher. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: watch ? [problemMatcher] : [],
  legalComments: 'none',
  // Non-ASCII text (…, ✓, ·) as UTF-8 rather than \u escapes: the same strings, smaller.
  charset: 'utf8',
};

/**
 * Libraries the extension loads on first need only, each from its own file beside
 * dist/extension.js (`require('undici')` there loads dist/undici.js):
 * - undici: the extension sends through VS Code's own fetch and needs undici for one rare
 *   download (a key set whose certificate is not trusted, which Harness reads anyway);
 * - dotenv: only when a .http file's variables reach a .env file;
 * - web-tree-sitter: the HCL parser, only when a .tf file is checked (with WASM, below).
 * This keeps dist/extension.js small, and activation cheap.
 */
const BESIDE = ['undici', 'dotenv', 'web-tree-sitter'];

/**
 * The parser's WebAssembly, copied beside dist/web-tree-sitter.js (core/terraform/parser.ts loads
 * them from there). The grammar package also ships a native Node binding with an install script
 * (node-gyp-build); it finds the package's prebuilt binary and compiles nothing, and nothing here
 * uses that binding.
 */
const WASM = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
];
function copyWasm() {
  fs.mkdirSync('dist', { recursive: true });
  for (const file of WASM) fs.copyFileSync(file, path.join('dist', path.basename(file)));
}
/** `dir` is where dist/ is seen from the bundle being built: `.` for dist/extension.js, `..` for a chunk. */
const besideTheBundle = (dir = '.') => ({
  name: 'beside-the-bundle',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${BESIDE.join('|')})$`) }, (args) => ({
      path: `${dir}/${args.path}.js`,
      external: true,
    }));
  },
});

const bundles = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [...common.plugins, besideTheBundle()],
  },
  ...BESIDE.map((name) => ({
    ...common,
    entryPoints: [require.resolve(name)],
    outfile: `dist/${name}.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  })),
  {
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: ['src/features/setup/ui/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

/**
 * The extension's bundle, built with its parts loaded on first need (scripts/lazy-parts.js: each
 * `import('./x.js')` in src/ becomes dist/chunks/<name>.js). In --watch it stays one file.
 */
const extension = bundles[0];

async function main() {
  // A production build must not leave an earlier dev build's source maps next to it.
  if (production) for (const b of bundles) fs.rmSync(`${b.outfile}.map`, { force: true });
  copyWasm();
  const contexts = await Promise.all(
    bundles.filter((b) => (watch || b !== extension) && fs.existsSync(b.entryPoints[0])).map((b) => esbuild.context(b)),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  try {
    const results = await Promise.all([
      ...contexts.map((c) => c.rebuild()),
      buildWithLazyParts(extension, [...common.plugins, besideTheBundle('..')]),
    ]);
    for (const r of results) for (const e of r.errors) console.error(`✘ ${e.text}`);
    if (results.some((r) => r.errors.length)) process.exitCode = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
