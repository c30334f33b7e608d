// The extension bundle and its parts loaded on first need (docs/ARCHITECTURE.md, "Parts loaded on
// first need"). A dynamic `import('./x.js')` of a file under src/ marks a part: dist/extension.js
// does not hold it, but `require`s dist/chunks/<name>.js the first time the import runs.
//
// A part must not hold a second copy of anything dist/extension.js holds (a second class breaks
// `instanceof`, a second module a cache or a registry), so it is built after the main bundle and
// every import of a file the main bundle holds becomes `require('../extension.js').__chunkShared[file]`:
// the main bundle exports, in that one object, the names the parts import from its files (read from
// the parts' sources) and nothing more, so its tree-shaking keeps what it kept.
// A file two parts need and the main bundle does not hold moves into the main bundle the same way.
// Adding those exports can pull more into the main bundle, so the builds repeat until nothing moves.
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
/** The main bundle's export that holds what the parts take from it. */
const REGISTRY = '__chunkShared';
/** The parts' folder, beside the main bundle. */
const CHUNKS = 'chunks';
/** Where the build writes its metafiles (test/unit/chunks.test.ts reads them); not shipped. */
const META = 'extension.meta.json';

/** A path as the metafiles spell it: relative to the repository, with forward slashes. */
const rel = (abs) => path.relative(root, abs).split(path.sep).join('/');
/** src/features/doctor/run.ts → features-doctor-run */
const chunkName = (file) =>
  file
    .replace(/^src\//, '')
    .replace(/\.ts$/, '')
    .replace(/\/index$/, '')
    .replace(/\//g, '-');

/** The files a bundle holds code of (an input of 0 bytes is types only, or a re-export). */
function live(metafile) {
  const [, output] = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.js'));
  return new Set(
    Object.entries(output.inputs)
      .filter(([file, i]) => i.bytesInOutput > 0 && !file.includes(':'))
      .map(([file]) => file),
  );
}

/** Each dynamic import of a file under src/ becomes an external `require` of its part; `found` collects them. */
function lazyImports(found, chunksDir) {
  return {
    name: 'lazy-imports',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const r = await build.resolve(args.path, {
          kind: 'import-statement',
          resolveDir: args.resolveDir,
          importer: args.importer,
        });
        if (r.errors.length > 0) return { errors: r.errors };
        const file = rel(r.path);
        if (!file.startsWith('src/')) return undefined;
        found.add(file);
        return { path: `${chunksDir}/${chunkName(file)}.js`, external: true };
      });
    },
  };
}

/**
 * In a part: an import of a file that `bundle` ('main' or 'common') holds is taken from that
 * bundle's registry (`requirePath`, seen from dist/chunks/).
 */
function fromBundle(bundle, held, requirePath) {
  const SKIP = {};
  return {
    name: `from-${bundle}`,
    setup(build) {
      build.onResolve({ filter: /^\./, namespace: bundle }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === SKIP || args.namespace !== 'file') return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: SKIP,
        });
        if (r.errors.length > 0 || r.external || !held.has(rel(r.path))) return undefined;
        return { path: rel(r.path), namespace: bundle };
      });
      // An ES module naming the file's exports, so that esbuild links the part's imports (and a core
      // folder's re-exports) to them statically. Each is a call marked pure: esbuild drops the ones
      // the part does not use, and a name the registry lacks fails when the part loads, by name.
      build.onResolve({ filter: /^lazy-parts:take$/ }, () => ({ path: 'take', namespace: 'lazy-parts' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-parts' }, () => ({
        contents: `export function take(from, file, name) {
          const shared = require(from).${REGISTRY}[file];
          if (shared === undefined || !(name in shared)) throw new Error(\`\${from} does not hold \${name} of \${file}\`);
          return shared[name];
        }`,
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: bundle }, (args) => {
        const at = `${JSON.stringify(requirePath)}, ${JSON.stringify(args.path)}`;
        if (!args.path.endsWith('.ts'))
          return {
            contents: `module.exports = require(${JSON.stringify(requirePath)}).${REGISTRY}[${JSON.stringify(args.path)}];`,
            loader: 'js',
          };
        const names = [...runtimeNames(args.path)];
        return {
          contents: [
            "import { take } from 'lazy-parts:take';",
            ...names.map((n) =>
              n === 'default'
                ? `export default /* @__PURE__ */ take(${at}, 'default');`
                : `export const ${n} = /* @__PURE__ */ take(${at}, ${JSON.stringify(n)});`,
            ),
          ].join('\n'),
          loader: 'js',
        };
      });
    },
  };
}

