/** Key-set servers the host tests start on 127.0.0.1, counting what the extension fetches. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Idp } from '../../sandbox/idp';

export interface CountingJwks {
  url: string;
  hits: () => number;
  close: () => Promise<void>;
}

/** Serves the IdP's key set and counts the requests: the key-set fetches the extension causes. */
export async function countingJwks(idp: Idp): Promise<CountingJwks> {
  const body = await (await fetch(idp.jwksUri)).text();
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
