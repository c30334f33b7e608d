/**
 * Hostile input, a server does not decide where our credentials go (issue 29, class 1): a token
 * request redirected to another origin carries no credential header there, whatever its name.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { headersAcrossRedirect } from '../../../src/core/net';
import { sendBounded } from '../../../src/core/tokenFetch/send';
import { testHttp } from '../testHttp';

async function serve(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ base: string; close(): Promise<void> }> {
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

const CREDENTIALS: [string, string][] = [
  ['Authorization', 'Bearer a-token'],
  ['Cookie', 'session=abc'],
  ['Proxy-Authorization', 'Basic cDpx'],
  ['X-Api-Key', 'pat.acc.key.secret'],
  ['x-auth-token', 'tok-123456'],
  ['X-Client-Secret', 'sec-123456'],
  ['Api-Key', 'k-123456'],
  // A header a .http file filled from a secret variable: its name says nothing.
  ['X-Tenant', 'filled-from-processEnv-secret'],
];

suite('hostile input: a cross-origin redirect carries no credential', () => {
  test('a token request redirected (302) to another origin: only the headers describing the request arrive there', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const other = await serve((req, res) => {
      seen.push(req.headers);
      res.end('{"access_token":"x"}');
    });
    const first = await serve((_req, res) => {
      res.writeHead(302, { location: `${other.base}/elsewhere` }).end();
    });
    try {
      const res = await sendBounded(
        {
          method: 'GET',
          url: `${first.base}/token`,
          followRedirects: true,
          headers: [['Accept', 'application/json'], ...CREDENTIALS],
        },
        { timeoutMs: 2000, maxBytes: 65536, http: testHttp() },
        'Login',
      );
      assert.equal(res.status, 200);
      const got = seen[0] ?? {};
      for (const [name] of CREDENTIALS)
        assert.equal(got[name.toLowerCase()], undefined, `${name} reached the other origin`);
      assert.equal(got.accept, 'application/json');
    } finally {
      await first.close();
      await other.close();
    }
  });

  test('the same origin keeps every header; a port or scheme change is another origin', () => {
    const h: [string, string][] = [
      ['X-Api-Key', 'k'],
      ['Accept', '*/*'],
    ];
    assert.deepEqual(headersAcrossRedirect(h, new URL('https://a.example/x'), new URL('https://a.example/y')), h);
    assert.deepEqual(headersAcrossRedirect(h, new URL('https://a.example/x'), new URL('https://a.example:8443/y')), [
      ['Accept', '*/*'],
    ]);
    assert.deepEqual(headersAcrossRedirect(h, new URL('https://a.example/x'), new URL('http://a.example/y')), [
      ['Accept', '*/*'],
    ]);
  });

  test('a redirect to file: or data: is not followed, and the message names the scheme, not "null/…"', async () => {
    for (const location of ['file:///etc/passwd', 'data:text/plain,hi']) {
      const first = await serve((_req, res) => {
        res.writeHead(302, { location }).end();
      });
      try {
        const e = await sendBounded(
          { method: 'GET', url: `${first.base}/token`, followRedirects: true, headers: [] },
          { timeoutMs: 2000, maxBytes: 65536, http: testHttp() },
          'Login',
        ).then(
          () => undefined,
          (err: unknown) => err,
        );
        assert.ok(e instanceof Error);
        assert.match(e.message, /redirected to a (file|data): URL, which is not followed/);
        assert.doesNotMatch(e.message, /null/);
      } finally {
        await first.close();
      }
    }
  });
});
