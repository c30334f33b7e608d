/** `scim-jwt suggest`: from one token, the identity provider and the settings to propose, judged by the verdict engine. */
import { parseArgs } from 'node:util';
import { sentence, suggestionJson, suggestSettings, type Proposal, type SettingsSuggestion } from '../core/idp';
import { JwksCache } from '../core/jwt';
import { scimJwtSetting } from '../core/scimJwtSettings';
import type { CliCommand } from './commands';
import {
  CA_FILE_HELP,
  CA_FILE_OPTION,
  cliHttpClient,
  CliUsageError,
  EXIT_OK,
  EXIT_REFUSED,
  NETWORK_HELP,
  parseAt,
  readTokenArgument,
  type CliIo,
} from './io';
import { lineText } from '../core/terminalText';

const HELP = `Usage: scim-jwt suggest [TOKEN|-] [--offline] [--allow-host HOST]... [--json] [--at ISO-8601]
                        [--timeout SECONDS]

Recognises the identity provider that issued TOKEN and proposes the SCIM JWT settings
for it: the JWKS URL, the key field and its value, each with its reason, and the token's
other string claims as alternatives. Says whether Harness would accept a token of this
shape once the settings match, judged by the same engine as "verify": against the
provider's key set when it can be read, else on the token's shape alone.
The fourth setting, the service account, is never in a token: choose it in Harness.

  TOKEN              the JWT; "-" or omitted reads standard input ("Bearer " ignored)
  --offline          never touch the network: no discovery, no key set download; an
                     unknown issuer then gets no JWKS URL and a hint to use discovery
  --allow-host HOST  the token's issuer (and the jwks_uri its discovery document names) is
                     fetched only from public https hosts: a token is input, and may name
                     the cloud metadata service, loopback or your private network. HOST
                     (a name or address, optionally :PORT) is your own identity provider
                     on a private network or over plain http: fetch from it too. Repeatable
  --json             print {"idp", "jwksUrl", "keyField", "value", "accepted", "hints"}
  --at TIME          judge as of TIME (ISO 8601 or epoch seconds) instead of now
  --timeout SECONDS  connect and read timeout for discovery and the key set (default 10)
${CA_FILE_HELP}

${NETWORK_HELP}

Exit codes: 0 Harness would accept such a token, 1 it would not, 2 usage or I/O error.
`;

function proposalLines(label: string, p: Proposal | undefined, missing: string): string[] {
  if (!p) return [`${label.padEnd(11)}${missing}`];
  return [`${label.padEnd(11)}${p.value}`, `${' '.repeat(11)}${p.reason}`];
}

function formatSuggestion(s: SettingsSuggestion): string {
  const lines = [
    `Identity provider: ${s.idp ?? 'not recognised'}`,
    ...(s.provider ? [`What our sources say: ${s.provider.entry.harnessText}`] : []),
    `Harness would accept a token of this shape: ${s.accepted ? 'yes' : 'no'}. ${sentence(s.judgement.basisText)}`,
    '',
    ...proposalLines(scimJwtSetting('jwksUrl').label, s.jwksUrl, '(none: see the hints)'),
    ...proposalLines('Key field', s.keyField, '(none: see the hints)'),
    ...proposalLines('Value', s.value, '(none)'),
    `${'Service'.padEnd(11)}not in a token: the Harness service account the SCIM calls act as`,
  ];
  if (s.alternatives.length > 0)
    lines.push(
      '',
      'Other string claims you could key on instead:',
      ...s.alternatives.map((a) => `  ${a.claim} = ${JSON.stringify(a.value)}`),
    );
  if (s.hints.length > 0) lines.push('', 'Hints:', ...s.hints.map((h) => `  - ${h}`));
  if (s.provider) lines.push('', 'Sources:', ...s.provider.entry.sources.map((u) => `  ${u}`));
  // Each entry is one line: a line break inside one came from the token, not from us.
  return `${lines.map(lineText).join('\n')}\n`;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      offline: { type: 'boolean' },
      json: { type: 'boolean' },
      at: { type: 'string' },
      timeout: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      ...CA_FILE_OPTION,
    },
  });
  const now = parseAt(values.at);
  const timeoutSeconds = values.timeout === undefined ? 10 : Number(values.timeout);
  if (!(timeoutSeconds > 0))
    throw new CliUsageError(`--timeout ${JSON.stringify(values.timeout)} is not a positive number of seconds`);
  const token = await readTokenArgument(positionals, io);
  const network = values.offline !== true;
  // Offline the client is built (the key-set cache needs one) but sends nothing; --ca-file is not even read.
  const http = await cliHttpClient(io, network ? values['ca-file'] : undefined, timeoutSeconds * 1000);
  const cache = new JwksCache({ timeoutMs: timeoutSeconds * 1000, http });
  try {
    const s = await suggestSettings(token, {
      network,
      cache,
      targets: { allowHosts: values['allow-host'] ?? [] },
      allowHow: '--allow-host HOST',
      ...(now !== undefined ? { now } : {}),
    });
    io.stdout(values.json === true ? `${JSON.stringify(suggestionJson(s), null, 2)}\n` : formatSuggestion(s));
    return s.accepted ? EXIT_OK : EXIT_REFUSED;
  } finally {
    await Promise.all([cache.close(), http.close()]);
  }
}

export const suggestCommand: CliCommand = {
  name: 'suggest',
  summary: 'Recognise the identity provider and propose the settings for a token',
  help: HELP,
  run,
};
