/**
 * undici, loaded on first use rather than when the extension starts: evaluating it costs about
 * 100 ms, and most VS Code sessions that activate the extension (opening a .http file, the view
 * collapsed) never make a request. Types come from a type-only import, so nothing is lost.
 */
import type * as Undici from 'undici';

let loaded: typeof Undici | undefined;

export function undici(): typeof Undici {
  // A plain require() keeps the bundle's lazy module wrapper: undici is evaluated here, once.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('undici') as typeof Undici;
  return loaded;
}

/**
 * Reads a response body, stopping (and dropping the connection) once it passes `maxBytes`; then
 * `truncated` is true and `text` holds the first `maxBytes` bytes. Every fetch of ours goes
 * through this: nothing reads an unbounded body.
 */
export async function readBodyCapped(body: Undici.Dispatcher.ResponseData['body'], maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
      // Nobody reads the stream any more, so its abort error needs a listener or it goes unhandled.
      body.on('error', () => undefined);
      body.destroy();
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** The low-level code of a network error (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT, CERT_…), looking through undici's and Node's `cause` chains. */
export function networkErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
