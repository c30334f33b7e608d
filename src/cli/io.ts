/** What a command may touch: injected so tests run the CLI in-process and the bin wires it to the real process. */
import type { Dispatcher } from 'undici';
import { createDispatcher, resolveProxy, type ResolvedProxy } from '../core/harness';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** The whole of standard input (rejects when there is none to read, e.g. a terminal). */
  stdin(): Promise<string>;
  env: Record<string, string | undefined>;
  /** True when a person can answer on the terminal; absent or false means scripts, CI, pipes. */
  interactive?: boolean;
  /** Asks one question on the terminal and resolves with the answer line (only used when interactive). */
  ask?: (question: string) => Promise<string>;
}

/** Exit codes of every command: the contract scripts and CI rely on. */
export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line or an I/O problem: printed as one line, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The token from the argument, or from stdin for `-` or no argument; a pasted `Bearer ` prefix is dropped. */
export async function readTokenArgument(positionals: readonly string[], io: CliIo): Promise<string> {
  if (positionals.length > 1) throw new CliUsageError(`expected one token, got ${positionals.length} arguments`);
  const arg = positionals[0];
  let text: string;
  if (arg === undefined || arg === '-') {
    try {
      text = await io.stdin();
    } catch (e) {
      throw new CliUsageError(`no token: pass TOKEN or pipe it on standard input (${e instanceof Error ? e.message : String(e)})`);
    }
  } else {
    text = arg;
  }
  const token = text.trim().replace(/^(authorization:\s*)?bearer\s+/i, '').trim();
  if (token === '') throw new CliUsageError('no token: the input is empty');
  return token;
}

/** The longest `--timeout`: the download deadline is three times it, and Node's timers stop at about 24.8 days. */
export const MAX_TIMEOUT_SECONDS = 3600;

/**
 * `--timeout SECONDS` in milliseconds (default 10 s, as Harness): a positive decimal with at most
 * millisecond precision, up to an hour. Anything else is a usage error here, not Node's "delay is
 * out of range" dressed up as an unreachable key set later.
 */
export function parseTimeoutMs(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const seconds = /^\d{1,7}(\.\d{1,3})?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS) {
    throw new CliUsageError(`--timeout ${JSON.stringify(text)} is not a number of seconds between 0.001 and ${MAX_TIMEOUT_SECONDS} (at most three decimals)`);
  }
  return Math.round(seconds * 1000);
}

/** `--at`: an ISO 8601 time or seconds since the epoch; undefined when absent. */
export function parseAt(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const d = /^\d+$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
  if (Number.isNaN(d.getTime())) throw new CliUsageError(`--at ${JSON.stringify(text)} is not an ISO 8601 time or epoch seconds`);
  return d;
}

/**
 * A proxy agent when HTTP_PROXY / HTTPS_PROXY is set, as the Harness client builds for itself, so
 * key sets and token endpoints are reached the way Harness calls are; undefined otherwise. The
 * caller closes it.
 */
export function proxyDispatcher(env: CliIo['env'], connectTimeoutMs = 10_000): Dispatcher | undefined {
  const proxy = resolveProxy({ env });
  return proxy.httpProxy || proxy.httpsProxy ? createDispatcher({ env, connectTimeoutMs }).dispatcher : undefined;
}

/** The proxies `proxyDispatcher` goes through, for messages that must name the proxy rather than the host behind it. */
export function proxyOf(env: CliIo['env']): ResolvedProxy | undefined {
  const proxy = resolveProxy({ env });
  return proxy.httpProxy || proxy.httpsProxy ? proxy : undefined;
}
