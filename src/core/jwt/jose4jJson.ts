/**
 * Parse as jose4j 0.9.3's JsonUtil does (org/jose4j/json/JsonUtil.java:57 `parseJson`, which runs
 * its bundled json-simple `JSONParser.parse` with a `DupeKeyDisallowingLinkedHashMap` container,
 * JsonUtil.java:89). Harness reads the token payload, the JOSE header (after org.json) and the key
 * set this way, so what this parser accepts is what Harness accepts — including what strict JSON
 * does not allow:
 *
 * - commas are skipped wherever they appear inside an object or array (JSONParser.java:148 and :215),
 *   so trailing, doubled and missing commas all pass;
 * - colons after a member name are skipped likewise (JSONParser.java:179): none or several pass;
 * - strings may hold raw control characters, and an unknown escape keeps its backslash (Yylex's
 *   `<STRING_BEGIN> \\` rule);
 * - an integer may have leading zeros (`[-]?[0-9]+` → Long.valueOf, BigInteger when too large);
 * - an unterminated string after the value is dropped at end of input (Yylex returns EOF);
 * - a repeated member name fails the whole parse (JsonUtil.java:94), even with the same value.
 *
 * The parser keeps its nesting on an explicit stack, as json-simple's LinkedList does, so any depth
 * parses without recursion. The common case (strict JSON, no repeated names, plain numbers) takes
 * `JSON.parse`, which reads exactly the same value from such text; only the rest pays for this scan.
 */

import { parseLeniently } from './jose4jJsonLenient';

/** A way the text departs from strict JSON that jose4j still reads. */
export type JsonLeniency =
  | 'extra-comma'
  | 'trailing-comma'
  | 'missing-comma'
  | 'missing-colon'
  | 'extra-colon'
  | 'raw-control-character'
  | 'unknown-escape'
  | 'leading-zero'
  | 'unterminated-trailing-string';

/** The Java type json-simple gives a number: Long, Double, or BigInteger for an integer beyond a long. */
export interface JavaNumber {
  kind: 'long' | 'double' | 'big-integer';
  /** The literal as written (for long and big-integer: digits with an optional minus sign). */
  text: string;
}

export type Jose4jJson =
  | {
      ok: true;
      value: Record<string, unknown>;
      leniencies: JsonLeniency[];
      /** Top-level members holding numbers, with their Java type (NumericDate claims depend on it). */
      numbers: Map<string, JavaNumber>;
    }
  | {
      ok: false;
      why: string;
      duplicate?: string;
      /** Valid JSON, but not an object at the root. */ notObject?: boolean;
    };

const MAX_SAFE = 2 ** 53;

/** Strict JSON without repeated names and with plain top-level numbers reads the same through JSON.parse. */
function fastParse(text: string): Jose4jJson | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (memberCount(value) !== colonsOutsideStrings(text)) return undefined;
  const numbers = new Map<string, JavaNumber>();
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'number') continue;
    // Beyond 2^53 the literal's Java type (Long, Double or BigInteger) matters and JSON.parse loses it.
    if (Number.isSafeInteger(v)) numbers.set(name, { kind: 'long', text: String(v) });
    else if (Math.abs(v) < MAX_SAFE && !Number.isInteger(v)) numbers.set(name, { kind: 'double', text: String(v) });
    else return undefined;
  }
  return { ok: true, value: value as Record<string, unknown>, leniencies: [], numbers };
}

/** Members in all objects of a parsed tree, walked without recursion. */
function memberCount(root: object): number {
  let count = 0;
  const pending: object[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const values = Array.isArray(node) ? (node as unknown[]) : Object.values(node);
    if (!Array.isArray(node)) count += values.length;
    for (const v of values as unknown[]) if (v !== null && typeof v === 'object') pending.push(v);
  }
  return count;
}

/** In valid JSON each member has exactly one colon outside strings; fewer members after parsing means a repeated name. */
function colonsOutsideStrings(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x3a) count++;
  }
  return count;
}

export function parseJose4jJson(text: string): Jose4jJson {
  return fastParse(text) ?? parseLeniently(text);
}

/** Plain words for a leniency, for the verdict's warnings. */
export function describeLeniency(l: JsonLeniency): string {
  switch (l) {
    case 'extra-comma':
      return 'a doubled or leading comma';
    case 'trailing-comma':
      return 'a trailing comma';
    case 'missing-comma':
      return 'a missing comma';
    case 'missing-colon':
      return 'a member without a colon';
    case 'extra-colon':
      return 'a doubled colon';
    case 'raw-control-character':
      return 'a raw control character (tab, line feed…) inside a string';
    case 'unknown-escape':
      return 'an unknown backslash escape (kept as a backslash)';
    case 'leading-zero':
      return 'a number with a leading zero';
    case 'unterminated-trailing-string':
      return 'an unterminated string after the end';
  }
}