/** True for a file of re-exports, imports and types only (a core folder's index): it holds no state. */
function onlyReexports(file) {
  if (!file.endsWith('.ts')) return false;
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.every(
    (st) =>
      ts.isImportDeclaration(st) ||
      (ts.isExportDeclaration(st) && st.moduleSpecifier !== undefined) ||
      ts.isInterfaceDeclaration(st) ||
      ts.isTypeAliasDeclaration(st),
  );
}

/** A module's exports as written: names it declares, names it re-exports (→ module, name), `export *` modules. */
function exportsOf(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest);
  const own = new Set();
  /** Exported `let`/`var`: a binding that may change, so the registry reads it through a getter. */
  const mutable = new Set();
  const reexports = new Map();
  const stars = [];
  const uses = [];
  const modifiers = (st) => (ts.canHaveModifiers(st) ? (ts.getModifiers(st) ?? []) : []);
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      if (clause?.isTypeOnly) continue;
      const spec = st.moduleSpecifier.text;
      if (clause?.name) uses.push([spec, 'default']);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) uses.push([spec, '*']);
      else if (bindings)
        for (const e of bindings.elements) if (!e.isTypeOnly) uses.push([spec, (e.propertyName ?? e.name).text]);
    } else if (ts.isExportDeclaration(st)) {
      if (st.isTypeOnly) continue;
      const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (!st.exportClause) {
        if (spec) stars.push(spec);
      } else if (ts.isNamespaceExport(st.exportClause)) {
        if (spec) reexports.set(st.exportClause.name.text, [spec, '*']);
      } else {
        for (const e of st.exportClause.elements) {
          if (e.isTypeOnly) continue;
          if (spec) reexports.set(e.name.text, [spec, (e.propertyName ?? e.name).text]);
          else own.add(e.name.text);
        }
      }
    } else if (modifiers(st).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations) {
          if (!ts.isIdentifier(d.name)) continue;
          own.add(d.name.text);
          if (!(st.declarationList.flags & ts.NodeFlags.Const)) mutable.add(d.name.text);
        }
      if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name)
        own.add(modifiers(st).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? 'default' : st.name.text);
    } else if (ts.isExportAssignment(st)) own.add('default');
  }
  return { own, mutable, reexports, stars, uses };
}

/** The TypeScript file a relative specifier of `from` names (`./x` → x.ts or x/index.ts). */
function sourceFile(from, spec) {
  const base = path.join(path.dirname(path.join(root, from)), spec.replace(/\.js$/, ''));
  for (const f of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(f)) return rel(f);
  return undefined;
}

/** Every value name a TypeScript file exports, through its re-exports. */
function runtimeNames(file, seen = new Set()) {
  if (seen.has(file)) return new Set();
  seen.add(file);
  const ex = exportsOf(file);
  const names = new Set([...ex.own, ...ex.reexports.keys()]);
  for (const spec of ex.stars) {
    const target = sourceFile(file, spec);
    if (target) for (const n of runtimeNames(target, seen)) if (n !== 'default') names.add(n);
  }
  return names;
}

/**
 * What a part takes from the main bundle (file → names, '*' for all), from its metafile and its
 * sources: each name a file of the part imports is followed through the re-exports of the part's
 * own files (a core folder's index) to the file of the main bundle that declares it.
 */
