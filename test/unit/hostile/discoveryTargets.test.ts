/**
 * Hostile input, a token does not decide where we connect (issue 29, class 1): `suggest` and *Fill
 * from a token* fetch a token's issuer, the jwks_uri its discovery document names and their
 * redirects only from public https hosts, unless the user allowed the host explicitly; a jwks_uri is
 * proposed only when it answers a key set, and what is printed of it is bounded.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoverJwksUri, suggestSettings } from '../../../src/core/idp';
import { JwksCache } from '../../../src/core/jwt';
import { refusedTarget, type TargetPolicy } from '../../../src/core/net';
import { runInProcess } from '../cli/inProcess';
import { jwksJson, makeToken, rsaKey, type TestKey } from '../jwt/fixtures';
import { testHttp } from '../testHttp';

const HOW = { how: '--allow-host HOST' };
const PUBLIC: TargetPolicy = { allowHosts: [], resolve: () => Promise.resolve(['93.184.216.34']) };

suite('hostile input: a token does not decide where we connect', () => {
  let key: TestKey;
  let server: Server;
  let base: string;
  let host: string;
  const hits: string[] = [];
  /** What each path answers: set per test. */
  let routes: Record<string, { status?: number; headers?: Record<string, string>; body?: string }> = {};

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'k1' });
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const r = routes[req.url ?? ''];
      if (!r) return void res.writeHead(404).end();
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers }).end(r.body ?? '');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    base = `http://${host}`;
  });
  setup(() => {
    hits.length = 0;
    routes = {
      '/.well-known/openid-configuration': { body: JSON.stringify({ jwks_uri: `${base}/jwks` }) },
      '/jwks': { body: jwksJson(key) },
    };
  });
  suiteTeardown(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const tokenFor = (iss: string): string =>
    makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'k1' },
      { iss, iat: Math.floor(Date.now() / 1000) - 60, exp: Math.floor(Date.now() / 1000) + 3600, client_id: 'c1' },
      key.privateKey,
    );

  test('refusedTarget: metadata, loopback, private ranges, odd IP spellings, IPv4-mapped IPv6 and plain http are refused', async () => {
    const refused = [
      'https://169.254.169.254/latest/meta-data',
      'https://metadata.google.internal/computeMetadata/v1',
      'https://[::1]/',
      'https://localhost:6379/',
      'https://app.localhost/',
      'https://10.1.2.3/',
      'https://172.16.0.1/',
      'https://172.31.255.255/',
      'https://192.168.1.1/',
      'https://[fc00::1]/',
      'https://[fd12:3456::1]/',
      'https://[fe80::1]/',
      'https://2130706433/', // decimal 127.0.0.1
      'https://0177.0.0.1/', // octal
      'https://0x7f.0.0.1/', // hex
      'https://0xa9fea9fe/', // hex 169.254.169.254
      'https://[::ffff:127.0.0.1]/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://0.0.0.0/',
      'https://intranet/',
      'http://login.example.com/', // public, but plain http
    ];
    for (const u of refused) {
      const why = await refusedTarget(new URL(u), PUBLIC, HOW);
      assert.ok(why !== undefined, `${u} was let through`);
      assert.match(why, /--allow-host HOST/, u);
    }
    assert.equal(await refusedTarget(new URL('https://login.example.com/x'), PUBLIC, HOW), undefined);
    assert.equal(await refusedTarget(new URL('https://93.184.216.34/'), PUBLIC, HOW), undefined);
  });

  test('refusedTarget: a public-looking name that resolves to a private address is refused; the user can allow a host of their own', async () => {
    const inside: TargetPolicy = { allowHosts: [], resolve: () => Promise.resolve(['93.184.216.34', '10.0.0.7']) };
    assert.match(
      (await refusedTarget(new URL('https://idp.example.com/'), inside, HOW)) ?? '',
      /resolves to 10\.0\.0\.7/,
    );
    const allowedName: TargetPolicy = { ...inside, allowHosts: ['IDP.example.com'] };
    assert.equal(await refusedTarget(new URL('https://idp.example.com/'), allowedName, HOW), undefined);
    // An allowance with a port is for that port only; an address is matched in any spelling.
    const withPort: TargetPolicy = { allowHosts: ['127.0.0.1:8443'] };
    assert.equal(await refusedTarget(new URL('http://127.0.0.1:8443/'), withPort, HOW), undefined);
    assert.notEqual(await refusedTarget(new URL('http://127.0.0.1:6379/'), withPort, HOW), undefined);
    assert.equal(await refusedTarget(new URL('http://2130706433:8443/'), withPort, HOW), undefined);
  });

  test('scim-jwt suggest: a token whose iss is on loopback over http is not fetched, and the hint names the way to allow it', async () => {
    const r = await runInProcess(['suggest', tokenFor(base), '--json']);
    const json = JSON.parse(r.out) as { jwksUrl: unknown; hints: string[] };
    assert.equal(json.jwksUrl, null);
    assert.deepEqual(hits, []);
    assert.ok(
      json.hints.some((h) => h.includes('not attempted') && h.includes('--allow-host HOST')),
      json.hints.join('\n'),
    );
  });

  test('scim-jwt suggest --allow-host: the user allows their own IdP and discovery proceeds', async () => {
    const r = await runInProcess(['suggest', tokenFor(base), '--json', '--allow-host', host]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal((JSON.parse(r.out) as { jwksUrl: unknown }).jwksUrl, `${base}/jwks`);
    assert.deepEqual(hits, ['/.well-known/openid-configuration', '/jwks']);
  });

  test('an allowed issuer whose document names a jwks_uri on the metadata address: not fetched, not proposed', async () => {
    routes['/.well-known/openid-configuration'] = {
      body: JSON.stringify({ jwks_uri: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' }),
    };
    const cache = new JwksCache({ timeoutMs: 2000, http: testHttp() });
    try {
      const s = await suggestSettings(tokenFor(base), { network: true, cache, targets: { allowHosts: [host] } });
      assert.equal(s.jwksUrl, undefined);
      assert.ok(
        s.hints.some((h) => h.includes('was not fetched')),
        s.hints.join('\n'),
      );
      assert.deepEqual(hits, ['/.well-known/openid-configuration']);
    } finally {
      await cache.close();
    }
  });

  test('an allowed issuer that redirects to another (not allowed) host: the redirect is not followed', async () => {
    routes['/.well-known/openid-configuration'] = {
      status: 302,
      headers: { location: 'http://169.254.169.254/latest/meta-data' },
    };
    const cache = new JwksCache({ timeoutMs: 2000, http: testHttp() });
    try {
      const d = await discoverJwksUri(base, cache, (u) => refusedTarget(u, { allowHosts: [host] }, HOW));
      assert.ok(!d.ok);
      assert.match(d.message, /169\.254\.169\.254 is reached over plain http/);
    } finally {
      await cache.close();
    }
  });

  test('a jwks_uri that is not a key set (the discovery document itself) is never proposed, and a long one is printed capped', async () => {
    const long = `${base}/.well-known/openid-configuration?${'x'.repeat(5000)}`;
    for (const jwksUri of [`${base}/.well-known/openid-configuration`, long]) {
      routes['/.well-known/openid-configuration'] = { body: JSON.stringify({ jwks_uri: jwksUri }) };
      const r = await runInProcess(['suggest', tokenFor(base), '--allow-host', host]);
      assert.match(r.out, /JWKS URL\s+\(none: see the hints\)/, r.out);
      assert.ok(!r.out.includes('x'.repeat(300)), 'the jwks_uri is printed whole');
    }
  });

  test('a token whose iss is 50,000 characters: what suggest prints of it in the hints is capped', async () => {
    // Online, the issuer is this test's own http server (refused, so nothing leaves the machine).
    for (const [iss, extra] of [
      [`https://idp.example.com/${'a'.repeat(50_000)}`, ['--offline']],
      [`${base}/${'a'.repeat(50_000)}`, []],
    ] as const) {
      const r = await runInProcess(['suggest', tokenFor(iss), '--json', ...extra]);
      const hints = (JSON.parse(r.out) as { hints: string[] }).hints;
      assert.ok(
        hints.every((h) => h.length < 2000),
        hints.map((h) => h.length).join(' '),
      );
    }
  });
});
