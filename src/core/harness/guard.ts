/**
 * The vocabulary of the response schemas (valibot, tree-shaken into the bundles) and the one check
 * where JSON enters: `check` returns the value typed, or throws `ShapeMismatch` naming the path of
 * the first mismatch, like `data[3].setting.valueType`; the transport turns that into a
 * `HarnessShapeError` carrying the request.
 *
 * Objects are rebuilt with only their declared fields, so an unexpected extra field from Harness
 * is ignored rather than leaking into the UI; a missing or mistyped declared field fails. Each
 * schema's message is the "expected" half of the mismatch ("a string").
 */
import * as v from 'valibot';

/** A schema whose output is `T` (its input is whatever JSON arrived). */
export type Guard<T> = v.GenericSchema<unknown, T>;

export class ShapeMismatch extends Error {
  override readonly name = 'ShapeMismatch';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly actual: string,
  ) {
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const str = v.string('a string');
export const num = v.pipe(v.number('a number'), v.finite('a number'));
export const bool = v.boolean('a boolean');
export const unknownValue = v.unknown();
export const record = v.record(v.string(), v.unknown(), 'an object');
/** A JSON object whose values are all strings (Harness `tags`). */
export const stringMap = v.record(v.string(), str, 'an object');

/**
 * Absent or null is allowed (Jackson may omit nulls or write them) and both come out as
 * `undefined`, so optional fields read the same whichever Harness sends; present values must pass.
 */
export function opt<S extends v.GenericSchema>(schema: S) {
  return v.optional(
    v.pipe(
      v.nullable(schema),
      v.transform((x) => x ?? undefined),
    ),
  );
}

/** Present but possibly null: the field must exist. */
export function nullable<S extends v.GenericSchema>(schema: S) {
  return v.nullable(schema);
}

export function arrayOf<S extends v.GenericSchema>(item: S) {
  return v.array(item, 'an array');
}

/** Only the declared fields survive, and a field that came out `undefined` is left out, not kept empty. */
export function object<E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.object(entries, 'an object'),
    v.transform((o) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as typeof o),
  );
}

/** `data[3].setting.valueType` from valibot's path; empty at the root. */
function pathText(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    out += typeof key === 'number' ? `[${String(key)}]` : out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Runs a schema from the root of a body; mismatches name their path from there. */
export function check<T>(schema: Guard<T>, value: unknown): T {
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  const [issue] = result.issues;
  throw new ShapeMismatch(pathText(issue) || '(body)', issue.message, describe(issue.input));
}