function takenFrom(bundle, metafile, taken) {
  const prefix = `${bundle}:`;
  const memo = new Map();
  const exportsOfCached = (f) => memo.get(f) ?? memo.set(f, exportsOf(f)).get(f);
  const take = (target, name) => taken.set(target, new Set([...(taken.get(target) ?? []), name]));
  const where = (from, spec) => metafile.inputs[from]?.imports.find((i) => i.original === spec && !i.external)?.path;
  const follow = (from, spec, name, seen) => {
    const to = where(from, spec);
    if (to === undefined || seen.has(`${to}#${name}`)) return false;
    seen.add(`${to}#${name}`);
    if (to.startsWith(prefix)) {
      const target = to.slice(prefix.length);
      const ex = target.includes('node_modules') || !target.endsWith('.ts') ? undefined : exportsOfCached(target);
      if (name !== '*' && ex && !ex.own.has(name) && !ex.reexports.has(name) && ex.stars.length === 0) return false;
      take(target, name);
      return true;
    }
    if (to.includes(':') || !to.endsWith('.ts')) return false;
    const ex = exportsOfCached(to);
    if (name === '*') {
      for (const [n, [s, m]] of ex.reexports) follow(to, s, m, seen) || n;
      for (const s of ex.stars) follow(to, s, '*', seen);
      return true;
    }
    if (ex.own.has(name)) return true;
    const re = ex.reexports.get(name);
    if (re) return follow(to, re[0], re[1], seen);
    return ex.stars.some((s) => follow(to, s, name, seen));
  };
  for (const file of Object.keys(metafile.inputs)) {
    if (file.includes(':') || !file.endsWith('.ts') || !fs.existsSync(path.join(root, file))) continue;
    for (const [spec, name] of exportsOfCached(file).uses) follow(file, spec, name, new Set());
  }
}

/**
 * A registry entry: `entry` (the extension, or nothing for the common part) and the registry of
 * what the parts take from the bundle. Only the names they take are in it, so esbuild drops every
 * export no part names; a name that is not a const of its file is read through a getter.
 */
function registryEntry(entry, taken) {
  const files = [...taken.keys()].sort();
  const value = (file, i) => {
    const names = taken.get(file);
    if (names.has('*')) return `m${String(i)}`;
    const fixed = file.endsWith('.ts') ? exportsOf(file) : undefined;
    const one = (n) => {
      // A part reads the value once, when it loads: a binding that may change later cannot be shared.
      if (fixed?.mutable.has(n)) throw new Error(`a lazily loaded part imports \`${n}\`, a let or var of ${file}`);
      return fixed?.own.has(n) ? `${n}: m${String(i)}.${n}` : `get ${n}() { return m${String(i)}.${n}; }`;
    };
    return `{ ${[...names].sort().map(one).join(', ')} }`;
  };
  return [
    entry === undefined ? '' : `export * from ${JSON.stringify(`./${entry}`)};`,
    ...files.map((f, i) => `import * as m${String(i)} from ${JSON.stringify(`./${f}`)};`),
    `export const ${REGISTRY} = { ${files.map((f, i) => `${JSON.stringify(f)}: ${value(f, i)}`).join(', ')} };`,
  ].join('\n');
}

/** Adds `names` of `file` to a registry's list; true if any was new. */
function merge(into, file, names) {
  const had = into.get(file) ?? new Set();
  const grown = [...names].some((n) => !had.has(n) && !had.has('*'));
  into.set(file, new Set([...had, ...names]));
  return grown;
}

/** Writes a build's output files. */
function write(result) {
  for (const o of result.outputFiles) {
    fs.mkdirSync(path.dirname(o.path), { recursive: true });
    fs.writeFileSync(o.path, o.contents);
  }
}

/** The name of the part that holds what two or more parts need and dist/extension.js does not. */
const COMMON = 'common';

/**
 * Builds `main` (esbuild options of the extension bundle, one entry point) and its parts.
 * `chunkPlugins` are the plugins a part is built with instead of main's (paths seen from dist/chunks/).
 */
