/**
 * A small token endpoint on 127.0.0.1 for the answers a real identity provider gives only by
 * accident: the token in a header, a login page, an endless body, no token, a client secret in the
 * body. Counts the requests each path receives, so tests can say "sent once".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenServer {
  base: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

export async function startTokenServer(token: () => Promise<string>): Promise<TokenServer> {
  const hits = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
      const body = await bodyOf(req);
      const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      switch (url.pathname) {
        case '/header-token':
          json(200, { ok: true }, { 'x-token': await token() });
          return;
        case '/token-body': {
          const form = new URLSearchParams(body);
          if (
            form.get('client_id') === 'body-client' &&
            form.get('client_secret') === 'body-secret-value' &&
            req.headers.authorization === undefined
          ) {
            json(200, { access_token: await token(), token_type: 'Bearer' });
          } else {
            json(401, {
              error: 'invalid_client',
              error_description: `client authentication failed for secret ${form.get('client_secret') ?? ''}`,
            });
          }
          return;
        }
        case '/html':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Sign in</body></html>');
          return;
        case '/huge':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`{"access_token":"${'a'.repeat(2 * 1024 * 1024)}"}`);
          return;
        case '/nested': {
          // A login answer with the token deeper in the body, as response handlers read it.
          const t = await token();
          json(200, { data: { token: t }, session: { access_token: t }, 'access-token': t });
          return;
        }
        case '/no-token':
          json(200, { token_type: 'Bearer', expires_in: 3600 });
          return;
        case '/slow':
          setTimeout(() => {
            json(200, { access_token: 'late' });
          }, 5000).unref();
          return;
        case '/moved':
          // A POST answered 302, as a load balancer in front of a token endpoint might: followed as a GET.
          res.writeHead(302, { location: `/many?was=${req.method ?? ''}` });
          res.end();
          return;
        case '/many':
          json(200, { access_token: await token(), method: req.method, was: url.searchParams.get('was') });
          return;
        default:
          json(200, { t: url.searchParams.get('t') ?? '' });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
