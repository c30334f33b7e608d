/**
 * The engine's readers of Harness's libraries, row by row with the Java line each row mirrors, and
 * compared with the emulator's independent json-simple and org.json on seeded mutants of real
 * headers and payloads (a parser-level differential: two thousand texts in about a second).
 * Also issue 19 (defect 1): nesting thousands deep must not crash decoding or the verdict.
 */
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { decodeToken, JwksCache, verifyForHarness } from '../../../src/core/jwt';
import { decodeJose4jBase64, javaUrlDecoderProblem } from '../../../src/core/jwt/base64Java';
import { parseJose4jJson, type JsonLeniency } from '../../../src/core/jwt/jose4jJson';
import { readNumericDate } from '../../../src/core/jwt/numericDate';
import { readHeaderAsOrgJson } from '../../../src/core/jwt/orgJsonHeader';
import { parseJsonSimple } from '../../sandbox/emulator/jsonSimple';
import { orgJsonTyp, OrgJsonException } from '../../sandbox/emulator/orgJson';
import { mutateJson, Picker, rng } from '../agreement/fuzzMutants';
import { jwksJson, makeToken, NOW, NOW_S, RULES } from './fixtures';
import { testHttp } from '../testHttp';

/** Deep equality of two JSON values without recursion (mutants nest thousands of levels). */
function sameJson(a: unknown, b: unknown): boolean {
  const pending: [unknown, unknown][] = [[a, b]];
  for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
    const [x, y] = pair;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') {
      if (!Object.is(x, y) && !(typeof x === 'number' && x === y)) return false;
      continue;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) return false;
    for (const k of kx) pending.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]]);
  }
  return true;
}

interface JsonRow {
  text: string;
  java: string;
  value?: Record<string, unknown>;
  leniency?: JsonLeniency;
  refused?: boolean;
}

const JSON_ROWS: JsonRow[] = [
  { text: '{"a":1,}', java: 'JSONParser.java:148', value: { a: 1 }, leniency: 'trailing-comma' },
  { text: '{,"a":1}', java: 'JSONParser.java:148', value: { a: 1 }, leniency: 'extra-comma' },
  { text: '{"a":1 "b":2}', java: 'JSONParser.java:150', value: { a: 1, b: 2 }, leniency: 'missing-comma' },
  { text: '{"a" 1}', java: 'JSONParser.java:181', value: { a: 1 }, leniency: 'missing-colon' },
  { text: '{"a"::1}', java: 'JSONParser.java:179', value: { a: 1 }, leniency: 'extra-colon' },
  { text: '{"a":[1 2,,]}', java: 'JSONParser.java:215', value: { a: [1, 2] }, leniency: 'missing-comma' },
  { text: '{"a":"x\ty"}', java: 'Yylex.java:576', value: { a: 'x\ty' }, leniency: 'raw-control-character' },
  { text: '{"a":"\\q"}', java: 'Yylex.java:604', value: { a: '\\q' }, leniency: 'unknown-escape' },
  {
    text: '{"a":"\\u12"}',
    java: 'Yylex.java:604 (not four hex digits)',
    value: { a: '\\u12' },
    leniency: 'unknown-escape',
  },
  { text: '{"a":007}', java: 'Yylex.java:666', value: { a: 7 }, leniency: 'leading-zero' },
  {
    text: '{"a":1}"tail',
    java: 'Yylex (no <<EOF>> rule in STRING_BEGIN)',
    value: { a: 1 },
    leniency: 'unterminated-trailing-string',
  },
  { text: '{"a":1,"a":1}', java: 'JsonUtil.java:94', refused: true },
  { text: '{"a":{"b":1,"b":2}}', java: 'JsonUtil.java:94 (nested objects too)', refused: true },
  { text: '{"a":1}x', java: 'Yylex.java:612', refused: true },
  { text: "{'a':1}", java: 'Yylex.java:612 (single quotes are no token)', refused: true },
  { text: '{"a":1.}', java: 'Yylex.java:612 (DOUBLE needs digits after the point)', refused: true },
  { text: '[1]', java: 'JsonUtil.java:75 (ClassCastException: not an object)', refused: true },
  { text: 'null', java: 'JsonUtil.java:65 ("Parsing returned null")', refused: true },
  { text: '\ufeff{}', java: 'Yylex.java:612 (a BOM is no token)', refused: true },
];

