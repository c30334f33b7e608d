/**
 * A forward proxy on 127.0.0.1 for tests of "behind a company proxy": CONNECT tunnels (https
 * targets, and http ones through undici's ProxyAgent) and absolute-form requests, optional Basic
 * credentials, and a host map so that a name no DNS knows (harness.emulator.test) is reachable only
 * through the proxy. Every request is recorded, refused ones included, so a test can tell that
 * traffic went through it and that an unauthorized one never reached the target.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxyOptions {
  /** When set, every request needs `Proxy-Authorization: Basic base64(username:password)`, or gets 407. */
  credentials?: { username: string; password: string };
  /** Host name → IP address, looked up before DNS, e.g. `{ 'harness.emulator.test': '127.0.0.1' }`. */
  hosts?: Record<string, string>;
}

export interface SeenRequest {
  /** `CONNECT`, or the method of an absolute-form request. */
  method: string;
  /** `host:port` of a CONNECT, the absolute URL of an absolute-form request. */
  target: string;
  /** False when the credentials were missing or wrong (the request got 407 and went nowhere). */
  authorized: boolean;
}

export interface TestProxy {
  /** `http://127.0.0.1:<port>`, without credentials. */
  url: string;
  /** `url` with the credentials in it (`http://user:pass@127.0.0.1:<port>`); `url` when there are none. */
  urlWithCredentials: string;
  /** Every request received, in order of arrival. */
  seen: SeenRequest[];
  /** Stops listening and destroys every open connection and tunnel. */
  close(): Promise<void>;
}

const REALM = 'Basic realm="test-proxy"';
// As large as the emulator accepts (Jetty's 100 KiB), so a test of big headers is never cut short by the proxy.
const MAX_HEADER_SIZE = 100 * 1024;

// RFC 9110 §7.6.1: meaningful for one connection only, never forwarded; plus any the Connection header names.
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = (headers.connection ?? '').split(',').map((h) => h.trim().toLowerCase());
  const drop = new Set([...HOP_BY_HOP, ...named]);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop.has(name)));
}

function isAuthorized(header: string | undefined, credentials: ProxyOptions['credentials']): boolean {
  if (!credentials) return true;
  const match = /^basic\s+(\S+)\s*$/i.exec(header ?? '');
  return (
    match?.[1] !== undefined &&
    Buffer.from(match[1], 'base64').toString('utf8') === `${credentials.username}:${credentials.password}`
  );
}

/** `host:port` of a CONNECT (`[::1]:443` for IPv6); undefined when malformed. */
function authority(target: string): { hostname: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(target);
  const port = Number(match?.[2]);
  return match?.[1] !== undefined && port >= 1 && port <= 65535 ? { hostname: match[1], port } : undefined;
}

export async function startProxy(options: ProxyOptions = {}): Promise<TestProxy> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    // A reset from either side is an ordinary event here; the other side is closed on 'close'.
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const hosts = new Map(Object.entries(options.hosts ?? {}).map(([name, ip]) => [name.toLowerCase(), ip]));
  // URL.hostname keeps the brackets of an IPv6 literal; a socket wants the bare address.
  const resolve = (hostname: string): string =>
    hosts.get(hostname.toLowerCase()) ?? hostname.replace(/^\[(.*)\]$/, '$1');
  const admit = (req: http.IncomingMessage, target: string): boolean => {
    const authorized = isAuthorized(req.headers['proxy-authorization'], options.credentials);
    seen.push({ method: req.method ?? '', target, authorized });
    return authorized;
  };

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_SIZE }, (req, res) => {
    const target = req.url ?? '';
    let url: URL | undefined;
    try {
      url = new URL(target);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'http:') {
      // Origin-form (sent to the proxy as if it were the server), or https in absolute form.
      res
        .writeHead(400, { 'content-type': 'text/plain' })
        .end('test proxy: send http://… in absolute form, or CONNECT host:port\n');
      return;
    }
    if (!admit(req, target)) {
      res.writeHead(407, { 'proxy-authenticate': REALM, 'content-length': '0' }).end();
      return;
    }
    const headers = { ...endToEnd(req.headers), host: url.host };
    const forward: http.RequestOptions = {
      host: resolve(url.hostname),
      port: url.port || 80,
      method: req.method,
      path: `${url.pathname}${url.search}`,
      headers,
      agent: false,
      maxHeaderSize: MAX_HEADER_SIZE,
    };
    const upstream = http.request(forward, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('socket', track);
    upstream.on('error', () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'content-type': 'text/plain' }).end(`test proxy: ${target} unreachable\n`);
    });
    req.on('error', () => upstream.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  // Every client socket, the CONNECT ones included: the server lets go of those once 'connect' fires.
  server.on('connection', track);

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    const reply = (status: string, headers = ''): void => {
      client.end(`HTTP/1.1 ${status}\r\n${headers}content-length: 0\r\nconnection: close\r\n\r\n`);
    };
    if (!admit(req, target)) {
      reply('407 Proxy Authentication Required', `proxy-authenticate: ${REALM}\r\n`);
      return;
    }
    const to = authority(target);
    if (!to) {
      reply('400 Bad Request');
      return;
    }
    const upstream = net.connect({ host: resolve(to.hostname), port: to.port });
    track(upstream);
    let open = false;
    upstream.once('connect', () => {
      open = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    // A side that closed cleanly has ended the other through pipe(), which lets buffered bytes
    // drain; one that was reset takes the other down at once, as a real tunnel would.
    upstream.once('close', (hadError) => {
      if (!open) reply('502 Bad Gateway');
      else if (hadError) client.destroy();
    });
    client.once('close', (hadError) => {
      if (hadError || !open) upstream.destroy();
    });
  });

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const { credentials } = options;
  return {
    url,
    urlWithCredentials: credentials
      ? `http://${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`
      : url,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          done();
        });
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
