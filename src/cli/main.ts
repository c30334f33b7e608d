/**
 * `scim-jwt`: Harness's verdict on a SCIM bearer JWT from the command line. Dispatches to the
 * command table; every failure becomes one line on stderr and an exit code, never a stack trace.
 */
import { COMMANDS, findCommand } from './commands';
import { secretsFromEnv } from '../core/secrets';
import { terminalText } from '../core/terminalText';
import { CliUsageError, EXIT_OK, EXIT_USAGE, type CliIo } from './io';

export type { CliIo } from './io';

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'scim-jwt: check bearer JWTs the way Harness checks SCIM API tokens.',
    '',
    'Usage: scim-jwt <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  Show help for a command: scim-jwt help <command>`,
    '',
    'Exit codes: 0 accepted / ok, 1 refused, 2 usage or I/O error.',
    '',
  ].join('\n');
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}

/** Options whose value is a secret given on the command line. */
const SECRET_OPTIONS = new Set(['--client-secret', '--token']);

/**
 * The secrets this run knows (from the environment and the command line), scrubbed from all it
 * prints: whatever a server echoes, through whichever message, never reaches the terminal or a
 * CI log whole; and control characters from whatever came from outside are shown as escapes, so
 * the terminal shows only text. The one place every command's output passes.
 */
function scrubbedIo(argv: readonly string[], io: CliIo): CliIo {
  const secrets = secretsFromEnv(io.env);
  argv.forEach((arg, i) => {
    const eq = arg.indexOf('=');
    if (eq > 0 && SECRET_OPTIONS.has(arg.slice(0, eq))) secrets.add(arg.slice(eq + 1));
    else if (SECRET_OPTIONS.has(arg) && argv[i + 1] !== '-') secrets.add(argv[i + 1]);
  });
  // Secrets are matched on the text as it came, then what is left is made terminal-safe.
  const clean = (s: string): string => terminalText(secrets.size === 0 ? s : secrets.scrub(s));
  return {
    ...io,
    stdout: (s) => {
      io.stdout(clean(s));
    },
    stderr: (s) => {
      io.stderr(clean(s));
    },
  };
}

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  const io = scrubbedIo(argv, rawIo);
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h') {
      if (name === undefined) {
        io.stderr(generalHelp());
        return EXIT_USAGE;
      }
      io.stdout(generalHelp());
      return EXIT_OK;
    }
    if (name === 'help') {
      const topic = rest[0];
      if (topic === undefined) {
        io.stdout(generalHelp());
        return EXIT_OK;
      }
      const command = findCommand(topic);
      if (!command) throw new CliUsageError(`unknown command "${topic}"; try scim-jwt --help`);
      io.stdout(command.help);
      return EXIT_OK;
    }
    const command = findCommand(name);
    if (!command) throw new CliUsageError(`unknown command "${name}"; try scim-jwt --help`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help);
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (e) {
    // parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS_* code.
    const usage =
      e instanceof CliUsageError ||
      (e instanceof Error && String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS'));
    io.stderr(`scim-jwt: ${usage ? '' : 'error: '}${oneLine(e)}\n`);
    return EXIT_USAGE;
  }
}