suite('jwt: Harness parsers, row by row (issue 13)', () => {
  for (const row of JSON_ROWS) {
    test(`jose4j JSON ${JSON.stringify(row.text)} — ${row.java}`, () => {
      const r = parseJose4jJson(row.text);
      const emu = parseJsonSimple(row.text);
      assert.equal(r.ok, !row.refused);
      assert.equal(emu.ok, r.ok, 'the emulator agrees');
      if (r.ok && row.value) assert.deepEqual(r.value, row.value);
      if (r.ok && emu.ok) assert.deepEqual(emu.value, r.value);
      if (r.ok && row.leniency) assert.ok(r.leniencies.includes(row.leniency), r.leniencies.join(', '));
    });
  }

  const ORG_ROWS: [string, string, 'JWT' | 'refused' | 'no-typ'][] = [
    ['{"typ":"JWT",}', 'JSONObject.java:248', 'JWT'],
    ['{"typ":"JWT";"a":1}', 'JSONObject.java:246 (";" separates members)', 'JWT'],
    ["{'typ':'JWT'}", 'JSONTokener.java:424 (single quotes)', 'JWT'],
    ['{typ:JWT}', 'JSONTokener.java:424 (unquoted words)', 'JWT'],
    ['{"typ":"JWT" "a":1}', 'JSONObject.java:259', 'refused'],
    ['{"typ":"J\nWT"}', 'JSONTokener.java:302', 'refused'],
    ['{"typ":"J\\qWT"}', 'JSONTokener.java:335', 'refused'],
    ['{"typ":"JWT","typ":"JWT"}', 'JSONObject.java:234', 'refused'],
    [`{"x":${'['.repeat(2500)}${']'.repeat(2500)},"typ":"JWT"}`, 'JSONTokener.java:411', 'refused'],
    ['{"typ":5}', 'JSONObject.getString (not a string)', 'no-typ'],
  ];
  for (const [text, java, want] of ORG_ROWS) {
    test(`org.json header ${JSON.stringify(text.slice(0, 40))} — ${java}`, () => {
      const r = readHeaderAsOrgJson(text);
      let emu: string;
      try {
        emu = orgJsonTyp(text).typ ?? 'no-typ';
      } catch (e) {
        if (!(e instanceof OrgJsonException)) throw e;
        emu = 'refused';
      }
      const engine = !r.ok ? 'refused' : r.typ.kind === 'string' ? r.typ.value : 'no-typ';
      assert.equal(engine, want);
      assert.equal(emu, want, 'the emulator agrees');
    });
  }

  test('base64: the JDK URL decoder (header) against jose4j Base64 (payload, signature) — Base64.java:438', () => {
    assert.equal(javaUrlDecoderProblem('YQ=='), undefined);
    assert.match(javaUrlDecoderProblem('YQ=') ?? '', /padding/);
    assert.match(javaUrlDecoderProblem('Y+/a') ?? '', /standard base64/);
    assert.equal(decodeJose4jBase64('Y+/a').bytes.toString('hex'), Buffer.from('Y-_a', 'base64url').toString('hex'));
    assert.equal(decodeJose4jBase64('Y W\nJj=ignored').bytes.toString(), 'abc');
    assert.equal(decodeJose4jBase64('YWJjZ').bytes.toString(), 'abc');
    assert.ok(decodeJose4jBase64('YW\u00a0Jj').lenient);
  });

  test('NumericDate: Long kept, Double truncated and saturated, BigInteger refused — JwtClaims.java:278, :282', () => {
    assert.deepEqual(readNumericDate('exp', 5, { kind: 'long', text: '5' }), {
      kind: 'date',
      seconds: 5n,
      adjusted: false,
    });
    assert.deepEqual(readNumericDate('exp', 5.9, { kind: 'double', text: '5.9' }), {
      kind: 'date',
      seconds: 5n,
      adjusted: true,
    });
    assert.equal(
      (readNumericDate('exp', Infinity, { kind: 'double', text: '1e400' }) as { seconds: bigint }).seconds,
      2n ** 63n - 1n,
    );
    assert.equal(
      readNumericDate('exp', 1e20, { kind: 'big-integer', text: '100000000000000000000' }).kind,
      'malformed',
    );
    assert.equal(readNumericDate('exp', '5', undefined).kind, 'malformed');
    assert.equal(readNumericDate('exp', null, undefined).kind, 'absent');
  });

  test('parser differential: engine and emulator read 2,000 seeded mutants of headers and payloads alike', () => {
    const p = new Picker(rng(0x19));
    const bases = [
      '{"alg":"RS256","typ":"JWT","kid":"a"}',
      `{"iss":"https://idp.example.com","sub":"svc","client_id":"harness-scim","iat":${NOW_S},"exp":${NOW_S + 600},"n":[1,{"x":null}]}`,
    ];
    let differ = 0;
    const examples: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const { text } = mutateJson(p.pick(bases), p, 1 + p.int(3));
      const a = parseJose4jJson(text);
      const b = parseJsonSimple(text);
      const same = a.ok === b.ok && (!a.ok || !b.ok || sameJson(a.value, b.value));
      let orgSame = true;
      const o = readHeaderAsOrgJson(text);
      try {
        const t = orgJsonTyp(text).typ;
        orgSame = o.ok && (o.typ.kind === 'string' ? o.typ.value : undefined) === t;
      } catch (e) {
        if (!(e instanceof OrgJsonException)) throw e;
        orgSame = !o.ok;
      }
      if (!same || !orgSame) {
        differ++;
        if (examples.length < 5) examples.push(JSON.stringify(text.slice(0, 120)));
      }
    }
    assert.equal(differ, 0, examples.join('\n'));
  });

  test('issue 19: a payload nested 5,000 (and 100,000) arrays deep neither crashes decoding nor the verdict', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = { privateKey, jwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'a' } };
    const cache = new JwksCache({ http: testHttp() });
    try {
      for (const depth of [5000, 100_000]) {
        // Written as text: JSON.stringify itself overflows the stack at such depths.
        const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
        const token = makeToken(
          { alg: 'RS256', typ: 'JWT', kid: 'a' },
          `{"client_id":"harness-scim","iat":${NOW_S},"exp":${NOW_S + 600},"deep":${deep},"aud":${deep}}`,
          key.privateKey,
        );
        const decoded = decodeToken(token);
        assert.ok(decoded.payload, 'decoded');
        const v = await verifyForHarness(token, {
          keys: { kind: 'inline', json: jwksJson(key) },
          rules: RULES,
          cache,
          at: NOW,
        });
        assert.doesNotMatch(v.message, /could not be computed|call stack/);
        // 100,000 levels make a token over Jetty's 100 KiB of headers: refused before any JWT code.
        if (depth === 5000) assert.equal(v.code, 'ok', v.message);
        else assert.equal(v.harnessError.httpStatus, 431, v.message);
      }
    } finally {
      await cache.close();
    }
  });

  test('issue 19: both JSON paths (JSON.parse fast path, lenient parser) read 100,000 levels without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    assert.ok(parseJose4jJson(`{"a":${deep}}`).ok, 'fast path');
    const lenient = parseJose4jJson(`{"a":${deep},}`);
    assert.ok(lenient.ok && lenient.leniencies.includes('trailing-comma'), 'lenient path');
  });
});
