/**
 * An `HttpClient` over the global `fetch`. In VS Code's extension host that `fetch` is VS Code's:
 * it resolves the proxy per request (`http.proxy`, PAC files, the system's settings, `http.noProxy`),
 * answers a proxy's 407 with the credentials VS Code has (in the proxy URL, Kerberos, its sign-in
 * prompt) and trusts the system's certificates (`http.systemCertificates`). So the extension brings
 * no HTTP stack of its own. Deadlines and byte caps are enforced here, on top of it.
 */
import {
  CappedText,
  type HttpClient,
  type NetworkAdvice,
  type HttpRequest,
  type HttpResponse,
  innermostMessage,
  NetworkError,
  networkErrorCode,
  sendableHeaders,
} from './http';

export interface FetchClientOptions {
  /** Looked up on every request by default, so a `fetch` patched after start-up is the one used. */
  fetch?: typeof globalThis.fetch;
  /** For the log: how `fetch` reaches the network here (asked each time: settings change). */
  describe: () => string;
  advice: NetworkAdvice;
  /**
   * The proxy a request to `url` takes, when the caller can tell (VS Code's explicit http.proxy);
   * undefined when direct or decided elsewhere (the system's settings, a PAC file).
   */
  proxyFor?: (url: URL) => string | undefined;
  /** Proxy URLs that may carry credentials (VS Code's `http.proxy`, the proxy variables), for scrubbing messages. */
  proxyUrls?: () => readonly (string | undefined)[];
  /**
   * The client for Harness's lax-TLS key-set download, which `fetch` cannot do. Called on the first
   * such download only; the extension loads undici for it then, and not before.
   */
  insecure?: () => HttpClient;
}

export function createFetchClient(options: FetchClientOptions): HttpClient {
  let insecure: HttpClient | undefined;
  return {
    get description() {
      return options.describe();
    },
    advice: options.advice,
    addSecretsTo(scrubber) {
      scrubber.addUrlCredentials(...(options.proxyUrls?.() ?? []));
      insecure?.addSecretsTo(scrubber);
    },
    proxyFor: (url) => options.proxyFor?.(url),
    async send(request: HttpRequest): Promise<HttpResponse> {
      if (request.insecureTls === true) {
        if (!options.insecure)
          throw new NetworkError('Reading without certificate checks is not available here.', 'INSECURE_UNAVAILABLE');
        insecure ??= options.insecure();
        return insecure.send(request);
      }
      return send(options.fetch ?? globalThis.fetch, request);
    },
    /** Closes the lax-TLS client, if one was made; the next such download makes a new one with the settings of then. */
    async close(): Promise<void> {
      const old = insecure;
      insecure = undefined;
      await old?.close();
    },
  };
}

async function send(fetchFn: typeof globalThis.fetch, request: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  const onAbort = (): void => {
    controller.abort(request.signal.reason);
  };
  if (request.signal.aborted) onAbort();
  else request.signal.addEventListener('abort', onAbort, { once: true });
  const release = (): void => {
    request.signal.removeEventListener('abort', onAbort);
  };
  // fetch connects and waits in one step, so its limit is both together.
  const headersMs = request.headersTimeoutMs + (request.connectTimeoutMs ?? 0);
  const headersTimer = setTimeout(() => {
    controller.abort(
      new NetworkError(`No answer within ${headersMs / 1000} s (connecting included).`, 'UND_ERR_HEADERS_TIMEOUT'),
    );
  }, headersMs);
  let res: Response;
  try {
    res = await fetchFn(request.url.href, {
      method: request.method,
      headers: sendableHeaders(request.headers),
      ...(request.body !== undefined ? { body: request.body } : {}),
      // Callers follow redirects themselves: each has its own rules (Harness's twenty, credentials kept to one origin).
      redirect: 'manual',
      signal: controller.signal,
    });
  } catch (e) {
    release();
    throw failure(controller.signal, request.signal, e);
  } finally {
    clearTimeout(headersTimer);
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  // forEach hands over each Set-Cookie on its own; joined like every other repeated header.
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies.join(', ');
  return {
    status: res.status,
    headers,
    async read(maxBytes: number, decode?: (bytes: Buffer) => string) {
      try {
        return await readBody(res, maxBytes, request.bodyTimeoutMs, controller, decode);
      } catch (e) {
        throw failure(controller.signal, request.signal, e);
      } finally {
        release();
      }
    },
    async discard() {
      release();
      await res.body?.cancel().catch(() => undefined);
    },
  };
}

async function readBody(
  res: Response,
  maxBytes: number,
  idleMs: number,
  controller: AbortController,
  decode: ((bytes: Buffer) => string) | undefined,
): Promise<{ text: string; truncated: boolean }> {
  const text = new CappedText(maxBytes);
  if (!res.body) return text.result(decode);
  const reader = res.body.getReader();
  for (;;) {
    const idle = setTimeout(() => {
      controller.abort(new NetworkError(`The answer stalled for ${idleMs / 1000} s.`, 'UND_ERR_BODY_TIMEOUT'));
    }, idleMs);
    let chunk: { done: true; value?: undefined } | { done: false; value: Uint8Array };
    try {
      chunk = (await reader.read()) as typeof chunk;
    } finally {
      clearTimeout(idle);
    }
    if (chunk.done) return text.result(decode);
    if (!text.add(chunk.value)) {
      // Past the cap: stop reading and drop the connection.
      await reader.cancel().catch(() => undefined);
      return text.result(decode);
    }
  }
}

/** One error shape whatever went wrong: our own timeouts, the caller's cancel, or fetch's "fetch failed" with its cause. */
function failure(ours: AbortSignal, theirs: AbortSignal, e: unknown): unknown {
  if (theirs.aborted) return theirs.reason ?? e;
  if (ours.aborted && ours.reason instanceof NetworkError) return ours.reason;
  if (e instanceof NetworkError) return e;
  return new NetworkError(innermostMessage(e), networkErrorCode(e), { cause: e });
}
