/**
 * `.http` parsing: one synchronous pass over the lines with a small state machine per region.
 * Cheap enough to run on every document version; never throws (any line is something: a
 * separator, a comment, a variable, a request line, a header or body text).
 *
 * Where the dialects disagree we take the rule that finds more of what the user wrote:
 * `###` with leading whitespace separates (httpYac), comment lines are skipped inside headers and
 * bodies (all three), and a second `METHOD url` line starts a new request (httpYac) unless the
 * region says `# @forceRegionDelimiter`.
 */
import {
  ASSERTION_LINE,
  FILE_VARIABLE,
  SPREAD_HEADERS,
  JETBRAINS_HANDLER_LINE,
  JETBRAINS_SCRIPT_END,
  JETBRAINS_SCRIPT_START,
  ONE_LINE_GLOBAL_SET,
  QUERY_CONTINUATION,
  REQUEST_LINE_WITH_METHOD,
  matchRequestLine,
  RESPONSE_LINE,
  SCRIPT_BLOCK_END,
  SCRIPT_BLOCK_START,
  SEPARATOR_MARK,
  matchHeaderLine,
  rangeBetween,
  rangeOnLine,
  skipSpace,
  trimEndOffset,
} from './syntax';
import { parseFileVariable, parseHeader, parseMetadata } from './lineParts';
import { httpTextOfMarkdown } from './markdown';
import type { FileVariable, HttpDocument, HttpRegion, HttpRequest, MetadataEntry, Range } from './types';

type State = 'pre' | 'headers' | 'body' | 'response';

/** A multi-line construct being skipped: a script block or a block comment. */
interface OpenBlock {
  end: RegExp;
  startLine: number;
  /** Script ranges are recorded on the request or region; block comments are not. */
  isScript: boolean;
}

const BLOCK_COMMENT_START = /^\s*\/\*/;
const BLOCK_COMMENT_END = /\*\//;

const CODE = {
  hash: 35,
  amp: 38,
  dot: 46,
  slash: 47,
  lt: 60,
  gt: 62,
  question: 63,
  at: 64,
  A: 65,
  H: 72,
  Z: 90,
  brace: 123,
} as const;

/** VS Code's line breaks: CRLF, LF and a lone CR. The common LF-only case avoids the regex. */
export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

function isCommentAt(text: string, first: number): boolean {
  const c = text.charCodeAt(first);
  return c === CODE.hash || (c === CODE.slash && text.charCodeAt(first + 1) === CODE.slash);
}

export interface ParseOptions {
  /** A Markdown file: only its ```http and ```rest blocks are requests (httpYac). */
  markdown?: boolean;
}

export function parseHttpDocument(text: string, options: ParseOptions = {}): HttpDocument {
  const source = typeof text === 'string' ? text : '';
  const lines = splitLines(options.markdown === true ? httpTextOfMarkdown(source) : source);
  return new Parser(lines).run();
}

class Parser {
  private readonly regions: HttpRegion[] = [];
  private readonly requests: HttpRequest[] = [];
  private readonly fileVariables: FileVariable[] = [];
  private readonly imports: string[] = [];

  private region: HttpRegion | undefined;
  private request: HttpRequest | undefined;
  private state: State = 'pre';
  private block: OpenBlock | undefined;
  /** Metadata seen before a request line; attached to the next request in this region. */
  private pendingMetadata: MetadataEntry[] = [];
  private pendingStartLine: number | undefined;
  /** Body extent of the current request: first and last line that carry body text. */
  private bodyFirst = -1;
  private bodyLast = -1;
  private requestEndLine = 0;
  private requestEndChar = 0;

  constructor(private readonly lines: string[]) {}

  run(): HttpDocument {
    for (let i = 0; i < this.lines.length; i++) this.line(i, this.lines[i] ?? '');
    this.closeRegion(this.lines.length - 1);
    return {
      lineCount: this.lines.length,
      regions: this.regions,
      requests: this.requests,
      fileVariables: this.fileVariables,
      imports: this.imports,
    };
  }

