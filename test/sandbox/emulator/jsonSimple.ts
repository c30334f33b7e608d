/**
 * jose4j's JsonUtil.parseJson, for the emulator: the bundled json-simple JSONParser
 * (org/jose4j/json/internal/json_simple/parser/JSONParser.java:69) driven by its Yylex lexer, with
 * jose4j's DupeKeyDisallowingLinkedHashMap (JsonUtil.java:89). Written as the Java is written — a
 * status stack and a value stack — and independently of src/core/jwt.
 */

export type SimpleJson =
  | { ok: true; value: Record<string, unknown>; literals: Map<string, string>; lenient: boolean }
  | { ok: false; detail: string };

const enum Status {
  Init,
  FinishedValue,
  InObject,
  InArray,
  PassedPairKey,
}

type Tok =
  | { type: 'value'; value: unknown; literal?: string }
  | { type: 'lbrace' | 'rbrace' | 'lsquare' | 'rsquare' | 'comma' | 'colon' | 'eof' };

class JsonSimpleError extends Error {}

/** Yylex: the YYINITIAL and STRING_BEGIN states of json-simple's lexer. */
class Yylex {
  private p = 0;
  lenient = false;
  constructor(private readonly s: string) {}

  yylex(): Tok {
    const s = this.s;
    for (;;) {
      if (this.p >= s.length) return { type: 'eof' };
      const c = s.charAt(this.p);
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.p++;
        continue;
      }
      const single: Record<string, Tok['type']> = {
        '{': 'lbrace',
        '}': 'rbrace',
        '[': 'lsquare',
        ']': 'rsquare',
        ',': 'comma',
        ':': 'colon',
      };
      const type = single[c];
      if (type !== undefined) {
        this.p++;
        return { type } as Tok;
      }
      if (c === '"') return this.stringBegin();
      for (const [word, value] of [
        ['true', true],
        ['false', false],
        ['null', null],
      ] as const) {
        if (s.startsWith(word, this.p)) {
          this.p += word.length;
          return { type: 'value', value };
        }
      }
      // INT = -?[0-9]+ and DOUBLE = INT((\.[0-9]+)?([eE][-+]?[0-9]+)?), longest match.
      const m = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/.exec(s.substring(this.p, this.p + 4096));
      if (m) {
        this.p += m[0].length;
        if (/^-?0[0-9]/.test(m[0])) this.lenient = true;
        return { type: 'value', value: Number(m[0]), literal: m[0] };
      }
      throw new JsonSimpleError(`Unexpected character (${c}) at position ${this.p}.`);
    }
  }

  private stringBegin(): Tok {
    const s = this.s;
    let sb = '';
    this.p++;
    while (this.p < s.length) {
      const c = s.charAt(this.p);
      if (c === '"') {
        this.p++;
        return { type: 'value', value: sb };
      }
      if (c !== '\\') {
        if (c.charCodeAt(0) < 0x20) this.lenient = true;
        sb += c;
        this.p++;
        continue;
      }
      const n = s[this.p + 1];
      const map: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (n !== undefined && map[n] !== undefined) {
        sb += map[n];
        this.p += 2;
      } else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(s.substring(this.p + 2, this.p + 6))) {
        sb += String.fromCharCode(Number.parseInt(s.substring(this.p + 2, this.p + 6), 16));
        this.p += 6;
      } else {
        // <STRING_BEGIN> \\ { sb.append('\\'); }
        this.lenient = true;
        sb += '\\';
        this.p++;
      }
    }
    // No <<EOF>> rule: the lexer answers end of input and the open string is forgotten.
    this.lenient = true;
    return { type: 'eof' };
  }
}

