/**
 * Test knobs: added latency, injected faults (a gateway 5xx, a 429, an HTML error page, a dropped
 * connection, a truncated body, a slow answer, an answer that never comes) and request counters, so
 * client retries, timeouts and error typing can be tested against real sockets. A fault can target
 * one call of a sequence (the SCIM rehearsal's steps) by method and by skipping earlier matches.
 */
import type { ServerResponse } from 'node:http';

export type FaultKind = '5xx' | '429' | 'html' | 'drop' | 'truncated' | 'latency' | 'timeout';

export interface FaultSpec {
  /** Matched against the request path as received and without `/gateway`; absent = every request. */
  path?: RegExp;
  /** Matched against the request method (`PATCH`…); absent = any. */
  method?: string;
  kind: FaultKind;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** How many matching requests pass untouched before the fault applies (default 0): "the second PATCH". */
  skip?: number;
  /**
   * For `latency`: the delay before the normal answer. For `timeout`: how long the answer is withheld
   * (default 30 s) before the connection is closed; the request itself is carried out, as a server
   * that did the work but whose answer was lost.
   */
  ms?: number;
  /** For `5xx` (default 503) and `html` (default 502). */
  status?: number;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  toSkip: number;
}

const HTML_PAGE = (status: number): string =>
  `<!DOCTYPE html>\n<html><head><title>${status} Error</title></head><body><h1>${status}</h1><p>The server encountered a temporary error and could not complete your request.</p></body></html>\n`;

/** How many recent requests the counters by path look at. */
export const RECENT_REQUESTS = 10_000;
/** A longer path is counted by its first MAX_PATH_CHARS characters. */
export const MAX_PATH_CHARS = 512;

export class Knobs {
  latencyMs: number;
  private readonly faults: ActiveFault[] = [];
  /**
   * The paths of the most recent requests, at most RECENT_REQUESTS of them, each path cut to
   * MAX_PATH_CHARS: a client sending endless distinct paths must not grow the emulator's memory.
   */
  private readonly seen: string[][] = [];
  private total = 0;

  constructor(latencyMs: number) {
    this.latencyMs = latencyMs;
  }

  inject(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.times ?? 1, toSkip: spec.skip ?? 0 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  record(paths: string[]): void {
    this.total += 1;
    this.seen.push(paths.map((p) => p.slice(0, MAX_PATH_CHARS)));
    if (this.seen.length > RECENT_REQUESTS) this.seen.splice(0, this.seen.length - RECENT_REQUESTS);
  }

  /** All requests ever, or those of the recent ones whose path starts with `prefix`. */
  count(prefix?: string): number {
    if (prefix === undefined) return this.total;
    return this.seen.filter((paths) => paths.some((p) => p.startsWith(prefix))).length;
  }

  /** The fault this request gets, if any; each use counts against `times`, each pass against `skip`. */
  take(paths: string[], method = 'GET'): FaultSpec | undefined {
    for (const active of this.faults) {
      const { spec } = active;
      if (active.remaining <= 0 || (spec.method !== undefined && spec.method !== method)) continue;
      if (spec.path !== undefined && !paths.some((p) => spec.path?.test(p))) continue;
      if (active.toSkip > 0) {
        active.toSkip -= 1;
        continue;
      }
      active.remaining -= 1;
      if (active.remaining === 0) this.faults.splice(this.faults.indexOf(active), 1);
      return spec;
    }
    return undefined;
  }
}

/** `timeout`: the work is done, the answer never sent; the socket closes when the client gives up or `ms` passes. */
export async function withholdAnswer(spec: FaultSpec, res: ServerResponse): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, spec.ms ?? 30_000);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  res.socket?.destroy();
}

/** Answers with the fault; returns false for `latency`, after which the request proceeds normally. */
export async function applyFault(spec: FaultSpec, res: ServerResponse, correlationId: string): Promise<boolean> {
  switch (spec.kind) {
    case 'latency':
      await new Promise((r) => setTimeout(r, spec.ms ?? 1000));
      return false;
    case 'timeout':
      // Handled by the dispatcher after the request is carried out (withholdAnswer).
      return false;
    case '5xx': {
      const status = spec.status ?? 503;
      const message = 'Oops, something went wrong on our end. Please contact Harness Support.';
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'ERROR',
          code: 'UNKNOWN_ERROR',
          message,
          correlationId,
          detailedMessage: null,
          responseMessages: [],
          metadata: null,
        }),
      );
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
      const full = JSON.stringify({
        status: 'SUCCESS',
        data: { note: 'this body is cut short on purpose' },
        metaData: null,
        correlationId,
      });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
      res.write(full.slice(0, Math.floor(full.length / 2)));
      await new Promise((r) => setTimeout(r, 10));
      res.socket?.destroy();
      return true;
    }
  }
}
