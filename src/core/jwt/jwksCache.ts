/**
 * The one JWKS cache of the product: per-URL answers kept for a TTL, concurrent loads of one URL
 * sharing a single download (a file with a thousand tokens costs one request), and "reload keys".
 * Unlike Harness (which keeps a key set for days, see the `jwks-cached-by-harness` warning), ours
 * expires quickly so the editor notices rotation.
 */
import { readFileCapped } from '../readCapped';
import { redact } from '../redact';
import { SecretScrubber } from '../secrets';
import type { HttpClient } from '../net';
import { silentLogger, type Logger } from '../log';
import { fetchJwksText, JwksFetchError, type FetchedBody } from './jwksFetch';
import { javaTrim } from './javaText';
import { parseKeySetText, type JwkEntry } from './jwksParse';
import type { KeySource, VerdictWarning } from './types';

export interface KeySetInfo {
  /** "https://idp/keys", "file keys.json", "inline key set". */
  sourceLabel: string;
  warnings: VerdictWarning[];
  fetchedAt: Date;
  httpStatus?: number;
  finalUrl?: string;
  redirects: string[];
}

export type KeySetResult =
  | (KeySetInfo & { ok: true; keys: JwkEntry[] })
  | (KeySetInfo & {
      ok: false;
      code: 'jwks-unreachable' | 'jwks-invalid';
      message: string;
      /** The `jwks_uri` of a discovery document served where the key set was expected. */
      discoveredJwksUri?: string;
      /** A local file could not be read: an I/O problem of ours, not something Harness would see. */
      localIoError?: boolean;
      /** The set makes Harness fail with an uncaught exception (HTTP 500 from token/validate). */
      serverError?: boolean;
    });

export interface JwksCacheOptions {
  /** How long an answer (key set or invalid body) is reused. Default 10 minutes. */
  ttlMs?: number;
  /** Connect and read timeouts. Default 10 s, as Harness. */
  timeoutMs?: number;
  /** Body size cap. Default 1 MiB. */
  maxBytes?: number;
  logger?: Logger;
  /**
   * How key sets are downloaded (VS Code's `fetch` in the extension, undici with proxies in the
   * CLI); the caller owns it and closes it. Its proxy credentials are scrubbed from every message
   * (a proxy's error page may quote them).
   */
  http: HttpClient;
  /**
   * The secrets the caller knows (API key, client secret, proxy credentials): scrubbed, with
   * anything shaped like a key or token, from what a key-set host or proxy answers.
   */
  secrets?: SecretScrubber | undefined;
}

interface Entry {
  promise: Promise<KeySetResult>;
  expiresAt: number;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const INLINE_CACHE_LIMIT = 16;

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.test(url.hostname) || url.hostname === '::1';
}

function fetchWarnings(url: string, fetched: FetchedBody): VerdictWarning[] {
  const warnings: VerdictWarning[] = [];
  const finalUrl = new URL(fetched.finalUrl);
  const firstUrl = new URL(url);
  for (const u of firstUrl.protocol === finalUrl.protocol ? [firstUrl] : [firstUrl, finalUrl]) {
    if (u.protocol === 'http:' && !isLoopbackUrl(u)) {
      warnings.push({
        code: 'jwks-plain-http',
        message: `The key set is fetched over plain http (${u.host}): anyone on the path could substitute keys. Use https.`,
      });
    }
  }
  if (fetched.redirects.length > 0) {
    warnings.push({
      code: 'jwks-redirect',
      message: `The JWKS URL redirected ${fetched.redirects.length} time${fetched.redirects.length === 1 ? '' : 's'} (to ${fetched.finalUrl}); Harness follows redirects too, but configuring the final URL avoids surprises.`,
    });
  }
  if (fetched.tlsUntrusted) {
    warnings.push({
      code: 'jwks-tls-untrusted',
      message: `The certificate of ${finalUrl.host} is not trusted here. Harness does not verify JWKS certificates, so it would still read the keys.`,
    });
  }
  return warnings;
}

export class JwksCache {
  /** Number of downloads started (redirect hops of one download count once). */
  fetchCount = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly inline = new Map<string, KeySetResult>();
  /** A file is read once per cache: `/dev/stdin` or a pipe has no second reading to give. */
  private readonly files = new Map<string, Promise<KeySetResult>>();
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly logger: Logger;
  private readonly http: HttpClient;
  private readonly secrets: SecretScrubber;

  constructor(opts: JwksCacheOptions) {
    this.ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    this.logger = opts.logger ?? silentLogger;
    this.http = opts.http;
    this.secrets = opts.secrets ?? new SecretScrubber();
    this.http.addSecretsTo(this.secrets);
  }

  /**
   * `gate`: for a URL that came from input (a token's issuer), asked before every request of a
   * download, redirects included; an answer already cached is returned without asking.
   */
  load(source: KeySource, gate?: (url: URL) => Promise<string | undefined>): Promise<KeySetResult> {
    switch (source.kind) {
      case 'url':
        return this.loadUrl(javaTrim(source.url), gate);
      case 'file':
        return this.loadFileOnce(source.path);
      case 'inline':
        return Promise.resolve(this.loadInline(source.json));
    }
  }

  /** Forgets the answer for this URL: the next load downloads again ("reload keys"). */
  reload(url: string): void {
    this.entries.delete(javaTrim(url));
    this.files.delete(url);
  }

