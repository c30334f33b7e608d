/**
 * JSON text for values that came from outside (token headers and claims, key sets), without
 * recursion. `JSON.stringify` recurses once per nesting level and throws "Maximum call stack size
 * exceeded" on a payload nested a few thousand deep, which `JSON.parse` (and Harness's jose4j
 * parser) read without complaint; these walks keep their own stack, so depth costs heap, not stack.
 */

type Container = unknown[] | Record<string, unknown>;

interface Frame {
  container: Container;
  /** Member names of an object, in `Object.keys` order; undefined for an array. */
  keys: string[] | undefined;
  next: number;
  depth: number;
  /** Whether this container is laid out on several lines. */
  pretty: boolean;
  /** Whether a member has been written yet (objects skip undefined members). */
  wrote: boolean;
}

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

/** What JSON.stringify would do with `toJSON` (dates in verdicts and reports). */
function jsonValue(v: unknown, key: string): unknown {
  if (isContainer(v) && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return (v as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  return v;
}

/** Values JSON leaves out of objects (and writes as null in arrays). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function scalarText(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'bigint') return v.toString();
  // JSON.stringify answers undefined for what JSON cannot hold, whatever its typing says.
  const text: unknown = JSON.stringify(v);
  return typeof text === 'string' ? text : 'null';
}

export interface JsonTextOptions {
  /** Spaces per level, as the third argument of JSON.stringify. Default 2. */
  indent?: number;
  /**
   * Containers nested deeper than this are written on one line: the value stays the same, but a
   * payload nested 5,000 deep prints in kilobytes instead of the 25 MB of its indentation.
   */
  prettyDepth?: number;
}

/**
 * `JSON.stringify(value, null, indent)` for plain data (objects, arrays, strings, numbers,
 * booleans, null, `toJSON`), for any depth.
 */
export function jsonText(value: unknown, options: JsonTextOptions = {}): string {
  const indent = ' '.repeat(Math.max(0, Math.min(10, options.indent ?? 2)));
  const prettyDepth = options.prettyDepth ?? 32;
  const out: string[] = [];
  const stack: Frame[] = [];
  const newline = (depth: number): string => `\n${indent.repeat(depth)}`;

  const write = (raw: unknown, key: string, depth: number): void => {
    const v = jsonValue(raw, key);
    if (!isContainer(v)) {
      out.push(omitted(v) ? 'null' : scalarText(v));
      return;
    }
    const keys = Array.isArray(v) ? undefined : Object.keys(v);
    const size = keys === undefined ? (v as unknown[]).length : keys.length;
    if (size === 0) {
      out.push(keys === undefined ? '[]' : '{}');
      return;
    }
    out.push(keys === undefined ? '[' : '{');
    stack.push({ container: v, keys, next: 0, depth, pretty: indent !== '' && depth < prettyDepth, wrote: false });
  };

  if (omitted(jsonValue(value, ''))) return 'undefined';
  write(value, '', 0);
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    const size = top.keys === undefined ? (top.container as unknown[]).length : top.keys.length;
    if (top.next >= size) {
      stack.pop();
      if (top.keys !== undefined && !top.wrote) out.push('}');
      else {
        if (top.pretty) out.push(newline(top.depth));
        out.push(top.keys === undefined ? ']' : '}');
      }
      continue;
    }
    const index = top.next++;
    const name = top.keys === undefined ? String(index) : (top.keys[index] ?? '');
    const child =
      top.keys === undefined ? (top.container as unknown[])[index] : (top.container as Record<string, unknown>)[name];
    if (top.keys !== undefined && omitted(jsonValue(child, name))) continue;
    if (top.wrote) out.push(',');
    top.wrote = true;
    if (top.pretty) out.push(newline(top.depth + 1));
    if (top.keys !== undefined) out.push(`${JSON.stringify(name)}:${top.pretty ? ' ' : ''}`);
    write(child, name, top.depth + 1);
  }
  return out.join('');
}

export interface JsonPreviewOptions {
  /** Longest text returned, "…" included. Default 200. */
  maxChars?: number;
  /** Containers deeper than this show as `[…]` / `{…}`. Default 8. */
  maxDepth?: number;
}

/**
 * One-line JSON text of a value for a message, a hover cell or a CLI line: stops after
 * `maxChars` and shows deep containers as `[…]`, so neither a deep nor a huge value costs more
 * than the few characters anyone reads. Non-finite numbers show as `Infinity` (JSON would say null).
 */
export function jsonPreview(value: unknown, options: JsonPreviewOptions = {}): string {
  const maxChars = Math.max(2, options.maxChars ?? 200);
  const maxDepth = options.maxDepth ?? 8;
  if (value === undefined) return 'undefined';
  const out: string[] = [];
  let length = 0;
  const emit = (s: string): void => {
    out.push(s);
    length += s.length;
  };
  const stack: Frame[] = [];
  const write = (v: unknown, depth: number): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) emit(String(v));
    // Only the start of a long string can be shown; do not quote all of it first.
    else if (typeof v === 'string') emit(JSON.stringify(v.length > maxChars ? v.slice(0, maxChars) : v));
    else if (!isContainer(v)) emit(omitted(v) ? 'null' : scalarText(v));
    else if (depth >= maxDepth) emit(Array.isArray(v) ? '[…]' : '{…}');
    else open(v, depth);
  };
  const open = (v: Container, depth: number): void => {
    const keys = Array.isArray(v) ? undefined : Object.keys(v);
    emit(keys === undefined ? '[' : '{');
    stack.push({ container: v, keys, next: 0, depth, pretty: false, wrote: false });
  };
  write(value, 0);
  for (let top = stack.at(-1); top !== undefined && length <= maxChars; top = stack.at(-1)) {
    const size = top.keys === undefined ? (top.container as unknown[]).length : top.keys.length;
    if (top.next >= size) {
      stack.pop();
      emit(top.keys === undefined ? ']' : '}');
      continue;
    }
    const index = top.next++;
    if (index > 0) emit(',');
    if (top.keys === undefined) write((top.container as unknown[])[index], top.depth + 1);
    else {
      const name = top.keys[index] ?? '';
      emit(`${JSON.stringify(name.length > maxChars ? name.slice(0, maxChars) : name)}:`);
      write((top.container as Record<string, unknown>)[name], top.depth + 1);
    }
  }
  const text = out.join('');
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
