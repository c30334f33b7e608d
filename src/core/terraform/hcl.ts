/**
 * HCL as the Terraform checks read it: a small syntax tree of blocks, attributes and expressions,
 * converted from tree-sitter's HCL grammar (parser.ts) so that nothing else depends on tree-sitter
 * and its trees can be freed at once. Strings are decoded here, exactly as HCL decodes them:
 * quoted templates take backslash escapes, heredocs do not, both turn `$${` and `%%{` into `${` and
 * `%{`, and `<<-` heredocs lose their common indentation.
 *
 * web-tree-sitter parses a JavaScript string as UTF-16: its indices and columns are UTF-16 code
 * units, i.e. JavaScript string indices, which is what `TfPosition` wants (the unit tests pin this
 * with non-ASCII text before a value).
 */
import type { Node } from 'web-tree-sitter';
import type { TfRange } from './types';

export type HclExpr =
  /** A string with nothing to interpolate (quoted or heredoc), decoded. */
  | { kind: 'string'; value: string; range: TfRange }
  | { kind: 'number'; text: string; range: TfRange }
  | { kind: 'bool'; value: boolean; range: TfRange }
  | { kind: 'null'; range: TfRange }
  /** A template with interpolations: literal parts decoded, the others expressions. */
  | { kind: 'template'; parts: (string | HclExpr)[]; range: TfRange }
  /** `var.x`, `local.y`, `harness_platform_service_account.sa.identifier`: the names in order. */
  | { kind: 'traversal'; names: string[]; range: TfRange }
  /** An object constructor `{ k = v, "k2" = v2 }`: a bare name as a key is that name as a string (HCL). */
  | { kind: 'object'; entries: { key: HclExpr; value: HclExpr }[]; range: TfRange }
  /** Anything not evaluated before apply; `what` names it in words ("the function lower()"). */
  | { kind: 'other'; what: string; range: TfRange };

export interface HclAttribute {
  kind: 'attribute';
  name: string;
  range: TfRange;
  expr: HclExpr;
  /** The file the attribute is written in, when not its block's (merged in from an override file). */
  file?: string;
}

export interface HclBlock {
  kind: 'block';
  type: string;
  labels: string[];
  /** The block's first line up to its `{`. */
  head: TfRange;
  range: TfRange;
  body: HclItem[];
}

export type HclItem = HclAttribute | HclBlock;

/** A JSON object at the top of the file (a `*.tfvars.json`): each member's name and where it is. */
export interface HclJsonMember {
  name: string;
  range: TfRange;
  /** The member's value as an expression (its numbers keep their digits, which JSON.parse rounds). */
  value?: HclExpr;
}

export interface HclFile {
  path: string;
  body: HclItem[];
  /** The file is a JSON object (`*.tfvars.json`): its members. */
  jsonMembers?: HclJsonMember[];
  /** Where the parser found an ERROR or a MISSING node (the first few). */
  syntaxErrors: TfRange[];
  /** Why the file was not parsed at all (too large). */
  notRead?: string;
}

/** Nesting beyond this is not converted (an expression nested thousands deep would overflow the stack). */
export const MAX_NESTING = 64;
/** Entries of one object constructor read (a `for_each` map of settings has four). */
export const MAX_OBJECT_ENTRIES = 256;
/** Syntax errors reported per file. */
export const MAX_SYNTAX_ERRORS = 20;

export function rangeOf(node: Node): TfRange {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

const named = (node: Node): Node[] => node.namedChildren.filter((c) => c.type !== 'comment');

/** The ERROR and MISSING nodes, visiting only subtrees that hold one. */
export function syntaxErrorsOf(root: Node): TfRange[] {
  const found: TfRange[] = [];
  const stack: Node[] = [root];
  while (found.length < MAX_SYNTAX_ERRORS) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node.isError || node.isMissing) {
      found.push(rangeOf(node));
      continue;
    }
    if (!node.hasError) continue;
    stack.push(...[...node.children].reverse());
  }
  return found.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
}