  private line(n: number, text: string): void {
    if (this.block) {
      if (this.block.end.test(text)) this.endBlock(n);
      return;
    }
    // Every line goes through here: classify by its first non-blank character before any regex.
    const first = skipSpace(text, 0);
    if (text.startsWith(SEPARATOR_MARK, first)) {
      let hashesEnd = first;
      while (text.charCodeAt(hashesEnd) === CODE.hash) hashesEnd++;
      this.closeRegion(n - 1);
      this.openRegion(n, text, hashesEnd);
      return;
    }
    if (!this.region) this.openRegion(n, undefined, 0);
    switch (this.state) {
      case 'pre':
        this.preLine(n, text, first);
        return;
      case 'headers':
        this.headerLine(n, text, first);
        return;
      case 'body':
        this.bodyLine(n, text, first);
        return;
      case 'response':
        return;
    }
  }

  private preLine(n: number, text: string, first: number): void {
    if (first === text.length) return;
    if (this.startBlockIfAny(n, text, first)) return;
    if (isCommentAt(text, first)) {
      const meta = parseMetadata(n, text);
      if (meta?.key === 'import' && meta.value !== '') {
        // httpYac: the file's variables and named requests become this file's.
        this.imports.push(meta.value);
      } else if (meta) {
        this.pendingMetadata.push(meta);
        this.pendingStartLine ??= n;
        if (meta.key === 'forceRegionDelimiter' && this.region) this.region.forceRegionDelimiter = true;
      }
      return;
    }
    const variable = text.charCodeAt(first) === CODE.at ? FILE_VARIABLE.exec(text) : null;
    if (variable) {
      this.addVariable(n, text, variable);
      return;
    }
    this.startRequest(n, text);
  }

  private headerLine(n: number, text: string, first: number): void {
    const request = this.request;
    if (!request) return;
    if (first === text.length) {
      this.state = 'body';
      return;
    }
    if (this.startsNextRequest(text, first)) {
      this.startRequest(n, text);
      return;
    }
    if (this.startBlockIfAny(n, text, first)) return;
    if (isCommentAt(text, first)) {
      const meta = parseMetadata(n, text);
      if (meta) this.attachMetadata(request, meta);
      this.extendRequest(n, text);
      return;
    }
    const c = text.charCodeAt(first);
    if (c === CODE.question && ASSERTION_LINE.test(text)) {
      // httpYac: an assertion belongs to the request but is neither header nor body; what follows is body.
      this.extendRequest(n, text);
      this.state = 'body';
      return;
    }
    if ((c === CODE.question || c === CODE.amp) && QUERY_CONTINUATION.test(text)) {
      request.url += text.trim();
      this.extendRequest(n, text);
      return;
    }
    const spread = text.charCodeAt(first) === CODE.dot ? SPREAD_HEADERS.exec(text) : null;
    if (spread) {
      request.spreadHeaders.push({ name: spread[1] ?? '', range: rangeOnLine(n, first, trimEndOffset(text, first)) });
      this.extendRequest(n, text);
      return;
    }
    const header = matchHeaderLine(text);
    if (header) {
      request.headers.push(parseHeader(n, text, header));
      this.extendRequest(n, text);
      return;
    }
    // httpYac: the first line that is not a header ends the header block; it is body text.
    this.state = 'body';
    this.bodyLine(n, text, first);
  }