  /** Forgets every answer. */
  clear(): void {
    this.entries.clear();
    this.inline.clear();
    this.files.clear();
  }

  /** Forgets the downloads; the HTTP client is the caller's to close. */
  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }

  private loadUrl(url: string, gate?: (url: URL) => Promise<string | undefined>): Promise<KeySetResult> {
    const now = Date.now();
    const hit = this.entries.get(url);
    if (hit && hit.expiresAt > now) return hit.promise;
    const entry: Entry = { promise: this.download(url, gate), expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(url, entry);
    void entry.promise.then((result) => {
      if (this.entries.get(url) !== entry) return;
      // An unreachable host is not remembered: the next verdict tries again.
      if (!result.ok && result.code === 'jwks-unreachable') this.entries.delete(url);
      else entry.expiresAt = Date.now() + this.ttlMs;
    });
    return entry.promise;
  }

  /** A result's words quote what a server (or a proxy) answered: known secrets and key or token shapes are scrubbed. */
  private async download(url: string, gate?: (url: URL) => Promise<string | undefined>): Promise<KeySetResult> {
    const result = await this.downloadRaw(url, gate);
    const scrub = (text: string): string => redact(this.secrets.scrub(text));
    const warnings = result.warnings.map((w) => ({ ...w, message: scrub(w.message) }));
    return result.ok ? { ...result, warnings } : { ...result, warnings, message: scrub(result.message) };
  }

  private async downloadRaw(url: string, gate?: (url: URL) => Promise<string | undefined>): Promise<KeySetResult> {
    this.fetchCount++;
    const fetchedAt = new Date();
    this.logger.debug(`JWKS: fetching ${url}`);
    let fetched: FetchedBody;
    try {
      fetched = await fetchJwksText(url, {
        timeoutMs: this.timeoutMs,
        maxBytes: this.maxBytes,
        http: this.http,
        gate,
      });
    } catch (e) {
      const err =
        e instanceof JwksFetchError ? e : new JwksFetchError('network', e instanceof Error ? e.message : String(e));
      this.logger.warn(`JWKS: ${url}: ${redact(this.secrets.scrub(err.message))}`);
      return {
        ok: false,
        code: 'jwks-unreachable',
        message: err.message,
        sourceLabel: url,
        warnings: [],
        fetchedAt,
        redirects: [...err.redirects],
      };
    }
    const info: KeySetInfo = {
      sourceLabel: url,
      warnings: fetchWarnings(url, fetched),
      fetchedAt,
      httpStatus: fetched.status,
      finalUrl: fetched.finalUrl,
      redirects: fetched.redirects,
    };
    const parsed = parseKeySetText(fetched.body, {
      origin: 'The JWKS URL',
      status: fetched.status,
      contentType: fetched.contentType,
      truncated: fetched.truncated,
    });
    this.logger.debug(
      `JWKS: ${url}: HTTP ${fetched.status}, ${fetched.body.length} chars, ${parsed.ok ? `${parsed.keys.length} key(s)` : 'not a key set'}`,
    );
    if (!parsed.ok)
      return {
        ...info,
        ok: false,
        code: 'jwks-invalid',
        message: parsed.message,
        discoveredJwksUri: parsed.discoveredJwksUri,
        serverError: parsed.serverError,
      };
    return { ...info, ok: true, keys: parsed.keys, warnings: [...info.warnings, ...parsed.warnings] };
  }

  private loadFileOnce(path: string): Promise<KeySetResult> {
    const hit = this.files.get(path);
    if (hit) return hit;
    const loading = this.loadFile(path);
    this.files.set(path, loading);
    return loading;
  }

  private async loadFile(path: string): Promise<KeySetResult> {
    const fetchedAt = new Date();
    const sourceLabel = `file ${path}`;
    let text: string;
    try {
      // At most one byte over the cap: enough for fromText to call it too large.
      ({ text } = await readFileCapped(path, this.maxBytes));
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const why = code === 'ENOENT' ? 'no such file' : typeof code === 'string' ? code : 'unreadable';
      return {
        ok: false,
        code: 'jwks-unreachable',
        message: `Cannot read the key set file ${path}: ${why}.`,
        localIoError: true,
        sourceLabel,
        warnings: [],
        fetchedAt,
        redirects: [],
      };
    }
    return this.fromText(text, `The file ${path}`, sourceLabel, fetchedAt);
  }

  private loadInline(json: string): KeySetResult {
    const hit = this.inline.get(json);
    if (hit) return hit;
    const result = this.fromText(json, 'The key set given', 'inline key set', new Date());
    if (this.inline.size >= INLINE_CACHE_LIMIT) this.inline.clear();
    this.inline.set(json, result);
    return result;
  }

  private fromText(text: string, origin: string, sourceLabel: string, fetchedAt: Date): KeySetResult {
    const truncated = Buffer.byteLength(text, 'utf8') > this.maxBytes;
    const parsed = parseKeySetText(text, { origin, truncated });
    const info: KeySetInfo = { sourceLabel, warnings: [], fetchedAt, redirects: [] };
    if (!parsed.ok)
      return {
        ...info,
        ok: false,
        code: 'jwks-invalid',
        message: parsed.message,
        discoveredJwksUri: parsed.discoveredJwksUri,
        serverError: parsed.serverError,
      };
    return { ...info, ok: true, keys: parsed.keys, warnings: parsed.warnings };
  }
}