export function parseJsonSimple(text: string): SimpleJson {
  const lexer = new Yylex(text);
  const statusStack: Status[] = [];
  const valueStack: unknown[] = [];
  const literals = new Map<string, string>();
  let status: Status = Status.Init;
  let lenient = false;
  /** What came last in each open container, to notice the commas and colons json-simple skips. */
  const lastStack: string[] = [];
  const put = (parent: Record<string, unknown>, key: string, value: unknown, literal?: string): void => {
    if (Object.prototype.hasOwnProperty.call(parent, key))
      throw new JsonSimpleError(`An entry for '${key}' already exists. Names must be unique.`);
    Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
    if (literal !== undefined && valueStack.length === 1) literals.set(key, literal);
  };
  const error = (tok: Tok): never => {
    throw new JsonSimpleError(`Unexpected token ${tok.type} in state ${String(status)}`);
  };
  try {
    for (;;) {
      const tok = lexer.yylex();
      const last = lastStack[lastStack.length - 1];
      switch (status) {
        case Status.Init:
          if (tok.type === 'value') {
            status = Status.FinishedValue;
            valueStack.unshift(tok.value);
          } else if (tok.type === 'lbrace' || tok.type === 'lsquare') {
            status = tok.type === 'lbrace' ? Status.InObject : Status.InArray;
            statusStack.unshift(status);
            valueStack.unshift(tok.type === 'lbrace' ? {} : []);
            lastStack.push('open');
          } else error(tok);
          break;
        case Status.FinishedValue:
          if (tok.type !== 'eof') error(tok);
          if (lexer.lenient || lenient) lenient = true;
          return finish(valueStack[0], literals, lenient);
        case Status.InObject:
        case Status.InArray: {
          const inObject: boolean = status === Status.InObject;
          if (tok.type === 'comma') {
            if (last !== 'item') lenient = true;
            lastStack[lastStack.length - 1] = 'comma';
          } else if (tok.type === (inObject ? 'rbrace' : 'rsquare')) {
            if (last === 'comma') lenient = true;
            lastStack.pop();
            if (valueStack.length > 1) {
              statusStack.shift();
              valueStack.shift();
              status = statusStack[0] ?? Status.Init;
              lastStack[lastStack.length - 1] = 'item';
            } else status = Status.FinishedValue;
          } else if (inObject) {
            if (tok.type !== 'value' || typeof tok.value !== 'string') error(tok);
            if (last === 'item') lenient = true;
            valueStack.unshift((tok as { value: string }).value);
            status = Status.PassedPairKey;
            statusStack.unshift(status);
            lastStack.push('key');
          } else {
            if (last === 'item') lenient = true;
            lastStack[lastStack.length - 1] = 'item';
            const list = valueStack[0] as unknown[];
            if (tok.type === 'value') list.push(tok.value);
            else if (tok.type === 'lbrace' || tok.type === 'lsquare') {
              const child = tok.type === 'lbrace' ? {} : [];
              list.push(child);
              status = tok.type === 'lbrace' ? Status.InObject : Status.InArray;
              statusStack.unshift(status);
              valueStack.unshift(child);
              lastStack.push('open');
            } else error(tok);
          }
          break;
        }
        case Status.PassedPairKey: {
          if (tok.type === 'colon') {
            lastStack[lastStack.length - 1] = last === 'key' ? 'colon' : 'colons';
            break;
          }
          if (last !== 'colon') lenient = true;
          lastStack.pop();
          if (tok.type !== 'value' && tok.type !== 'lbrace' && tok.type !== 'lsquare') error(tok);
          statusStack.shift();
          const key = valueStack.shift() as string;
          const parent = valueStack[0] as Record<string, unknown>;
          lastStack[lastStack.length - 1] = 'item';
          if (tok.type === 'value') {
            put(parent, key, tok.value, tok.literal);
            status = statusStack[0] ?? Status.Init;
          } else {
            const child = tok.type === 'lbrace' ? {} : [];
            put(parent, key, child);
            status = tok.type === 'lbrace' ? Status.InObject : Status.InArray;
            statusStack.unshift(status);
            valueStack.unshift(child);
            lastStack.push('open');
          }
          break;
        }
      }
      if (tok.type === 'eof' && status !== Status.FinishedValue) throw new JsonSimpleError('Unexpected end of input');
    }
  } catch (e) {
    if (e instanceof JsonSimpleError) return { ok: false, detail: e.message };
    throw e;
  }
}

function finish(value: unknown, literals: Map<string, string>, lenient: boolean): SimpleJson {
  if (value === null) return { ok: false, detail: 'Parsing returned null' };
  if (typeof value !== 'object' || Array.isArray(value))
    return { ok: false, detail: 'Expecting a JSON object at the root' };
  return { ok: true, value: value as Record<string, unknown>, literals, lenient };
}
