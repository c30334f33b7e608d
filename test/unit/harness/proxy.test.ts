/**
 * Proxies honoured: a small HTTP proxy on 127.0.0.1 that serves absolute-URI requests and
 * CONNECT tunnels and counts both. The client must go through it when told (explicitly, or by
 * HTTP_PROXY / HTTPS_PROXY) and around it for NO_PROXY hosts.
 */
import * as assert from 'node:assert/strict';
import { HarnessApiError } from '../../../src/core/harness';
import { proxyFor, resolveProxy } from '../../../src/core/net';
import { type CannedServer, ok, startCannedServer } from './cannedServer';
import { SECRET, failure, testClient } from './fixtures';
import { startProxy, type TestProxy } from './testProxy';
import { startUntrustedHttps } from '../tlsServer';

suite('harness proxies', () => {
  let target: CannedServer;
  let proxy: TestProxy;
  suiteSetup(async () => {
    target = await startCannedServer((_r, res) => {
      ok(res, []);
    });
    proxy = await startProxy();
  });
  setup(() => {
    proxy.seen.length = 0;
    target.requests.length = 0;
  });
  suiteTeardown(async () => {
    await proxy.close();
    await target.close();
  });

  const through = (): number => proxy.connects.length + proxy.forwarded.length;

  test('an explicit proxy URL (VS Code http.proxy) is used', async () => {
    const client = testClient(target.baseUrl, { proxyUrl: proxy.url });
    try {
      await client.scimJwtSettings();
      await client.scimJwtSettings();
    } finally {
      await client.close();
    }
    assert.ok(through() >= 1, 'the proxy saw nothing');
    assert.equal(target.requests.length, 2);
    const hostPort = new URL(target.baseUrl).host;
    assert.ok([...proxy.connects, ...proxy.forwarded.map((u) => new URL(u).host)].every((h) => h === hostPort));
  });

  test('HTTP_PROXY from the environment is used', async () => {
    const client = testClient(target.baseUrl, { env: { HTTP_PROXY: proxy.url } });
    try {
      await client.scimJwtSettings();
    } finally {
      await client.close();
    }
    assert.equal(through(), 1);
    assert.equal(target.requests.length, 1);
  });

  test('NO_PROXY bypasses the proxy for matching hosts, explicit proxy included', async () => {
    const client = testClient(target.baseUrl, { proxyUrl: proxy.url, env: { NO_PROXY: 'localhost,127.0.0.1' } });
    try {
      await client.scimJwtSettings();
    } finally {
      await client.close();
    }
    assert.equal(through(), 0);
    assert.equal(target.requests.length, 1);
  });

  test('a dead proxy is named in the error, and the key is not', async () => {
    const dead = await startProxy();
    const deadUrl = dead.url;
    await dead.close();
    const client = testClient(target.baseUrl, { proxyUrl: deadUrl, retries: { maxAttempts: 1 } });
    try {
      await client.scimJwtSettings();
      assert.fail('expected failure');
    } catch (e) {
      assert.ok(e instanceof HarnessApiError);
      assert.equal(e.kind, 'connection');
      assert.ok(e.message.includes(new URL(deadUrl).host), e.message);
      assert.ok(!e.message.includes(SECRET));
    } finally {
      await client.close();
    }
  });

  test('an untrusted certificate behind the proxy is refused, and the message says how to trust a company CA', async () => {
    const secure = await startUntrustedHttps((_req, res) => {
      ok(res, []);
    });
    const strict = testClient(secure.base, { proxyUrl: proxy.url, retries: { maxAttempts: 1 } });
    try {
      const e = await failure(strict.scimJwtSettings());
      assert.equal(e.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.match(e.message, /certificate of 127\.0\.0\.1:\d+ through the proxy 127\.0\.0\.1:\d+ is not trusted here/);
      assert.match(e.message, /NODE_EXTRA_CA_CERTS/);
      assert.ok(proxy.connects.length >= 1, 'it went through the proxy');
    } finally {
      await strict.close();
      await secure.close();
    }
  });

  test('proxy resolution: explicit wins, HTTPS falls back to HTTP_PROXY, NO_PROXY matches suffixes and ports', () => {
    const env = { HTTP_PROXY: 'http://envproxy:1', NO_PROXY: '.corp.example,internal:8443' };
    const r = resolveProxy({ env });
    assert.equal(r.httpsProxy, 'http://envproxy:1');
    assert.equal(resolveProxy({ env, proxyUrl: 'http://vscode:2' }).httpProxy, 'http://vscode:2');
    assert.equal(proxyFor(r, new URL('https://app.harness.io/gateway')), 'http://envproxy:1');
    assert.equal(proxyFor(r, new URL('https://x.corp.example/')), undefined);
    assert.equal(proxyFor(r, new URL('https://internal:8443/')), undefined);
    assert.equal(proxyFor(r, new URL('https://internal/')), 'http://envproxy:1');
    assert.equal(proxyFor(resolveProxy({ env: {} }), new URL('https://app.harness.io')), undefined);
  });
});
