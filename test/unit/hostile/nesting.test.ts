/**
 * Hostile input, deep nesting (issue 19, defect 1): a token or key set nested thousands deep is
 * parsed (JSON.parse and Harness's jose4j parser are both iterative), so every walk after parsing
 * (CLI text and JSON, verdict messages, warnings, hover and report tables) must not recurse per
 * level. Each case: an exit code and a time bound.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hoverMarkdown, inspectHttpText, reportMarkdown, type TokenInspection } from '../../../src/core/inspect';
import { JwksCache } from '../../../src/core/jwt';
import { jsonPreview, jsonText } from '../../../src/core/jsonText';
import { runInProcess } from '../cli/inProcess';
import { jwksJson, NOW, NOW_S, rsaKey, type TestKey } from '../jwt/fixtures';
import { deepArray, deepArrayJson, deepObjectJson, rawJsonToken, signedRaw, within } from './helpers';
import { testHttp } from '../testHttp';

const DEPTH = 5000;
const HEADER = '{"alg":"RS256","typ":"JWT","kid":"k"}';
const claims = (extra: string): string =>
  `{"client_id":"harness-scim","iat":${NOW_S - 60},"exp":${NOW_S + 3600}${extra}}`;

/** Nesting depth of parsed JSON, counted without recursion. */
function depthOf(v: unknown): number {
  let depth = 0;
  for (let at: unknown = v; Array.isArray(at); at = at[0]) depth++;
  return depth;
}