async function buildWithLazyParts(main, chunkPlugins) {
  const outdir = path.dirname(main.outfile);
  const mainFile = `../${path.basename(main.outfile)}`;
  const base = {
    ...main,
    absWorkingDir: root,
    metafile: true,
    write: false,
    // `import()` of a part becomes a `require` in a promise: VS Code loads the extension with `require`.
    supported: { ...main.supported, 'dynamic-import': false },
  };
  delete base.entryPoints;
  /** file → the names the parts take from dist/extension.js. */
  const fromMainNames = new Map();
  /** Files two parts need and dist/extension.js does not hold: the common part holds them whole. */
  const commonFiles = new Map();
  for (let round = 1; round <= 12; round++) {
    const found = new Set();
    const mainResult = await esbuild.build({
      ...base,
      stdin: {
        contents: registryEntry(main.entryPoints[0], fromMainNames),
        resolveDir: root,
        sourcefile: 'extension-entry.ts',
        loader: 'ts',
      },
      plugins: [...main.plugins, lazyImports(found, `./${CHUNKS}`)],
    });
    const mainLive = live(mainResult.metafile);
    const taken = new Map();
    const results = [mainResult];
    let commonLive = new Set();
    // What dist/extension.js came to hold is taken from it, not from the common part.
    for (const f of commonFiles.keys()) if (mainLive.has(f)) commonFiles.delete(f);
    if (commonFiles.size > 0) {
      const common = await esbuild.build({
        ...base,
        stdin: {
          contents: registryEntry(undefined, commonFiles),
          resolveDir: root,
          sourcefile: 'common-entry.ts',
          loader: 'ts',
        },
        outfile: path.join(outdir, CHUNKS, `${COMMON}.js`),
        plugins: [...chunkPlugins, lazyImports(found, '.'), fromBundle('main', mainLive, mainFile)],
      });
      results.push(common);
      takenFrom('main', common.metafile, taken);
      commonLive = live(common.metafile);
    }
    const holders = new Map();
    const queue = [...found];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (mainLive.has(file))
        throw new Error(`${file} is loaded lazily, but dist/extension.js holds it: import it only with import()`);
      const nested = new Set();
      const result = await esbuild.build({
        ...base,
        entryPoints: [file],
        outfile: path.join(outdir, CHUNKS, `${chunkName(file)}.js`),
        plugins: [
          ...chunkPlugins,
          lazyImports(nested, '.'),
          fromBundle('main', mainLive, mainFile),
          fromBundle(COMMON, commonLive, `./${COMMON}.js`),
        ],
      });
      results.push(result);
      takenFrom('main', result.metafile, taken);
      for (const f of live(result.metafile)) holders.set(f, (holders.get(f) ?? 0) + 1);
      for (const n of nested) if (!found.has(n)) (found.add(n), queue.push(n));
    }
    let moved = false;
    for (const [f, names] of taken) moved = merge(fromMainNames, f, names) || moved;
    // A file two parts hold moves into the common part (a core folder's index is only re-exports: no state).
    for (const [f, n] of holders) if (n > 1 && !onlyReexports(f)) moved = merge(commonFiles, f, ['*']) || moved;
    if (!moved) {
      fs.rmSync(path.join(outdir, CHUNKS), { recursive: true, force: true });
      const metas = {};
      for (const r of results) {
        write(r);
        const [out] = Object.keys(r.metafile.outputs).filter((o) => o.endsWith('.js'));
        metas[out] = r.metafile;
      }
      fs.writeFileSync(path.join(outdir, META), JSON.stringify({ registry: REGISTRY, metafiles: metas }));
      return { errors: results.flatMap((r) => r.errors) };
    }
  }
  throw new Error('the lazily loaded parts did not settle: each round moved more between the bundles');
}

module.exports = { buildWithLazyParts, onlyReexports, CHUNKS, COMMON, META, REGISTRY };
