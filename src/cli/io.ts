/** What a command may touch: injected so tests run the CLI in-process and the bin wires it to the real process. */
import { X509Certificate } from 'node:crypto';
import { createUndiciClient, type HttpClient } from '../core/net';
import { splitAuthorizationValue } from '../core/jwt';
import { readRegularFileCapped } from '../core/readCapped';
import type { SettingsClock } from '../core/setup';

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
  /**
   * Aborted on the first Ctrl-C (SIGINT) or SIGTERM, for a command that must finish something
   * before it stops (the rehearsal deletes what it made). Absent: the process just ends.
   */
  interrupt?: AbortSignal;
  /**
   * How a command waits out Harness's settings cache (`setup --refresh-key-set`): the real clock
   * when absent; tests pass one that does not sleep.
   */
  clock?: SettingsClock;
}

/**
 * The y/N question before a command changes or sends something: `--yes` answers for a script; on a
 * terminal `text` is shown on stderr and `prompt` asked (only y or yes says yes; Ctrl-C says no);
 * without a terminal it refuses with `noTerminal`, nothing having been done.
 */
export async function confirmOnTerminal(
  io: CliIo,
  ask: { yes: boolean; text?: string | undefined; prompt: string; noTerminal: string },
): Promise<boolean> {
  if (ask.yes) return true;
  if (io.interactive !== true || io.ask === undefined) throw new CliUsageError(ask.noTerminal);
  if (ask.text !== undefined) io.stderr(ask.text);
  try {
    const answer = await io.ask(ask.prompt);
    return io.interrupt?.aborted !== true && /^\s*y(es)?\s*$/i.test(answer);
  } catch (e) {
    if (io.interrupt?.aborted === true) return false;
    throw e;
  }
}

/** Exit code after an interruption (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

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
  return (await readAuthorizationArgument(positionals, io)).token;
}

/** The token argument with the Bearer scheme as it was written, if any (`bearer eyJ…` keeps "bearer "). */
export async function readAuthorizationArgument(
  positionals: readonly string[],
  io: CliIo,
): Promise<{ scheme?: string; token: string }> {
  if (positionals.length > 1) throw new CliUsageError(`expected one token, got ${positionals.length} arguments`);
  const arg = positionals[0];
  let text: string;
  if (arg === undefined || arg === '-') {
    try {
      text = await io.stdin();
    } catch (e) {
      throw new CliUsageError(
        `no token: pass TOKEN or pipe it on standard input (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  } else {
    text = arg;
  }
  const split = splitAuthorizationValue(text);
  if (split.token === '') throw new CliUsageError('no token: the input is empty');
  return split;
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
    throw new CliUsageError(
      `--timeout ${JSON.stringify(text)} is not a number of seconds between 0.001 and ${MAX_TIMEOUT_SECONDS} (at most three decimals)`,
    );
  }
  return Math.round(seconds * 1000);
}

/** `--at`: an ISO 8601 time or seconds since the epoch; undefined when absent. */
export function parseAt(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const d = /^\d+$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new CliUsageError(`--at ${JSON.stringify(text)} is not an ISO 8601 time or epoch seconds`);
  return d;
}

/** The `--ca-file` option, and the help line every networked command shows for it. */
export const CA_FILE_OPTION = { 'ca-file': { type: 'string' } } as const;
export const CA_FILE_HELP =
  "  --ca-file FILE     also trust the CA certificates in FILE (PEM), e.g. a company gateway's root CA";
export const NETWORK_HELP = `Network: HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured (credentials may be in the proxy URL:
http://user:password@proxy:3128), and so is NODE_EXTRA_CA_CERTS.`;

/** A CA bundle is a few hundred kilobytes at most; anything far larger is not one. */
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

/** Reads `--ca-file`: a regular file holding at least one PEM certificate Node can parse. */
export async function readCaFile(path: string): Promise<string> {
  const read = await readRegularFileCapped(path, MAX_CA_FILE_BYTES);
  if (read.kind === 'absent') throw new CliUsageError(`--ca-file ${path}: cannot read it (${read.code})`);
  if (read.kind === 'not-regular') throw new CliUsageError(`--ca-file ${path}: ${read.what}, not a file`);
  if (read.kind === 'too-large')
    throw new CliUsageError(
      `--ca-file ${path}: larger than ${MAX_CA_FILE_BYTES / 1024 / 1024} MiB, which no CA bundle is`,
    );
  const blocks = read.text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0)
    throw new CliUsageError(`--ca-file ${path}: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)`);
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch (e) {
      throw new CliUsageError(
        `--ca-file ${path}: certificate ${i + 1} of ${blocks.length} is not readable (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  });
  return blocks.join('\n');
}

/**
 * The HTTP client of one command: undici with the proxy variables (credentials in the URL
 * included), NODE_EXTRA_CA_CERTS, and `--ca-file`. Every request of the command goes through it,
 * so key sets, token endpoints and Harness are reached the same way. The caller closes it.
 */
export async function cliHttpClient(
  io: CliIo,
  caFile: string | undefined,
  connectTimeoutMs = 10_000,
): Promise<HttpClient> {
  const extraCa = caFile !== undefined ? [await readCaFile(caFile)] : undefined;
  const trust =
    caFile !== undefined
      ? `pass the company's root CA with --ca-file (now ${caFile}); check that it is the CA that signed this certificate`
      : "pass the company's root CA with --ca-file FILE.pem, or set NODE_EXTRA_CA_CERTS to it";
  return createUndiciClient({
    env: io.env,
    connectTimeoutMs,
    extraCa,
    extraCaLabel: caFile,
    advice: {
      certificate: `If a company gateway inspects TLS, ${trust}.`,
      proxyAuth:
        'Put the credentials in the proxy URL: HTTPS_PROXY=http://user:password@proxy:port (percent-encode special characters).',
      proxy: 'Check HTTPS_PROXY, HTTP_PROXY and NO_PROXY.',
    },
  });
}
