/**
 * The HCL parser: tree-sitter's Terraform grammar compiled to WebAssembly, run by web-tree-sitter.
 * Loaded on the first `.tf` file only: the extension's bundle leaves web-tree-sitter out and loads
 * it from dist/web-tree-sitter.js, with its two `.wasm` files beside it (esbuild.js); tests and the
 * bench read them from node_modules. One load per process, whatever the number of callers.
 * Parsing never throws on malformed HCL: what did not parse becomes `syntaxErrors`, and a file
 * larger than MAX_TF_FILE_BYTES is not parsed at all.
 */
import * as path from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import { HclConverter, type HclFile } from './hcl';
import type { TfSourceFile } from './types';

/** Files larger than this (UTF-8 bytes) are not parsed: no Terraform module needs one. */
export const MAX_TF_FILE_BYTES = 1024 * 1024;

/** The runtime's and the grammar's WebAssembly, by the names their packages ship them under. */
export const TREE_SITTER_WASM = 'web-tree-sitter.wasm';
export const HCL_GRAMMAR_WASM = 'tree-sitter-terraform.wasm';

export interface HclParser {
  /** Parses one file; never throws for its content. */
  parse(file: TfSourceFile): HclFile;
}

export interface HclParserOptions {
  /** The folder holding both `.wasm` files (the extension's dist/); default: their packages in node_modules. */
  wasmDir?: string;
}

function utf8Length(text: string): number {
  // Every UTF-16 unit is 1 to 3 bytes: only a text near the limit needs counting.
  if (text.length > MAX_TF_FILE_BYTES) return text.length;
  if (text.length * 3 <= MAX_TF_FILE_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

export function tooLarge(text: string): boolean {
  return utf8Length(text) > MAX_TF_FILE_BYTES;
}

function wasmPaths(options: HclParserOptions): { runtime: string; grammar: string } {
  if (options.wasmDir !== undefined)
    return {
      runtime: path.join(options.wasmDir, TREE_SITTER_WASM),
      grammar: path.join(options.wasmDir, HCL_GRAMMAR_WASM),
    };
  // Resolved at run time from node_modules (tests, bench); the extension always passes its dist/.
  const resolve = (spec: string): string => require.resolve(spec);
  return {
    runtime: resolve(`web-tree-sitter/${TREE_SITTER_WASM}`),
    grammar: path.join(path.dirname(resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), HCL_GRAMMAR_WASM),
  };
}

/**
 * HCL reads a run of `$` (or `%`) before `{` from the right: `$${` is the escape for a literal `${`,
 * and every `$` before it is a literal `$`, so `$$${x}` is the text `$${x}` (HashiCorp's scanner:
 * `TemplateNotInterp = '$' (TemplateIgnoredNonBrace | TemplateInterp)`). tree-sitter's grammar pairs
 * the run from the left and sees an interpolation there. The parser is given a copy in which each
 * such extra `$` or `%` is a `_` (same length, so every position holds); the values are decoded
 * from the real text. Outside templates these characters are not valid HCL anyway.
 * Likewise a number with an exponent and no fraction (`1e3`, which HCL reads as 1000) is a syntax
 * error to the grammar, which wants `1.0e3`: the copy holds digits of the same length there, and the
 * number is read from the real text.
 */
export function forTreeSitter(text: string): string {
  return text
    .replace(/\$\$\$+(?=\{)|%%%+(?=\{)/g, (run) => `${'_'.repeat(run.length - 2)}${run.slice(-2)}`)
    .replace(/(?<![\w.$%])\d+[eE][+-]?\d+(?![\w.])/g, (n) => '0'.repeat(n.length));
}

class TreeSitterHcl implements HclParser {
  constructor(private readonly parser: TreeSitter.Parser) {}

  parse(file: TfSourceFile): HclFile {
    if (tooLarge(file.text))
      return {
        path: file.path,
        body: [],
        syntaxErrors: [],
        notRead: `larger than ${MAX_TF_FILE_BYTES / 1024 / 1024} MB: not read`,
      };
    let tree: TreeSitter.Tree | null = null;
    try {
      tree = this.parser.parse(forTreeSitter(file.text));
      if (tree === null) return { path: file.path, body: [], syntaxErrors: [], notRead: 'the parser gave up' };
      return new HclConverter(file.text).file(file.path, tree.rootNode);
    } catch (e) {
      // The parser's own failure (out of memory in the WebAssembly heap...), never the file's: reported, not thrown.
      return {
        path: file.path,
        body: [],
        syntaxErrors: [],
        notRead: `not parsed: ${e instanceof Error ? e.message : String(e)}`,
      };
    } finally {
      tree?.delete();
    }
  }
}

let loading: Promise<HclParser> | undefined;

/** The parser, loaded once per process (later options are ignored); a failed load is retried next time. */
export function loadHclParser(options: HclParserOptions = {}): Promise<HclParser> {
  loading ??= (async (): Promise<HclParser> => {
    const files = wasmPaths(options);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('web-tree-sitter') as typeof TreeSitter;
    await ts.Parser.init({ locateFile: (name: string) => (name === TREE_SITTER_WASM ? files.runtime : name) });
    const language = await ts.Language.load(files.grammar);
    const parser = new ts.Parser();
    parser.setLanguage(language);
    return new TreeSitterHcl(parser);
  })().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}
