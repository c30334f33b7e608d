/**
 * Tiny runtime guards for JSON at the API boundary (no schema library: the shapes are few and a
 * hand-written guard names the exact path that broke). A guard returns the value typed, or throws
 * `ShapeMismatch` with a path like `data[3].setting.valueType`; the transport turns that into a
 * `HarnessShapeError` carrying the request.
 *
 * Objects are checked field by field and rebuilt with only the declared fields, so an unexpected
 * extra field from Harness is ignored rather than leaking into the UI; a missing or mistyped
 * declared field fails.
 */

export type Guard<T> = (value: unknown, path: string) => T;

export class ShapeMismatch extends Error {
  override readonly name = 'ShapeMismatch';
  constructor(readonly path: string, readonly expected: string, readonly actual: string) {
    super(`${path}: expected ${expected}, got ${actual}`);
  }
}

export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case 'number':
    case 'boolean':
      return `a ${typeof value} (${String(value)})`;
    default:
      return `a ${typeof value}`;
  }
}

function fail(path: string, expected: string, value: unknown): never {
  throw new ShapeMismatch(path || '(body)', expected, describe(value));
}

export const str: Guard<string> = (v, p) => (typeof v === 'string' ? v : fail(p, 'a string', v));
export const num: Guard<number> = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(p, 'a number', v));
export const bool: Guard<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'a boolean', v));
export const unknownValue: Guard<unknown> = (v) => v;

/**
 * Absent or null is allowed (Jackson may omit nulls or write them) and both come out as
 * `undefined`, so optional fields read the same whichever Harness sends; present values must pass `g`.
 */
export function opt<T>(g: Guard<T>): Guard<T | undefined> {
  return (v, p) => (v === undefined || v === null ? undefined : g(v, p));
}

/** Present but possibly null: the field must exist. */
export function nullable<T>(g: Guard<T>): Guard<T | null> {
  return (v, p) => (v === null ? null : v === undefined ? fail(p, 'present (null allowed)', v) : g(v, p));
}

export function arrayOf<T>(g: Guard<T>): Guard<T[]> {
  return (v, p) => (Array.isArray(v) ? v.map((item: unknown, i) => g(item, `${p}[${i}]`)) : fail(p, 'an array', v));
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const record: Guard<Record<string, unknown>> = (v, p) => (isRecord(v) ? v : fail(p, 'an object', v));

/** A JSON object whose values are all strings (Harness `tags`). */
export const stringMap: Guard<Record<string, string>> = (v, p) => {
  const r = record(v, p);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(r)) out[k] = str(val, `${p}.${k}`);
  return out;
};

type Shape = Record<string, Guard<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

export function object<S extends Shape>(shape: S): Guard<Out<S>> {
  return (v, p) => {
    const r = record(v, p);
    const out: Record<string, unknown> = {};
    for (const [key, g] of Object.entries(shape)) {
      const value = g(r[key], p ? `${p}.${key}` : key);
      if (value !== undefined) out[key] = value;
    }
    return out as Out<S>;
  };
}

/** Runs a guard from the root of a body; the path starts empty so messages read `data[0].x`. */
export function check<T>(g: Guard<T>, value: unknown): T {
  return g(value, '');
}
