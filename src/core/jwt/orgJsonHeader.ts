/**
 * Read the JOSE header as org.json 20231013 does in Harness's `isJWTTokenType`
 * (`new JSONObject(new String(Base64.getUrlDecoder().decode(parts[0]), UTF_8))`, then
 * `header.getString("typ")`). Only what decides Harness's answer is kept: whether the text parses
 * (JSONObject.java:202 constructor, JSONTokener.nextValue/nextString/nextSimpleValue), whether a
 * member name repeats ("Duplicate key", JSONObject.java:234), and the top-level `typ`.
 *
 * org.json is lenient in other places than jose4j: it allows single quotes, unquoted words, `;`
 * between members, a trailing comma, elisions in arrays, any character up to U+0020 as space,
 * and it stops at a NUL character as if the text ended there. It refuses a raw line feed or
 * carriage return in a string and any escape it does not know. It parses recursively; on a deep
 * enough nesting the JVM's stack runs out, and `nextValue` turns the StackOverflowError into a
 * JSONException ("JSON Array or Object depth too large to process.", JSONTokener.java:411),
 * which Harness reports like any unreadable header: 401 INVALID_TOKEN. The depth at which that
 * happens depends on the JVM's thread stack; `ORG_JSON_MAX_DEPTH` is the product's stated bound.
 */
import { javaTrim } from './javaText';

/** Nesting beyond which the product says org.json's recursion exhausts Harness's stack (docs/harness-contract.md). */
export const ORG_JSON_MAX_DEPTH = 2000;

export type OrgJsonHeader =
  | { ok: true; typ: { kind: 'absent' } | { kind: 'string'; value: string } | { kind: 'other'; shown: string } }
  | { ok: false; why: string; kind: 'syntax' | 'duplicate' | 'too-deep' };

class OrgJsonError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'duplicate' | 'too-deep',
  ) {
    super(message);
  }
}

const STOP = ',:]}/\\"[{;=#';
type Value = { kind: 'string'; value: string } | { kind: 'other'; shown: string } | { kind: 'container' };

/**
 * A cursor with JSONTokener's end-of-input rules: `next()` answers NUL at the end and for a NUL
 * character, and sets an `eof` flag that only `back()` clears.
 */
class Tokener {
  private i = 0;
  private eof = false;
  private advanced = false;
  constructor(private readonly s: string) {}

  next(): string {
    if (this.i >= this.s.length) {
      this.eof = true;
      this.advanced = false;
      return '\0';
    }
    const c = this.s[this.i++] ?? '\0';
    this.advanced = true;
    if (c === '\0') this.eof = true;
    return c;
  }

  back(): void {
    if (this.advanced) this.i--;
    this.advanced = false;
    this.eof = false;
  }

  /** JSONTokener.end(): the end (or a NUL) was read and not stepped back from. */
  end(): boolean {
    return this.eof;
  }

  nextClean(): string {
    for (;;) {
      const c = this.next();
      if (c === '\0' || c.charCodeAt(0) > 0x20) return c;
    }
  }

  nextString(quote: string): string {
    let out = '';
    for (;;) {
      const c = this.next();
      if (c === '\0' || c === '\n' || c === '\r') throw new OrgJsonError('Unterminated string', 'syntax');
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.next();
      const simple = ESCAPES[e];
      if (simple !== undefined) out += simple;
      else if (e === 'u') {
        let digits = '';
        for (let k = 0; k < 4; k++) {
          const d = this.next();
          if (this.eof) throw new OrgJsonError('Substring bounds error', 'syntax');
          digits += d;
        }
        // Integer.parseInt(.., 16) also takes a sign.
        if (!/^[+-]?[0-9a-fA-F]+$/.test(digits)) throw new OrgJsonError('Illegal escape.', 'syntax');
        out += String.fromCharCode(parseInt(digits, 16) & 0xffff);
      } else throw new OrgJsonError('Illegal escape.', 'syntax');
    }
  }

