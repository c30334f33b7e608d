/**
 * Seeded mutations of valid tokens and key sets for the differential fuzz test: the text of JSON is
 * bent where Harness's parsers are lenient or strict (commas, colons, duplicates, whitespace,
 * escapes, numbers, nesting), base64 segments change alphabet and gain whitespace or padding, and
 * header members, claims and key members take the values jose4j treats specially. Issue 24 adds the
 * Authorization scheme, what Jetty does to the bytes of the header, and the key parameters the JDK
 * refuses or reads in its own way.
 */

/** mulberry32: small, seeded, the same sequence on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Picker {
  constructor(readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** Offsets of a character outside JSON strings. */
function structural(text: string, ch: string): number[] {
  const at: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ch) at.push(i);
  }
  return at;
}

function replaceAt(text: string, i: number, length: number, insert: string): string {
  return text.slice(0, i) + insert + text.slice(i + length);
}

type JsonMutation = (text: string, p: Picker) => string;

const JSON_MUTATIONS: Record<string, JsonMutation> = {
  trailingComma: (t) => t.replace(/}\s*$/, ',}'),
  doubleComma: (t, p) => {
    const at = structural(t, ',');
    return at.length === 0 ? t : replaceAt(t, p.pick(at), 1, ',,');
  },
  dropComma: (t, p) => {
    const at = structural(t, ',');
    return at.length === 0 ? t : replaceAt(t, p.pick(at), 1, ' ');
  },
  dropColon: (t, p) => {
    const at = structural(t, ':');
    return at.length === 0 ? t : replaceAt(t, p.pick(at), 1, ' ');
  },
  doubleColon: (t, p) => {
    const at = structural(t, ':');
    return at.length === 0 ? t : replaceAt(t, p.pick(at), 1, '::');
  },
  duplicateMember: (t, p) => {
    const m = [...t.matchAll(/"([a-z_]+)":("[^"]*"|-?[0-9.e+]+|true|false|null)/g)];
    if (m.length === 0) return t;
    const [, name = '', value = ''] = p.pick(m);
    return t.replace(/}\s*$/, `,"${name}":${p.chance(0.5) ? value : '"other"'}}`);
  },
  rawControl: (t, p) => t.replace(/":"/, `":"${p.pick(['\t', '\n', '\r', '\u0001'])}`),
  unknownEscape: (t, p) => t.replace(/":"/, `":"\\${p.pick(['q', 'x', 'u12', "'"])}`),
  leadingZero: (t) => t.replace(/:(\d)/, ':0$1'),
  whitespace: (t, p) => {
    const at = [...structural(t, ','), ...structural(t, ':'), 1];
    return replaceAt(t, p.pick(at), 0, p.pick([' ', '\t', '\n', '\r', '\f', '\u000b', '\u00a0']));
  },
  nest: (t, p) => {
    const depth = p.pick([2, 50, 1500, 2500, 5000]);
    return t.replace(/}\s*$/, `,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  },
  unquote: (t) => t.replace(/"typ":"([A-Za-z+]+)"/, 'typ:$1').replace(/"kid":"([a-z0-9]+)"/, "'kid':'$1'"),
  garbageAfter: (t, p) => t + p.pick([' x', ' "abc', '"', ' }', '\u0000']),
};

export function mutateJson(text: string, p: Picker, times: number): { text: string; applied: string[] } {
  let out = text;
  const applied: string[] = [];
  const names = Object.keys(JSON_MUTATIONS);
  for (let i = 0; i < times; i++) {
    const name = p.pick(names);
    const mutation = JSON_MUTATIONS[name];
    if (mutation) out = mutation(out, p);
    applied.push(name);
  }
  return { text: out, applied };
}

/** Base64 variants of one segment (bytes → text) that jose4j decodes alike and strict decoders do not. */
export function encodeSegment(bytes: Buffer, p: Picker): { text: string; applied: string } {
  const plain = bytes.toString('base64url');
  switch (p.int(6)) {
    case 0:
      return { text: bytes.toString('base64'), applied: 'standardBase64' };
    case 1: {
      const i = p.int(plain.length + 1);
      return {
        text: replaceAt(plain, i, 0, p.pick([' ', '\t', '*', '\u00e9', '\u{1f600}', '\u00a0', '\u0001', '\u007f'])),
        applied: 'innerJunk',
      };
    }
    case 2:
      return { text: `${plain}${p.pick(['=', '==', '=x'])}`, applied: 'padding' };
    case 3:
      return { text: plain.length % 4 === 0 ? `${plain}A` : plain, applied: 'strayChar' };
    default:
      return { text: plain, applied: 'plain' };
  }
}

/** Header members jose4j gives meaning to, with the values that test its rules. */
export const HEADER_VARIANTS: readonly [string, unknown][] = [
  ['crit', []],
  ['crit', null],
  ['crit', ['b64']],
  ['crit', ['x']],
  ['crit', 'b64'],
  ['crit', [1]],
  ['cty', 'JWT'],
  ['cty', 'application/jwt'],
  ['cty', 'json'],
  ['cty', 5],
  ['kid', 1],
  ['kid', 'nope'],
  ['kid', null],
  ['typ', 'at+jwt'],
  ['typ', 'JOSE'],
  ['typ', 7],
  ['typ', ''],
  ['x5t', 5],
  ['alg', 'none'],
  ['alg', 'RS384'],
  ['b64', 'false'],
];

/** Claim values jose4j reads in its own way. */
export function claimVariant(p: Picker, now: number): [string, string] {
  return p.pick<[string, string]>([
    ['exp', '1e400'],
    ['exp', '99999999999999999999'],
    ['exp', `${now + 600}.75`],
    ['exp', '"soon"'],
    ['exp', `${now - 3600}`],
    ['exp', '9223372036854775807'],
    ['exp', '-1e400'],
    ['iat', `${now + 3600}`],
    ['iat', '"x"'],
    ['iat', '1e30'],
    ['nbf', `${now + 3600}`],
    ['nbf', `${now + 10}`],
    ['nbf', '99999999999999999999'],
    ['sub', '5'],
    ['jti', '[1]'],
    ['iss', '"Harness Inc"'],
    ['iss', '7'],
    ['client_id', '" harness-scim "'],
    ['client_id', '["harness-scim"]'],
    ['aud', '{"a":[1]}'],
  ]);
}

/** Key members jose4j reads in its own way; `undefined` removes the member. */
export const KEY_VARIANTS: readonly [string, unknown][] = [
  ['key_ops', ['verify']],
  ['key_ops', ['sign']],
  ['key_ops', []],
  ['key_ops', 'verify'],
  ['use', 'enc'],
  ['use', ['sig']],
  ['kid', 7],
  ['kid', null],
  ['alg', 'RS512'],
  ['alg', 5],
  ['x5c', ['AAAA']],
  ['x5c', 'AAAA'],
  ['x5t', 9],
  ['kty', undefined],
  ['n', '!!'],
  ['e', undefined],
  ['crv', 'P-384'],
  ['crv', 'X25519'],
  ['x', 5],
  ['k', ''],
  // Issue 24: exponents the JDK refuses, private members, OKP x of other lengths (see keyBend).
  ['e', 'AQ'],
  ['e', 'Ag'],
  ['e', 'Aw'],
  ['d', 'AQAB'],
  ['d', 5],
  ['d', null],
  ['d', Buffer.alloc(31, 7).toString('base64url')],
  ['d', Buffer.alloc(32, 7).toString('base64url')],
  ['p', 'AQAB'],
  ['x', 'append00'],
  ['x', 'append80'],
  ['x', 'dropLast'],
  ['x', ''],
];

/** Values of KEY_VARIANTS computed from the key itself: x with a byte more or less. */
export function keyBend(jwk: Record<string, unknown>, name: string, value: unknown): unknown {
  if (name !== 'x' || typeof jwk.x !== 'string' || typeof value !== 'string' || value === '') return value;
  const x = Buffer.from(jwk.x, 'base64url');
  const bent =
    value === 'append00'
      ? Buffer.concat([x, Buffer.of(0)])
      : value === 'append80'
        ? Buffer.concat([x, Buffer.of(0x80)])
        : value === 'dropLast'
          ? x.subarray(0, x.length - 1)
          : x;
  return bent.toString('base64url');
}

/** Authorization schemes as clients write them; Harness reads only "Bearer " (the first, most often). */
export const SCHEMES: readonly string[] = [
  'Bearer ',
  'Bearer ',
  'Bearer ',
  'bearer ',
  'BEARER ',
  'Bearer\t',
  'Bearer  ',
];

/**
 * jose4j's signing input as it is built from what Jetty read: the UTF-8 bytes of `input`, one
 * character each, and every one outside ASCII a '?' (a signer that signs exactly what Harness checks).
 */
export function jose4jSigningInput(input: string): string {
  return Buffer.from(input, 'utf8')
    .toString('latin1')
    .replace(/[\u0080-\u00ff]/g, '?');
}
