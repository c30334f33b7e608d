/**
 * Hostile input, honest messages (issue 29, class 4): a grant answered with an empty body, a page or
 * unasked-for gzip says what came ("unexpected SyntaxError" before); absurd `$randomInt`,
 * `$datetime` and `$timestamp` arguments are refused and nothing is sent ("NaN" and "Invalid Date"
 * were sent before, or "unexpected RangeError" said).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateSystemVariable } from '../../../src/core/http/systemVariables';
import { runInProcess } from '../cli/inProcess';

suite('hostile input: the messages say what happened', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const hits: string[] = [];

  suiteSetup(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      req.on('end', () => {
        if (req.url === '/empty') res.writeHead(200, { 'content-type': 'application/json' }).end('');
        else if (req.url === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
        else if (req.url === '/gzip')
          res
            .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
            .end(gzipSync('{"access_token":"x"}'));
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"x"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'hostile-wording-'));
  });
  suiteTeardown(async () => {
    rmSync(dir, { recursive: true, force: true });
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const scan = async (name: string, lines: string[]): Promise<string> => {
    const file = join(dir, `${name}.http`);
    writeFileSync(file, lines.join('\n'));
    const r = await runInProcess(['scan', file, '--send-token-requests', '--yes']);
    return r.out + r.err;
  };

  test('an oauth2 grant answered empty, with a page, or gzip-compressed: the message says which, never "unexpected"', async () => {
    const expected: Record<string, RegExp> = {
      empty: /an empty body, not JSON/,
      html: /text\/html, not JSON/,
      gzip: /compressed with gzip/,
    };
    for (const [path, want] of Object.entries(expected)) {
      const out = await scan(`grant-${path}`, [
        `@oauth2_tokenEndpoint = ${base}/${path}`,
        '@oauth2_clientId = a',
        '@oauth2_clientSecret = b',
        '',
        '###',
        'GET https://h.example/x',
        'Authorization: oauth2 client_credentials',
        '',
      ]);
      assert.doesNotMatch(out, /unexpected/i, out);
      assert.match(out, want, out);
    }
  });

  test('absurd system variable arguments generate nothing: no NaN, no Invalid Date, no exception', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    for (const v of [
      '$randomInt 0 999999999999999',
      '$randomInt -999999999999999 999999999999999',
      '$random.integer(0, 999999999999999)',
      '$random.float(-1.7e308, 1.7e308)',
      '$datetime rfc1123 99999999 y',
      '$datetime iso8601 999999999 M',
      '$localDatetime iso8601 999999999 y',
      '$timestamp 99999999 y',
      '$timestamp 999999999 w',
    ])
      assert.equal(generateSystemVariable(v, now), undefined, v);
    assert.match(generateSystemVariable('$randomInt 1 9', now) ?? '', /^[1-8]$/);
    assert.equal(generateSystemVariable('$timestamp', now), '1767225600');
  });

  test('a token request carrying an absurd $randomInt or $datetime is not sent', async () => {
    for (const variable of ['{{$randomInt 0 999999999999999}}', '{{$datetime rfc1123 99999999 y}}']) {
      const before = hits.length;
      const out = await scan('absurd', [
        '# @name login',
        `POST ${base}/token`,
        'Content-Type: application/x-www-form-urlencoded',
        '',
        `grant_type=client_credentials&nonce=${variable}`,
        '',
        '###',
        'GET https://h.example/x',
        'Authorization: Bearer {{login.response.body.access_token}}',
        '',
      ]);
      assert.deepEqual(hits.slice(before), [], out);
      assert.doesNotMatch(out, /NaN|Invalid Date|unexpected/i, out);
      assert.match(out, /0 token requests sent|not sent|could not/i, out);
    }
  });

  test('a token request refused before sending (not http) is not counted as sent', async () => {
    for (const url of ['ftp://127.0.0.1/token', 'file:///etc/passwd']) {
      const out = await scan('not-http', [
        '# @name login',
        `POST ${url}`,
        'Content-Type: application/x-www-form-urlencoded',
        '',
        'grant_type=client_credentials',
        '',
        '###',
        'GET https://h.example/x',
        'Authorization: Bearer {{login.response.body.access_token}}',
        '',
      ]);
      assert.match(out, /0 token requests sent/, out);
      assert.match(out, /only http and https requests are sent/, out);
    }
  });
});