/**
 * A quoted template's literal text decoded in one pass, as HCL's scanner reads the source: a
 * backslash escape, or `$${` / `%%{`, each taken where it starts. Decoding the escapes first would
 * turn `$\u0024{` into an escape it is not (HCL: the text `$${`). `undefined` when an escape names
 * no Unicode scalar value (a surrogate, or above U+10FFFF), which HCL refuses ("Invalid escape
 * sequence").
 */
function decodeQuoted(raw: string): string | undefined {
  const refused = { escape: false };
  const out = raw.replace(
    /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))|([$%])\4\{/gsu,
    (whole, u4?: string, u8?: string, c?: string, marker?: string) => {
      if (marker !== undefined) return `${marker}{`;
      const hex = u4 ?? u8;
      if (hex !== undefined) {
        const cp = parseInt(hex, 16);
        if (cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) return String.fromCodePoint(cp);
        refused.escape = true;
        return whole;
      }
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      return c !== undefined && simple[c] !== undefined ? simple[c] : whole;
    },
  );
  return refused.escape ? undefined : out;
}

/** `$${` and `%%{` stand for a literal `${` and `%{` in every template. */
const unescapeMarkers = (raw: string): string => raw.replace(/([$%])\1\{/g, '$1{');

export class HclConverter {
  /** What HCL refuses and the grammar accepts (a quoted string over several lines, a bad `\\u` escape, an attribute set twice). */
  private readonly refused: TfRange[] = [];

  constructor(private readonly text: string) {}

  file(path: string, root: Node): HclFile {
    const found = root.hasError ? syntaxErrorsOf(root) : [];
    const top = named(root)[0];
    const jsonMembers = top?.type === 'object' ? this.jsonMembers(top) : undefined;
    const body = top?.type === 'body' ? this.body(top, 0) : [];
    const syntaxErrors = [...found, ...this.refused]
      .sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character)
      .slice(0, MAX_SYNTAX_ERRORS);
    return jsonMembers !== undefined ? { path, body: [], jsonMembers, syntaxErrors } : { path, body, syntaxErrors };
  }

  private jsonMembers(object: Node): HclJsonMember[] {
    const members: HclJsonMember[] = [];
    for (const elem of named(object)) {
      if (elem.type !== 'object_elem') continue;
      const key = elem.childForFieldName('key');
      if (key === null) continue;
      const expr = this.expr(key, 0);
      const val = elem.childForFieldName('val');
      if (expr.kind === 'string')
        members.push({ name: expr.value, range: rangeOf(key), ...(val !== null && { value: this.expr(val, 0) }) });
    }
    return members;
  }

  private body(node: Node, depth: number): HclItem[] {
    const items: HclItem[] = [];
    const seen = new Set<string>();
    for (const child of named(node)) {
      if (child.type === 'attribute') {
        const [name, value] = named(child);
        if (name?.type !== 'identifier' || value === undefined) continue;
        // HCL: "Attribute redefined; The argument was already set": the file is refused, the first one is read.
        if (seen.has(name.text)) {
          this.refused.push(rangeOf(child));
          continue;
        }
        seen.add(name.text);
        items.push({ kind: 'attribute', name: name.text, range: rangeOf(child), expr: this.expr(value, depth) });
      } else if (child.type === 'block') {
        const parts = named(child);
        const type = parts[0];
        if (type?.type !== 'identifier') continue;
        const labels: string[] = [];
        let start: Node | undefined;
        let inner: Node | undefined;
        for (const p of parts.slice(1)) {
          if (p.type === 'string_lit') {
            const label = this.expr(p, depth);
            labels.push(label.kind === 'string' ? label.value : p.text);
          } else if (p.type === 'identifier') labels.push(p.text);
          else if (p.type === 'block_start') start = p;
          else if (p.type === 'body') inner = p;
        }
        const range = rangeOf(child);
        const head = { start: range.start, end: start === undefined ? range.end : rangeOf(start).end };
        const body = inner !== undefined && depth < MAX_NESTING ? this.body(inner, depth + 1) : [];
        items.push({ kind: 'block', type: type.text, labels, head, range, body });
      }
    }
    return items;
  }

  /** An `expression` node, or one of the terms the grammar puts directly inside one. */
  expr(node: Node, depth: number): HclExpr {
    const range = rangeOf(node);
    if (depth > MAX_NESTING) return { kind: 'other', what: 'an expression nested too deeply to read', range };
    switch (node.type) {
      case 'expression': {
        const [head, ...rest] = named(node);
        if (head === undefined) return { kind: 'other', what: 'an incomplete expression', range };
        if (rest.length === 0) return this.expr(head, depth + 1);
        if (head.type !== 'variable_expr' || rest.some((r) => r.type !== 'get_attr'))
          return {
            kind: 'other',
            what: rest.some((r) => r.type === 'splat') ? 'a splat expression' : 'an index',
            range,
          };
        const names = [head.text, ...rest.map((r) => named(r)[0]?.text ?? '')];
        return { kind: 'traversal', names, range };
      }
      case 'variable_expr':
        return { kind: 'traversal', names: [node.text], range };
      case 'literal_value':
      case 'template_expr': {
        const [inner] = named(node);
        return inner === undefined
          ? { kind: 'other', what: 'an incomplete value', range }
          : this.expr(inner, depth + 1);
      }
      case 'numeric_lit':
        // From the real text: the parser's copy may hold digits in place of an exponent (parser.ts).
        return { kind: 'number', text: this.text.slice(node.startIndex, node.endIndex), range };
      case 'bool_lit':
        return { kind: 'bool', value: node.text === 'true', range };
      case 'null_lit':
        return { kind: 'null', range };
      case 'string_lit':
      case 'quoted_template':
        return this.template(node, range, depth, false);
      case 'heredoc_template':
        return this.template(node, range, depth, true);
      case 'function_call': {
        const name = named(node)[0]?.text ?? '';
        return { kind: 'other', what: `the function ${name}()`, range };
      }
      case 'conditional':
        return { kind: 'other', what: 'a conditional (… ? … : …)', range };
      case 'for_expr':
        return { kind: 'other', what: 'a for expression', range };
      case 'operation':
        return { kind: 'other', what: 'an operator expression', range };
      case 'collection_value': {
        const [inner] = named(node);
        if (inner?.type !== 'object') return { kind: 'other', what: 'a list or an object, not a string', range };
        const entries: { key: HclExpr; value: HclExpr }[] = [];
        for (const elem of named(inner)) {
          if (elem.type !== 'object_elem' || entries.length >= MAX_OBJECT_ENTRIES) continue;
          const key = elem.childForFieldName('key');
          const val = elem.childForFieldName('val');
          if (key === null || val === null) continue;
          const k = this.expr(key, depth + 1);
          entries.push({
            key:
              k.kind === 'traversal' && k.names.length === 1
                ? { kind: 'string', value: k.names[0] ?? '', range: k.range }
                : k,
            value: this.expr(val, depth + 1),
          });
        }
        return { kind: 'object', entries, range };
      }
      default:
        return { kind: 'other', what: 'an expression that could not be read', range };
    }
  }

  /**
   * A quoted template or a heredoc. Literal text is taken from the source between the
   * interpolations (not from the grammar's literal nodes, which skip a heredoc line's indentation).
   */
  private template(node: Node, range: TfRange, depth: number, heredoc: boolean): HclExpr {
    const children = named(node);
    let from: number;
    let to: number;
    let flush = false;
    if (heredoc) {
      const [start, open, ...rest] = children;
      const close = rest[rest.length - 1];
      if (start === undefined || open === undefined || close?.type !== 'heredoc_identifier' || rest.length === 0)
        return { kind: 'other', what: 'an unfinished heredoc', range };
      flush = start.text === '<<-';
      const eol = this.text.indexOf('\n', open.endIndex);
      from = eol < 0 ? open.endIndex : eol + 1;
      to = this.text.lastIndexOf('\n', close.startIndex - 1) + 1;
      if (to < from) to = from;
    } else {
      const open = children[0];
      const close = children[children.length - 1];
      if (open?.type !== 'quoted_template_start' || close?.type !== 'quoted_template_end' || close.isMissing)
        return { kind: 'other', what: 'an unfinished string', range };
      from = open.endIndex;
      to = close.startIndex;
    }
    const raw: (string | HclExpr)[] = [];
    let at = from;
    for (const c of children) {
      if (c.type !== 'template_interpolation' && c.type !== 'template_directive') continue;
      if (c.startIndex < from || c.endIndex > to) continue;
      if (c.type === 'template_directive') return { kind: 'other', what: 'a template directive (%{…})', range };
      const inner = named(c);
      if (inner.some((i) => i.type === 'strip_marker'))
        return { kind: 'other', what: 'a template with ~ whitespace stripping', range };
      if (c.startIndex > at) raw.push(this.text.slice(at, c.startIndex));
      const e = inner.find((i) => i.type === 'expression');
      raw.push(
        e === undefined
          ? { kind: 'other', what: 'an empty interpolation', range: rangeOf(c) }
          : this.expr(e, depth + 1),
      );
      at = c.endIndex;
    }
    if (to > at) raw.push(this.text.slice(at, to));
    if (!heredoc && raw.some((p) => typeof p === 'string' && /[\r\n]/.test(p))) {
      // HCL: "Invalid multi-line string; Quoted strings may not be split over multiple lines."
      this.refused.push(range);
      return { kind: 'other', what: 'a quoted string split over several lines, which Terraform refuses', range };
    }
    const literal = heredoc ? (flush ? flushed(raw) : raw) : raw;
    const parts: (string | HclExpr)[] = [];
    for (const p of literal) {
      if (typeof p !== 'string') parts.push(p);
      else {
        const decoded = heredoc ? unescapeMarkers(p) : decodeQuoted(p);
        if (decoded === undefined) {
          this.refused.push(range);
          return { kind: 'other', what: 'an escape that names no Unicode character, which Terraform refuses', range };
        }
        parts.push(decoded);
      }
    }
    if (parts.every((p) => typeof p === 'string')) return { kind: 'string', value: parts.join(''), range };
    return { kind: 'template', parts, range };
  }
}

