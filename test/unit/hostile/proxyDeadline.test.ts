/**
 * Hostile input, bounds (issue 29, class 4): a proxy that accepts the connection but never answers
 * CONNECT held `verify --timeout 2` for 301 s, on undici's own tunnel default. The caller's deadline
 * bounds every phase.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { runInProcess } from '../cli/inProcess';
import { goodPayload, makeToken, rsaKey } from '../jwt/fixtures';
import { within } from './helpers';

suite('hostile input: a silent proxy does not outlast the deadline', () => {
  let server: Server;
  let proxyUrl: string;
  const sockets: Socket[] = [];

  suiteSetup(async () => {
    // Accepts, reads the CONNECT, answers nothing.
    server = createServer((s) => {
      sockets.push(s);
      s.on('error', () => undefined);
      s.resume();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  suiteTeardown(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  test('verify --timeout 1 through a proxy that never answers CONNECT ends within seconds, saying the key set was not read', async () => {
    const key = rsaKey(2048, { kid: 'k1' });
    const token = makeToken({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, goodPayload(), key.privateKey);
    const r = await within(15_000, 'verify through a silent proxy', () =>
      runInProcess(
        [
          'verify',
          token,
          '--jwks-url',
          'https://keys.example.com/jwks',
          '--key-field',
          'client_id',
          '--value',
          'x',
          '--timeout',
          '1',
        ],
        { env: { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl, NO_PROXY: '' } },
      ),
    );
    assert.notEqual(r.code, 0);
    assert.match(r.out + r.err, /key set|JWKS|public keys/i);
  });

  test('a proxy URL that is no URL is named as the problem, not the key set host', async () => {
    const key = rsaKey(2048, { kid: 'k1' });
    const token = makeToken({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, goodPayload(), key.privateKey);
    for (const bad of ['http://[not-a-host', 'http://proxy:99999']) {
      const r = await runInProcess(
        ['verify', token, '--jwks-url', 'https://keys.example.com/jwks', '--key-field', 'client_id', '--value', 'x'],
        { env: { HTTPS_PROXY: bad, HTTP_PROXY: bad, NO_PROXY: '' } },
      );
      const all = r.out + r.err;
      assert.notEqual(r.code, 0);
      assert.match(all, /proxy setting is not a valid proxy URL|proxy URL .* is not a valid URL/i, all);
      assert.doesNotMatch(all, /keys\.example\.com could not be reached/, all);
    }
  });
});
