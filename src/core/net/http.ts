/**
 * The one way the product speaks HTTP. Everything that goes on the network (Harness calls, key
 * sets, discovery, token endpoints, SCIM) sends through an `HttpClient`, so each caller keeps its
 * own deadlines, byte caps, redirects, retries and typed errors while the client decides how the
 * bytes travel. Two implementations: VS Code's `fetch` in the extension host (its proxy, PAC and
 * system-certificate support) and undici in the CLI (proxy variables, extra CAs).
 */
import type { SecretScrubber } from '../secrets';

export interface HttpRequest {
  method: string;
  url: URL;
  headers: readonly (readonly [string, string])[];
  body?: string | undefined;
  /** The caller's cancellation and overall deadline together. */
  signal: AbortSignal;
  /** From sending the request to the response's headers. */
  headersTimeoutMs: number;
  /**
   * Setting up the connection, when the caller has its own limit for it. A client that cannot
   * tell connecting from waiting (`fetch`) adds it to the headers' limit.
   */
  connectTimeoutMs?: number | undefined;
  /** The longest silence while the body streams. */
  bodyTimeoutMs: number;
  /**
   * Harness reads key sets without verifying TLS certificates. Only that one download asks for
   * this, and only after a normal attempt failed on a certificate.
   */
  insecureTls?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; a repeated header's values joined with ", ". */
  headers: Readonly<Record<string, string>>;
  /**
   * Reads the body, stopping (and dropping the connection) once it passes `maxBytes`. The bytes
   * are UTF-8 unless `decode` says otherwise (a key set is read as Harness's HTTP client reads it).
   */
  read(maxBytes: number, decode?: (bytes: Buffer) => string): Promise<{ text: string; truncated: boolean }>;
  /** Drops the body unread. */
  discard(): Promise<void>;
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
  /**
   * The proxy a request to `url` goes through, as `host:port` without credentials, for messages
   * that must name the proxy rather than the host behind it. Undefined when the request goes
   * direct, or when the client cannot know (VS Code decides per request).
   */
  proxyFor(url: URL): string | undefined;
  /** One line for the log: how this client reaches the network. Never carries credentials. */
  readonly description: string;
  /** What to do about a failure, in the terms of where this client runs (VS Code settings, CLI options). */
  readonly advice: NetworkAdvice;
  /** Adds the secrets this client's configuration holds (proxy credentials) to a scrubber. */
  addSecretsTo(scrubber: SecretScrubber): void;
  close(): Promise<void>;
}

export interface NetworkAdvice {
  /** A certificate is not trusted: how to trust a company's CA here. */
  certificate: string;
  /** The proxy asked for credentials (HTTP 407). */
  proxyAuth: string;
  /** Anything else about reaching the network: which proxy settings apply. */
  proxy: string;
}

/**
 * A network failure with the low-level code the rest of the product maps to words: Node's
 * (ECONNREFUSED, ENOTFOUND), undici's (UND_ERR_CONNECT_TIMEOUT), OpenSSL's certificate codes, or
 * the timeouts this layer enforces itself (UND_ERR_HEADERS_TIMEOUT, UND_ERR_BODY_TIMEOUT).
 */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Headers the HTTP stack sets itself from the body and the connection. People write them in
 * `.http` files (`Content-Length: 27`, `Connection: keep-alive`, `Expect: 100-continue`), and the
 * clients they use recompute or drop them; fetch and undici refuse the request instead (fetch even
 * a correct Content-Length). So both clients drop them, as those clients do.
 */
const STACK_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
  // fetch decompresses and sends its own; undici would hand back compressed bytes. Neither lets `Host` differ from the URL alike.
  'accept-encoding',
  'host',
]);

export function sendableHeaders(headers: readonly (readonly [string, string])[]): [string, string][] {
  return headers
    .filter(([name]) => !STACK_HEADERS.has(name.trim().toLowerCase()))
    .map(([k, v]): [string, string] => [k, v]);
}

/**
 * Certificate codes Harness's key-set download ignores (it verifies nothing): the lax retry applies
 * to all of them. For messages they split three ways: see `certificateProblem`.
 */
export const CERTIFICATE_TRUST_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * What a certificate failure means and what to do, or undefined when `code` is no certificate
 * code. Only "not trusted here" is fixed by trusting a CA; a certificate for another name or
 * outside its dates is not.
 */
