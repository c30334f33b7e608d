/**
 * Tokens the providers and their users published (realTokens.ts, each with its source): what
 * `scim-jwt suggest --offline` makes of them (provider, key set, key field) and the typ verdict.
 */
import * as assert from 'node:assert/strict';
import { recogniseToken, suggestSettings } from '../../../src/core/idp';
import { JwksCache } from '../../../src/core/jwt';
import { makeToken, rsaKey, type TestKey } from '../jwt/fixtures';
import { testHttp } from '../testHttp';
import { REAL_TOKENS } from './realTokens';

suite('identity providers: published tokens', () => {
  let key: TestKey;
  let cache: JwksCache;
  suiteSetup(() => {
    key = rsaKey(2048);
    cache = new JwksCache({ http: testHttp() });
  });
  suiteTeardown(async () => {
    await cache.close();
  });

  test('every published token names its source', () => {
    assert.ok(REAL_TOKENS.length >= 9);
    for (const r of REAL_TOKENS) assert.ok(r.source.length > 10, r.label);
  });

  for (const r of REAL_TOKENS) {
    test(r.label, async () => {
      const token = makeToken(r.header, r.payload, key.privateKey);
      const m = recogniseToken(token);
      assert.equal(m?.entry.id, r.expect.id, 'provider');
      assert.equal(m?.by, r.expect.by, 'recognised by');
      const iat = typeof r.payload.iat === 'number' ? r.payload.iat : Number(r.payload.exp) - 3600;
      const s = await suggestSettings(token, { network: false, cache, now: new Date((iat + 60) * 1000) });
      assert.equal(s.jwksUrl?.value ?? null, r.expect.jwksUrl, 'JWKS URL');
      assert.equal(s.keyField?.value ?? null, r.expect.keyField, 'key field');
      if (r.expect.jwksUrl !== null && r.expect.by === 'shape')
        assert.match(s.jwksUrl?.reason ?? '', /^Offline fallback: .*Online, the jwks_uri of .* decides\./);
      // The typ verdict: the header alone decides whether Harness reads the token as a JWT at all.
      if (r.expect.typOk) assert.notEqual(s.judgement.verdict.code, 'typ', s.judgement.verdict.message);
      else assert.equal(s.judgement.verdict.code, 'typ', s.judgement.verdict.message);
      // Never proposed, never offered: a placeholder sentence or a job id.
      for (const a of [s.keyField?.value, ...s.alternatives.map((x) => x.claim)]) {
        const v = a === undefined ? undefined : r.payload[a];
        assert.ok(
          v !== 'Not supported currently. Use oid claim.' && !/^job_\d+$/.test(String(v)),
          `${String(a)} offered`,
        );
      }
    });
  }
});