  private bodyLine(n: number, text: string, first: number): void {
    if (first === text.length) return;
    if (this.startsNextRequest(text, first)) {
      this.startRequest(n, text);
      return;
    }
    const c = text.charCodeAt(first);
    if (c === CODE.H && RESPONSE_LINE.test(text)) {
      this.state = 'response';
      return;
    }
    if ((c === CODE.gt || c === CODE.lt) && JETBRAINS_HANDLER_LINE.test(text) && !JETBRAINS_SCRIPT_START.test(text)) {
      this.request?.scriptRanges.push(rangeOnLine(n, 0, text.length));
      const file = /^\s*>\s+(\S.*?)\s*$/.exec(text)?.[1];
      if (file !== undefined && this.request)
        (this.request.responseHandlers ??= []).push({
          client: 'JetBrains HTTP Client',
          range: rangeOnLine(n, 0, text.length),
          file,
        });
      this.extendRequest(n, text);
      return;
    }
    if (c === CODE.question && ASSERTION_LINE.test(text)) {
      this.extendRequest(n, text);
      return;
    }
    if (this.startBlockIfAny(n, text, first)) return;
    if (isCommentAt(text, first)) {
      // A `# @name` between a body and the next request line names that next request.
      const meta = parseMetadata(n, text);
      if (meta) {
        this.pendingMetadata.push(meta);
        this.pendingStartLine ??= n;
      }
      return;
    }
    this.pendingMetadata = [];
    this.pendingStartLine = undefined;
    if (this.bodyFirst < 0) this.bodyFirst = n;
    this.bodyLast = n;
    this.extendRequest(n, text);
  }

  private startsNextRequest(text: string, first: number): boolean {
    const c = text.charCodeAt(first);
    return c >= CODE.A && c <= CODE.Z && !this.region?.forceRegionDelimiter && REQUEST_LINE_WITH_METHOD.test(text);
  }

  /** Opens a script block or a block comment when `text` starts one. */
  private startBlockIfAny(n: number, text: string, first: number): boolean {
    const c = text.charCodeAt(first);
    if (c !== CODE.brace && c !== CODE.lt && c !== CODE.gt && c !== CODE.slash) return false;
    if (SCRIPT_BLOCK_START.test(text)) {
      this.block = { end: SCRIPT_BLOCK_END, startLine: n, isScript: true };
    } else if (c === CODE.brace && ONE_LINE_GLOBAL_SET.test(text)) {
      this.block = { end: SCRIPT_BLOCK_END, startLine: n, isScript: true };
      this.endBlock(n);
    } else if (JETBRAINS_SCRIPT_START.test(text)) {
      this.block = { end: JETBRAINS_SCRIPT_END, startLine: n, isScript: true };
      // `> {% … %}` on one line closes at once.
      if (text.slice(text.indexOf('{%') + 2).includes('%}')) this.endBlock(n);
    } else if (BLOCK_COMMENT_START.test(text)) {
      this.block = { end: BLOCK_COMMENT_END, startLine: n, isScript: false };
      if (text.slice(text.indexOf('/*') + 2).includes('*/')) this.endBlock(n);
    } else {
      return false;
    }
    return true;
  }

  private endBlock(n: number): void {
    const block = this.block;
    this.block = undefined;
    if (!block?.isScript) return;
    const range = rangeBetween(block.startLine, 0, n, (this.lines[n] ?? '').length);
    const owner = this.state === 'pre' ? undefined : this.request;
    if (owner) {
      owner.scriptRanges.push(range);
      const first = this.lines[block.startLine] ?? '';
      if (!/^\s*</.test(first))
        (owner.responseHandlers ??= []).push({
          client: /^\s*>/.test(first) ? 'JetBrains HTTP Client' : 'httpYac',
          range,
          code: this.lines.slice(block.startLine, n + 1).join('\n'),
        });
      this.requestEndLine = n;
      this.requestEndChar = range.end.character;
    } else {
      this.region?.scriptRanges.push(range);
    }
  }

  private addVariable(n: number, text: string, m: RegExpExecArray): void {
    this.fileVariables.push(parseFileVariable(n, text, m, this.region?.index ?? 0));
  }

