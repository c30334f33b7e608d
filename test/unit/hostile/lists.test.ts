/**
 * Hostile input, huge lists (issue 19, defect 4): a list that comes from input (key set entries,
 * kids, claims, environments) is echoed as its first few items and "and N more", so the output of
 * a megabyte of input stays a few kilobytes. Each case: an exit code, an output bound, a time bound.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capList } from '../../../src/core/listCap';
import { JwksCache } from '../../../src/core/jwt';
import { describeKeySet } from '../../../src/core/setup';
import { runInProcess } from '../cli/inProcess';
import { goodPayload, jwksJson, makeToken, NOW, rsaKey, type TestKey } from '../jwt/fixtures';
import { prng, rawJsonToken, within } from './helpers';
import { testHttp } from '../testHttp';

suite('hostile input: huge lists', () => {
  let dir: string;
  let key: TestKey;
  let token: string;
  const rules = ['--key-field', 'client_id', '--value', 'harness-scim', '--at', NOW.toISOString()];

  suiteSetup(() => {
    key = rsaKey(2048, { kid: 'k' });
    token = makeToken({ alg: 'RS256', typ: 'JWT', kid: 'k' }, goodPayload(), key.privateKey);
    dir = mkdtempSync(join(tmpdir(), 'hostile-lists-'));
  });
  suiteTeardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('capList: the first few, then "and N more"', () => {
    assert.equal(capList(['a', 'b']), 'a, b');
    assert.equal(capList(['a', 'b', 'c', 'd', 'e', 'f', 'g']), 'a, b, c, d, e, and 2 more');
    assert.equal(capList([1, 2, 3], { max: 1, separator: '; ', show: (n) => `#${n}` }), '#1; and 2 more');
  });

  test('a 1 MiB key set of [] entries: exit 1 with a few kilobytes, not 18 MB (text and --json)', async () => {
    // Harness's jose4j fails on the first entry that is not an object; the answer names that one.
    const entries = Math.floor((1024 * 1024 - 20) / 3);
    const file = join(dir, 'empties.json');
    writeFileSync(file, `{"keys":[${Array.from({ length: entries }, () => '[]').join(',')}]}`);
    for (const extra of [[], ['--json']]) {
      const r = await within(5000, 'verify', () =>
        runInProcess(['verify', token, '--jwks-file', file, ...rules, ...extra]),
      );
      assert.equal(r.code, 1, r.err);
      assert.ok(r.out.length < 5000, `${r.out.length} chars`);
      assert.match(r.out, /entry #1 of \\?"keys\\?" is an array, not an object/);
    }
  });

  test('a usable key among thousands of broken ones: the warning lists five', async () => {
    const broken = Array.from({ length: 20_000 }, (_, i) => ({ kty: 'RSA', kid: `broken-${i}` }));
    const file = join(dir, 'mixed.json');
    writeFileSync(file, JSON.stringify({ keys: [...broken, key.jwk] }));
    const r = await within(5000, 'verify', () => runInProcess(['verify', token, '--jwks-file', file, ...rules]));
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /skips 20000 entries of the key set: #1 \(kid "broken-0"\): [^;]+; #2[^\n]*and 19995 more/);
    assert.ok(r.out.length < 10_000, `${r.out.length} chars`);
  });

  test('a token whose kid is in none of 2,000 keys: eight kids named, then how many more', async () => {
    const next = prng(19);
    const keys = Array.from({ length: 2000 }, (_, i) => ({
      ...key.jwk,
      kid: `other-${i}-${Math.floor(next() * 1e6)}`,
    }));
    const file = join(dir, 'many.json');
    writeFileSync(file, JSON.stringify({ keys }));
    const r = await within(5000, 'verify', () => runInProcess(['verify', token, '--jwks-file', file, ...rules]));
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /REFUSED \(key-not-found\)/);
    assert.match(r.out, /and 1992 more/);
    assert.ok(r.out.length < 10_000, `${r.out.length} chars`);
  });

  test('a token with 100,000 claims and a megabyte-long claim name: decode shows a bounded part', async () => {
    const claims: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) claims[`c${i}`] = i;
    claims['n'.repeat(1024 * 1024)] = 1;
    const t = rawJsonToken('{"alg":"RS256","typ":"JWT"}', JSON.stringify(claims));
    const r = await within(5000, 'decode', () => runInProcess(['decode', '-'], { stdin: t }));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /and 99801 more/);
    assert.ok(r.out.length < 50_000, `${r.out.length} chars`);
  });

  test('the form and the doctor list the first 20 keys of a set of 5,000', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => ({
      index: i,
      jwk: {},
      kty: 'RSA',
      kid: `k${i}`.repeat(100),
      use: 'sig',
    }));
    const check = describeKeySet(
      { ok: true, keys, sourceLabel: 'x', warnings: [], fetchedAt: new Date(), redirects: [] },
      [],
    );
    assert.equal(check.keys?.length, 20);
    assert.ok((check.keys[0]?.kid ?? '').length <= 120);
    assert.ok(
      check.details.some((d) => d.includes('4980 more')),
      check.details.join('\n'),
    );
  });

  test('scan: a variable defined in 10,000 other environments names five of them', async () => {
    const envs: Record<string, Record<string, string>> = {};
    for (let i = 0; i < 10_000; i++) envs[`env${i}`] = { token: 'x' };
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify(envs));
    const file = join(dir, 'envs.http');
    writeFileSync(file, 'GET https://h/x\nAuthorization: Bearer {{token}}\n');
    const r = await within(5000, 'scan', () => runInProcess(['scan', file]));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /and 9995 more/);
    assert.ok(r.out.length < 5000, `${r.out.length} chars`);
  });

  test('a JWKS URL answering thousands of keys: the cache keeps them, the messages stay short', async () => {
    const cache = new JwksCache({ http: testHttp() });
    try {
      const result = await cache.load({
        kind: 'inline',
        json: jwksJson(
          ...Array.from({ length: 3000 }, (_, i) => ({ kty: 'EC', crv: `bad-${i}`, x: 'a', y: 'b' })),
          key,
        ),
      });
      assert.ok(result.ok);
      const text = result.warnings.map((w) => w.message).join('\n');
      assert.match(text, /and 2995 more/);
      assert.ok(text.length < 2000, `${text.length} chars`);
    } finally {
      await cache.close();
    }
  });

  test('key-set bodies that are one huge value: the message quotes a bounded part', async () => {
    const cache = new JwksCache({ http: testHttp() });
    try {
      const members: Record<string, number> = {};
      for (let i = 0; i < 20_000; i++) members[`m${i}${'x'.repeat(i === 0 ? 5000 : 0)}`] = i;
      const bodies = [
        JSON.stringify('s'.repeat(500_000)),
        JSON.stringify(members),
        JSON.stringify({ jwks_uri: `https://idp/${'u'.repeat(500_000)}` }),
      ];
      for (const json of bodies) {
        const result = await within(2000, 'parse', () => cache.load({ kind: 'inline', json }));
        assert.ok(!result.ok);
        assert.ok(result.message.length < 1000, `${result.message.length} chars`);
      }
    } finally {
      await cache.close();
    }
  });
});
