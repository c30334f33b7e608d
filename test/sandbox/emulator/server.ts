/**
 * The dispatcher: reads the request, strips the optional `/gateway` prefix, counts it, applies the
 * test knobs, routes it and writes the reply. The correlation id is the request's `X-requestId`, or a
 * fresh UUID, and travels only in the bodies that have a `correlationId` field: Harness sets no response
 * header for it (HC 970-ng-commons/src/main/java/io/harness/ng/core/CorrelationFilter.java:28-43,
 * CorrelationContext.java:25). Anything a handler did not expect becomes Harness's generic 500.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, HttpFailure, OOPS, type Reply, type RequestContext, type Route } from './http';
import { applyFault, type Knobs, withholdAnswer } from './knobs';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function write(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {};
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['content-type'] = `${reply.contentType ?? 'application/json'};charset=utf-8`;
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}

function decodeParams(match: RegExpExecArray): string[] {
  return match.slice(1).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
}

export function createDispatcher(routes: Route[], knobs: Knobs): (req: IncomingMessage, res: ServerResponse) => void {
  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const given = req.headers['x-requestid'];
    const correlationId = typeof given === 'string' && given !== '' ? given : randomUUID();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const rawPath = url.pathname;
    const path = rawPath.replace(/^\/gateway(?=\/)/, '');
    knobs.record([rawPath, path]);
    const body = await readBody(req);
    if (knobs.latencyMs > 0) await new Promise((r) => setTimeout(r, knobs.latencyMs));
    const fault = knobs.take([rawPath, path], req.method ?? 'GET');
    if (fault && (await applyFault(fault, res, correlationId))) return;
    const ctx: RequestContext = {
      method: req.method ?? 'GET',
      rawPath,
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      correlationId,
      params: [],
    };
    const matching = routes
      .map((r) => ({ r, m: r.pattern.exec(path) }))
      .filter((x): x is { r: Route; m: RegExpExecArray } => x.m !== null);
    const hit = matching.find((x) => x.r.method === ctx.method);
    let reply: Reply;
    if (!hit) {
      const status = matching.length > 0 ? 405 : 404;
      const message = status === 405 ? 'HTTP 405 Method Not Allowed' : 'HTTP 404 Not Found';
      reply = { status, body: errorBody(ctx, status === 405 ? 'INVALID_REQUEST' : 'RESOURCE_NOT_FOUND', message) };
    } else {
      ctx.params = decodeParams(hit.m);
      try {
        reply = await hit.r.handle(ctx);
      } catch (e) {
        reply = e instanceof HttpFailure ? e.reply : { status: 500, body: errorBody(ctx, 'UNKNOWN_ERROR', OOPS) };
      }
    }
    if (fault?.kind === 'timeout') {
      await withholdAnswer(fault, res);
      return;
    }
    write(res, reply);
  };
  return (req, res) => {
    dispatch(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
}
