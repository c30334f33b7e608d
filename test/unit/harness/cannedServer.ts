/**
 * A tiny HTTP server on 127.0.0.1 that answers what a test tells it to: canned Harness error
 * bodies, HTML pages, truncated or huge bodies, slow answers, dropped connections. It records
 * every request (method, URL, headers, body) so tests can count retries and check headers.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: RecordedRequest, res: http.ServerResponse, index: number) => void;

export interface CannedServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replaces the handler; the request log is kept. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startCannedServer(
  initial: Handler = (_r, res) => {
    json(res, 200, { status: 'SUCCESS', data: null });
  },
): Promise<CannedServer> {
  let handler = initial;
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      handler(rec, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    handle: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

export function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function ok(res: http.ServerResponse, data: unknown): void {
  json(res, 200, { status: 'SUCCESS', data, metaData: null, correlationId: 'corr-ok' });
}

/** Harness's ErrorDTO (docs/harness-contract.md, "Error JSON and HTTP status codes"). */
export function errorDto(code: string, message: string, correlationId = 'corr-123'): Record<string, unknown> {
  return {
    status: 'ERROR',
    code,
    message,
    correlationId,
    detailedMessage: null,
    responseMessages: [{ code, level: 'ERROR', message, exception: null, failureTypes: [] }],
    metadata: null,
  };
}
