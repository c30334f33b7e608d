/** An HTTPS server on 127.0.0.1 with a self-signed certificate nothing trusts (test/fixtures/tls). */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

const dir = path.resolve(__dirname, '../../../test/fixtures/tls');

export interface TlsServer {
  base: string;
  close(): Promise<void>;
}

export async function startUntrustedHttps(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TlsServer> {
  const server = createServer(
    { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) },
    handler,
  );
  // A client refusing the certificate makes the handshake fail; that is the test, not an error here.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `https://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
