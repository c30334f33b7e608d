/**
 * Loading the parser the way the extension does: both `.wasm` files from one folder (its dist/),
 * once per process; a folder without them fails, and the next call tries again. Each case runs in
 * a fresh Node process, since a process keeps the parser it loaded first.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HCL_GRAMMAR_WASM, TREE_SITTER_WASM } from '../../../src/core/terraform';

const PARSER = path.join(__dirname, '../../../src/core/terraform/index.js');

function inChild(script: string): string {
  return execFileSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

suite('terraform: loading the parser from a folder', function () {
  this.timeout(30_000);
  let dir: string;
  let empty: string;

  suiteSetup(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scim-jwt-wasm-'));
    empty = mkdtempSync(path.join(tmpdir(), 'scim-jwt-nowasm-'));
    copyFileSync(require.resolve(`web-tree-sitter/${TREE_SITTER_WASM}`), path.join(dir, TREE_SITTER_WASM));
    copyFileSync(
      path.join(path.dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), HCL_GRAMMAR_WASM),
      path.join(dir, HCL_GRAMMAR_WASM),
    );
  });
  suiteTeardown(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  test('both files from one folder: parses, and a second call gives the same parser', () => {
    const out = inChild(`
      const t = require(${JSON.stringify(PARSER)});
      (async () => {
        const a = await t.loadHclParser({ wasmDir: ${JSON.stringify(dir)} });
        const b = await t.loadHclParser({ wasmDir: ${JSON.stringify(dir)} });
        const f = a.parse({ path: 'm.tf', text: 'a = "b"\\n' });
        console.log(a === b, f.body[0].name, f.body[0].expr.value);
      })();`);
    assert.equal(out, 'true a b');
  });

  test('a folder without them: the load fails, and the next call loads afresh', () => {
    const out = inChild(`
      const t = require(${JSON.stringify(PARSER)});
      (async () => {
        const failed = await t.loadHclParser({ wasmDir: ${JSON.stringify(empty)} }).then(() => 'loaded', () => 'failed');
        const p = await t.loadHclParser({ wasmDir: ${JSON.stringify(dir)} });
        console.log(failed, p.parse({ path: 'm.tf', text: 'x = 1\\n' }).body[0].expr.text);
      })();`);
    assert.equal(out, 'failed 1');
  });
});
