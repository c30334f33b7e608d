/**
 * The shape of a parsed `.http` / `.rest` file (REST Client, httpYac and JetBrains dialects).
 * Positions are 0-based lines and UTF-16 columns, exactly like VS Code's `Position`, so the editor
 * side maps them one to one and the CLI prints them +1.
 */

export interface Position {
  line: number;
  /** UTF-16 code unit offset in the line (a JS string index). */
  character: number;
}

/** Half-open: `end` is the position just after the last character. */
export interface Range {
  start: Position;
  end: Position;
}

/** A `###` line. JetBrains and httpYac use the text after it as the request's name. */
export interface RegionSeparator {
  range: Range;
  /** Trimmed text after the `#`s; undefined when the line has none. */
  title?: string;
  titleRange?: Range;
}

/** `# @key value`, `// @key value`, `# @key=value`, `# @key = value`. */
export interface MetadataEntry {
  key: string;
  /** Trimmed; '' for flags such as `# @no-log`. */
  value: string;
  range: Range;
  valueRange: Range;
}

/** `@name = value` (eager) or httpYac's `@name := value` (lazy, evaluated at send time). */
export interface FileVariable {
  /** The name as referenced in `{{…}}`: httpYac's `@global.` prefix is removed (see `global`). */
  name: string;
  /** Trimmed raw value, `{{…}}` references untouched. */
  value: string;
  lazy: boolean;
  /** httpYac `@global.name = …`: written to the global scope. */
  global: boolean;
  /** Index of the `###` region the definition sits in. */
  regionIndex: number;
  /** The whole definition, from `@` to the end of the value. */
  range: Range;
  nameRange: Range;
  valueRange: Range;
}

export interface HttpHeader {
  name: string;
  /** Trimmed raw value, `{{…}}` references untouched. */
  value: string;
  range: Range;
  nameRange: Range;
  valueRange: Range;
}

/** A request: request line, its headers and body. */
export interface HttpRequest {
  /** Position in `HttpDocument.requests`. */
  index: number;
  regionIndex: number;
  /** `@name` metadata, else the `###` title of its region (httpYac, JetBrains). */
  name?: string;
  nameSource?: 'metadata' | 'title';
  metadata: MetadataEntry[];
  /** As written, or 'GET' when the line has no method (all three dialects default to GET). */
  method: string;
  methodExplicit: boolean;
  /** Raw URL text (variables untouched), with `?`/`&` continuation lines appended. */
  url: string;
  httpVersion?: string;
  requestLineRange: Range;
  methodRange?: Range;
  urlRange: Range;
  headers: HttpHeader[];
  /** httpYac `...defaultHeaders` lines: headers spread from an object a script builds. */
  spreadHeaders: { name: string; range: Range }[];
  /** From the first non-blank body line to the last non-blank, non-comment one. */
  body?: { range: Range; text: string };
  /** JetBrains `< {% %}` / `> {% %}` handlers and httpYac `{{ }}` script blocks inside the request. */
  scriptRanges: Range[];
  /**
   * What runs after the response: JetBrains `> {% … %}` and `> ./handler.js`, httpYac `{{ … }}` blocks
   * after the request line. Kept as text only, to recognise `client.global.set(…)` / `$global.x = …`;
   * never run. Absent when the request has none.
   */
  responseHandlers?: ResponseHandler[];
  /** From the first metadata/request line to the last line that belongs to the request. */
  range: Range;
}

/** A response handler as written: inline code, or the path of a JetBrains handler file. */
export interface ResponseHandler {
  client: 'JetBrains HTTP Client' | 'httpYac';
  range: Range;
  code?: string;
  file?: string;
}

export interface HttpRegion {
  index: number;
  /** Undefined for the text before the first `###`. */
  separator?: RegionSeparator;
  range: Range;
  /** Usually 0 or 1; more when a second request line starts a new request (httpYac rule). */
  requestIndexes: number[];
  /** httpYac `{{ … }}` script blocks and JetBrains `< {% %}` outside any request. */
  scriptRanges: Range[];
  /** `# @forceRegionDelimiter` was present: only `###` ends a request here (httpYac). */
  forceRegionDelimiter: boolean;
}

export interface HttpDocument {
  lineCount: number;
  regions: HttpRegion[];
  requests: HttpRequest[];
  /** Every file variable, in document order. */
  fileVariables: FileVariable[];
  /** httpYac `# @import ./other.http` paths, as written, in document order. */
  imports: string[];
}