/** Go's unicode.IsSpace, which HCL's flush rule trims by. */
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const oneSpace = new RegExp(`^[${SPACE}]$`);
const isSpace = (ch: string): boolean => oneSpace.test(ch);
const allSpaces = new RegExp(`^[${SPACE}]*$`);

/**
 * `<<-` heredocs: the smallest indentation of the lines that hold more than spaces is removed from
 * those lines, counted on the literal text (hashicorp/hcl `flushHeredocTemplateParts`): an
 * interpolation at a line's start counts as text. A line of nothing but spaces neither counts nor
 * loses its spaces (HCL leaves such a "blank line" token as it is; Terraform 1.11 gives
 * `"a\\n      \\nb\\n"` for `<<-EOT`, `    a`, `      `, `    b`).
 */
function flushed(parts: readonly (string | HclExpr)[]): (string | HclExpr)[] {
  let min = Infinity;
  let indent = 0;
  let atStart = true;
  for (const p of parts) {
    if (typeof p !== 'string') {
      if (atStart) min = Math.min(min, indent);
      atStart = false;
      continue;
    }
    for (const ch of p) {
      if (ch === '\n') {
        atStart = true;
        indent = 0;
      } else if (atStart && isSpace(ch)) indent++;
      else if (atStart) {
        min = Math.min(min, indent);
        atStart = false;
      }
    }
  }
  if (!Number.isFinite(min) || min === 0) return [...parts];
  atStart = true;
  return parts.map((p) => {
    if (typeof p !== 'string') {
      atStart = false;
      return p;
    }
    const lines = p.split('\n');
    const out = lines.map((line, i) => {
      const lineStart = i > 0 || atStart;
      if (!lineStart) return line;
      const blank = i < lines.length - 1 && allSpaces.test(line);
      if (blank) return line;
      let cut = 0;
      let removed = 0;
      for (const ch of line) {
        if (removed >= min || !isSpace(ch)) break;
        cut += ch.length;
        removed++;
      }
      return line.slice(cut);
    });
    atStart = p.endsWith('\n');
    return out.join('\n');
  });
}
