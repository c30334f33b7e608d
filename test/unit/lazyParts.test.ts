/**
 * The parts of the extension loaded on first need (docs/ARCHITECTURE.md, "Parts loaded on first
 * need"): the production build (`node esbuild.js --production`, scripts/lazy-parts.js) turns each
 * `import('./x.js')` in src/ into dist/chunks/<name>.js. No part may hold a second copy of a module
 * dist/extension.js holds (a second class breaks `instanceof`, a second module its state), nor may
 * two parts hold the same one; each part loads against the main bundle it was built with; a part
 * that cannot be loaded becomes one message for the user.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const dist = join(root, 'dist');
/** The build's own rule for a core folder's index (re-exports and types only, no state): a part may hold its glue. */
const { onlyReexports } = createRequire(__filename)(join(root, 'scripts/lazy-parts.js')) as {
  onlyReexports: (file: string) => boolean;
};

interface MetaInput {
  bytesInOutput: number;
}
interface Metafile {
  outputs: Record<string, { inputs: Record<string, MetaInput>; bytes: number }>;
}

/** The files a bundle holds code of, from its metafile. */
function held(meta: Metafile): Map<string, number> {
  const out = Object.entries(meta.outputs).find(([f]) => f.endsWith('.js'));
  assert.ok(out, 'a metafile without its .js output');
  return new Map(
    Object.entries(out[1].inputs)
      .filter(([file, i]) => i.bytesInOutput > 0 && !file.includes(':') && existsSync(join(root, file)))
      .map(([file, i]) => [file, i.bytesInOutput]),
  );
}

/** Runs `body` with `require('vscode')` answered by `vscode` (the unit tier has no VS Code). */
function withVscode<T>(vscode: Record<string, unknown>, body: () => T): T {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (this: unknown, request: string, ...rest: unknown[]): unknown {
    return request === 'vscode' ? vscode : original.call(this, request, ...rest);
  };
  try {
    return body();
  } finally {
    loader._load = original;
  }
}

const nodeRequire = createRequire(__filename);

/** `require(path)` anew, not from the module cache. */
function fresh(path: string): unknown {
  Reflect.deleteProperty(nodeRequire.cache, path);
  return nodeRequire(path);
}

/** Something that can be called, constructed and read at any depth: enough for a module's top level. */
function anything(): unknown {
  const target = function () {
    /* a stand-in */
  };
  return new Proxy(target, {
    get: (_t, p) => (p === 'then' ? undefined : anything()),
    construct: () => anything() as object,
    apply: () => anything(),
  });
}

suite('parts of the extension loaded on first need', function () {
  this.timeout(180_000);
  let metafiles: Record<string, Metafile>;
  let main: Map<string, number>;
  let parts: [string, Map<string, number>][];

  suiteSetup(() => {
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    metafiles = (
      JSON.parse(readFileSync(join(dist, 'extension.meta.json'), 'utf8')) as { metafiles: Record<string, Metafile> }
    ).metafiles;
    const mainMeta = metafiles['dist/extension.js'];
    assert.ok(mainMeta, 'the build wrote no metafile for dist/extension.js');
    main = held(mainMeta);
    parts = Object.entries(metafiles)
      .filter(([out]) => out !== 'dist/extension.js')
      .map(([out, meta]) => [out, held(meta)]);
  });

  test('each dynamic import() of the extension is a part of its own; the rarely used ones are parts', () => {
    const names = parts.map(([out]) => out).sort();
    for (const expected of [
      'dist/chunks/features-doctor-run.js',
      'dist/chunks/features-rehearsal-run.js',
      'dist/chunks/features-setup-setupPanel.js',
      'dist/chunks/features-terraform-engine.js',
      'dist/chunks/core-tokenFetch-fetcher.js',
    ])
      assert.ok(names.includes(expected), `${expected} is missing: ${names.join(', ')}`);
    assert.deepEqual(readdirSync(join(dist, 'chunks')).sort(), names.map((n) => n.replace('dist/chunks/', '')).sort());
    // The .http hot path and activation hold none of them.
    for (const file of ['src/core/rehearsal/run.ts', 'src/core/doctor/run.ts', 'src/features/setup/setupController.ts'])
      assert.ok(!main.has(file), `${file} is in dist/extension.js`);
    for (const file of ['src/core/jwt/verify.ts', 'src/core/http/parse.ts', 'src/features/tokens/hoverProvider.ts'])
      assert.ok(main.has(file), `${file} left dist/extension.js`);
  });

  test('no part holds a second copy of a module of dist/extension.js, nor of another part', () => {
    const copies: string[] = [];
    const seen = new Map<string, string>();
    for (const [out, files] of parts) {
      for (const file of files.keys()) {
        if (onlyReexports(file)) continue;
        if (main.has(file)) copies.push(`${file} is in dist/extension.js and in ${out}`);
        const other = seen.get(file);
        if (other !== undefined) copies.push(`${file} is in ${other} and in ${out}`);
        seen.set(file, out);
      }
    }
    assert.deepEqual(copies, []);
  });

  test('each part loads against the dist/extension.js it was built with, taking its classes from it', () => {
    const dts = readFileSync(nodeRequire.resolve('@types/vscode/index.d.ts'), 'utf8');
    const vscode: Record<string, unknown> = {};
    for (const m of dts.matchAll(/^\s*export (?:class|namespace|enum|const|function) (\w+)/gm))
      if (m[1] !== undefined) vscode[m[1]] = anything();
    withVscode(vscode, () => {
      const load = (file: string): Record<string, unknown> => fresh(join(dist, file)) as Record<string, unknown>;
      const extension = load('extension.js');
      const registry = extension.__chunkShared as Record<string, Record<string, unknown>>;
      assert.equal(typeof extension.activate, 'function');
      for (const [out] of parts) {
        const part = load(out.replace('dist/', ''));
        assert.ok(Object.keys(part).length > 0, `${out} exports nothing`);
      }
      // The one HarnessApiError: what a part throws is what registerCommands and the typed checks see.
      const errors = registry['src/core/harness/errors.ts'];
      assert.ok(
        errors && typeof errors.HarnessApiError === 'function',
        'the parts take HarnessApiError from the main bundle',
      );
    });
  });

  test('a part that cannot be loaded is one message with a Reload Window button, and the next call tries again', async () => {
    // platform/lazy.ts and platform/commands.ts read nothing of VS Code when they load.
    const { loadPart } = withVscode({}, () => {
      Reflect.deleteProperty(nodeRequire.cache, join(root, 'out/src/platform/commands.js'));
      return fresh(join(root, 'out/src/platform/lazy.js')) as typeof import('../../src/platform/lazy');
    });
    const missing = (): Promise<unknown> =>
      Promise.reject(new Error("Cannot find module './chunks/x.js'\nRequire stack:\n- /x"));
    await assert.rejects(loadPart('the rehearsal', missing), (e: unknown) => {
      assert.ok(e instanceof Error && e.name === 'UserFacingError');
      assert.match(
        e.message,
        /^Could not load the rehearsal of the Harness SCIM JWT extension \(Cannot find module '\.\/chunks\/x\.js'\)\. Reload the window/,
      );
      assert.ok(!e.message.includes('Require stack'));
      assert.deepEqual((e as Error & { actions: unknown }).actions, [
        { title: 'Reload Window', command: 'workbench.action.reloadWindow' },
      ]);
      return true;
    });
    assert.deepEqual(await loadPart('the rehearsal', () => Promise.resolve({ ok: true })), { ok: true });
  });
});
