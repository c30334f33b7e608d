/**
 * The authenticating test proxy (test/sandbox/proxy.ts) that the company-proxy tests stand on:
 * what it lets through by a mapped name, what it refuses with 407, that a refused request never
 * reaches its target, TLS end to end through a tunnel, and that closing it never hangs a test.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ProxyAgent, request } from 'undici';
import { startEmulator } from '../../sandbox/emulator';
import { startProxy, type TestProxy } from '../../sandbox/proxy';
import { testCertificates } from '../../sandbox/tlsFixtures';

const credentials = { username: 'proxy-user', password: 'p@ss:word' };
const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const NAME = 'app.emulator.test';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A plain HTTP server on 127.0.0.1 that records each request and echoes its body; headers up to 100 KiB, as the emulator. */
async function startTarget(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer({ maxHeaderSize: 100 * 1024 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, {
        'content-type': 'text/plain',
        connection: 'x-answer-hop',
        'x-answer-hop': '1',
        'x-answer': 'kept',
      });
      res.end(`echo:${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

/** An absolute-form request with node:http, straight to the proxy. */
function viaProxy(
  proxy: TestProxy,
  method: string,
  url: string,
  headers: http.OutgoingHttpHeaders = {},
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const { port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: url, headers: { host: new URL(url).host, ...headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A CONNECT with node:http; the socket is open when the status is 200. */
function connect(
  proxy: TestProxy,
  target: string,
  headers: http.OutgoingHttpHeaders = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; socket: net.Socket }> {
  const { port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'CONNECT', path: target, headers, agent: false });
    req.on('connect', (res: http.IncomingMessage, socket: net.Socket) => {
      socket.on('error', () => undefined);
      resolve({ status: res.statusCode ?? 0, headers: res.headers, socket });
    });
    req.on('error', reject);
    req.end();
  });
}

suite('test proxy', () => {
  let target: Awaited<ReturnType<typeof startTarget>>;
  let proxy: TestProxy;
  let origin: string;
  suiteSetup(async () => {
    target = await startTarget();
    proxy = await startProxy({ credentials, hosts: { [NAME]: '127.0.0.1' } });
    origin = `http://${NAME}:${target.port}`;
  });
  setup(() => {
    proxy.seen.length = 0;
    target.received.length = 0;
  });
  suiteTeardown(async () => {
    await proxy.close();
    await target.close();
  });

  test('urls: 127.0.0.1 without credentials, and with them percent-encoded', () => {
    assert.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const withCredentials = new URL(proxy.urlWithCredentials);
    assert.equal(decodeURIComponent(withCredentials.username), credentials.username);
    assert.equal(decodeURIComponent(withCredentials.password), credentials.password);
    assert.equal(withCredentials.host, new URL(proxy.url).host);
  });

  test('undici ProxyAgent with a token: an http target by a mapped name is reached through CONNECT and recorded', async () => {
    const agent = new ProxyAgent({ uri: proxy.url, token: basic(credentials.username, credentials.password) });
    try {
      const res = await request(`${origin}/hello?x=1`, { dispatcher: agent, method: 'POST', body: 'ping' });
      assert.equal(res.statusCode, 200);
      assert.equal(await res.body.text(), 'echo:ping');
    } finally {
      await agent.close();
    }
    assert.deepEqual(proxy.seen, [{ method: 'CONNECT', target: `${NAME}:${target.port}`, authorized: true }]);
    assert.equal(target.received.length, 1);
    assert.equal(target.received[0]?.url, '/hello?x=1');
    assert.equal(target.received[0].headers.host, `${NAME}:${target.port}`);
  });

  test('undici ProxyAgent without tunnelling, credentials in the URI: absolute form, Proxy-Authorization not forwarded', async () => {
    const agent = new ProxyAgent({ uri: proxy.urlWithCredentials, proxyTunnel: false });
    try {
      const res = await request(`${origin}/form`, { dispatcher: agent, method: 'PUT', body: 'x'.repeat(100_000) });
      assert.equal(res.statusCode, 200);
      assert.equal((await res.body.text()).length, 'echo:'.length + 100_000);
    } finally {
      await agent.close();
    }
    assert.deepEqual(proxy.seen, [{ method: 'PUT', target: `${origin}/form`, authorized: true }]);
    assert.equal(target.received[0]?.method, 'PUT');
    assert.equal(target.received[0].headers['proxy-authorization'], undefined);
  });

  test('node:http absolute form: hop-by-hop headers removed both ways, end-to-end ones kept', async () => {
    const res = await viaProxy(proxy, 'GET', `${origin}/h`, {
      'proxy-authorization': basic(credentials.username, credentials.password),
      connection: 'keep-alive, x-hop',
      'x-hop': '1',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      'x-end-to-end': 'kept',
    });
    assert.equal(res.status, 200);
    const seenByTarget = target.received[0]?.headers ?? {};
    for (const name of ['proxy-authorization', 'x-hop', 'keep-alive', 'te'])
      assert.equal(seenByTarget[name], undefined, name);
    assert.equal(seenByTarget['x-end-to-end'], 'kept');
    assert.equal(res.headers['x-answer-hop'], undefined);
    assert.equal(res.headers['x-answer'], 'kept');
  });

  test('a 60 KiB request header passes, as it would reach the emulator directly (100 KiB limit)', async () => {
    const big = 'b'.repeat(60 * 1024);
    const res = await viaProxy(proxy, 'GET', `${origin}/big`, {
      'proxy-authorization': basic(credentials.username, credentials.password),
      'x-big': big,
    });
    assert.equal(res.status, 200);
    assert.equal(target.received[0]?.headers['x-big'], big);
  });

  test('missing or wrong credentials: 407 with Proxy-Authenticate, for absolute form and CONNECT; recorded as unauthorized; nothing reaches the target', async () => {
    const none = await viaProxy(proxy, 'GET', `${origin}/secret`);
    const wrong = await viaProxy(proxy, 'GET', `${origin}/secret`, {
      'proxy-authorization': basic(credentials.username, 'nope'),
    });
    const tunnel = await connect(proxy, `${NAME}:${target.port}`, { 'proxy-authorization': 'Bearer whatever' });
    tunnel.socket.destroy();
    for (const r of [none, wrong, tunnel]) {
      assert.equal(r.status, 407);
      assert.equal(r.headers['proxy-authenticate'], 'Basic realm="test-proxy"');
    }
    const agent = new ProxyAgent({ uri: proxy.url, token: basic('someone', 'else') });
    try {
      await assert.rejects(request(`${origin}/secret`, { dispatcher: agent }), /407/);
    } finally {
      await agent.close();
    }
    assert.deepEqual(
      proxy.seen.map((s) => [s.method, s.authorized]),
      [
        ['GET', false],
        ['GET', false],
        ['CONNECT', false],
        ['CONNECT', false],
      ],
    );
    assert.equal(target.received.length, 0);
  });

  test('an unreachable target is 502, for absolute form and CONNECT; a malformed CONNECT target is 400', async () => {
    const port = await closedPort();
    const auth = { 'proxy-authorization': basic(credentials.username, credentials.password) };
    assert.equal((await viaProxy(proxy, 'GET', `http://${NAME}:${port}/`, auth)).status, 502);
    const tunnel = await connect(proxy, `${NAME}:${port}`, auth);
    tunnel.socket.destroy();
    assert.equal(tunnel.status, 502);
    const malformed = await connect(proxy, NAME, auth);
    malformed.socket.destroy();
    assert.equal(malformed.status, 400);
  });

  test('an https target through CONNECT: the HTTPS emulator under its public name, trusted with the test CA and refused without it', async () => {
    const tls = testCertificates();
    const emu = await startEmulator({ tls: tls.server, publicHost: 'harness.emulator.test' });
    const open = await startProxy({ hosts: { 'harness.emulator.test': '127.0.0.1' } });
    const trusting = new ProxyAgent({ uri: open.url, requestTls: { ca: tls.ca } });
    const untrusting = new ProxyAgent({ uri: open.url });
    try {
      const res = await request(`${emu.baseUrl}/ng/api/accounts/${emu.accountId}`, {
        dispatcher: trusting,
        headers: { 'x-api-key': emu.adminKey },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(((await res.body.json()) as { data?: { identifier?: string } }).data?.identifier, emu.accountId);
      await assert.rejects(
        request(`${emu.baseUrl}/ng/api/accounts/${emu.accountId}`, { dispatcher: untrusting }),
        (e: unknown) => {
          assert.equal((e as { code?: unknown }).code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
          return true;
        },
      );
      const authority = new URL(emu.baseUrl).host;
      assert.deepEqual(open.seen, [
        { method: 'CONNECT', target: authority, authorized: true },
        { method: 'CONNECT', target: authority, authorized: true },
      ]);
      assert.equal(emu.requestCount(), 1, 'the refused handshake sent no request');
    } finally {
      await trusting.close();
      await untrusting.close();
      await open.close();
      await emu.close();
    }
  });

  test('either side of a tunnel resetting raises no error, and the proxy keeps serving', async () => {
    const silent = net.createServer((s) => {
      s.on('error', () => undefined);
      s.on('data', () => {
        s.resetAndDestroy();
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const auth = { 'proxy-authorization': basic(credentials.username, credentials.password) };
    const silentPort = (silent.address() as AddressInfo).port;
    try {
      const byTarget = await connect(proxy, `127.0.0.1:${silentPort}`, auth);
      assert.equal(byTarget.status, 200);
      const closed = new Promise((resolve) => byTarget.socket.once('close', resolve));
      byTarget.socket.write('anything');
      await closed;
      const byClient = await connect(proxy, `${NAME}:${target.port}`, auth);
      assert.equal(byClient.status, 200);
      byClient.socket.resetAndDestroy();
      assert.equal((await viaProxy(proxy, 'GET', `${origin}/after`, auth)).status, 200);
    } finally {
      await new Promise<void>((resolve) =>
        silent.close(() => {
          resolve();
        }),
      );
    }
  });

  test('close() with an open tunnel and a kept-alive connection returns at once and closes them', async () => {
    const own = await startProxy({ hosts: { [NAME]: '127.0.0.1' } });
    const tunnel = await connect(own, `${NAME}:${target.port}`);
    assert.equal(tunnel.status, 200);
    const tunnelClosed = new Promise((resolve) => tunnel.socket.once('close', resolve));
    const keptAlive = new http.Agent({ keepAlive: true });
    const { port } = new URL(own.url);
    await new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: `${origin}/kept`, agent: keptAlive }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    const started = Date.now();
    await own.close();
    await tunnelClosed;
    keptAlive.destroy();
    assert.ok(Date.now() - started < 1000, `close() took ${Date.now() - started} ms`);
  });
});
