/**
 * One HTTP exchange with Harness, done carefully: credentials only in headers, deadlines for
 * connect / headers / body / the whole call, a byte cap enforced while the body streams in,
 * bounded retries for reads, typed errors, and the response checked against its expected shape
 * before anyone sees it. `HarnessClient` and `ScimClient` describe calls; this runs them.
 */
import type { Logger } from '../log';
import type { HttpClient, HttpResponse } from '../net';
import type { AnswerInfo } from './callOptions';
import { SecretScrubber } from '../secrets';
import { secretPartsOf } from './apiKey';
import {
  type CallContext,
  errorCode,
  errorFromException,
  errorFromResponse,
  isConnectionReset,
  looksLikeHtml,
  seconds,
} from './errorMapping';
import { HarnessApiError, HarnessShapeError } from './errors';
import { check, type Guard, isRecord, ShapeMismatch } from './guard';
import { backoffDelay, RETRYABLE_STATUSES, type RetryPolicy } from './retry';

export interface Timeouts {
  /** TCP + TLS (and proxy tunnel) setup. */
  connectMs: number;
  /** From request sent to response headers. */
  headersMs: number;
  /** Longest silence while the body streams. */
  bodyMs: number;
  /** One try, start to finish. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, totalMs: 60_000 };
/** Settings, roles and service-account pages are kilobytes; 8 MiB leaves room and stops a runaway body. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface CallSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the base URL, e.g. `/ng/api/settings`. Identifiers in it are already encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: { json: unknown } | { text: string };
  /** `api-key`: the client's key in `x-api-key`. `bearer`: `Authorization: Bearer <token>` (SCIM). */
  auth: { kind: 'api-key' } | { kind: 'bearer'; token: string };
  accept?: string;
  /** True only for calls that change nothing; those are retried. */
  idempotent: boolean;
  guard: Guard<T>;
  /** An empty body (a 204, SCIM's PATCH Groups and DELETE) is handed to `guard` as `undefined` instead of failing as "not JSON". */
  emptyBodyOk?: boolean;
  signal?: AbortSignal | undefined;
  observe?: ((answer: AnswerInfo) => void) | undefined;
}

export interface TransportConfig {
  baseUrl: string;
  apiKey: string;
  accountId: string | undefined;
  logger: Logger;
  timeouts: Timeouts;
  maxBytes: number;
  retry: RetryPolicy;
  http: HttpClient;
  userAgent: string;
}

type Attempt<T> =
  | { ok: true; value: T; status: number }
  | { ok: false; error: HarnessApiError; retryable: boolean; retryAfter?: string };

export class Transport {
  private readonly base: URL;

  constructor(private readonly config: TransportConfig) {
    this.base = new URL(config.baseUrl);
  }

  /** For token/validate only, which sends the key as its body (as the official Harness CLI does). */
  get apiKey(): string {
    return this.config.apiKey;
  }

