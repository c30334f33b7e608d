/**
 * Variables a response handler sets, recognised from the text alone; nothing here runs any code.
 * Two idioms, each only in its plain form:
 *   JetBrains  `> {% client.global.set("token", response.body.access_token); %}` (also
 *              `response.body["a"]`, nested paths, several calls, a `> ./handler.js` file, and
 *              `client.global.set("name", "literal")`);
 *   httpYac    `{{ $global.token = response.parsedBody.a.b }}` (or `response.body.…`, or
 *              `$global["token"] = …`), as a script block after the request or on one line.
 * A handler that holds anything else (a condition, a loop, a computed value) sets nothing here: its
 * variables stay "set by a script; not run". The request that owns the handler becomes the token
 * source, like a REST Client `{{login.response.body.access_token}}` reference.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { HttpFileReader } from './envFiles';
import type { HttpDocument, HttpRequest, ResponseHandler } from './types';

/** Handler text read, at most: a real handler is a few lines. */
export const MAX_HANDLER_CHARS = 64 * 1024;

export type ScriptSet =
  /** Set from the response body of the request at `requestIndex` of the file at `documentPath`. */
  | {
      kind: 'response';
      name: string;
      client: ResponseHandler['client'];
      requestIndex: number;
      requestName?: string;
      /** 1-based line of the request, for "request at line 4" when it has no name. */
      requestLine: number;
      /** Dotted path into the JSON body (`data.token`, `a["b-c"]`), as `pathSteps` reads it. */
      path: string;
      documentPath?: string;
      /** Set when the handler is in another `.http` file of the folder (JetBrains shares its globals). */
      doc?: HttpDocument;
      /** The request and the handler text as read: a token fetched with other text is not reused. */
      fingerprint: string;
    }
  /** `client.global.set("name", "literal")`: known without sending, but only set once the request ran. */
  | { kind: 'literal'; name: string; client: ResponseHandler['client']; value: string; requestLine: number };

const STRING = String.raw`"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'`;
const PATH = String.raw`(?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:\d+|"[^"\\\r\n]*"|'[^'\\\r\n]*')\s*\])*`;
const JB_SET = new RegExp(
  String.raw`^client\s*\.\s*global\s*\.\s*set\s*\(\s*(${STRING})\s*,\s*(?:response\s*\.\s*body(${PATH})|(${STRING}))\s*\)$`,
);
const YAC_SET = new RegExp(
  String.raw`^\$global\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(${STRING})\s*\])\s*=\s*response\s*\.\s*(?:parsedBody|body)(${PATH})$`,
);