export function certificateProblem(code: string | undefined, host: string, advice: NetworkAdvice): string | undefined {
  if (code === undefined || !CERTIFICATE_TRUST_CODES.has(code)) return undefined;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `The certificate ${host} presented was issued for another name (${code}). Check the host name in the URL; a TLS-inspecting gateway that signs for the wrong name is a gateway problem.`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return `The certificate ${host} presented is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'} (${code}). Check this machine's clock, or tell the server's owner.`;
  }
  return `The certificate of ${host} is not trusted here (${code}). ${advice.certificate}`;
}

/** Codes of a failed first hop: through a proxy, that hop is the proxy, not the host behind it. */
export const CONNECT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * A proxy's part in a failure, in words, with what to do: it asked for credentials, refused to
 * open a tunnel, or (when `proxy` is known) could not be reached at all. Undefined otherwise.
 */
export function proxyProblem(
  code: string | undefined,
  proxy: string | undefined,
  host: string,
  advice: NetworkAdvice,
): string | undefined {
  const named = proxy !== undefined ? `The proxy ${proxy}` : 'The proxy';
  if (code === 'PROXY_BAD_URL')
    return `The proxy setting is not a valid proxy URL, so nothing was sent to ${host}. ${advice.proxy}`;
  if (code === 'PROXY_AUTH_REQUIRED')
    return `${named} asked for credentials (HTTP 407), so ${host} was not reached. ${advice.proxyAuth}`;
  if (code?.startsWith('PROXY_REFUSED_') === true)
    return `${named} would not open a connection to ${host} (HTTP ${code.slice('PROXY_REFUSED_'.length)}). ${advice.proxy}`;
  if (proxy !== undefined && code !== undefined && CONNECT_CODES.has(code))
    return `${named} could not be reached (${code}), so ${host} was not reached. ${advice.proxy}`;
  return undefined;
}

/** The low-level code of a network error, looking through `cause` chains (fetch wraps undici's error, which wraps Node's). */
export function networkErrorCode(err: unknown): string | undefined {
  let fallback: string | undefined;
  for (
    let e: unknown = err, depth = 0;
    typeof e === 'object' && e !== null && depth < 6;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    // undici's ProxyAgent reports a proxy's refusal only in words: "Proxy response (407) !== 200 when
    // HTTP Tunneling" for a tunnel, "Proxy Authentication Required (407)" for a forwarded request.
    const message = (e as { message?: unknown }).message;
    const status =
      typeof message === 'string'
        ? /Proxy (?:response|Authentication Required) \((\d{3})\)/.exec(message)?.[1]
        : undefined;
    if (status !== undefined) return status === '407' ? 'PROXY_AUTH_REQUIRED' : `PROXY_REFUSED_${status}`;
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (code !== 'UND_ERR_ABORTED') return code;
    fallback ??= code;
  }
  return fallback;
}

/** The deepest message in a `cause` chain: fetch's own is always just "fetch failed". */
export function innermostMessage(err: unknown): string {
  let message = err instanceof Error ? err.message : String(err);
  for (
    let e: unknown = err, depth = 0;
    typeof e === 'object' && e !== null && depth < 6;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const m = (e as { message?: unknown }).message;
    if (typeof m === 'string' && m !== '') message = m;
  }
  return message;
}

/** Collects chunks up to `maxBytes`: `add` returns false once the cap is passed (the chunk is cut to fit). */
export class CappedText {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly maxBytes: number) {}
  add(chunk: Uint8Array): boolean {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.size += buf.length;
    if (this.size > this.maxBytes) {
      this.chunks.push(buf.subarray(0, buf.length - (this.size - this.maxBytes)));
      this.truncated = true;
      return false;
    }
    this.chunks.push(buf);
    return true;
  }
  result(decode: (bytes: Buffer) => string = (b) => b.toString('utf8')): { text: string; truncated: boolean } {
    return { text: decode(Buffer.concat(this.chunks)), truncated: this.truncated };
  }
}

/** A proxy URL's `host:port`, never its credentials. */
export function proxyHost(proxyUrl: string): string {
  try {
    return new URL(proxyUrl).host;
  } catch {
    return 'the configured proxy';
  }
}
