/**
 * Test knobs: added latency, injected faults (a gateway 5xx, a 429, an HTML error page, a dropped
 * connection, a truncated body, a slow answer) and request counters, so client retries, timeouts and
 * error typing can be tested against real sockets.
 */
import type { ServerResponse } from 'node:http';

export type FaultKind = '5xx' | '429' | 'html' | 'drop' | 'truncated' | 'latency';

export interface FaultSpec {
  /** Matched against the request path as received and without `/gateway`; absent = every request. */
  path?: RegExp;
  kind: FaultKind;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** For `latency`: the delay before the normal answer. */
  ms?: number;
  /** For `5xx` (default 503) and `html` (default 502). */
  status?: number;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

const HTML_PAGE = (status: number): string =>
  `<!DOCTYPE html>\n<html><head><title>${status} Error</title></head><body><h1>${status}</h1><p>The server encountered a temporary error and could not complete your request.</p></body></html>\n`;

export class Knobs {
  latencyMs: number;
  private readonly faults: ActiveFault[] = [];
  private readonly seen: string[][] = [];

  constructor(latencyMs: number) {
    this.latencyMs = latencyMs;
  }

  inject(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  record(paths: string[]): void {
    this.seen.push(paths);
  }

  count(prefix?: string): number {
    if (prefix === undefined) return this.seen.length;
    return this.seen.filter((paths) => paths.some((p) => p.startsWith(prefix))).length;
  }

  /** The fault this request gets, if any; each use counts against `times`. */
  take(paths: string[]): FaultSpec | undefined {
    const active = this.faults.find((f) => f.remaining > 0 && (f.spec.path === undefined || paths.some((p) => f.spec.path?.test(p))));
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining === 0) this.faults.splice(this.faults.indexOf(active), 1);
    return active.spec;
  }
}

/** Answers with the fault; returns false for `latency`, after which the request proceeds normally. */
export async function applyFault(spec: FaultSpec, res: ServerResponse, correlationId: string): Promise<boolean> {
  switch (spec.kind) {
    case 'latency':
      await new Promise((r) => setTimeout(r, spec.ms ?? 1000));
      return false;
    case '5xx': {
      const status = spec.status ?? 503;
      const message = 'Oops, something went wrong on our end. Please contact Harness Support.';
      res.writeHead(status, { 'content-type': 'application/json', 'x-correlation-id': correlationId });
      res.end(JSON.stringify({ status: 'ERROR', code: 'UNKNOWN_ERROR', message, correlationId, detailedMessage: null, responseMessages: [], metadata: null }));
      return true;
    }
    case '429':
      // Cloud Armor's throttle page: no Retry-After, no JSON (docs/harness-contract.md, "Rate limits").
      res.writeHead(429, { 'content-type': 'text/html; charset=UTF-8' });
      res.end(HTML_PAGE(429));
      return true;
    case 'html': {
      const status = spec.status ?? 502;
      res.writeHead(status, { 'content-type': 'text/html; charset=UTF-8' });
      res.end(HTML_PAGE(status));
      return true;
    }
    case 'drop':
      res.socket?.destroy();
      return true;
    case 'truncated': {
      const full = JSON.stringify({ status: 'SUCCESS', data: { note: 'this body is cut short on purpose' }, metaData: null, correlationId });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length), 'x-correlation-id': correlationId });
      res.write(full.slice(0, Math.floor(full.length / 2)));
      await new Promise((r) => setTimeout(r, 10));
      res.socket?.destroy();
      return true;
    }
  }
}
