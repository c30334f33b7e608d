/** Entry of the bundled `scim-jwt` (the bundler adds the shebang): the real process as the CLI's io. */
import { createInterface } from 'node:readline/promises';
import { EXIT_INTERRUPTED, EXIT_USAGE } from './io';
import { runCli } from './main';

/** A token is a few kilobytes; `cat /dev/zero | scim-jwt decode -` must not fill memory before saying so. */
const MAX_STDIN_BYTES = 16 * 1024 * 1024;

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return Promise.reject(new Error('standard input is a terminal'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    process.stdin.on('data', (c: Buffer) => {
      length += c.length;
      if (length > MAX_STDIN_BYTES) {
        process.stdin.destroy();
        reject(new Error(`standard input is larger than ${MAX_STDIN_BYTES / 1024 / 1024} MiB, which no token is`));
        return;
      }
      chunks.push(c);
    });
    process.stdin.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    process.stdin.on('error', reject);
  });
}

// The reader went away (`scim-jwt scan … | head`): stop quietly with the I/O error code, never a
// stack trace, and never 1, which scripts read as "Harness would refuse".
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', () => {
    process.exit(EXIT_USAGE);
  });
}

/**
 * The commands that write to a real account: the first Ctrl-C (or SIGTERM) cancels the run so that
 * it stops at a safe point (the rehearsal deletes what it made; setup stops before its PUT, or
 * waits for the PUT's answer and reads back); a second one quits at once. Other commands keep the
 * default: Ctrl-C ends them immediately.
 */
function interruptSignal(command: string | undefined): AbortSignal | undefined {
  if (command !== 'rehearse' && command !== 'setup') return undefined;
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
      controller.abort(new Error(`interrupted by ${signal}`));
    });
  }
  return controller.signal;
}

const interrupt = interruptSignal(process.argv[2]);

void runCli(process.argv.slice(2), {
  ...(interrupt ? { interrupt } : {}),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: readStdin,
  env: process.env,
  // Typed boolean, but undefined at run time when not a terminal: either way, only a real terminal counts.
  interactive: process.stdin.isTTY && process.stderr.isTTY,
  ask: async (question) => {
    // Prompts go to stderr so stdout stays the report (`scim-jwt rehearse > report.md`).
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      // Ctrl-C at the question answers "no" (nothing was sent yet), rather than leaving it open.
      return await rl.question(question, interrupt ? { signal: interrupt } : {});
    } finally {
      rl.close();
    }
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    // Never a stack trace: it may quote what the failing code held (a secret in a pattern, a header).
    process.stderr.write('scim-jwt: error: an internal error stopped the command\n');
    process.exitCode = EXIT_USAGE;
  },
);
