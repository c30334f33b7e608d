/** Key hosts that misbehave, on 127.0.0.1: each gives a clear verdict, and nothing hangs. */
import * as assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { JwksCache, verifyForHarness, type Verdict } from '../../../src/core/jwt';
import { undiciClientOver } from '../../../src/core/net';
import { startUntrustedHttps } from '../tlsServer';
import { goodPayload, jwksJson, makeToken, NOW, RULES, rsaKey, type TestKey } from './fixtures';
import { testHttp } from '../testHttp';

suite('jwt key hosts', () => {
  let server: Server;
  let base: string;
  let key: TestKey;
  let token: string;
  const hits = new Map<string, number>();
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/jwks': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwksJson(key)),
    '/error-with-keys': (res) => res.writeHead(500, { 'content-type': 'application/json' }).end(jwksJson(key)),
    '/slow': () => undefined, // never answers
    '/drip': (res) => {
      // A byte every 100 ms: never idle long enough for the read timeout, never done.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const timer = setInterval(() => {
        if (!res.destroyed) res.write(' ');
      }, 100);
      res.on('close', () => {
        clearInterval(timer);
      });
    },
    '/huge': (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < 4 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    },
    '/loop': (res) => res.writeHead(302, { location: '/loop' }).end(),
    '/moved': (res) => res.writeHead(301, { location: '/jwks' }).end(),
    '/html': (res) =>
      res
        .writeHead(404, { 'content-type': 'text/html' })
        .end('<html><head><title>404 Not Found</title></head><body>nope</body></html>'),
    '/.well-known/openid-configuration': (res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` })),
  };

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'k1' });
    token = makeToken({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, goodPayload(), key.privateKey);
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      (routes[path] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  suiteTeardown(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function verdictFor(
    path: string,
    cache = new JwksCache({ timeoutMs: 300, http: testHttp() }),
  ): Promise<Verdict> {
    try {
      return await verifyForHarness(token, {
        keys: { kind: 'url', url: `${base}${path}` },
        rules: RULES,
        cache,
        at: NOW,
      });
    } finally {
      await cache.close();
    }
  }

  test('a good key set over loopback http: accepted, no plain-http warning', async () => {
    const v = await verdictFor('/jwks');
    assert.equal(v.code, 'ok', v.message);
    assert.ok(!v.warnings.some((w) => w.code === 'jwks-plain-http'));
    assert.ok(v.warnings.some((w) => w.code === 'jwks-cached-by-harness'));
  });

  test('slow host: times out with a clear reason', async () => {
    const v = await verdictFor('/slow');
    assert.equal(v.code, 'jwks-unreachable');
    assert.match(v.message, /did not answer within 0.3 s/);
    assert.deepEqual([v.harnessError.httpStatus, v.harnessError.code], [400, 'INVALID_INPUT_SET']);
  });

  test('a host that drips bytes forever is cut off at the overall deadline', async () => {
    const started = Date.now();
    const v = await verdictFor('/drip');
    assert.equal(v.code, 'jwks-unreachable');
    assert.match(v.message, /took more than 2.3 s in all/);
    assert.ok(Date.now() - started < 5000, `took ${String(Date.now() - started)} ms`);
  });

  test('huge body: reading stops at the cap', async () => {
    const v = await verdictFor('/huge');
    assert.equal(v.code, 'jwks-invalid');
    assert.match(v.message, /size limit/);
  });

  test('redirect loop: gives up after 20 like OkHttp', async () => {
    const before = hits.get('/loop') ?? 0;
    const v = await verdictFor('/loop');
    assert.equal(v.code, 'jwks-unreachable');
    assert.match(v.message, /More than 20 redirects/);
    assert.equal((hits.get('/loop') ?? 0) - before, 21);
  });

  test('one redirect: followed, with a warning', async () => {
    const v = await verdictFor('/moved');
    assert.equal(v.code, 'ok', v.message);
    const w = v.warnings.find((x) => x.code === 'jwks-redirect');
    assert.ok(w);
    assert.match(w.message, /\/jwks/);
  });

  test('HTML error page: named as such, with its status', async () => {
    const v = await verdictFor('/html');
    assert.equal(v.code, 'jwks-invalid');
    assert.match(v.message, /HTML page \("404 Not Found"\).*HTTP 404/);
  });

  test('error status with a valid key set: Harness ignores the status', async () => {
    const v = await verdictFor('/error-with-keys');
    assert.equal(v.code, 'ok', v.message);
    assert.ok(v.warnings.some((w) => w.code === 'jwks-http-status'));
  });

  test('discovery document: names its jwks_uri', async () => {
    const v = await verdictFor('/.well-known/openid-configuration');
    assert.equal(v.code, 'jwks-invalid');
    assert.ok(v.message.includes(`${base}/jwks`));
  });

  test('connection refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const cache = new JwksCache({ timeoutMs: 300, http: testHttp() });
    const v = await verifyForHarness(token, {
      keys: { kind: 'url', url: `http://127.0.0.1:${port}/jwks` },
      rules: RULES,
      cache,
      at: NOW,
    });
    await cache.close();
    assert.equal(v.code, 'jwks-unreachable');
    assert.match(v.message, /refused/);
  });

  test('not a URL', async () => {
    const w = await verifyForHarness(token, {
      keys: { kind: 'url', url: 'not a url' },
      rules: RULES,
      cache: new JwksCache({ http: testHttp() }),
      at: NOW,
    });
    assert.equal(w.code, 'jwks-unreachable');
    assert.match(w.message, /not an absolute URL/);
  });

  test('1,000 concurrent verdicts on one URL cost one download; reload downloads again', async () => {
    const cache = new JwksCache({ http: testHttp() });
    const before = hits.get('/jwks') ?? 0;
    const verdicts = await Promise.all(
      Array.from({ length: 1000 }, () =>
        verifyForHarness(token, { keys: { kind: 'url', url: `${base}/jwks` }, rules: RULES, cache, at: NOW }),
      ),
    );
    assert.ok(verdicts.every((v) => v.accepted));
    assert.equal(cache.fetchCount, 1);
    assert.equal((hits.get('/jwks') ?? 0) - before, 1);
    cache.reload(`${base}/jwks`);
    await cache.load({ kind: 'url', url: `${base}/jwks` });
    assert.equal(cache.fetchCount, 2);
    await cache.close();
  });

  test('a TTL of 0 downloads again on every load', async () => {
    const cache = new JwksCache({ ttlMs: 0, timeoutMs: 300, http: testHttp() });
    await cache.load({ kind: 'url', url: `${base}/jwks` });
    await cache.load({ kind: 'url', url: `${base}/jwks` });
    assert.equal(cache.fetchCount, 2);
    await cache.close();
  });

  test('an unreachable host is not remembered: the next load tries again', async () => {
    const cache = new JwksCache({ timeoutMs: 300, http: testHttp() });
    const url = 'http://127.0.0.1:1/jwks';
    const first = await cache.load({ kind: 'url', url });
    const second = await cache.load({ kind: 'url', url });
    assert.equal(first.ok || second.ok, false);
    assert.equal(cache.fetchCount, 2);
    await cache.close();
  });

  test('an untrusted certificate: Harness reads the keys anyway, so accepted with a warning', async () => {
    const secure = await startUntrustedHttps((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwksJson(key));
    });
    const cache = new JwksCache({ timeoutMs: 2000, http: testHttp() });
    try {
      const v = await verifyForHarness(token, {
        keys: { kind: 'url', url: `${secure.base}/jwks` },
        rules: RULES,
        cache,
        at: NOW,
      });
      assert.equal(v.code, 'ok', v.message);
      assert.ok(
        v.warnings.some((w) => w.code === 'jwks-tls-untrusted'),
        JSON.stringify(v.warnings),
      );
    } finally {
      await cache.close();
      await secure.close();
    }
  });

  test('plain http to a non-loopback host warns (mocked host, no network)', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('http://keys.example.test')
      .intercept({ path: '/jwks', method: 'GET' })
      .reply(200, jwksJson(key), { headers: { 'content-type': 'application/json' } });
    const cache = new JwksCache({ http: undiciClientOver(agent) });
    const v = await verifyForHarness(token, {
      keys: { kind: 'url', url: 'http://keys.example.test/jwks' },
      rules: RULES,
      cache,
      at: NOW,
    });
    await agent.close();
    assert.equal(v.code, 'ok', v.message);
    assert.ok(v.warnings.some((w) => w.code === 'jwks-plain-http'));
  });
});
