/**
 * The extension's HTTP client: the global `fetch` (which VS Code extends with its proxy and
 * certificate support) with this product's own bounds on top. Here the plain Node `fetch`
 * stands in for VS Code's; the extension-host tests run the same client inside VS Code.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  certificateProblem,
  createFetchClient,
  createUndiciClient,
  type HttpClient,
  type HttpRequest,
  NetworkError,
  networkErrorCode,
  proxyFor,
  resolveProxy,
} from '../../../src/core/net';
import { JwksCache } from '../../../src/core/jwt';
import { startUntrustedHttps } from '../tlsServer';
import { TEST_ADVICE } from '../harness/fixtures';

interface Server {
  base: string;
  close(): Promise<void>;
}

async function serve(handler: http.RequestListener): Promise<Server> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function request(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return {
    method: 'GET',
    url: new URL(url),
    headers: [['accept', 'application/json']],
    signal: new AbortController().signal,
    headersTimeoutMs: 2000,
    bodyTimeoutMs: 2000,
    ...extra,
  };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

suite('net: the fetch client', () => {
  let insecureMade = 0;
  const client: HttpClient = createFetchClient({
    describe: () => 'the global fetch',
    advice: TEST_ADVICE,
    insecure: () => {
      insecureMade++;
      return createUndiciClient({ connectTimeoutMs: 2000 });
    },
  });
  suiteTeardown(() => client.close());

  test('sends method, headers and body; answers status, lower-case headers and the body', async () => {
    let seen: { method?: string; type?: string; body: string } = { body: '' };
    const server = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        seen = { method: req.method, type: req.headers['content-type'], body };
        res.writeHead(201, { 'Content-Type': 'application/json', 'X-Thing': 'a' });
        res.end('{"ok":true}');
      });
    });
    try {
      const res = await client.send(
        request(`${server.base}/x`, {
          method: 'POST',
          headers: [['content-type', 'application/json']],
          body: '{"a":1}',
        }),
      );
      assert.equal(res.status, 201);
      assert.equal(res.headers['x-thing'], 'a');
      assert.deepEqual(await res.read(1024), { text: '{"ok":true}', truncated: false });
      assert.deepEqual(seen, { method: 'POST', type: 'application/json', body: '{"a":1}' });
    } finally {
      await server.close();
    }
  });

  test('a redirect is handed back, not followed: each caller has its own redirect rules', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/a') {
        res.writeHead(302, { location: '/b' });
        res.end();
      } else res.end('b');
    });
    try {
      const res = await client.send(request(`${server.base}/a`));
      assert.equal(res.status, 302);
      assert.equal(res.headers.location, '/b');
      await res.discard();
    } finally {
      await server.close();
    }
  });

  test('the body is capped while it streams: reading stops past the cap', async () => {
    let written = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = (): void => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    try {
      const res = await client.send(request(server.base));
      const read = await res.read(100_000);
      assert.equal(read.truncated, true);
      assert.equal(read.text.length, 100_000);
      assert.ok(written < 64 * 1024 * 1024, `the server was stopped early (${written} bytes written)`);
    } finally {
      await server.close();
    }
  });

  test('no headers in time: UND_ERR_HEADERS_TIMEOUT; a stalled body: UND_ERR_BODY_TIMEOUT', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/slow-headers') return; // never answers
      res.writeHead(200);
      res.write('{"partial":');
    });
    try {
      const h = await rejection(client.send(request(`${server.base}/slow-headers`, { headersTimeoutMs: 150 })));
      assert.ok(h instanceof NetworkError);
      assert.equal(h.code, 'UND_ERR_HEADERS_TIMEOUT');
      const res = await client.send(request(`${server.base}/stalled`, { bodyTimeoutMs: 150 }));
      const b = await rejection(res.read(1024));
      assert.ok(b instanceof NetworkError);
      assert.equal(b.code, 'UND_ERR_BODY_TIMEOUT');
    } finally {
      await server.close();
    }
  });

  test("the caller's cancel wins and comes back as the caller's reason", async () => {
    const server = await serve(() => undefined);
    try {
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      setTimeout(() => {
        controller.abort(reason);
      }, 50);
      assert.equal(await rejection(client.send(request(server.base, { signal: controller.signal }))), reason);
    } finally {
      await server.close();
    }
  });

  test('a refused connection carries ECONNREFUSED, looked up through fetch\'s "fetch failed"', async () => {
    const server = await serve(() => undefined);
    const url = server.base;
    await server.close();
    const e = await rejection(client.send(request(url)));
    assert.ok(e instanceof NetworkError);
    assert.equal(e.code, 'ECONNREFUSED');
    assert.equal(networkErrorCode(e), 'ECONNREFUSED');
    assert.doesNotMatch(e.message, /^fetch failed$/);
  });

  test('an untrusted certificate is a certificate code; only an insecure request loads the fallback, once', async () => {
    const secure = await startUntrustedHttps((_req, res) => {
      res.end('{"keys":[]}');
    });
    try {
      const e = await rejection(client.send(request(secure.base)));
      assert.equal(networkErrorCode(e), 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.equal(insecureMade, 0, 'nothing loaded for a normal request');
      for (let i = 0; i < 2; i++) {
        const res = await client.send(request(secure.base, { insecureTls: true }));
        assert.equal((await res.read(1024)).text, '{"keys":[]}');
      }
      assert.equal(insecureMade, 1);
    } finally {
      await secure.close();
    }
  });

  test('a key set behind an untrusted certificate is read as Harness reads it, with the warning', async () => {
    const secure = await startUntrustedHttps((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"keys":[]}');
    });
    const cache = new JwksCache({ http: client });
    try {
      const result = await cache.load({ kind: 'url', url: `${secure.base}/jwks` });
      assert.ok(
        result.warnings.some((w) => /certificate/i.test(w.message)),
        JSON.stringify(result.warnings),
      );
    } finally {
      await cache.close();
      await secure.close();
    }
  });
});

suite('net: headers the HTTP stack sets itself', () => {
  // As people write them in .http login requests; fetch refuses even a correct Content-Length.
  const written: [string, string][] = [
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['Content-Length', '27'],
    ['Connection', 'keep-alive'],
    ['Transfer-Encoding', 'chunked'],
    ['Keep-Alive', 'timeout=5'],
    ['Expect', '100-continue'],
    ['X-Custom', 'kept'],
  ];
  for (const [name, make] of [
    ['fetch', () => createFetchClient({ describe: () => 'the global fetch', advice: TEST_ADVICE })],
    ['undici', () => createUndiciClient()],
  ] as const) {
    test(`${name}: dropped, and the request goes out with the body and the other headers`, async () => {
      let seen: { headers: http.IncomingHttpHeaders; body: string } | undefined;
      const server = await serve((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => {
          body += c.toString();
        });
        req.on('end', () => {
          seen = { headers: req.headers, body };
          res.end('{}');
        });
      });
      const client = make();
      try {
        const res = await client.send(
          request(`${server.base}/token`, { method: 'POST', headers: written, body: 'grant_type=client_credentials' }),
        );
        assert.equal(res.status, 200);
        await res.discard();
        assert.equal(seen?.body, 'grant_type=client_credentials');
        assert.equal(seen.headers['x-custom'], 'kept');
        assert.equal(seen.headers['content-length'], String('grant_type=client_credentials'.length));
        assert.equal(seen.headers.expect, undefined);
      } finally {
        await client.close();
        await server.close();
      }
    });
  }
});

suite('net: review findings', () => {
  test('fetch joins repeated Set-Cookie headers like every other repeated header', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/']);
      res.end('{}');
    });
    const client = createFetchClient({ describe: () => 'the global fetch', advice: TEST_ADVICE });
    try {
      const res = await client.send(request(server.base));
      assert.equal(res.headers['set-cookie'], 'a=1; Path=/, b=2; Path=/');
      await res.discard();
    } finally {
      await server.close();
    }
  });

  test('a certificate for another name or outside its dates is not "trust the CA"', () => {
    assert.match(
      certificateProblem('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'h:443', TEST_ADVICE) ?? '',
      /not trusted here .* Trust the test CA\./,
    );
    assert.match(
      certificateProblem('ERR_TLS_CERT_ALTNAME_INVALID', 'h:443', TEST_ADVICE) ?? '',
      /issued for another name .*Check the host name/,
    );
    assert.match(certificateProblem('CERT_HAS_EXPIRED', 'h:443', TEST_ADVICE) ?? '', /expired .*clock/);
    assert.doesNotMatch(certificateProblem('CERT_NOT_YET_VALID', 'h:443', TEST_ADVICE) ?? '', /Trust the test CA/);
    assert.equal(certificateProblem('ECONNREFUSED', 'h:443', TEST_ADVICE), undefined);
  });

  test('a proxy variable without a scheme is http://, as curl reads it', () => {
    const r = resolveProxy({ env: { HTTPS_PROXY: 'proxy.corp:3128', NO_PROXY: '' } });
    assert.equal(r.httpsProxy, 'http://proxy.corp:3128');
    assert.equal(proxyFor(r, new URL('https://app.harness.io/')), 'http://proxy.corp:3128');
  });
});