  private startRequest(n: number, text: string): void {
    const region = this.region;
    if (!region) return;
    this.finishRequest();
    const m = matchRequestLine(text);
    const lead = m?.lead ?? 0;
    const method = m?.method;
    const urlText = m?.url ?? text.trim();
    const urlStart = method === undefined ? lead : skipSpace(text, lead + method.length);
    const first = region.requestIndexes.length === 0;
    const request: HttpRequest = {
      index: this.requests.length,
      regionIndex: region.index,
      metadata: [],
      method: method ?? 'GET',
      methodExplicit: method !== undefined,
      url: urlText,
      requestLineRange: rangeOnLine(n, lead, trimEndOffset(text, lead)),
      urlRange: rangeOnLine(n, urlStart, urlStart + urlText.length),
      headers: [],
      spreadHeaders: [],
      scriptRanges: [],
      range: rangeBetween(this.pendingStartLine ?? n, 0, n, text.length),
    };
    if (m?.httpVersion !== undefined) request.httpVersion = m.httpVersion;
    if (method !== undefined) request.methodRange = rangeOnLine(n, lead, lead + method.length);
    for (const meta of this.pendingMetadata) this.attachMetadata(request, meta);
    if (request.name === undefined && first && region.separator?.title !== undefined) {
      request.name = region.separator.title;
      request.nameSource = 'title';
    }
    this.pendingMetadata = [];
    this.pendingStartLine = undefined;
    this.requests.push(request);
    region.requestIndexes.push(request.index);
    this.request = request;
    this.requestEndLine = n;
    this.requestEndChar = text.length;
    this.state = 'headers';
  }

  private attachMetadata(request: HttpRequest, meta: MetadataEntry): void {
    request.metadata.push(meta);
    if (meta.key === 'name' && request.nameSource !== 'metadata' && meta.value !== '') {
      // REST Client takes a word, httpYac an identifier: the first whitespace-free run either way.
      request.name = meta.value.split(/\s/)[0] ?? meta.value;
      request.nameSource = 'metadata';
    }
    if (meta.key === 'forceRegionDelimiter' && this.region) this.region.forceRegionDelimiter = true;
  }

  /** Marks line `n` as part of the current request; the range's end is written once, in `finishRequest`. */
  private extendRequest(n: number, text: string): void {
    this.requestEndLine = n;
    this.requestEndChar = text.length;
  }

  private finishRequest(): void {
    const request = this.request;
    if (
      request &&
      (this.requestEndLine !== request.range.end.line || this.requestEndChar !== request.range.end.character)
    ) {
      request.range.end = { line: this.requestEndLine, character: this.requestEndChar };
    }
    if (request && this.bodyFirst >= 0) {
      const startText = this.lines[this.bodyFirst] ?? '';
      const endText = this.lines[this.bodyLast] ?? '';
      const startChar = skipSpace(startText, 0);
      const range: Range = rangeBetween(this.bodyFirst, startChar, this.bodyLast, trimEndOffset(endText, 0));
      const text = this.lines.slice(this.bodyFirst, this.bodyLast + 1).join('\n');
      request.body = { range, text };
    }
    this.request = undefined;
    this.bodyFirst = -1;
    this.bodyLast = -1;
  }

  private openRegion(n: number, separatorText: string | undefined, hashesEnd: number): void {
    const region: HttpRegion = {
      index: this.regions.length,
      range: rangeBetween(n, 0, n, 0),
      requestIndexes: [],
      scriptRanges: [],
      forceRegionDelimiter: false,
    };
    if (separatorText !== undefined) {
      region.separator = { range: rangeOnLine(n, skipSpace(separatorText, 0), trimEndOffset(separatorText, 0)) };
      const titleStart = skipSpace(separatorText, hashesEnd);
      const titleEnd = trimEndOffset(separatorText, titleStart);
      if (titleEnd > titleStart) {
        region.separator.title = separatorText.slice(titleStart, titleEnd);
        region.separator.titleRange = rangeOnLine(n, titleStart, titleEnd);
      }
    }
    this.regions.push(region);
    this.region = region;
    this.state = 'pre';
    this.pendingMetadata = [];
    this.pendingStartLine = undefined;
  }

  private closeRegion(lastLine: number): void {
    // An unterminated script or comment block ends with its region.
    if (this.block) this.endBlock(Math.max(lastLine, this.block.startLine));
    this.finishRequest();
    const region = this.region;
    if (region && lastLine >= region.range.start.line) {
      region.range.end = { line: lastLine, character: (this.lines[lastLine] ?? '').length };
    }
    this.region = undefined;
  }
}
