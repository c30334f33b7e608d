/** `scim-jwt decode [TOKEN|-] [--json]`: header and claims, times in ISO and relative. No verification. */
import { parseArgs } from 'node:util';
import { jsonText } from '../core/jsonText';
import { decodeToken } from '../core/jwt';
import type { CliCommand } from './commands';
import { EXIT_OK, EXIT_REFUSED, parseAt, readTokenArgument, type CliIo } from './io';
import { formatMembers } from './format';

const HELP = `Usage: scim-jwt decode [TOKEN|-] [--json] [--at ISO-8601]

Shows a JWT's header and claims without verifying anything. Times (exp, nbf, iat)
are shown as ISO dates and relative to now (or to --at).
TOKEN may be "-" or omitted to read standard input; a "Bearer " prefix is ignored.

Options:
  --json          print {"header", "payload", "problems"} as JSON
  --at TIME       describe times relative to TIME (ISO 8601) instead of now

Exit codes: 0 decoded, 1 not a readable JWT, 2 usage or I/O error.
`;

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean' }, at: { type: 'string' } },
  });
  const now = parseAt(values.at) ?? new Date();
  const decoded = decodeToken(await readTokenArgument(positionals, io));
  if (values.json === true) {
    io.stdout(
      `${jsonText({ kind: decoded.kind, header: decoded.header, payload: decoded.payload, problems: decoded.problems })}\n`,
    );
  } else {
    const lines: string[] = [];
    if (decoded.header) lines.push('Header:', ...formatMembers(decoded.header, now));
    if (decoded.payload) lines.push('Claims:', ...formatMembers(decoded.payload, now));
    if (decoded.problems.length > 0) lines.push('Problems:', ...decoded.problems.map((p) => `  - ${p.message}`));
    io.stdout(`${lines.join('\n')}\n`);
  }
  return decoded.problems.length === 0 ? EXIT_OK : EXIT_REFUSED;
}

export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'Show a JWT header and claims (no verification)',
  help: HELP,
  run,
};
