/**
 * The general case of jose4j's JsonUtil.parseJson (see jose4jJson.ts): json-simple's Yylex tokens
 * read by a state machine like its JSONParser (org/jose4j/json/internal/json_simple/parser/
 * JSONParser.java:111), nesting kept on an explicit stack, every leniency recorded on the way.
 */
import type { JavaNumber, Jose4jJson, JsonLeniency } from './jose4jJson';

type Token = { t: 'value'; v: unknown; num?: JavaNumber } | { t: '{' | '}' | '[' | ']' | ',' | ':' | 'eof' };

class ParseFailure extends Error {}

interface Frame {
  container: Record<string, unknown> | unknown[];
  /** What came last in this container: its opening, a comma, or a complete member/element. */
  last: 'open' | 'comma' | 'item';
  /** In an object: the name read and waiting for its value, and how many colons followed it. */
  key?: string;
  colons: number;
}

const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/** Reads the token stream the way json-simple's Yylex + JSONParser do, recording every leniency. */
class LenientParser {
  private pos = 0;
  private readonly leniencies = new Set<JsonLeniency>();

  constructor(private readonly text: string) {}

  parse(): Jose4jJson {
    try {
      return this.run();
    } catch (e) {
      if (e instanceof ParseFailure) {
        const duplicate = /^repeated member "(.*)"$/s.exec(e.message)?.[1];
        return duplicate !== undefined ? { ok: false, why: e.message, duplicate } : { ok: false, why: e.message };
      }
      throw e;
    }
  }

  private run(): Jose4jJson {
    const first = this.next();
    if (first.t === 'value') {
      this.expectEnd();
      return { ok: false, notObject: true, why: first.v === null ? 'is null' : 'is a single value' };
    }
    if (first.t === '[') {
      this.readContainer({ container: [], last: 'open', colons: 0 });
      return { ok: false, notObject: true, why: 'is an array' };
    }
    if (first.t !== '{')
      throw new ParseFailure(first.t === 'eof' ? 'there is no JSON at all' : `unexpected "${first.t}" at the start`);
    const root: Record<string, unknown> = {};
    const numbers = new Map<string, JavaNumber>();
    this.readContainer({ container: root, last: 'open', colons: 0 }, numbers);
    return { ok: true, value: root, leniencies: [...this.leniencies], numbers };
  }

  /** Reads until `start` closes; nested containers go on an explicit stack, never the call stack. */
  private readContainer(start: Frame, topNumbers?: Map<string, JavaNumber>): void {
    const stack: Frame[] = [start];
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) break;
      const tok = this.next();
      const isObject = !Array.isArray(frame.container);
      if (isObject && frame.key !== undefined) {
        if (tok.t === ':') {
          frame.colons++;
          continue;
        }
        if (frame.colons === 0) this.leniencies.add('missing-colon');
        else if (frame.colons > 1) this.leniencies.add('extra-colon');
        const key = frame.key;
        frame.key = undefined;
        if (tok.t === 'value') {
          this.put(frame, key, tok.v);
          if (stack.length === 1 && topNumbers && tok.num) topNumbers.set(key, tok.num);
        } else if (tok.t === '{' || tok.t === '[') {
          const child = tok.t === '{' ? {} : [];
          this.put(frame, key, child);
          stack.push({ container: child, last: 'open', colons: 0 });
        } else throw new ParseFailure(`expected the value of "${key}", found ${describe(tok)}`);
        continue;
      }
      if (tok.t === ',') {
        if (frame.last !== 'item') this.leniencies.add('extra-comma');
        frame.last = 'comma';
        continue;
      }
      const closer = isObject ? '}' : ']';
      if (tok.t === closer) {
        if (frame.last === 'comma') this.leniencies.add('trailing-comma');
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) parent.last = 'item';
        continue;
      }
      if (frame.last === 'item') this.leniencies.add('missing-comma');
      if (isObject) {
        if (tok.t !== 'value' || typeof tok.v !== 'string')
          throw new ParseFailure(`expected a member name, found ${describe(tok)}`);
        frame.key = tok.v;
        frame.colons = 0;
        continue;
      }
      const list = frame.container as unknown[];
      frame.last = 'item';
      if (tok.t === 'value') list.push(tok.v);
      else if (tok.t === '{' || tok.t === '[') {
        const child = tok.t === '{' ? {} : [];
        list.push(child);
        stack.push({ container: child, last: 'open', colons: 0 });
      } else throw new ParseFailure(`unexpected ${describe(tok)} in an array`);
    }
    this.expectEnd();
  }

  private put(frame: Frame, key: string, value: unknown): void {
    const obj = frame.container as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(obj, key)) throw new ParseFailure(`repeated member "${key}"`);
    // defineProperty, so that a member named "__proto__" is data, as JSON.parse makes it.
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
    frame.last = 'item';
  }

  private expectEnd(): void {
    const tok = this.next();
    if (tok.t !== 'eof') throw new ParseFailure(`unexpected ${describe(tok)} after the end of the JSON`);
  }

  private next(): Token {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
    if (this.pos >= s.length) return { t: 'eof' };
    const ch = s[this.pos] ?? '';
    switch (ch) {
      case '{':
      case '}':
      case '[':
      case ']':
      case ',':
      case ':':
        this.pos++;
        return { t: ch };
      case '"':
        return this.string();
    }
    for (const [word, v] of WORDS) {
      if (s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return { t: 'value', v };
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(s);
    if (m) return this.number(m);
    throw new ParseFailure(`unexpected character ${JSON.stringify(ch)} at offset ${this.pos}`);
  }

  private number(m: RegExpExecArray): Token {
    const [literal, intPart = '', fraction, exponent] = m;
    this.pos += literal.length;
    if (/^-?0\d/.test(intPart)) this.leniencies.add('leading-zero');
    if (fraction === undefined && exponent === undefined) {
      const n = BigInt(intPart);
      const kind = n > LONG_MAX || n < LONG_MIN ? 'big-integer' : 'long';
      return { t: 'value', v: Number(intPart), num: { kind, text: intPart } };
    }
    return { t: 'value', v: Number(literal), num: { kind: 'double', text: literal } };
  }

  private string(): Token {
    const s = this.text;
    let i = this.pos + 1;
    let out = '';
    let runStart = i;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        out += s.slice(runStart, i);
        this.pos = i + 1;
        return { t: 'value', v: out };
      }
      if (c < 0x20) this.leniencies.add('raw-control-character');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += s.slice(runStart, i);
      const e = s[i + 1];
      const simple = e === undefined ? undefined : ESCAPES[e];
      const hex = e === 'u' ? HEX4.exec(s.slice(i + 2, i + 6)) : null;
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (hex) {
        out += String.fromCharCode(parseInt(hex[0], 16));
        i += 6;
      } else {
        // A lone backslash is kept as it is and what follows is read as ordinary text.
        this.leniencies.add('unknown-escape');
        out += '\\';
        i += 1;
      }
      runStart = i;
    }
    // End of input inside a string: the lexer reports the end, and the string is lost.
    this.pos = s.length;
    this.leniencies.add('unterminated-trailing-string');
    return { t: 'eof' };
  }
}

const WORDS: [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];
const NUMBER = /(-?[0-9]+)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}/;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function describe(tok: Token): string {
  if (tok.t === 'eof') return 'the end of the text';
  if (tok.t === 'value') return typeof tok.v === 'string' ? 'a string' : `the value ${String(tok.v)}`;
  return `"${tok.t}"`;
}

export function parseLeniently(text: string): Jose4jJson {
  return new LenientParser(text).parse();
}
