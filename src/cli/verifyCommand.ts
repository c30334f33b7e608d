/** `scim-jwt verify`: Harness's verdict on a token against a JWKS URL or file and the two claim settings. */
import { parseArgs } from 'node:util';
import { jsonText } from '../core/jsonText';
import { JwksCache, verifyForHarness, type KeySource } from '../core/jwt';
import type { CliCommand } from './commands';
import { formatVerdict } from './format';
import {
  CA_FILE_HELP,
  CA_FILE_OPTION,
  cliHttpClient,
  CliUsageError,
  EXIT_OK,
  EXIT_REFUSED,
  EXIT_USAGE,
  NETWORK_HELP,
  parseAt,
  parseTimeoutMs,
  readAuthorizationArgument,
  type CliIo,
} from './io';

const HELP = `Usage: scim-jwt verify [TOKEN|-] (--jwks-url URL | --jwks-file FILE)
                       --key-field NAME --value VALUE [--at ISO-8601] [--json]

Says whether Harness would accept TOKEN as a SCIM API bearer token, and if not, why,
following Harness's own rules (typ contains "jwt", exp required, 30 s clock skew, aud
ignored, the key-field claim a string equal to VALUE after trimming, case-sensitive).

  TOKEN              the JWT; "-" or omitted reads standard input; a leading "Bearer " is read
                     as Harness reads the header (it needs a capital B and one space)
  --jwks-url URL     the value of scim_jwt_token_jwks_keys_url (http:// is allowed, with a warning)
  --jwks-file FILE   a JWK Set saved locally, for offline checks
  --key-field NAME   the value of scim_jwt_token_key_field, taken literally (spaces included)
  --value VALUE      the value of scim_jwt_token_value_field
  --at TIME          judge as of TIME (ISO 8601 or epoch seconds) instead of now
  --timeout SECONDS  connect and read timeout for the JWKS URL (default 10, as Harness; at most 3600)
${CA_FILE_HELP}
  --json             print the verdict object as JSON

${NETWORK_HELP}

Exit codes: 0 accepted, 1 refused, 2 usage or I/O error.
`;

function keySource(url: string | undefined, file: string | undefined): KeySource {
  if ((url === undefined) === (file === undefined))
    throw new CliUsageError('give exactly one of --jwks-url URL or --jwks-file FILE');
  if (url !== undefined) return { kind: 'url', url };
  return { kind: 'file', path: file ?? '' };
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'jwks-url': { type: 'string' },
      'jwks-file': { type: 'string' },
      'key-field': { type: 'string' },
      value: { type: 'string' },
      at: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      ...CA_FILE_OPTION,
    },
  });
  const keys = keySource(values['jwks-url'], values['jwks-file']);
  const keyField = values['key-field'];
  const value = values.value;
  if (keyField === undefined || value === undefined)
    throw new CliUsageError('--key-field NAME and --value VALUE are required (the two Harness settings)');
  // Standard input can be read once: the token and the key set cannot both come from it.
  const tokenFromStdin = positionals.length === 0 || positionals[0] === '-';
  if (tokenFromStdin && keys.kind === 'file' && /^\/dev\/(stdin|fd\/0)$|^\/proc\/self\/fd\/0$/.test(keys.path)) {
    throw new CliUsageError(
      'the token and --jwks-file cannot both come from standard input; pass the token as an argument',
    );
  }
  const at = parseAt(values.at);
  const timeoutMs = parseTimeoutMs(values.timeout);
  const { scheme, token } = await readAuthorizationArgument(positionals, io);

  const http = await cliHttpClient(io, values['ca-file'], timeoutMs);
  const cache = new JwksCache({ timeoutMs, http });
  try {
    if (keys.kind === 'file') {
      // An unreadable local file is our I/O problem, not something Harness would ever see.
      const ks = await cache.load(keys);
      if (!ks.ok && ks.localIoError === true) {
        io.stderr(`scim-jwt: ${ks.message}\n`);
        return EXIT_USAGE;
      }
    }
    const verdict = await verifyForHarness(token, { keys, rules: { keyField, value }, cache, at, scheme });
    io.stdout(values.json === true ? `${jsonText(verdict)}\n` : formatVerdict(verdict));
    return verdict.accepted ? EXIT_OK : EXIT_REFUSED;
  } finally {
    await Promise.all([cache.close(), http.close()]);
  }
}

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: "Harness's verdict on a token (JWKS URL or file, claim and value)",
  help: HELP,
  run,
};
