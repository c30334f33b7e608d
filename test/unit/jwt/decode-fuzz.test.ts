/** decodeToken's structured problems, describeClaimTime, and fuzzing: nothing ever throws out of decode or verify. */
import * as assert from 'node:assert/strict';
import { decodeToken, describeClaimTime, JwksCache, verifyForHarness } from '../../../src/core/jwt';
import { goodPayload, jwksJson, makeToken, NOW, RULES, rsaKey } from './fixtures';

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
  const cache = new JwksCache();
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
    const verdicts = await Promise.all(inputs.map((text) => verifyForHarness(text, { keys, rules: RULES, cache, at: NOW })));
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
