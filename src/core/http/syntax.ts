/**
 * Line-level patterns of the `.http` dialects (as REST Client, httpYac and the JetBrains HTTP Client read them; see docs/http-dialects.md).
 * Each pattern matches one whole line; the parser decides which ones apply in which state.
 */
import type { Position, Range } from './types';

/**
 * REST Client wants `###` at column 0; httpYac accepts leading whitespace. We take the wider rule.
 * (Tested by `parse.ts` on the first non-blank character, without a regex: it runs on every line.)
 */
export const SEPARATOR_MARK = '###';

/** Comments are `#` or `//` after optional whitespace (all three dialects); `parse.ts` tests the first character. */

/** `# @name x`, `// @name x`, `# @name=x`, `# @name = x`, `#@no-log`. */
export const METADATA = /^(\s*(?:#|\/\/)\s*)@([A-Za-z_$][\w$.-]*)(.*)$/;

/** `@name = value` (REST Client, JetBrains) and httpYac's lazy `@name := value`. */
export const FILE_VARIABLE = /^(\s*)@([^\s=:]+)(\s*)(:?=)(.*)$/;

/** httpYac script block: a line with `{{` (optionally `{{@event`) alone, closed by a line with `}}` alone. */
export const SCRIPT_BLOCK_START = /^\s*\{\{(?:@[\w-]+.*)?\s*$/;
export const SCRIPT_BLOCK_END = /^\s*\}\}\s*$/;
/**
 * A line that is only `{{ $global.x = … }}` or `{{ $global["x"] = … }}` under a request: read like a
 * one-line script block after it (scriptSets.ts recognises the plain idiom in it; nothing runs).
 */
export const ONE_LINE_GLOBAL_SET =
  /^\s*\{\{\s*\$global\s*(?:\.\s*[A-Za-z_$][\w$]*|\[\s*(?:"[^"\r\n]*"|'[^'\r\n]*')\s*\])\s*=(?!=).*\}\}\s*$/;

/** JetBrains handlers: `< {% … %}` before the request, `> {% … %}` after it. */
export const JETBRAINS_SCRIPT_START = /^\s*[<>]\s*\{%/;
export const JETBRAINS_SCRIPT_END = /%\}/;

/** JetBrains `> handler.js`, `>> out.json`, `>>! out.json` and `<> previous-response.json`. */
export const JETBRAINS_HANDLER_LINE = /^\s*(?:>>!?|<>|>)\s+\S/;

/** A pasted response (REST Client stops the request block there). */
export const RESPONSE_LINE = /^\s*HTTP\/\d(?:\.\d)?\s+\d{3}\b/;

/** Methods httpYac recognises for HTTP; upper case only, as in httpYac. */
const METHODS =
  'GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|CONNECT|TRACE|QUERY|SEARCH|PROPFIND|PROPPATCH|MKCOL|COPY|MOVE|LOCK|UNLOCK|CHECKOUT|CHECKIN|REPORT|MERGE|MKACTIVITY|MKWORKSPACE|VERSION-CONTROL|BASELINE-CONTROL';

/** What `\s` matches, by char code: this runs over every request line's URL. */
function isWhiteSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c > 127 && /\s/.test(String.fromCharCode(c));
}

/** Leading space and the method, up to the URL's first character. */
const REQUEST_HEAD = new RegExp(`^(\\s*)(?:(${METHODS})\\s+)?(?=\\S)`);

export interface RequestLineMatch {
  /** Length of the leading white space. */
  lead: number;
  method?: string;
  url: string;
  /** After a final ` HTTP/`, e.g. `1.1`. */
  httpVersion?: string;
}

/**
 * A request line's parts. The URL's end is found by hand: a pattern with a lazy URL before an
 * optional ` HTTP/x` takes quadratic time on a long run of spaces (3 s for one 40,000-space line).
 */
export function matchRequestLine(text: string): RequestLineMatch | undefined {
  const head = REQUEST_HEAD.exec(text);
  if (!head) return undefined;
  let url = text.slice(head[0].length).trimEnd();
  let httpVersion: string | undefined;
  let i = url.length - 1;
  while (i >= 0 && !isWhiteSpace(url.charCodeAt(i))) i--;
  if (i > 0 && url.startsWith('HTTP/', i + 1) && url.length > i + 6) {
    httpVersion = url.slice(i + 6);
    url = url.slice(0, i).trimEnd();
  }
  const lead = head[1]?.length ?? 0;
  const method = head[2];
  return {
    lead,
    url,
    ...(method !== undefined ? { method } : {}),
    ...(httpVersion !== undefined ? { httpVersion } : {}),
  };
}

/** A line that starts a second request inside a region: the method is required (httpYac). */
export const REQUEST_LINE_WITH_METHOD = new RegExp(`^\\s*(?:${METHODS})\\s+\\S`);

/** RFC 7230 token characters for the name; httpYac and REST Client both split at the first colon. */
export const HEADER = /^(\s*)([!#$%&'*+.^_`|~0-9A-Za-z-]+)(\s*):/;

/** Where the parts of a header line are. */
export interface HeaderMatch {
  /** Length of the leading white space. */
  lead: number;
  /** Offset just after the name. */
  nameEnd: number;
  /** Offset of the colon. */
  colon: number;
}

/**
 * A header line's parts, from `HEADER`'s groups. (A hand-written scan gave the same answer 0.3 ms
 * sooner per 12,000 lines: not worth a second definition of a header line.)
 */
export function matchHeaderLine(text: string): HeaderMatch | undefined {
  const m = HEADER.exec(text);
  if (!m) return undefined;
  const lead = m[1]?.length ?? 0;
  const nameEnd = lead + (m[2]?.length ?? 0);
  return { lead, nameEnd, colon: nameEnd + (m[3]?.length ?? 0) };
}

/**
 * httpYac's assertion lines (`?? status == 200`, `?? js response.parsedBody.ok == true`). httpYac
 * takes them out of the request before reading headers, so one ends the header block; tested
 * before the query continuation, which a leading `?` would otherwise match.
 */
export const ASSERTION_LINE = /^\s*\?\?(?:\s|$)/;

/** httpYac: `...defaultHeaders` among the headers spreads an object (built by a script) into them. */
export const SPREAD_HEADERS = /^\s*\.\.\.([A-Za-z_$][\w$.]*)\s*$/;

/** REST Client / httpYac: a line starting with `?` or `&` under the request line continues the query. */
export const QUERY_CONTINUATION = /^\s*[?&]\S/;

export function position(line: number, character: number): Position {
  return { line, character };
}

export function rangeOnLine(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

export function rangeBetween(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** The characters JavaScript's `\s` and `String#trim` treat as white space, by char code. */
export function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 5760 ||
    (code >= 8192 && code <= 8202) ||
    code === 8232 ||
    code === 8233 ||
    code === 8239 ||
    code === 8287 ||
    code === 12288 ||
    code === 65279
  );
}

/** Offset of the first non-whitespace character at or after `from`, or the string length. */
export function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Offset just after the last non-whitespace character, or `from` when there is none after it. */
export function trimEndOffset(text: string, from: number): number {
  let i = text.length;
  while (i > from && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}