  async call<T>(spec: CallSpec<T>): Promise<T> {
    const policy = this.config.retry;
    const started = policy.now();
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(spec, attempt);
      if (result.ok) {
        spec.observe?.({ status: result.status, attempts: attempt });
        return result.value;
      }
      const { error } = result;
      if (!result.retryable || !spec.idempotent || attempt >= policy.maxAttempts) throw error;
      const delay = backoffDelay(policy, attempt, result.retryAfter);
      if (policy.now() - started + delay > policy.maxTotalMs) throw error;
      this.config.logger.warn(
        `${spec.method} ${error.request.path}: ${error.httpStatus !== undefined ? `HTTP ${error.httpStatus}` : (error.code ?? error.kind)}; ` +
          `retrying in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts})`,
      );
      try {
        await policy.sleep(delay, spec.signal);
      } catch {
        throw this.cancelled(spec, attempt);
      }
    }
  }

  private url(spec: CallSpec<unknown>): URL {
    const basePath = this.base.pathname.replace(/\/+$/, '');
    const url = new URL(`${this.base.origin}${basePath}${spec.path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined) continue;
      if (typeof value === 'object') for (const v of value) url.searchParams.append(key, v);
      else url.searchParams.set(key, String(value));
    }
    return url;
  }

  private context(spec: CallSpec<unknown>, url: URL, attempt: number): CallContext {
    return {
      request: { method: spec.method, path: `${url.pathname}${url.search}` },
      attempt,
      auth: spec.auth.kind,
      host: url.host,
      accountId: this.config.accountId,
      proxyHost: this.config.http.proxyFor(url),
      advice: this.config.http.advice,
    };
  }

  private headers(spec: CallSpec<unknown>): [string, string][] {
    const h: [string, string][] = [
      ['accept', spec.accept ?? 'application/json'],
      ['user-agent', this.config.userAgent],
    ];
    if (spec.auth.kind === 'api-key') h.push(['x-api-key', this.config.apiKey]);
    else h.push(['authorization', `Bearer ${spec.auth.token}`]);
    if (spec.body && 'json' in spec.body) h.push(['content-type', 'application/json']);
    else if (spec.body) h.push(['content-type', 'text/plain']);
    return h;
  }

  /** Every secret this call could echo back: the key, a bearer token, and their secret parts. */
  private scrubber(spec: CallSpec<unknown>): (text: string) => string {
    const scrubber = new SecretScrubber().add(...secretPartsOf(this.config.apiKey));
    if (spec.auth.kind === 'bearer') scrubber.add(...secretPartsOf(spec.auth.token));
    if (spec.body && 'text' in spec.body) scrubber.add(...secretPartsOf(spec.body.text));
    // A proxy that answers with its own error page may quote the credentials it was given.
    this.config.http.addSecretsTo(scrubber);
    return (text) => scrubber.scrub(text);
  }

  private cancelled(spec: CallSpec<unknown>, attempt: number): HarnessApiError {
    const url = this.url(spec);
    return new HarnessApiError({
      kind: 'cancelled',
      request: this.context(spec, url, attempt).request,
      attempts: attempt,
      message: `${spec.method} ${url.pathname} was cancelled.`,
    });
  }

  private async attempt<T>(spec: CallSpec<T>, attempt: number): Promise<Attempt<T>> {
    const url = this.url(spec);
    const ctx = this.context(spec, url, attempt);
    const scrub = this.scrubber(spec);
    const { timeouts, logger } = this.config;
    const deadline = new AbortController();
    const timer = setTimeout(() => {
      deadline.abort(new Error('deadline'));
    }, timeouts.totalMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, deadline.signal]) : deadline.signal;
    const t0 = Date.now();
    logger.debug(`→ ${spec.method} ${ctx.request.path}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
    try {
      const res = await this.config.http.send({
        method: spec.method,
        url,
        headers: this.headers(spec),
        body:
          spec.body === undefined ? undefined : 'json' in spec.body ? JSON.stringify(spec.body.json) : spec.body.text,
        connectTimeoutMs: timeouts.connectMs,
        headersTimeoutMs: timeouts.headersMs,
        bodyTimeoutMs: timeouts.bodyMs,
        signal,
      });
      const contentType = res.headers['content-type'];
      let raw: string;
      try {
        raw = await readCapped(res, this.config.maxBytes, res.headers['content-length']);
      } catch (err) {
        if (!isConnectionReset(err)) throw err;
        // Headers arrived, the body was cut: a truncated answer, worth another try for a read.
        return {
          ok: false,
          retryable: true,
          error: new HarnessApiError({
            kind: 'invalid-json',
            request: ctx.request,
            httpStatus: res.status,
            attempts: attempt,
            code: errorCode(err),
            cause: err,
            message:
              `Harness's answer to ${spec.method} ${url.pathname} was cut off: the connection closed mid-body (HTTP ${res.status}). ` +
              'Try again; if it keeps happening, check any proxy in between.',
          }),
        };
      }
      const text = scrub(raw);
      logger.debug(`← ${res.status} ${spec.method} ${url.pathname} in ${Date.now() - t0} ms (${text.length} chars)`);
      if (res.status < 200 || res.status >= 300) {
        const error = errorFromResponse(ctx, { status: res.status, contentType, bodyText: text });
        return {
          ok: false,
          error,
          retryable: RETRYABLE_STATUSES.has(res.status),
          retryAfter: res.headers['retry-after'],
        };
      }
      return { ok: true, value: this.parse(spec, ctx, res.status, contentType, text), status: res.status };
    } catch (err) {
      if (err instanceof HarnessApiError) return { ok: false, error: err, retryable: false };
      if (err instanceof TooLarge) {
        return {
          ok: false,
          retryable: false,
          error: new HarnessApiError({
            kind: 'too-large',
            request: ctx.request,
            attempts: attempt,
            message:
              `Harness's answer to ${spec.method} ${url.pathname} is larger than ${err.limit} bytes, more than this client accepts. ` +
              'Narrow the request (a smaller page size or a filter); if it is unexpected, a proxy may be returning something else.',
          }),
        };
      }
      if (spec.signal?.aborted) return { ok: false, error: this.cancelled(spec, attempt), retryable: false };
      if (deadline.signal.aborted) {
        return {
          ok: false,
          retryable: false,
          error: new HarnessApiError({
            kind: 'timeout',
            request: ctx.request,
            attempts: attempt,
            code: 'TOTAL_TIMEOUT',
            message:
              `${ctx.host} did not finish answering ${spec.method} ${url.pathname} within ${seconds(timeouts.totalMs)}. ` +
              'Check the network, the proxy settings and the cluster URL.',
          }),
        };
      }
      logger.debug(
        `✗ ${spec.method} ${url.pathname} after ${Date.now() - t0} ms: ${scrub(err instanceof Error ? err.message : String(err))}`,
      );
      return { ok: false, error: errorFromException(ctx, err, this.timeoutsFor()), retryable: isConnectionReset(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  private timeoutsFor(): { connect: number; headers: number; body: number; total: number } {
    const t = this.config.timeouts;
    return { connect: t.connectMs, headers: t.headersMs, body: t.bodyMs, total: t.totalMs };
  }

  private parse<T>(
    spec: CallSpec<T>,
    ctx: CallContext,
    status: number,
    contentType: string | undefined,
    text: string,
  ): T {
    const init = { request: ctx.request, httpStatus: status, attempts: ctx.attempt };
    if (looksLikeHtml(contentType, text)) throw errorFromResponse(ctx, { status, contentType, bodyText: text });
    if (spec.emptyBodyOk === true && text.trim() === '') return this.checked(spec, init, undefined);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new HarnessApiError({
        ...init,
        kind: 'invalid-json',
        message:
          `Harness's answer to ${spec.method} ${ctx.request.path.split('?')[0] ?? ''} was cut off or is not JSON ` +
          `(HTTP ${status}, ${text.length} chars${e instanceof Error ? `: ${e.message}` : ''}). Try again; if it persists, check any proxy in between.`,
      });
    }
    // A 200 that carries an error envelope is still an error.
    if (
      isRecord(json) &&
      (json.status === 'ERROR' || json.status === 'FAILURE') &&
      !('data' in json && json.data !== null)
    ) {
      throw errorFromResponse(ctx, { status, contentType, bodyText: text });
    }
    return this.checked(spec, init, json);
  }

  private checked<T>(
    spec: CallSpec<T>,
    init: { request: CallContext['request']; httpStatus: number; attempts: number },
    json: unknown,
  ): T {
    try {
      return check(spec.guard, json);
    } catch (e) {
      if (e instanceof ShapeMismatch) throw new HarnessShapeError(init, e.path, e.expected, e.actual);
      throw e;
    }
  }
}

class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
  }
}

/** Reads the body, stopping (and dropping the connection) as soon as it passes `limit` bytes. */
async function readCapped(res: HttpResponse, limit: number, contentLength: string | undefined): Promise<string> {
  if (contentLength !== undefined && Number(contentLength) > limit) {
    await res.discard();
    throw new TooLarge(limit);
  }
  const read = await res.read(limit);
  if (read.truncated) throw new TooLarge(limit);
  return read.text;
}
