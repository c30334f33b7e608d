/** decodeToken's structured problems, describeClaimTime, and fuzzing: nothing ever throws out of decode or verify. */
import * as assert from 'node:assert/strict';
import { decodeToken, describeClaimTime, JwksCache, verifyForHarness } from '../../../src/core/jwt';
import { formatMembers, formatVerdict } from '../../../src/cli/format';
import { claimRows } from '../../../src/core/inspect';
import { jsonText } from '../../../src/core/jsonText';
import { goodPayload, jwksJson, makeToken, NOW, RULES, rsaKey, signWith } from './fixtures';
import { testHttp } from '../testHttp';

/** A small deterministic generator, so a failing case can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

suite('jwt decode', () => {
  test('a good token decodes with no problems', () => {
    const key = rsaKey(2048, { kid: 'a' });
    const d = decodeToken(`  ${makeToken({ alg: 'RS256', typ: 'JWT' }, { a: 1 }, key.privateKey)}\n`);
    assert.equal(d.kind, 'jws');
    assert.deepEqual(d.problems, []);
    assert.deepEqual(d.payload, { a: 1 });
    assert.equal(d.harnessPartCount, 3);
  });

  const problemCases: [string, string, string][] = [
    ['', 'empty', 'empty'],
    ['a.b', 'segment-count', '2'],
    ['sat.acc.tok.secret', 'harness-api-key', 'sat.'],
    ['a.b.c.d.e', 'jwe', 'encrypted'],
    ['e/J9.e30.c2ln', 'header-base64url', 'standard base64'],
    [`${Buffer.from('[1]').toString('base64url')}.e30.c2ln`, 'header-not-object', 'array'],
    [`e30.${Buffer.from('{x').toString('base64url')}.c2ln`, 'payload-json', 'payload'],
    ['e30.e30.', 'signature-empty', 'unsigned'],
    ['e30.e30.a', 'signature-base64url', 'length'],
  ];
  for (const [text, code, words] of problemCases) {
    test(`problem ${code}`, () => {
      const d = decodeToken(text);
      const p = d.problems.find((x) => x.code === code);
      assert.ok(p, `expected ${code}, got ${d.problems.map((x) => x.code).join(', ')}`);
      assert.ok(p.message.includes(words), p.message);
    });
  }

  test('an unsigned token counts as two parts for Harness (Java split)', () => {
    assert.equal(decodeToken('e30.e30.').harnessPartCount, 2);
  });

  test('describeClaimTime gives ISO and relative forms', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    const t = describeClaimTime(now.getTime() / 1000 + 300, now);
    assert.equal(t.iso, '2025-01-01T00:05:00.000Z');
    assert.equal(t.relative, 'in 5 minutes');
    assert.equal(describeClaimTime(now.getTime() / 1000 - 7200, now).relative, '2 hours ago');
    assert.equal(describeClaimTime('soon', now).iso, undefined);
    assert.equal(describeClaimTime(1e300, now).relative, 'out of range');
  });
});

suite('jwt fuzz', () => {
  const key = rsaKey(2048, { kid: 'a' });
  const keys = { kind: 'inline' as const, json: jwksJson(key) };
  const cache = new JwksCache({ http: testHttp() });
  const good = makeToken({ alg: 'RS256', typ: 'JWT', kid: 'a' }, goodPayload(), key.privateKey);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ {}"\u00e9\u0000';

  function mutate(rand: () => number, text: string): string {
    const chars = Array.from(text);
    const edits = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < edits; i++) {
      const at = Math.floor(rand() * (chars.length + 1));
      const c = alphabet[Math.floor(rand() * alphabet.length)] ?? '.';
      const op = rand();
      if (op < 0.4) chars[at] = c;
      else if (op < 0.7) chars.splice(at, 0, c);
      else chars.splice(at, 1);
    }
    return chars.join('');
  }

  function randomText(rand: () => number): string {
    const len = Math.floor(rand() * 200);
    let s = '';
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)] ?? '';
    return s;
  }

  function structured(rand: () => number): string {
    const values: unknown[] = [null, 1, 'x', [], {}, true, Number.NEGATIVE_INFINITY, 'JWT', 'none', { alg: 'RS256' }];
    const pick = (): unknown => values[Math.floor(rand() * values.length)];
    const header = { alg: pick(), typ: pick(), kid: pick(), crit: rand() < 0.2 ? pick() : undefined };
    const payload = { exp: pick(), nbf: pick(), iat: pick(), iss: pick(), client_id: pick(), sub: pick() };
    const enc = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    return `${enc(header)}.${enc(payload)}.${enc(pick())}`;
  }

  test('3,000 mutated, random and oddly typed tokens: decode and verify never throw', async () => {
    const rand = prng(20250601);
    const inputs: string[] = [];
    for (let i = 0; i < 1000; i++) inputs.push(mutate(rand, good), randomText(rand), structured(rand));
    for (const text of inputs) {
      assert.doesNotThrow(() => decodeToken(text));
    }
    const verdicts = await Promise.all(
      inputs.map((text) => verifyForHarness(text, { keys, rules: RULES, cache, at: NOW })),
    );
    for (const v of verdicts) {
      assert.equal(typeof v.code, 'string');
      assert.ok(!v.message.startsWith('The verdict could not be computed'), v.message);
    }
    // A mutated signed token is almost never accepted; the unmutated one is.
    assert.equal((await verifyForHarness(good, { keys, rules: RULES, cache, at: NOW })).code, 'ok');
  });

  test('non-string input does not throw either', async () => {
    const v = await verifyForHarness(undefined as unknown as string, { keys, rules: RULES, cache, at: NOW });
    assert.equal(v.code, 'malformed');
    assert.equal(decodeToken(42 as unknown as string).problems[0]?.code, 'empty');
  });
});

suite('jwt fuzz: deep nesting (issue 19)', () => {
  const key = rsaKey(2048, { kid: 'a' });
  const keys = { kind: 'inline' as const, json: jwksJson(key) };
  const cache = new JwksCache({ http: testHttp() });

  /** Nested JSON text of a random shape (arrays, objects, strings inside), `depth` levels deep. */
  function deepJson(rand: () => number, depth: number): string {
    let open = '';
    let close = '';
    for (let i = 0; i < depth; i++) {
      const r = rand();
      if (r < 0.5) {
        open += '[';
        close = `]${close}`;
      } else if (r < 0.9) {
        open += '{"k":';
        close = `}${close}`;
      } else {
        open += '[1,"s",';
        close = `]${close}`;
      }
    }
    return `${open}${rand() < 0.5 ? 'null' : '"leaf"'}${close}`;
  }

  const enc = (text: string): string => Buffer.from(text).toString('base64url');
  const CLAIMS = ['exp', 'nbf', 'iat', 'iss', 'aud', 'sub', 'client_id', 'x'];
  const HEADERS = ['typ', 'crit', 'kid', 'x5t', 'x'];

  /** A token with one deep value at a random place of header or payload (signature valid or not). */
  function deepToken(rand: () => number): string {
    const depth = 500 + Math.floor(rand() * 10_000);
    const deep = deepJson(rand, depth);
    const inHeader = rand() < 0.4;
    const headerMember = HEADERS[Math.floor(rand() * HEADERS.length)] ?? 'x';
    const claim = CLAIMS[Math.floor(rand() * CLAIMS.length)] ?? 'x';
    const header = inHeader
      ? `{"alg":"RS256","typ":"JWT","kid":"a","${headerMember}":${deep}}`
      : '{"alg":"RS256","typ":"JWT","kid":"a"}';
    const payload = inHeader
      ? JSON.stringify(goodPayload())
      : `${JSON.stringify(goodPayload()).slice(0, -1)},"${claim}":${deep}}`;
    const input = `${enc(header)}.${enc(payload)}`;
    return rand() < 0.7
      ? `${input}.${signWith('RS256', input, key.privateKey).toString('base64url')}`
      : `${input}.c2ln`;
  }

  test('60 seeded deep tokens: decode, verify and every renderer finish, within 10 s in all', async () => {
    const rand = prng(19_0001);
    const t0 = performance.now();
    for (let i = 0; i < 60; i++) {
      const text = deepToken(rand);
      const decoded = decodeToken(text);
      assert.ok(decoded.payload !== undefined || decoded.problems.length > 0, `case ${i}`);
      const v = await verifyForHarness(text, { keys, rules: RULES, cache, at: NOW });
      assert.ok(!v.message.startsWith('The verdict could not be computed'), `case ${i}: ${v.message}`);
      assert.ok(formatVerdict(v).length < 50_000, `case ${i}`);
      assert.doesNotThrow(() => JSON.parse(jsonText(v)), `case ${i}`);
      if (decoded.payload)
        assert.ok(
          claimRows(decoded.payload, NOW).every((r) => r.value.length <= 2000),
          `case ${i}`,
        );
      if (decoded.header) formatMembers(decoded.header, NOW);
    }
    assert.ok(performance.now() - t0 < 10_000, `took ${Math.round(performance.now() - t0)} ms`);
  });

  test('deep key sets: the cache reads them and judges without throwing', async () => {
    const rand = prng(19_0002);
    const token = makeToken({ alg: 'RS256', typ: 'JWT', kid: 'a' }, goodPayload(), key.privateKey);
    for (let i = 0; i < 30; i++) {
      const deep = deepJson(rand, 500 + Math.floor(rand() * 10_000));
      const shapes = [
        `{"keys":[${deep}]}`,
        `{"keys":[{"kty":"EC","crv":${deep}}]}`,
        `{"keys":${deep}}`,
        `{"error":${deep}}`,
        `{"keys":[${JSON.stringify(key.jwk).slice(0, -1)},"x":${deep}}]}`,
      ];
      const json = shapes[i % shapes.length] ?? '';
      const v = await verifyForHarness(token, { keys: { kind: 'inline', json }, rules: RULES, cache, at: NOW });
      assert.equal(typeof v.code, 'string');
      assert.ok(formatVerdict(v).length < 50_000);
    }
  });
});