/** The string literal's value (JSON rules are close enough for names and tokens). */
function unquote(literal: string): string | undefined {
  const body = literal.slice(1, -1);
  try {
    const v: unknown = JSON.parse(
      `"${literal.startsWith("'") ? body.replace(/\\'/g, "'").replace(/"/g, '\\"') : body}"`,
    );
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function normalisePath(raw: string): string {
  return raw.replace(/\s+/g, '').replace(/^\./, '');
}

/** The statements of a handler with its `{% %}` / `{{ }}` fence and comments removed. */
function statementsOf(handler: ResponseHandler, code: string): string[] | undefined {
  let text = code;
  if (handler.file === undefined) {
    text =
      handler.client === 'JetBrains HTTP Client'
        ? text.replace(/^\s*>\s*\{%/, '').replace(/%\}\s*$/, '')
        : text.replace(/^\s*\{\{/, '').replace(/\}\}\s*$/, '');
  }
  // Comments only where no string could hold `//` (a URL in a literal): whole-line comments.
  text = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  if (handler.client === 'JetBrains HTTP Client') {
    const kept = withoutLogAndTests(text);
    if (kept === undefined) return undefined;
    text = kept;
  }
  if (/[{}]|\bif\b|\bfor\b|\bwhile\b|=>|\bfunction\b/.test(text.replace(new RegExp(STRING, 'g'), '""')))
    return undefined;
  return text
    .split(/;|\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `client.test(` / `client.log(` at the start of a statement (JetBrains' own handler template has both). */
const LOG_OR_TEST = /(^|[;\n])\s*client\s*\.\s*(?:test|log)\s*\(/g;

/**
 * The handler without its top-level `client.log(…)` and `client.test(…)` calls, which only report:
 * undefined when one of them could change a variable or the response (it calls `client.global`,
 * assigns, or is not closed), so the whole handler stays "not run".
 */
function withoutLogAndTests(text: string): string | undefined {
  // Strings blanked to the same length, so parentheses inside them do not count.
  const plain = text.replace(new RegExp(STRING, 'g'), (m) => `"${' '.repeat(m.length - 2)}"`);
  let out = '';
  let from = 0;
  for (const m of plain.matchAll(LOG_OR_TEST)) {
    const start = m.index + (m[1]?.length ?? 0);
    if (start < from) return undefined;
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < plain.length; end++) if ((depth += plain[end] === '(' ? 1 : plain[end] === ')' ? -1 : 0) === 0) break;
    const call = plain.slice(start, end + 1);
    if (end >= plain.length || /global|`|[^=!<>]=(?!=)|\+\+|--|delete/.test(call)) return undefined;
    out += text.slice(from, start);
    from = end + 1;
  }
  return out + text.slice(from);
}

/** What one handler sets, or nothing when any of its statements is not the plain idiom. */
export function setsOfHandler(handler: ResponseHandler, code: string, requestLine: number): ScriptSet[] {
  if (code.length > MAX_HANDLER_CHARS) return [];
  const statements = statementsOf(handler, code);
  if (!statements) return [];
  const out: ScriptSet[] = [];
  for (const s of statements) {
    const jb = handler.client === 'JetBrains HTTP Client' ? JB_SET.exec(s) : null;
    const yac = handler.client === 'httpYac' ? YAC_SET.exec(s) : null;
    if (jb) {
      const name = unquote(jb[1] ?? '');
      if (name === undefined || name === '') return [];
      if (jb[3] !== undefined) {
        const value = unquote(jb[3]);
        if (value === undefined) return [];
        out.push({ kind: 'literal', name, client: handler.client, value, requestLine });
      } else {
        out.push(responseSet(name, handler.client, normalisePath(jb[2] ?? ''), requestLine));
      }
    } else if (yac) {
      const name = yac[1] ?? unquote(yac[2] ?? '');
      if (name === undefined || name === '') return [];
      out.push(responseSet(name, handler.client, normalisePath(yac[3] ?? ''), requestLine));
    } else {
      return [];
    }
  }
  return out;
}

function responseSet(name: string, client: ResponseHandler['client'], p: string, requestLine: number): ScriptSet {
  return { kind: 'response', name, client, requestIndex: -1, requestLine, path: p === '' ? '*' : p, fingerprint: '' };
}

/** What the request sends and what its handler reads, hashed: the same text gives the same token. */
function fingerprintOf(request: HttpRequest, code: string): string {
  const h = createHash('sha256');
  for (const part of [
    request.method,
    request.url,
    ...request.headers.map((x) => `${x.name}:${x.value}`),
    request.body?.text ?? '',
    code,
  ])
    h.update(part).update('\0');
  return h.digest('base64url').slice(0, 22);
}

/**
 * Every plain-idiom set of `doc`, by variable name (the last set of a name, top to bottom, is its source, as
 * the value a client holds after running the file's requests in order). Handler files are read through `reader`, only from the
 * .http file's own folder or below, and bounded like any file the product reads.
 */
export async function scriptSetsOf(
  doc: HttpDocument,
  documentPath: string | undefined,
  reader: HttpFileReader | undefined,
  warnings: string[],
  cache?: ScriptFileCache,
): Promise<Map<string, ScriptSet>> {
  const sets = new Map<string, ScriptSet>();
  for (const request of doc.requests) {
    for (const handler of request.responseHandlers ?? []) {
      const code =
        handler.file !== undefined
          ? await handlerFile(handler.file, documentPath, reader, warnings, cache)
          : handler.code;
      if (code === undefined) continue;
      for (const s of setsOfHandler(handler, code, request.requestLineRange.start.line + 1)) {
        if (s.kind === 'response') {
          s.fingerprint = fingerprintOf(request, code);
          s.requestIndex = request.index;
          if (request.name !== undefined) s.requestName = request.name;
          if (documentPath !== undefined) s.documentPath = documentPath;
        }
        // JetBrains runs the handlers in order: a later set of the same name overwrites an earlier one.
        sets.set(s.name, s);
      }
    }
  }
  return sets;
}

/** Sibling `.http` files read at most, and the size of each: a folder of requests, not a dump. */
export const MAX_SIBLING_FILES = 50;
export const MAX_SIBLING_CHARS = 512 * 1024;
/** A quick look before parsing: `client.global` somewhere, or a `> ./handler.js` line. */
const HAS_JETBRAINS_HANDLER = /client\s*\.\s*global|^\s*>\s+\S+\.js\s*$/im;

/** When a file was last written, as the reader's `stat` says; with the path, the key of the cache. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

interface CachedFile {
  stamp: string;
  text: string | undefined;
  doc?: HttpDocument;
}

/**
 * Sibling `.http` files, handler `.js` files and folder listings, kept by (path, mtime, size), so a
 * keystroke in one file costs a few `stat` calls, not a re-read of the folder. Bounded: the oldest
 * entries go first. The editor keeps one for the session; without it (or a reader with no `stat`)
 * every call reads afresh, as the CLI does once per run.
 */
export class ScriptFileCache {
  static readonly MAX_ENTRIES = 512;
  /** Text held at most, over all files: the oldest go first. */
  static readonly MAX_CHARS = 8 * 1024 * 1024;
  private readonly files = new Map<string, CachedFile>();
  private readonly folders = new Map<string, { stamp: string; names: string[] }>();
  private chars = 0;

  /** The file's text when it is at most `maxChars` long and `keep` wants it; undefined otherwise. */
  async readFile(
    reader: HttpFileReader,
    file: string,
    maxChars: number,
    keep: (text: string) => boolean = () => true,
  ): Promise<CachedFile> {
    const stamp = await stampOf(reader, file);
    const hit = stamp !== undefined ? this.files.get(file) : undefined;
    if (hit && hit.stamp === stamp) return hit;
    const read = await reader.readFile(file);
    const text = typeof read === 'string' && read.length <= maxChars && keep(read) ? read : undefined;
    const entry: CachedFile = { stamp: stamp ?? '', text };
    if (stamp === undefined) return entry;
    this.forget(file);
    this.files.set(file, entry);
    this.chars += text?.length ?? 0;
    while (this.files.size > ScriptFileCache.MAX_ENTRIES || this.chars > ScriptFileCache.MAX_CHARS) {
      const oldest = this.files.keys().next();
      if (oldest.done === true) break;
      this.forget(oldest.value);
    }
    return entry;
  }

  async listFolder(reader: HttpFileReader, folder: string): Promise<string[]> {
    if (!reader.listFolder) return [];
    const stamp = await stampOf(reader, folder);
    const hit = stamp !== undefined ? this.folders.get(folder) : undefined;
    if (hit && hit.stamp === stamp) return hit.names;
    const names = await reader.listFolder(folder);
    if (stamp === undefined) return names;
    this.folders.delete(folder);
    this.folders.set(folder, { stamp, names });
    if (this.folders.size > ScriptFileCache.MAX_ENTRIES) {
      const oldest = this.folders.keys().next();
      if (oldest.done !== true) this.folders.delete(oldest.value);
    }
    return names;
  }

  private forget(file: string): void {
    const old = this.files.get(file);
    if (!old) return;
    this.chars -= old.text?.length ?? 0;
    this.files.delete(file);
  }
}

async function stampOf(reader: HttpFileReader, file: string): Promise<string | undefined> {
  const st = reader.stat ? await reader.stat(file) : undefined;
  return st ? `${String(st.mtimeMs)}:${String(st.size)}` : undefined;
}

/**
 * JetBrains shares `client.global` between the files of a folder: the plain-idiom sets of the other
 * `.http` / `.rest` files next to `documentPath` (names sorted), each name only where `own` lacks it.
 * JetBrains handlers only: httpYac's `$global` lives for one run of one file.
 */
export async function siblingScriptSets(
  documentPath: string,
  reader: HttpFileReader,
  own: Map<string, ScriptSet>,
  parse: (text: string) => HttpDocument,
  warnings: string[],
  cache: ScriptFileCache = new ScriptFileCache(),
): Promise<void> {
  if (!reader.listFolder) return;
  const folder = path.dirname(documentPath);
  const self = path.basename(documentPath);
  const names = (await cache.listFolder(reader, folder))
    .filter((n) => /\.(http|rest)$/i.test(n) && n !== self)
    .sort()
    .slice(0, MAX_SIBLING_FILES);
  for (const name of names) {
    const file = path.join(folder, name);
    // Only a file with a JetBrains handler is kept: the others are stat-checked, not held.
    const entry = await cache.readFile(reader, file, MAX_SIBLING_CHARS, (t) => HAS_JETBRAINS_HANDLER.test(t));
    const text = entry.text;
    if (text === undefined) continue;
    entry.doc ??= parse(text);
    const doc = entry.doc;
    for (const [key, set] of await scriptSetsOf(doc, file, reader, warnings, cache)) {
      if (own.has(key) || set.client !== 'JetBrains HTTP Client') continue;
      if (set.kind === 'response') set.doc = doc;
      own.set(key, set);
    }
  }
}

function inside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function handlerFile(
  file: string,
  documentPath: string | undefined,
  reader: HttpFileReader | undefined,
  warnings: string[],
  cache: ScriptFileCache | undefined,
): Promise<string | undefined> {
  if (documentPath === undefined || reader === undefined || !/\.js$/i.test(file)) return undefined;
  const folder = path.dirname(documentPath);
  // JetBrains accepts `> .\handler.js` on every system.
  const full = path.resolve(folder, file.replace(/\\/g, '/'));
  // A link inside the folder may point anywhere: the real paths must stay inside too (every reader
  // on disk has realPath; an in-memory one has no links).
  const real = reader.realPath && (await Promise.all([reader.realPath(folder), reader.realPath(full)]));
  if (!inside(folder, full) || (real?.[1] !== undefined && !inside(real[0] ?? '', real[1]))) {
    warnings.push(`The response handler ${file} is outside the folder of the .http file; it was not read.`);
    return undefined;
  }
  if (cache) return (await cache.readFile(reader, full, MAX_HANDLER_CHARS)).text;
  const text = await reader.readFile(full);
  return typeof text === 'string' && text.length <= MAX_HANDLER_CHARS ? text : undefined;
}
