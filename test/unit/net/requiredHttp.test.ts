/**
 * Core takes the HttpClient it is given: no parameter or property of type HttpClient in src/core
 * is optional, so the compiler names every caller that forgets one (in the extension, forgetting
 * would silently bypass VS Code's proxy). And no core folder but `net` makes an undici client.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const root = resolve(__dirname, '../../../..');
const core = join(root, 'src/core');

function coreFiles(dir = core): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? coreFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
}

function isHttpClient(type: ts.Type): boolean {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  return (
    symbol?.getName() === 'HttpClient' &&
    (symbol.getDeclarations() ?? []).some((d) => d.getSourceFile().fileName.endsWith('src/core/net/http.ts'))
  );
}

/** `file:line name` of every optional parameter or property whose type is HttpClient (or a union with it). */
function optionalHttpClients(files: string[], planted?: { file: string; text: string }): string[] {
  const host = ts.createCompilerHost(compilerOptions());
  if (planted) {
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, onError, create) =>
      name === planted.file ? ts.createSourceFile(name, planted.text, version) : read(name, version, onError, create);
    const exists = host.fileExists.bind(host);
    host.fileExists = (name) => name === planted.file || exists(name);
  }
  const roots = planted ? [...files, planted.file] : files;
  const program = ts.createProgram(roots, compilerOptions(), host);
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const file of roots) {
    const source = program.getSourceFile(file);
    assert.ok(source, file);
    const visit = (node: ts.Node): void => {
      if (
        (ts.isParameter(node) || ts.isPropertySignature(node) || ts.isPropertyDeclaration(node)) &&
        node.type !== undefined
      ) {
        const type = checker.getTypeFromTypeNode(node.type);
        const parts = type.isUnion() ? type.types : [type];
        const optional =
          node.questionToken !== undefined ||
          (ts.isParameter(node) && node.initializer !== undefined) ||
          parts.some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0);
        if (optional && parts.some(isHttpClient)) {
          const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          found.push(`${relative(root, file)}:${line} ${node.name.getText()}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

suite('core: HttpClient is required', function () {
  this.timeout(120_000);

  test('no parameter or property of type HttpClient in src/core is optional', () => {
    assert.deepEqual(optionalHttpClients(coreFiles()), []);
  });

  test('a planted optional HttpClient is found, in each of its forms', () => {
    const file = join(core, 'planted/planted.ts');
    const text = [
      "import type { HttpClient } from '../net';",
      'export function send(http?: HttpClient): void { void http; }',
      'export function fetchIt(http: HttpClient | undefined): void { void http; }',
      'export interface Options { http?: HttpClient; required: HttpClient }',
      'export class Holder { client: HttpClient | undefined; constructor(readonly given?: HttpClient) {} }',
    ].join('\n');
    const found = optionalHttpClients([join(core, 'net/http.ts')], { file, text });
    assert.deepEqual(found, [
      'src/core/planted/planted.ts:2 http',
      'src/core/planted/planted.ts:3 http',
      'src/core/planted/planted.ts:4 http',
      'src/core/planted/planted.ts:5 client',
      'src/core/planted/planted.ts:5 given',
    ]);
  });

  test('only core/net makes an undici client', () => {
    const makers = coreFiles()
      .filter((f) => !f.startsWith(join(core, 'net')))
      .filter((f) =>
        /\b(createUndiciClient|undiciClientOver)\b|from 'undici'|require\('undici'\)/.test(readFileSync(f, 'utf8')),
      )
      .map((f) => relative(root, f));
    assert.deepEqual(makers, []);
  });
});