suite('hostile input: deep nesting', () => {
  let dir: string;
  let key: TestKey;
  let jwksFile: string;
  const rules = ['--key-field', 'client_id', '--value', 'harness-scim', '--at', NOW.toISOString()];

  suiteSetup(() => {
    key = rsaKey(2048, { kid: 'k' });
    dir = mkdtempSync(join(tmpdir(), 'hostile-nesting-'));
    jwksFile = join(dir, 'jwks.json');
    writeFileSync(jwksFile, jwksJson(key));
  });
  suiteTeardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("the issue's token: decode - prints header and claims, exit 0, within 2 s", async () => {
    const token = rawJsonToken('{"alg":"RS256","typ":"JWT"}', `{"x":${deepArrayJson(DEPTH)}}`);
    const r = await within(2000, 'decode -', () => runInProcess(['decode', '-'], { stdin: token }));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /^ {2}x: \[\[\[/m);
    assert.ok(r.out.length < 10_000, `${r.out.length} chars`);
  });

  test('decode --json keeps the whole value (valid JSON of the same depth) in kilobytes, not 25 MB of indentation', async () => {
    const token = rawJsonToken('{"alg":"RS256","typ":"JWT"}', `{"x":${deepArrayJson(DEPTH)}}`);
    const r = await within(2000, 'decode --json', () => runInProcess(['decode', '--json', '-'], { stdin: token }));
    assert.equal(r.code, 0, r.err);
    const parsed = JSON.parse(r.out) as { payload: { x: unknown } };
    assert.equal(depthOf(parsed.payload.x), DEPTH);
    assert.ok(r.out.length < 100_000, `${r.out.length} chars`);
  });

  const verifyCases: [name: string, header: string, payload: string, code: number, words: RegExp][] = [
    ['a deep aud (Harness ignores aud): accepted', HEADER, claims(`,"aud":${deepArrayJson(DEPTH)}`), 0, /^ACCEPTED/],
    ['a deep unrelated claim: accepted', HEADER, claims(`,"x":${deepObjectJson(DEPTH)}`), 0, /^ACCEPTED/],
    [
      'a deep key-field claim: refused as not a string',
      HEADER,
      `{"client_id":${deepArrayJson(DEPTH)},"exp":${NOW_S + 3600}}`,
      1,
      /REFUSED \(claim-not-string\)/,
    ],
    [
      'a deep exp: refused as not a number',
      HEADER,
      `{"client_id":"harness-scim","exp":${deepArrayJson(DEPTH)}}`,
      1,
      /REFUSED \(exp-missing\)/,
    ],
    // org.json reads the header recursively: this deep, Harness's copy runs out of stack and refuses it.
    [
      'a deep typ: refused',
      `{"alg":"RS256","kid":"k","typ":${deepArrayJson(DEPTH)}}`,
      claims(''),
      1,
      /REFUSED \(malformed\): The header is nested so deeply/,
    ],
    [
      'a deep crit: refused',
      `{"alg":"RS256","typ":"JWT","kid":"k","crit":${deepArrayJson(DEPTH)}}`,
      claims(''),
      1,
      /REFUSED \(malformed\)/,
    ],
    [
      'a deep unknown header member: refused as org.json runs out of stack',
      `{"alg":"RS256","typ":"JWT","kid":"k","x":${deepArrayJson(DEPTH)}}`,
      claims(''),
      1,
      /REFUSED \(malformed\): The header is nested so deeply/,
    ],
  ];
  for (const [name, header, payload, code, words] of verifyCases) {
    test(`verify, ${name}; --json too; within 3 s`, async () => {
      const token = signedRaw(header, payload, key.privateKey);
      const r = await within(3000, 'verify', () => runInProcess(['verify', token, '--jwks-file', jwksFile, ...rules]));
      assert.equal(r.code, code, r.out + r.err);
      assert.match(r.out, words);
      assert.equal(r.err, '');
      const j = await within(3000, 'verify --json', () =>
        runInProcess(['verify', token, '--jwks-file', jwksFile, ...rules, '--json']),
      );
      assert.equal(j.code, code, j.err);
      assert.ok(j.out.length < 200_000, `${j.out.length} chars`);
      assert.equal(typeof (JSON.parse(j.out) as { accepted: unknown }).accepted, 'boolean');
    });
  }

  test('a key set nested deep: jwks-invalid or a skipped entry, exit 1, never a crash', async () => {
    const token = signedRaw(HEADER, claims(''), key.privateKey);
    for (const body of [
      `{"keys":[${deepArrayJson(DEPTH)}]}`,
      `{"keys":[{"kty":"EC","crv":${deepArrayJson(DEPTH)},"x":"a","y":"b"}]}`,
      `{"keys":${deepArrayJson(DEPTH)}}`,
      `{"x":${deepObjectJson(DEPTH)}}`,
    ]) {
      const file = join(dir, 'deep-jwks.json');
      writeFileSync(file, body);
      const r = await within(3000, 'verify with a deep key set', () =>
        runInProcess(['verify', token, '--jwks-file', file, ...rules]),
      );
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /REFUSED \(jwks-invalid\)/);
      assert.ok(r.out.length < 10_000, `${r.out.length} chars`);
    }
  });

  test('scan: a .http file with the deep token decodes it, exit 0, within 3 s', async () => {
    const token = rawJsonToken('{"alg":"RS256","typ":"JWT"}', `{"x":${deepArrayJson(DEPTH)}}`);
    const file = join(dir, 'deep.http');
    writeFileSync(file, `GET https://h/x\nAuthorization: Bearer ${token}\n`);
    for (const extra of [[], ['--json']]) {
      const r = await within(3000, 'scan', () => runInProcess(['scan', file, ...extra]));
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /decoded|not verified|1 token/i);
    }
  });

  test('hover and report: a payload nested 100,000 deep (built directly, past any parser) renders in part', async () => {
    const cache = new JwksCache({ http: testHttp() });
    try {
      const token = rawJsonToken('{"alg":"RS256","typ":"JWT"}', claims(''));
      const r = await inspectHttpText(
        `GET https://h/x\nAuthorization: Bearer ${token}\n`,
        {},
        { rules: { kind: 'none', reason: 'test' }, cache, network: false, at: NOW },
      );
      const base = r.inspections[0];
      assert.ok(base?.decoded);
      const deep = deepArray(100_000);
      const inspection: TokenInspection = {
        ...base,
        decoded: { ...base.decoded, header: { alg: 'RS256', typ: 'JWT', x: deep }, payload: { x: deep, exp: NOW_S } },
      };
      const hover = await within(1000, 'hover', () => hoverMarkdown(inspection, 'command:x'));
      const report = await within(1000, 'report', () => reportMarkdown(inspection, { fileLabel: 'deep.http' }));
      for (const md of [hover, report]) {
        assert.match(md, /\[\[\[/);
        assert.match(md, /…/);
        assert.ok(md.length < 20_000, `${md.length} chars`);
      }
    } finally {
      await cache.close();
    }
  });

  test('jsonText equals JSON.stringify on ordinary values, and handles any depth', () => {
    const values: unknown[] = [
      {
        a: 1,
        b: [1, 'two', null, true, { c: undefined, d: [] }],
        e: {},
        f: 'q"\\\n',
        g: new Date(0),
        h: Number.NaN,
        i: [undefined],
      },
      [],
      'x',
      3.5,
      null,
      { nested: { deeper: { deepest: [1, [2, [3]]] } } },
    ];
    for (const v of values) {
      assert.equal(jsonText(v), JSON.stringify(v, null, 2));
      assert.equal(jsonText(v, { indent: 0 }), JSON.stringify(v));
    }
    assert.equal(depthOf(JSON.parse(jsonText(deepArray(100_000)))), 100_000);
    assert.equal(jsonPreview(deepArray(100_000), { maxDepth: 3 }), '[[[[…]]]]');
    assert.equal(jsonPreview('x'.repeat(1000), { maxChars: 10 }).length, 10);
    assert.equal(jsonPreview(Number.POSITIVE_INFINITY), 'Infinity');
  });
});