  simpleValue(first: string): Value {
    if (first === '"' || first === "'") return { kind: 'string', value: this.nextString(first) };
    let raw = '';
    let c = first;
    while (c.charCodeAt(0) >= 0x20 && !STOP.includes(c)) {
      raw += c;
      c = this.next();
    }
    if (!this.eof) this.back();
    const word = javaTrim(raw);
    if (word === '') throw new OrgJsonError('Missing value', 'syntax');
    const lower = word.toLowerCase();
    if (lower === 'true' || lower === 'false' || lower === 'null' || NUMBER.test(word))
      return { kind: 'other', shown: word };
    return { kind: 'string', value: word };
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
};
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

interface Frame {
  kind: 'object' | 'array';
  names: Set<string>;
  /** Where the frame stands: an object after a member, an array after an element. */
  state: 'start' | 'after-item';
}

export function readHeaderAsOrgJson(text: string): OrgJsonHeader {
  try {
    return { ok: true, typ: parse(new Tokener(text)) };
  } catch (e) {
    if (e instanceof OrgJsonError) return { ok: false, why: e.message, kind: e.kind };
    throw e;
  }
}

type Typ = { kind: 'absent' } | { kind: 'string'; value: string } | { kind: 'other'; shown: string };

/** The recursive descent of JSONObject/JSONArray, unrolled onto an explicit stack. */
function parse(x: Tokener): Typ {
  if (x.nextClean() !== '{') throw new OrgJsonError("A JSONObject text must begin with '{'", 'syntax');
  const stack: Frame[] = [{ kind: 'object', names: new Set(), state: 'start' }];
  let typ: Typ = { kind: 'absent' };
  const open = (c: string): boolean => {
    if (c !== '{' && c !== '[') return false;
    if (stack.length >= ORG_JSON_MAX_DEPTH)
      throw new OrgJsonError('JSON Array or Object depth too large to process.', 'too-deep');
    stack.push({ kind: c === '{' ? 'object' : 'array', names: new Set(), state: 'start' });
    return true;
  };
  for (let f = stack.at(-1); f !== undefined; f = stack.at(-1)) {
    if (f.kind === 'object') {
      if (f.state === 'after-item') {
        const sep = x.nextClean();
        if (sep === '}') {
          stack.pop();
          continue;
        }
        if (sep !== ',' && sep !== ';') throw new OrgJsonError("Expected a ',' or '}'", 'syntax');
        if (x.nextClean() === '}') {
          stack.pop();
          continue;
        }
        if (x.end()) throw new OrgJsonError("A JSONObject text must end with '}'", 'syntax');
        x.back();
      }
      const c = x.nextClean();
      if (c === '\0') throw new OrgJsonError("A JSONObject text must end with '}'", 'syntax');
      if (c === '}' && f.state === 'start') {
        stack.pop();
        continue;
      }
      if (c === '}') throw new OrgJsonError('Missing value', 'syntax');
      const key = x.simpleValue(c);
      const name = key.kind === 'string' ? key.value : key.kind === 'other' ? key.shown : '';
      if (x.nextClean() !== ':') throw new OrgJsonError("Expected a ':' after a key", 'syntax');
      if (f.names.has(name)) throw new OrgJsonError(`Duplicate key "${name}"`, 'duplicate');
      f.names.add(name);
      f.state = 'after-item';
      const v = x.nextClean();
      if (open(v)) {
        if (stack.length === 2 && name === 'typ') typ = { kind: 'other', shown: v === '{' ? 'an object' : 'an array' };
        continue;
      }
      const value = x.simpleValue(v);
      if (stack.length === 1 && name === 'typ')
        typ = value.kind === 'string' ? value : { kind: 'other', shown: value.kind === 'other' ? value.shown : '' };
      continue;
    }
    // An array: elements, with a bare comma standing for null.
    if (f.state === 'start') {
      const first = x.nextClean();
      if (first === '\0') throw new OrgJsonError("Expected a ',' or ']'", 'syntax');
      if (first === ']') {
        stack.pop();
        continue;
      }
      x.back();
    } else {
      const sep = x.nextClean();
      if (sep === ']') {
        stack.pop();
        continue;
      }
      if (sep !== ',') throw new OrgJsonError("Expected a ',' or ']'", 'syntax');
      const after = x.nextClean();
      if (after === '\0') throw new OrgJsonError("Expected a ',' or ']'", 'syntax');
      if (after === ']') {
        stack.pop();
        continue;
      }
      x.back();
    }
    f.state = 'after-item';
    const c = x.nextClean();
    if (c === ',') {
      x.back();
      continue;
    }
    if (!open(c)) x.simpleValue(c);
  }
  return typ;
}
