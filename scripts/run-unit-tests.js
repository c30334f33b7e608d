#!/usr/bin/env node
// Unit tier: mocha (TDD ui) in plain Node over the compiled tests in out/test/unit.
// Prints mocha's report, then one closing line "unit: N passed, N failed, N skipped".
// Usage: node scripts/run-unit-tests.js [--grep PATTERN] [files...]
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { default: Mocha } = require('mocha'); // mocha 12 is ESM; Node 20.19+ can require() it

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
let grep;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--grep') grep = args[++i];
  else files.push(path.resolve(args[i]));
}

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

const mocha = new Mocha({ ui: 'tdd', timeout: 20000, color: process.stdout.isTTY, grep });
for (const f of files.length ? files : walk(path.join(root, 'out/test/unit')).sort()) mocha.addFile(f);

mocha.loadFilesAsync().then(() => {
  const runner = mocha.run((failures) => {
    const s = runner.stats;
    console.log(`unit: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
    process.exitCode = failures > 0 || s.passes === 0 ? 1 : 0;
    // Servers started by tests are closed in their own teardown; don't wait on stray sockets.
    setTimeout(() => process.exit(process.exitCode), 200).unref();
  });
});
