/** Tokens from a real OpenID provider (oidc-provider on 127.0.0.1) against its real JWKS endpoint, including rotation. */
import * as assert from 'node:assert/strict';
import { JwksCache, verifyForHarness } from '../../../src/core/jwt';
import { startIdp, type Idp } from '../../sandbox/idp';
import { testHttp } from '../testHttp';

suite('jwt with a real identity provider', () => {
  let idp: Idp;
  let cache: JwksCache;
  const rules = { keyField: 'scim_client', value: 'harness-scim' };

  suiteSetup(async () => {
    idp = await startIdp({ claims: { scim_client: 'harness-scim' } });
    cache = new JwksCache({ timeoutMs: 2000, http: testHttp() });
  });
  suiteTeardown(async () => {
    await cache.close();
    await idp.close();
  });

  test('a client-credentials access token (at+jwt) is accepted', async () => {
    const token = await idp.getToken();
    const v = await verifyForHarness(token, { keys: { kind: 'url', url: idp.jwksUri }, rules, cache });
    assert.equal(v.code, 'ok', v.message);
    assert.equal(v.header?.typ, 'at+jwt');
    assert.equal(v.keysConsidered.find((k) => k.chosen)?.kid, idp.currentKid());
  });

  test('per-token claims reach the verdict: a different value is a mismatch', async () => {
    const token = await idp.getToken({ scim_client: 'someone-else' });
    const v = await verifyForHarness(token, { keys: { kind: 'url', url: idp.jwksUri }, rules, cache });
    assert.equal(v.code, 'claim-mismatch');
    assert.match(v.message, /"someone-else".*"harness-scim"/);
  });

  test('the discovery URL instead of the JWKS URL names jwks_uri', async () => {
    const token = await idp.getToken();
    const v = await verifyForHarness(token, { keys: { kind: 'url', url: idp.discoveryUri }, rules, cache });
    assert.equal(v.code, 'jwks-invalid');
    assert.ok(v.message.includes(idp.jwksUri), v.message);
  });

  test('key rotation: unseen while the key set is cached, seen after reload', async () => {
    const before = await idp.getToken();
    assert.equal(
      (await verifyForHarness(before, { keys: { kind: 'url', url: idp.jwksUri }, rules, cache })).code,
      'ok',
    );
    const { kid } = await idp.rotateKeys();
    const after = await idp.getToken();
    const stale = await verifyForHarness(after, { keys: { kind: 'url', url: idp.jwksUri }, rules, cache });
    assert.equal(stale.code, 'key-not-found');
    assert.ok(stale.message.includes(kid));
    assert.ok(stale.warnings.some((w) => w.code === 'jwks-cached-by-harness'));
    cache.reload(idp.jwksUri);
    const fresh = await verifyForHarness(after, { keys: { kind: 'url', url: idp.jwksUri }, rules, cache });
    assert.equal(fresh.code, 'ok', fresh.message);
    assert.equal(fresh.keysConsidered.length, 2);
    // A token signed by the old key still verifies: the old key stays published.
    assert.equal(
      (await verifyForHarness(before, { keys: { kind: 'url', url: idp.jwksUri }, rules, cache })).code,
      'ok',
    );
  });

  test('an ES256 provider works too', async () => {
    const ec = await startIdp({ alg: 'ES256', claims: { scim_client: 'harness-scim' } });
    try {
      const v = await verifyForHarness(await ec.getToken(), { keys: { kind: 'url', url: ec.jwksUri }, rules, cache });
      assert.equal(v.code, 'ok', v.message);
      assert.equal(v.header?.alg, 'ES256');
    } finally {
      await ec.close();
    }
  });
});
