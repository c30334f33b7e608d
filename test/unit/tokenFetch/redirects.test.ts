/** Token-request redirects across origins: credentials stay with the origin the user wrote. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendBounded } from '../../../src/core/tokenFetch/send';
import { TokenFetchError } from '../../../src/core/tokenFetch';
import { testHttp } from '../testHttp';

interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function serve(
  handler: (seen: Seen, res: http.ServerResponse) => void,
): Promise<{ base: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const s = { method: req.method ?? '', headers: req.headers, body };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

suite('tokenFetch: redirects to another origin', () => {
  const request = (url: string) => ({
    method: 'POST',
    url,
    followRedirects: true,
    body: 'grant_type=client_credentials&client_secret=s3cret-value',
    headers: [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['Authorization', 'Basic abc'],
    ] as [string, string][],
  });

  test('a 307 to another origin would re-send the body (the secret): not followed, and said so', async () => {
    const other = await serve((_s, res) => {
      res.end('{"access_token":"x"}');
    });
    const first = await serve((_s, res) => {
      res.writeHead(307, { location: `${other.base}/token` });
      res.end();
    });
    try {
      const e = await sendBounded(
        request(`${first.base}/token`),
        { timeoutMs: 2000, maxBytes: 65536, http: testHttp() },
        'Login',
      ).then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(e instanceof TokenFetchError);
      assert.match(
        e.message,
        /redirected to another origin .* asked for the body to be sent there again \(HTTP 307\); it was not/,
      );
      assert.equal(other.seen.length, 0, 'nothing reached the other origin');
    } finally {
      await first.close();
      await other.close();
    }
  });

  test('a 303 to another origin becomes a GET without body, Content-Type or Authorization', async () => {
    const other = await serve((_s, res) => {
      res.end('{"access_token":"x"}');
    });
    const first = await serve((_s, res) => {
      res.writeHead(303, { location: `${other.base}/done` });
      res.end();
    });
    try {
      const res = await sendBounded(
        request(`${first.base}/token`),
        { timeoutMs: 2000, maxBytes: 65536, http: testHttp() },
        'Login',
      );
      assert.equal(res.status, 200);
      const [got] = other.seen;
      assert.equal(got?.method, 'GET');
      assert.equal(got.body, '');
      assert.equal(got.headers['content-type'], undefined);
      assert.equal(got.headers.authorization, undefined);
    } finally {
      await first.close();
      await other.close();
    }
  });
});
