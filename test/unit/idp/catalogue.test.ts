/** Every catalogue entry against a token shaped as that provider issues it: recognition, proposed settings, verdict, hint. */
import * as assert from 'node:assert/strict';
import { CATALOGUE, recogniseToken, suggestionJson, suggestionView, suggestSettings } from '../../../src/core/idp';
import { JwksCache } from '../../../src/core/jwt';
import { NOW, NOW_S, rsaKey, type TestKey } from '../jwt/fixtures';
import { PROFILES, profileToken } from './profiles';
import { testHttp } from '../testHttp';

suite('identity-provider catalogue', () => {
  let key: TestKey;
  let cache: JwksCache;
  suiteSetup(() => {
    key = rsaKey(2048);
    cache = new JwksCache({ http: testHttp() });
  });
  suiteTeardown(async () => {
    await cache.close();
  });

  test('every entry that can be recognised has a token profile here; the others say why not', () => {
    for (const e of CATALOGUE) {
      const recognisable = e.issuer !== undefined || e.lookalike !== undefined;
      if (recognisable)
        assert.ok(
          PROFILES.some((p) => p.id === e.id),
          `no token profile for ${e.id}`,
        );
      else assert.equal(e.harness, 'unknown', `${e.id} cannot be recognised, so its verdict must be unknown`);
      assert.ok(e.sources.length > 0 && e.sources.every((u) => u.startsWith('https://')), `${e.id} sources`);
      assert.ok(e.keyFieldReason.length > 0 && e.harnessText.length > 0, e.id);
    }
    assert.equal(new Set(CATALOGUE.map((e) => e.id)).size, CATALOGUE.length, 'ids are unique');
  });

  for (const p of PROFILES) {
    suite(p.label, () => {
      let token: string;
      suiteSetup(() => {
        token = profileToken(p, key.privateKey);
      });

      test('recognition', () => {
        const m = recogniseToken(token);
        assert.equal(m?.entry.id, p.id);
        if (p.expect.recognisedBy) assert.equal(m?.by, p.expect.recognisedBy);
      });

      test('offline: proposed settings, verdict and hint', async () => {
        const s = await suggestSettings(token, { network: false, cache, now: NOW });
        const json = suggestionJson(s);
        assert.equal(json.idp, p.id === undefined ? null : CATALOGUE.find((e) => e.id === p.id)?.name);
        assert.equal(json.jwksUrl, p.expect.jwksUrl);
        assert.equal(json.keyField, p.expect.keyField);
        assert.equal(json.value, p.expect.value);
        assert.equal(json.accepted, p.expect.accepted, s.judgement.verdict.message);
        assert.equal(s.judgement.basis, 'shape');
        if (p.expect.code !== undefined) assert.equal(s.judgement.verdict.code, p.expect.code);
        assert.ok(
          json.hints.some((h) => p.expect.hint.test(h)),
          `no hint matching ${p.expect.hint}:\n${json.hints.join('\n')}`,
        );
        if (!p.expect.accepted) assert.equal(json.hints[0], s.refusal, 'the refusal comes first');
        if (p.expect.jwksUrl === null)
          assert.ok(
            json.hints.some((h) => /jwks_uri of .*openid-configuration/.test(h)),
            json.hints.join('\n'),
          );
        assert.ok(
          !s.alternatives.some((a) => a.claim === p.expect.keyField),
          'the proposed claim is not its own alternative',
        );
        assert.ok(!s.alternatives.some((a) => a.claim === 'jti'), 'per-token claims are no alternative');
      });

      test("against the provider's key set (made here), the verdict engine agrees", async () => {
        const jwk = { ...key.jwk, use: 'sig', ...(typeof p.header.kid === 'string' ? { kid: p.header.kid } : {}) };
        const s = await suggestSettings(token, {
          network: false,
          cache,
          now: NOW,
          keys: { kind: 'inline', json: JSON.stringify({ keys: [jwk] }) },
        });
        assert.equal(s.judgement.basis, 'key-set');
        assert.equal(s.accepted, p.expect.accepted, s.judgement.verdict.message);
        if (p.expect.code !== undefined) assert.equal(s.judgement.verdict.code, p.expect.code);
      });
    });
  }

  test('an expired token of an accepted shape: accepted, with a note that the token itself expired', async () => {
    const p = PROFILES.find((x) => x.id === 'auth0');
    assert.ok(p);
    const token = profileToken(
      { ...p, payload: { ...p.payload, iat: NOW_S - 7200, exp: NOW_S - 3600 } },
      key.privateKey,
    );
    const s = await suggestSettings(token, { network: false, cache, now: NOW });
    assert.equal(s.accepted, true, s.judgement.verdict.message);
    assert.equal(s.judgement.time.stale, 'expired');
    assert.ok(
      s.hints.some((h) => h.includes('itself has expired')),
      s.hints.join('\n'),
    );
  });

  test('shape judgement still refuses what any key set would: HS256, no exp, a claim that is not a string', async () => {
    const base = PROFILES.find((x) => x.id === 'auth0');
    assert.ok(base);
    const hs = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(base.payload)).toString('base64url')}.c2ln`;
    const s1 = await suggestSettings(hs, { network: false, cache, now: NOW });
    assert.equal(s1.accepted, false);
    assert.equal(s1.judgement.verdict.code, 'algorithm');
    assert.match(s1.refusal ?? '', /HS256/);
    const { exp: _exp, ...noExp } = base.payload;
    const s2 = await suggestSettings(profileToken({ ...base, payload: noExp }, key.privateKey), {
      network: false,
      cache,
      now: NOW,
    });
    assert.equal(s2.judgement.verdict.code, 'exp-missing');
    assert.equal(s2.accepted, false);
  });

  test('an Entra v1.0 token keyed on azp: the refusal explains appid vs azp', () => {
    const p = PROFILES.find((x) => x.id === 'entra-v1');
    assert.ok(p);
    const m = recogniseToken(profileToken(p, key.privateKey));
    assert.match(m?.entry.refusals['claim-missing'] ?? '', /appid; azp exists only in v2\.0/);
  });

  test('alternatives: aud of a provider whose keys many share carries a caution; the chosen claim does not appear', async () => {
    const p = PROFILES.find((x) => x.id === 'github-actions');
    assert.ok(p);
    const s = await suggestSettings(profileToken(p, key.privateKey), { network: false, cache, now: NOW });
    assert.match(s.alternatives.find((a) => a.claim === 'aud')?.caution ?? '', /every GitHub workflow/);
    assert.equal(s.alternatives.find((a) => a.claim === 'repository')?.caution, undefined);
  });

  test('the form view is plain data: it survives JSON and never holds the token', async () => {
    const p = PROFILES.find((x) => x.id === 'cognito');
    assert.ok(p);
    const token = profileToken(p, key.privateKey);
    const view = suggestionView(await suggestSettings(token, { network: false, cache, now: NOW }));
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view);
    assert.equal(view.provider?.harness, 'no');
    assert.equal(view.accepted, false);
    assert.match(view.refusal ?? '', /^Amazon Cognito access tokens carry only kid and alg/);
    assert.ok(!JSON.stringify(view).includes(token.split('.')[2] ?? '?'), 'no signature');
  });

  test('a pasted header value ("Bearer …") is judged as the token itself', async () => {
    const p = PROFILES.find((x) => x.id === 'google');
    assert.ok(p);
    const s = await suggestSettings(`Bearer ${profileToken(p, key.privateKey)}\n`, { network: false, cache, now: NOW });
    assert.equal(s.provider?.entry.id, 'google');
    assert.equal(s.accepted, true, s.judgement.verdict.message);
  });

  test('no token at all: nothing proposed, not accepted', async () => {
    const s = await suggestSettings('not a token', { network: false, cache, now: NOW });
    assert.equal(s.idp, null);
    assert.equal(s.accepted, false);
    assert.equal(s.jwksUrl, undefined);
    assert.equal(s.judgement.verdict.code, 'malformed');
  });
});
