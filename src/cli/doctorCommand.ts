/** `scim-jwt doctor`: the whole SCIM JWT chain checked against a Harness account, with fixes. */
import { parseArgs } from 'node:util';
import { jsonText } from '../core/jsonText';
import { doctorJson, doctorMarkdown, DOCTOR_JSON_SCHEMA_VERSION, runDoctor } from '../core/doctor';
import {
  ApiKeyFormatError,
  BaseUrlError,
  HarnessClient,
  SCIM_JWT_SETTING_IDS,
  SCIM_PERMISSIONS,
  SETTINGS_PROPAGATION_SECONDS,
} from '../core/harness';
import { countWord } from '../core/countWords';
import { maskUrlSecrets } from '../core/http';
import { fetchClientCredentialsToken, TokenFetchError } from '../core/tokenFetch';
import { JwksCache } from '../core/jwt';
import type { CliCommand } from './commands';
import type { HttpClient } from '../core/net';
import {
  CA_FILE_HELP,
  CA_FILE_OPTION,
  cliHttpClient,
  CliUsageError,
  EXIT_OK,
  EXIT_REFUSED,
  EXIT_USAGE,
  NETWORK_HELP,
  readAuthorizationArgument,
  type CliIo,
} from './io';

const HELP = `Usage: scim-jwt doctor --base-url URL [--token JWT|-]
                       [--token-endpoint URL --client-id ID --client-secret SECRET [--scope S] [--resource R]]
                       [--json]

Checks the whole SCIM JWT chain of a Harness account, one line per step with the fix:
  1 the API key works and can read the settings   5 the token passes Harness's rules (local verdict)
  2 all ${countWord(SCIM_JWT_SETTING_IDS.length)} scim_jwt_* settings are set           6 Harness token/validate agrees (needs an admin key)
  3 the JWKS URL answers a key set (https, <10 s)  7 SCIM ServiceProviderConfig and Users?count=1 accept it
  4 the service account holds the ${SCIM_PERMISSIONS.length} permissions    8 reminders: feature flag, the ${SETTINGS_PROPAGATION_SECONDS} s settings cache

The API key is read from HARNESS_API_KEY (never from the command line).

  --base-url URL        Harness gateway, e.g. https://app.harness.io/gateway (or an emulator)
  --token JWT           the bearer token to try; "-" reads it from standard input
  --token-endpoint URL  instead, fetch a token from the identity provider (client credentials)
  --client-id ID        ... with this client id
  --client-secret S     ... and secret (or CLIENT_SECRET in the environment)
  --scope S, --resource R   extra parameters some identity providers need
${CA_FILE_HELP}
  --json                print the report as one JSON object (schemaVersion ${DOCTOR_JSON_SCHEMA_VERSION}; see docs/doctor-json.md):
                        steps with ids, statuses and problem ids, "problems", and "staleKeySet"
                        with the refresh command when Harness's key set is behind the provider's

${NETWORK_HELP}

Without a token, steps 5-7 are skipped.
Exit codes: 0 no step failed, 1 a step failed (a stale key set too: fix it with
scim-jwt setup --refresh-key-set), 2 usage or I/O error (Harness not reached).
`;

/** The token options `doctor` and `setup --refresh-key-set` share. */
export const TOKEN_OPTIONS = {
  token: { type: 'string' },
  'token-endpoint': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  scope: { type: 'string' },
  resource: { type: 'string' },
} as const;

/** The token to try: given (`-` reads standard input), fetched with client credentials, or none. */
export async function tokenFrom(
  values: Record<string, string | boolean | undefined>,
  io: CliIo,
  http: HttpClient,
): Promise<{ token: string; source: string } | undefined> {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? values[k] : undefined);
  const endpoint = str('token-endpoint');
  const given = str('token');
  if (given !== undefined && endpoint !== undefined)
    throw new CliUsageError('give either --token or --token-endpoint, not both');
  if (given !== undefined)
    return {
      // The scheme as written stays: the doctor judges "bearer eyJ…" as Harness reads that header.
      token: await readAuthorizationArgument([given], io).then((a) => `${a.scheme ?? ''}${a.token}`),
      source: given === '-' ? 'standard input' : 'the command line',
    };
  if (endpoint === undefined) {
    if (str('client-id') !== undefined || str('client-secret') !== undefined)
      throw new CliUsageError('--client-id and --client-secret need --token-endpoint');
    return undefined;
  }
  const clientId = str('client-id');
  const clientSecret = str('client-secret') ?? io.env.CLIENT_SECRET;
  if (clientId === undefined || clientSecret === undefined)
    throw new CliUsageError('--token-endpoint needs --client-id and --client-secret (or CLIENT_SECRET)');
  try {
    const token = await fetchClientCredentialsToken({
      tokenEndpoint: endpoint,
      clientId,
      clientSecret,
      scope: str('scope'),
      resource: str('resource'),
      http,
    });
    // Credentials or keys in the endpoint URL itself stay out of the report.
    return { token, source: `client credentials at ${maskUrlSecrets(endpoint)}` };
  } catch (e) {
    if (e instanceof TokenFetchError) throw new CliUsageError(e.message);
    throw e;
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'base-url': { type: 'string' },
      ...TOKEN_OPTIONS,
      json: { type: 'boolean' },
      ...CA_FILE_OPTION,
    },
  });
  if (positionals.length > 0)
    throw new CliUsageError(`unexpected argument "${positionals[0] ?? ''}"; pass the token with --token`);
  const baseUrl = values['base-url'];
  if (baseUrl === undefined)
    throw new CliUsageError('--base-url URL is required (e.g. https://app.harness.io/gateway)');
  const apiKey = io.env.HARNESS_API_KEY?.trim();
  if (apiKey === undefined || apiKey === '')
    throw new CliUsageError('set HARNESS_API_KEY to a Harness API key (pat.… or sat.…)');

  const http = await cliHttpClient(io, values['ca-file']);
  let client: HarnessClient;
  try {
    client = new HarnessClient({ baseUrl, apiKey, http });
  } catch (e) {
    await http.close();
    if (e instanceof ApiKeyFormatError || e instanceof BaseUrlError) throw new CliUsageError(e.message);
    throw e;
  }
  const jwksCache = new JwksCache({ http });
  try {
    const token = await tokenFrom(values, io, http);
    const report = await runDoctor({ client, jwksCache, token: token?.token, tokenSource: token?.source });
    // Harness not reached at all says nothing about the setup: an I/O error, not a failed check.
    const code = report.steps[0]?.problem === 'harness-unreachable' ? EXIT_USAGE : report.ok ? EXIT_OK : EXIT_REFUSED;
    io.stdout(values.json === true ? `${jsonText(doctorJson(report, code))}\n` : `${doctorMarkdown(report)}\n`);
    return code;
  } finally {
    await Promise.all([jwksCache.close(), http.close()]);
  }
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Check the whole SCIM JWT chain of an account (key from HARNESS_API_KEY)',
  help: HELP,
  run,
};
