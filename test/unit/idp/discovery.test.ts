/** Unknown issuers through OpenID discovery against a local server, and what offline never fetches. */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoverJwksUri, keySetText, recogniseToken, suggestSettings } from '../../../src/core/idp';
import { JwksCache } from '../../../src/core/jwt';
import { refusedTarget, type TargetPolicy } from '../../../src/core/net';
import { jwksJson, makeToken, NOW_S, rsaKey, type TestKey } from '../jwt/fixtures';
import { testHttp } from '../testHttp';

interface Site {
  base: string;
  hits: string[];
  server: Server;
}

async function site(routes: (base: string) => Record<string, { status?: number; body: string }>): Promise<Site> {
  const hits: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const r = routes(base)[req.url ?? ''];
    res
      .writeHead(r?.status ?? (r ? 200 : 404), { 'content-type': 'application/json' })
      .end(r?.body ?? '{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, hits, server };
}

async function close(s: Site): Promise<void> {
  s.server.closeAllConnections();
  await new Promise((r) => s.server.close(r));
}

/** The test IdPs listen on 127.0.0.1 over http: allowed explicitly, as a user on a private IdP would. */
const allowLocal = (): TargetPolicy => ({ allowHosts: ['127.0.0.1'] });

suite('identity providers: discovery for unknown issuers', () => {
  let key: TestKey;
  let op: Site;
  let broken: Site;
  let cache: JwksCache;
  const now = (): Date => new Date();
  const life = (): Record<string, number> => ({
    iat: Math.floor(Date.now() / 1000) - 60,
    exp: Math.floor(Date.now() / 1000) + 3600,
  });

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'op-1' });
    op = await site((base) => ({
      '/.well-known/openid-configuration': { body: JSON.stringify({ issuer: base, jwks_uri: `${base}/keys/set` }) },
      '/keys/set': { body: jwksJson(key) },
      '/realms/dev/protocol/openid-connect/certs': { body: jwksJson(key) },
    }));
    broken = await site(() => ({}));
  });
  setup(() => {
    cache = new JwksCache({ timeoutMs: 2000, http: testHttp() });
    op.hits.length = 0;
    broken.hits.length = 0;
  });
  teardown(async () => {
    await cache.close();
  });
  suiteTeardown(async () => {
    await close(op);
    await close(broken);
  });

  const token = (iss: string, extra: Record<string, unknown> = {}): string =>
    makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'op-1' },
      { iss, ...life(), client_id: 'scim-client', aud: 'scim', ...extra },
      key.privateKey,
    );

  test('discoverJwksUri reads jwks_uri through the shared cache', async () => {
    const d = await discoverJwksUri(`${op.base}/`, cache, (u) => refusedTarget(u, allowLocal(), { how: 'test' }));
    assert.deepEqual(d, {
      ok: true,
      documentUrl: `${op.base}/.well-known/openid-configuration`,
      jwksUri: `${op.base}/keys/set`,
    });
    // The document, then the jwks_uri it names: proposed only once it answered a key set.
    assert.equal(cache.fetchCount, 2);
  });

  test('an unknown issuer: discovery proposes the JWKS URL and the real key set judges the token', async () => {
    const s = await suggestSettings(token(op.base), { network: true, cache, now: now(), targets: allowLocal() });
    assert.equal(s.idp, null);
    assert.equal(s.jwksUrl?.value, `${op.base}/keys/set`);
    assert.match(s.jwksUrl.reason, /discovery document/);
    assert.equal(s.keyField?.value, 'client_id');
    assert.match(s.keyField.reason, /\(inferred\)/);
    assert.equal(s.judgement.basis, 'key-set');
    assert.equal(s.accepted, true, s.judgement.verdict.message);
    assert.deepEqual(op.hits, ['/.well-known/openid-configuration', '/keys/set']);
  });

  test('a token signed by a key the discovered set lacks: the real key set refuses it', async () => {
    const other = rsaKey(2048, { kid: 'op-1' });
    const forged = makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'op-1' },
      { iss: op.base, ...life(), client_id: 'scim-client' },
      other.privateKey,
    );
    const s = await suggestSettings(forged, { network: true, cache, now: now(), targets: allowLocal() });
    assert.equal(s.accepted, false);
    assert.equal(s.judgement.verdict.code, 'signature');
  });

  test('offline: nothing is fetched; the unknown issuer gets no JWKS URL and a discovery hint', async () => {
    const s = await suggestSettings(token(op.base), { network: false, cache, now: now() });
    assert.equal(s.jwksUrl, undefined);
    assert.ok(
      s.hints.some((h) => h.includes(`jwks_uri of ${op.base}/.well-known/openid-configuration (not fetched: offline)`)),
      s.hints.join('\n'),
    );
    assert.equal(s.judgement.basis, 'shape');
    assert.equal(s.accepted, true);
    assert.deepEqual(op.hits, []);
    assert.equal(cache.fetchCount, 0);
  });

  test('discovery that fails: no JWKS URL, the reason as a hint, the shape still judged', async () => {
    const s = await suggestSettings(token(broken.base), { network: true, cache, now: now(), targets: allowLocal() });
    assert.equal(s.jwksUrl, undefined);
    assert.ok(
      s.hints.some((h) => h.startsWith(`Discovery at ${broken.base}/.well-known/openid-configuration failed`)),
      s.hints.join('\n'),
    );
    assert.equal(s.judgement.basis, 'shape');
    assert.deepEqual(broken.hits, ['/.well-known/openid-configuration']);
  });

  test('a known provider with a fixed path: the derived key set, no discovery', async () => {
    const kc = makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'op-1' },
      { iss: `${op.base}/realms/dev`, ...life(), azp: 'scim-client', typ: 'Bearer', sub: 'uuid' },
      key.privateKey,
    );
    const s = await suggestSettings(kc, { network: true, cache, now: now(), targets: allowLocal() });
    assert.equal(s.provider?.entry.id, 'keycloak');
    assert.equal(s.jwksUrl?.value, `${op.base}/realms/dev/protocol/openid-connect/certs`);
    assert.equal(s.judgement.basis, 'key-set');
    assert.equal(s.accepted, true, s.judgement.verdict.message);
    assert.deepEqual(op.hits, ['/realms/dev/protocol/openid-connect/certs']);
  });

  test('a known provider whose path is unsourced (Duende): discovery first when online', async () => {
    const du = makeToken(
      { alg: 'RS256', typ: 'at+jwt', kid: 'op-1' },
      { iss: op.base, nbf: NOW_S, ...life(), scope: ['api'], client_id: 'm2m', jti: 'j' },
      key.privateKey,
    );
    const online = await suggestSettings(du, { network: true, cache, now: now(), targets: allowLocal() });
    assert.equal(online.provider?.entry.id, 'duende');
    assert.equal(online.jwksUrl?.value, `${op.base}/keys/set`);
    const offline = await suggestSettings(du, { network: false, cache, now: now() });
    assert.equal(offline.jwksUrl?.value, `${op.base}/.well-known/openid-configuration/jwks`);
    assert.match(offline.jwksUrl.reason, /unsourced/);
  });

  // A token shaped as node oidc-provider issues it: recognised by shape, so its /jwks is only a convention.
  const oidcProviderShaped = (iss: string): string =>
    makeToken(
      { alg: 'RS256', typ: 'at+jwt', kid: 'op-1' },
      { iss, ...life(), jti: 'j1', client_id: 'scim-client', scope: 'scim', aud: 'https://scim' },
      key.privateKey,
    );

  test('recognised by shape, online: the discovery document wins over the conventional path', async () => {
    const s = await suggestSettings(oidcProviderShaped(op.base), {
      network: true,
      cache,
      now: now(),
      targets: allowLocal(),
    });
    assert.equal(s.provider?.entry.id, 'node-oidc-provider');
    assert.equal(s.provider.by, 'shape');
    assert.equal(s.jwksUrl?.value, `${op.base}/keys/set`);
    assert.match(s.jwksUrl.reason, new RegExp(`discovery document .*not the conventional ${op.base}/jwks`));
    assert.deepEqual(op.hits, ['/.well-known/openid-configuration', '/keys/set']);
    assert.equal(s.accepted, true, s.judgement.verdict.message);
  });

  test('recognised by shape, offline: the conventional path, said to be the offline fallback', async () => {
    const s = await suggestSettings(oidcProviderShaped(op.base), { network: false, cache, now: now() });
    assert.equal(s.jwksUrl?.value, `${op.base}/jwks`);
    assert.match(
      s.jwksUrl.reason,
      new RegExp(
        `^Offline fallback: .*Online, the jwks_uri of ${op.base}/\\.well-known/openid-configuration decides\\.`,
      ),
    );
    assert.deepEqual(op.hits, []);
  });

  test('recognised by shape, discovery failing: the conventional path only once it answered a key set', async () => {
    const conventional = await site(() => ({ '/jwks': { body: jwksJson(key) } }));
    try {
      const s = await suggestSettings(oidcProviderShaped(conventional.base), {
        network: true,
        cache,
        now: now(),
        targets: allowLocal(),
      });
      assert.equal(s.jwksUrl?.value, `${conventional.base}/jwks`);
      assert.match(s.jwksUrl.reason, /^Fallback: .*which answered a key set \(discovery failed\)/);
      assert.ok(
        s.hints.some((h) => h.startsWith(`Discovery at ${conventional.base}/.well-known/openid-configuration failed`)),
        s.hints.join('\n'),
      );
      assert.equal(s.judgement.basis, 'key-set');
      assert.equal(s.accepted, true, s.judgement.verdict.message);
      // The check and the verdict share one download.
      assert.deepEqual(conventional.hits, ['/.well-known/openid-configuration', '/jwks']);
    } finally {
      await close(conventional);
    }
  });

  test('recognised by shape, discovery and the conventional path both failing: no JWKS URL, and both reasons', async () => {
    const s = await suggestSettings(oidcProviderShaped(broken.base), {
      network: true,
      cache,
      now: now(),
      targets: allowLocal(),
    });
    assert.equal(s.jwksUrl, undefined);
    const hint = s.hints.find((h) => h.startsWith('Not proposed: '));
    assert.ok(hint, s.hints.join('\n'));
    assert.match(hint, new RegExp(`path ${broken.base}/jwks answered no key set: .*HTTP 404`));
    assert.match(hint, new RegExp(`Discovery at ${broken.base}/\\.well-known/openid-configuration failed`));
    assert.equal(s.judgement.basis, 'shape');
  });

  suite('Keycloak, online: its certs URL is proposed only once it answered a key set', () => {
    const keycloak = (base: string): string =>
      makeToken(
        { alg: 'RS256', typ: 'JWT', kid: 'op-1' },
        { iss: `${base}/realms/x`, ...life(), azp: 'scim-client' },
        key.privateKey,
      );

    test('certs 404, discovery names the key set: the discovered jwks_uri, saying the certs URL failed', async () => {
      const kc = await site((base) => ({
        '/realms/x/.well-known/openid-configuration': { body: JSON.stringify({ jwks_uri: `${base}/realms/x/keys` }) },
        '/realms/x/keys': { body: jwksJson(key) },
      }));
      try {
        const s = await suggestSettings(keycloak(kc.base), { network: true, cache, now: now(), targets: allowLocal() });
        assert.equal(s.provider?.entry.id, 'keycloak');
        assert.equal(s.jwksUrl?.value, `${kc.base}/realms/x/keys`);
        assert.match(
          s.jwksUrl.reason,
          new RegExp(
            `discovery document .*\\. Keycloak's path ${kc.base}/realms/x/protocol/openid-connect/certs answered no key set: .*HTTP 404`,
          ),
        );
        assert.deepEqual(kc.hits, [
          '/realms/x/protocol/openid-connect/certs',
          '/realms/x/.well-known/openid-configuration',
          '/realms/x/keys',
        ]);
        assert.equal(s.judgement.basis, 'key-set');
        assert.equal(s.accepted, true, s.judgement.verdict.message);
      } finally {
        await close(kc);
      }
    });

    test('certs 404 and no discovery: nothing proposed as if it worked, and the hint says what happened', async () => {
      const s = await suggestSettings(keycloak(broken.base), {
        network: true,
        cache,
        now: now(),
        targets: allowLocal(),
      });
      assert.equal(s.jwksUrl, undefined);
      const hint = s.hints.find((h) => h.startsWith('Not proposed: '));
      assert.ok(hint, s.hints.join('\n'));
      assert.match(hint, /Keycloak's path .*\/realms\/x\/protocol\/openid-connect\/certs answered no key set/);
      assert.match(hint, /Discovery at .* failed/);
      assert.deepEqual(broken.hits, [
        '/realms/x/protocol/openid-connect/certs',
        '/realms/x/.well-known/openid-configuration',
      ]);
    });

    test('a host not allowed: not fetched, proposed as unconfirmed, and every hint is one plain sentence', async () => {
      const s = await suggestSettings(keycloak(op.base), { network: true, cache, now: now() });
      assert.equal(s.jwksUrl?.value, `${op.base}/realms/x/protocol/openid-connect/certs`);
      assert.match(
        s.jwksUrl.reason,
        /^Unconfirmed: Keycloak's path, .*, was not fetched: .*(?:--allow-host|allowance)/,
      );
      assert.deepEqual(op.hits, []);
      assert.equal(s.judgement.basis, 'shape');
      const basis = s.hints[0] ?? '';
      assert.match(
        basis,
        /^The verdict engine judged the token's shape only, because the key set could not be read: 127\.0\.0\.1:\d+ is /,
      );
      assert.ok(basis.includes(s.judgement.basisText), 'the setup form drops the hint that repeats the basis');
      for (const h of s.hints) {
        assert.match(h, /[.!?]$/, h);
        assert.doesNotMatch(h, /Harness's rules (?:the|judged)|\.\)|\(\w[^()]*\.\s/, h);
      }
    });
  });

  test('the hover says a conventional path is the offline fallback; a fixed one it states plainly', () => {
    const shape = recogniseToken(oidcProviderShaped(op.base));
    assert.ok(shape);
    assert.match(
      keySetText(shape),
      /^\{iss\}\/jwks \(offline fallback; online, the issuer's discovery document decides\)$/,
    );
    const okta = recogniseToken(
      makeToken(
        { alg: 'RS256', kid: 'op-1' },
        { iss: 'https://dev-1.okta.com/oauth2/default', cid: 'c', jti: 'AT.1', ...life() },
        key.privateKey,
      ),
    );
    assert.ok(okta);
    assert.equal(keySetText(okta), '{iss}/v1/keys');
  });

  test("Azure AD B2C: discovery reads the user flow's document (?p=) and the key set it names", async () => {
    const tid = '775527ff-9a37-4307-8b3d-cc311f58d925';
    const b2c = await site((base) => ({
      [`/${tid}/v2.0/.well-known/openid-configuration?p=b2c_1_signin`]: {
        body: JSON.stringify({ jwks_uri: `${base}/${tid}/discovery/v2.0/keys?p=b2c_1_signin` }),
      },
      [`/${tid}/discovery/v2.0/keys?p=b2c_1_signin`]: { body: jwksJson(key) },
    }));
    try {
      // b2clogin.com is what names B2C by host; a local server stands in with the user flow claim instead.
      const t = makeToken(
        { alg: 'RS256', typ: 'JWT', kid: 'op-1' },
        { iss: `${b2c.base}/${tid}/v2.0/`, ver: '1.0', tfp: 'b2c_1_signin', azp: 'app-1', ...life() },
        key.privateKey,
      );
      const s = await suggestSettings(t, { network: true, cache, now: now(), targets: allowLocal() });
      assert.equal(s.provider?.entry.id, 'azure-b2c');
      assert.equal(s.jwksUrl?.value, `${b2c.base}/${tid}/discovery/v2.0/keys?p=b2c_1_signin`);
      assert.deepEqual(b2c.hits, [
        `/${tid}/v2.0/.well-known/openid-configuration?p=b2c_1_signin`,
        `/${tid}/discovery/v2.0/keys?p=b2c_1_signin`,
      ]);
      assert.equal(s.keyField?.value, 'azp');
      assert.equal(s.accepted, true, s.judgement.verdict.message);
    } finally {
      await close(b2c);
    }
  });
});
