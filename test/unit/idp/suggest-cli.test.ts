/** `scim-jwt suggest`, in-process: the exact JSON shape, exit codes, --offline, discovery through the proxy. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startProxy } from '../harness/testProxy';
import { runInProcess } from '../cli/inProcess';
import { jwksJson, makeToken, rsaKey, type TestKey } from '../jwt/fixtures';
import { PROFILES, profileToken } from './profiles';

suite('scim-jwt suggest', () => {
  let key: TestKey;
  let server: Server;
  let base: string;
  const hits: string[] = [];
  const life = (): Record<string, number> => ({
    iat: Math.floor(Date.now() / 1000) - 60,
    exp: Math.floor(Date.now() / 1000) + 3600,
  });
  const byId = (id: string): string => {
    const p = PROFILES.find((x) => x.id === id);
    if (!p) throw new Error(id);
    // Times relative to the real clock: the CLI judges "now".
    return profileToken({ ...p, payload: { ...p.payload, ...life() } }, key.privateKey);
  };

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'op-1' });
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/.well-known/openid-configuration')
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jwks_uri: `${base}/jwks` }));
      else if (req.url === '/jwks') res.writeHead(200, { 'content-type': 'application/json' }).end(jwksJson(key));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  setup(() => {
    hits.length = 0;
  });
  suiteTeardown(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  test('--json prints exactly the six members; a refused provider exits 1', async () => {
    const r = await runInProcess(['suggest', byId('okta-custom'), '--offline', '--json']);
    assert.equal(r.code, 1, r.err);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['idp', 'jwksUrl', 'keyField', 'value', 'accepted', 'hints']);
    assert.equal(json.idp, 'Okta (custom authorization server)');
    assert.equal(json.jwksUrl, 'https://dev-82404718.okta.com/oauth2/default/v1/keys');
    assert.equal(json.keyField, 'cid');
    assert.equal(json.value, '0oap56en3wahZLolf5d7');
    assert.equal(json.accepted, false);
    assert.match(
      (json.hints as string[])[0] ?? '',
      /^Okta custom authorization servers never put typ in access tokens, so Harness refuses them\. No Okta setting adds it/,
    );
  });

  test('an accepted provider exits 0; the text output names the provider, the settings and their reasons', async () => {
    const r = await runInProcess(['suggest', byId('auth0'), '--offline']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Identity provider: Auth0 \(default token profile\)$/m);
    assert.match(r.out, /^JWKS URL {3}https:\/\/sandbox-redzone-co\.us\.auth0\.com\/\.well-known\/jwks\.json$/m);
    assert.match(r.out, /^Key field {2}azp$/m);
    assert.match(r.out, /Other string claims you could key on instead:\n(.*\n)* {2}gty = "client-credentials"/);
  });

  test('standard input, a Bearer prefix and the usage errors', async () => {
    const piped = await runInProcess(['suggest', '-', '--offline', '--json'], { stdin: `Bearer ${byId('google')}\n` });
    assert.equal(piped.code, 0, piped.err);
    assert.equal((JSON.parse(piped.out) as { keyField: string }).keyField, 'sub');
    for (const argv of [
      ['suggest', '--offline'],
      ['suggest', byId('google'), '--bogus'],
      ['suggest', 'a', 'b'],
      ['suggest', byId('google'), '--timeout', '0'],
    ]) {
      const r = await runInProcess(argv, { stdin: argv.length === 2 ? '' : undefined });
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.out}${r.err}`);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
    assert.match((await runInProcess(['help', 'suggest'])).out, /--offline/);
  });

  test('unknown issuer, --offline: jwksUrl null, a discovery hint, and not one request even with a proxy set', async () => {
    const proxy = await startProxy();
    try {
      const t = makeToken(
        { alg: 'RS256', typ: 'JWT', kid: 'op-1' },
        { iss: base, ...life(), client_id: 'c1' },
        key.privateKey,
      );
      const r = await runInProcess(['suggest', t, '--offline', '--json'], {
        env: { HTTP_PROXY: proxy.url, NO_PROXY: '' },
      });
      const json = JSON.parse(r.out) as { idp: unknown; jwksUrl: unknown; hints: string[]; accepted: boolean };
      assert.equal(json.idp, null);
      assert.equal(json.jwksUrl, null);
      assert.ok(
        json.hints.some((h) => h.includes(`${base}/.well-known/openid-configuration`) && h.includes('discovery')),
        json.hints.join('\n'),
      );
      assert.equal(r.code, 0);
      assert.deepEqual(hits, []);
      assert.deepEqual([...proxy.forwarded, ...proxy.connects], []);
    } finally {
      await proxy.close();
    }
  });

  test('a Keycloak issuer on a loopback host not allowed: the basis and the hints read as whole sentences', async () => {
    const t = makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'op-1' },
      { iss: `${base.replace('http:', 'https:')}/realms/x`, ...life(), azp: 'scim' },
      key.privateKey,
    );
    const r = await runInProcess(['suggest', t]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(
      r.out,
      /^Harness would accept a token of this shape: yes\. Judged the token's shape only, because the key set could not be read: 127\.0\.0\.1:\d+ is a loopback, link-local or private address, .*--allow-host HOST\.$/m,
    );
    assert.match(
      r.out,
      /^ {2}- The verdict engine judged the token's shape only, because the key set could not be read: 127\.0\.0\.1:\d+ is /m,
    );
    assert.doesNotMatch(r.out, /Harness's rules the|\.\)|\(127/);
    assert.deepEqual(hits, []);
  });

  test('unknown issuer, online: discovery and the key set through HTTP_PROXY, judged against the real keys', async () => {
    const proxy = await startProxy();
    try {
      const t = makeToken(
        { alg: 'RS256', typ: 'JWT', kid: 'op-1' },
        { iss: base, ...life(), client_id: 'c1' },
        key.privateKey,
      );
      const r = await runInProcess(['suggest', t, '--json', '--allow-host', new URL(base).host], {
        env: { HTTP_PROXY: proxy.url, NO_PROXY: '' },
      });
      assert.equal(r.code, 0, r.out + r.err);
      const json = JSON.parse(r.out) as { jwksUrl: string; hints: string[] };
      assert.equal(json.jwksUrl, `${base}/jwks`);
      assert.ok(!json.hints.some((h) => h.includes('shape only')), json.hints.join('\n'));
      // undici tunnels plain http through CONNECT too (one tunnel may carry both requests); either way the proxy carried them.
      const carried = [...proxy.connects, ...proxy.forwarded.map((u) => new URL(u).host)];
      assert.ok(carried.length > 0 && carried.every((h) => h === new URL(base).host), carried.join(' '));
      assert.deepEqual(hits, ['/.well-known/openid-configuration', '/jwks']);
    } finally {
      await proxy.close();
    }
  });

  test("scan --json names each token's provider; the Okta lens line leads with Okta's reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scim-jwt-idp-'));
    try {
      const file = join(dir, 'okta.http');
      writeFileSync(
        file,
        `### okta\nGET https://h/ng/api/scim/account/a/Users\nAuthorization: Bearer ${byId('okta-custom')}\n`,
      );
      const r = await runInProcess([
        'scan',
        file,
        '--json',
        '--jwks-url',
        `${base}/jwks`,
        '--key-field',
        'cid',
        '--value',
        '0oap56en3wahZLolf5d7',
      ]);
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /"idp": "Okta \(custom authorization server\)"/);
      assert.match(
        r.out,
        /"title": "✗ Harness would refuse: Okta custom authorization servers never put typ in access tokens, so Harness refuses them · command-line rules"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('not a JWT at all: refused (exit 1), not a usage error', async () => {
    const r = await runInProcess(['suggest', 'pat.abc.def.ghi', '--offline', '--json']);
    assert.equal(r.code, 1, r.err);
    assert.equal((JSON.parse(r.out) as { accepted: boolean }).accepted, false);
  });
});
