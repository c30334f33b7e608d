/**
 * Line-level patterns of the `.http` dialects (reference: shared/reference/http-clients-and-jwt-tools.md §1.1).
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

/** Groups: 1 leading space, 2 method (optional), 3 url, 4 HTTP version. */
export const REQUEST_LINE = new RegExp(`^(\\s*)(?:(${METHODS})\\s+)?(\\S.*?)(?:\\s+HTTP\\/(\\S+))?\\s*$`);

/** A line that starts a second request inside a region: the method is required (httpYac). */
export const REQUEST_LINE_WITH_METHOD = new RegExp(`^\\s*(?:${METHODS})\\s+\\S`);

/** RFC 7230 token characters for the name; httpYac and REST Client both split at the first colon. */
export const HEADER = /^(\s*)([!#$%&'*+.^_`|~0-9A-Za-z-]+)(\s*):/;

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
  return code === 160 || code === 5760 || (code >= 8192 && code <= 8202) || code === 8232 || code === 8233
    || code === 8239 || code === 8287 || code === 12288 || code === 65279;
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
