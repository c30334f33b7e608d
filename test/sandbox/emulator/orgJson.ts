/**
 * org.json 20231013 as Harness's isJWTTokenType uses it: `new JSONObject(headerText)` then
 * `getString("typ")`. Recursive like JSONObject/JSONArray/JSONTokener.nextValue; the JVM's stack
 * overflow, which nextValue turns into a JSONException, is stood in for by a depth bound that
 * docs/harness-contract.md states (2,000 nested objects or arrays). Independent of src/core/jwt.
 */

export const ORG_JSON_DEPTH_LIMIT = 2000;

/** Java's String.trim: code units up to U+0020 only. */
function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}

export class OrgJsonException extends Error {}

type OrgValue = string | number | boolean | null | { object: Map<string, OrgValue> } | { array: OrgValue[] };

class JSONTokener {
  private index = 0;
  private usePrevious = false;
  private previous = '\0';
  eof = false;

  constructor(private readonly source: string) {}

  next(): string {
    let c: string;
    if (this.usePrevious) {
      this.usePrevious = false;
      c = this.previous;
    } else {
      c = this.index < this.source.length ? this.source.charAt(this.index++) : '\0';
    }
    if (c === '\0') {
      this.eof = true;
      return '\0';
    }
    this.previous = c;
    return c;
  }

  back(): void {
    this.usePrevious = true;
    this.eof = false;
  }

  end(): boolean {
    return this.eof && !this.usePrevious;
  }

  nextClean(): string {
    for (;;) {
      const c = this.next();
      if (c === '\0' || c > ' ') return c;
    }
  }

  nextString(quote: string): string {
    let sb = '';
    for (;;) {
      let c = this.next();
      if (c === '\0' || c === '\n' || c === '\r') throw new OrgJsonException('Unterminated string');
      if (c === '\\') {
        c = this.next();
        if (c === 'b') sb += '\b';
        else if (c === 't') sb += '\t';
        else if (c === 'n') sb += '\n';
        else if (c === 'f') sb += '\f';
        else if (c === 'r') sb += '\r';
        else if (c === 'u') {
          let four = '';
          for (let i = 0; i < 4; i++) {
            four += this.next();
            if (this.end()) throw new OrgJsonException('Substring bounds error');
          }
          if (!/^[-+]?[0-9a-fA-F]+$/.test(four)) throw new OrgJsonException('Illegal escape.');
          sb += String.fromCharCode(Number.parseInt(four, 16) & 0xffff);
        } else if (c === '"' || c === "'" || c === '\\' || c === '/') sb += c;
        else throw new OrgJsonException('Illegal escape.');
      } else if (c === quote) return sb;
      else sb += c;
    }
  }

  nextValue(depth: number): OrgValue {
    const c = this.nextClean();
    if (c === '{' || c === '[') {
      if (depth >= ORG_JSON_DEPTH_LIMIT) throw new OrgJsonException('JSON Array or Object depth too large to process.');
      this.back();
      return c === '{' ? { object: readObject(this, depth + 1) } : { array: readArray(this, depth + 1) };
    }
    return this.nextSimpleValue(c);
  }

  nextSimpleValue(first: string): OrgValue {
    if (first === '"' || first === "'") return this.nextString(first);
    let sb = '';
    let c = first;
    while (c >= ' ' && !',:]}/\\"[{;=#'.includes(c)) {
      sb += c;
      c = this.next();
    }
    if (!this.eof) this.back();
    const s = javaTrim(sb);
    if (s === '') throw new OrgJsonException('Missing value');
    if (/^true$/i.test(s)) return true;
    if (/^false$/i.test(s)) return false;
    if (/^null$/i.test(s)) return null;
    if (/^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
    return s;
  }
}

function readObject(x: JSONTokener, depth: number): Map<string, OrgValue> {
  const map = new Map<string, OrgValue>();
  if (x.nextClean() !== '{') throw new OrgJsonException("A JSONObject text must begin with '{'");
  for (;;) {
    const c = x.nextClean();
    if (c === '\0') throw new OrgJsonException("A JSONObject text must end with '}'");
    if (c === '}') return map;
    const keyValue = x.nextSimpleValue(c);
    const key = typeof keyValue === 'string' ? keyValue : keyValue === null ? 'null' : JSON.stringify(keyValue);
    if (x.nextClean() !== ':') throw new OrgJsonException("Expected a ':' after a key");
    if (map.has(key)) throw new OrgJsonException(`Duplicate key "${key}"`);
    map.set(key, x.nextValue(depth));
    const sep = x.nextClean();
    if (sep === ';' || sep === ',') {
      if (x.nextClean() === '}') return map;
      if (x.end()) throw new OrgJsonException("A JSONObject text must end with '}'");
      x.back();
    } else if (sep === '}') return map;
    else throw new OrgJsonException("Expected a ',' or '}'");
  }
}

function readArray(x: JSONTokener, depth: number): OrgValue[] {
  const list: OrgValue[] = [];
  if (x.nextClean() !== '[') throw new OrgJsonException("A JSONArray text must start with '['");
  let nextChar = x.nextClean();
  if (nextChar === '\0') throw new OrgJsonException("Expected a ',' or ']'");
  if (nextChar === ']') return list;
  x.back();
  for (;;) {
    if (x.nextClean() === ',') {
      x.back();
      list.push(null);
    } else {
      x.back();
      list.push(x.nextValue(depth));
    }
    const sep = x.nextClean();
    if (sep === ']') return list;
    if (sep !== ',') throw new OrgJsonException("Expected a ',' or ']'");
    nextChar = x.nextClean();
    if (nextChar === '\0') throw new OrgJsonException("Expected a ',' or ']'");
    if (nextChar === ']') return list;
    x.back();
  }
}

/** `new JSONObject(text).getString("typ")`: the typ string, undefined when absent or not a string; throws OrgJsonException. */
export function orgJsonTyp(text: string): { typ: string | undefined } {
  const object = readObject(new JSONTokener(text), 1);
  const typ = object.get('typ');
  return { typ: typeof typ === 'string' ? typ : undefined };
}
