/**
 * Hostile input, honest results (issue 29, class 4): `scan --send-token-requests` with rules exits 1
 * when a token could not be fetched, and what a token endpoint echoes of the request (a short
 * secret, a Basic pair, an API key) never reaches the output.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../cli/inProcess';

const SHORT_SECRET = 'K7';
const BASIC_PASSWORD = 'Zq9';
const API_KEY = 'k3y';

suite('hostile input: scan says when a token could not be fetched, and echoes no secret', () => {
  let server: Server;
  let dir: string;
  let file: string;

  suiteSetup(async () => {
    // Echoes everything it was sent, the way some providers' error pages do.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const auth = req.headers.authorization ?? '';
        const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString();
        res.writeHead(401, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            error: 'invalid_client',
            error_description: `bad ${auth} (${decoded}) ${auth.replace(/^Basic /, '')} body ${body} key ${String(req.headers['x-api-key'])}`,
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'hostile-scan-'));
    file = join(dir, 'login.http');
    writeFileSync(
      file,
      [
        '### login',
        '# @name login',
        `POST ${base}/token`,
        `Authorization: Basic scim-client:${BASIC_PASSWORD}`,
        `X-Api-Key: ${API_KEY}`,
        'Content-Type: application/x-www-form-urlencoded',
        '',
        `grant_type=client_credentials&client_secret=${SHORT_SECRET}`,
        '',
        '### use',
        'GET https://h.example/x',
        'Authorization: Bearer {{login.response.body.access_token}}',
        '',
      ].join('\n'),
    );
  });
  suiteTeardown(async () => {
    rmSync(dir, { recursive: true, force: true });
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const rules = ['--jwks-url', 'http://127.0.0.1:9/keys', '--key-field', 'client_id', '--value', 'scim'];

  test('with rules, a token whose request failed is a failure (exit 1), in text and --json', async () => {
    for (const extra of [[], ['--json']]) {
      const r = await runInProcess(['scan', file, '--send-token-requests', '--yes', ...rules, ...extra]);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /HTTP 401/);
    }
    // Without rules nothing was to be judged: decoding only, as before.
    assert.equal((await runInProcess(['scan', file, '--send-token-requests', '--yes'])).code, 0);
  });

  test('the echoed short secret, Basic pair (plain and Base64) and API key are not in the output', async () => {
    const basic = Buffer.from(`scim-client:${BASIC_PASSWORD}`).toString('base64');
    for (const extra of [[], ['--json']]) {
      const r = await runInProcess(['scan', file, '--send-token-requests', '--yes', ...rules, ...extra]);
      const all = r.out + r.err;
      assert.match(all, /bad/, 'the server did echo');
      for (const secret of [SHORT_SECRET, BASIC_PASSWORD, API_KEY, basic])
        assert.doesNotMatch(all, new RegExp(`(?<![A-Za-z0-9_])${secret}(?![A-Za-z0-9_])`), `${secret} in:\n${all}`);
    }
  });
});
