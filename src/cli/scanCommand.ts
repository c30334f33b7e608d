/**
 * `scim-jwt scan FILE.http`: every Bearer token of a .http file (line, column, where its value
 * came from) with the verdict, in the very words the editor's CodeLens and Problems panel use.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { jsonText } from '../core/jsonText';
import { nodeFileReader } from '../core/http';
import type { ResolveContext } from '../core/http';
import {
  bearerPrefixProblem,
  inspectHttpText,
  inspectionProblems,
  inspectionTitle,
  isHarnessApiKey,
  rulesOriginLabel,
  sourceText,
  type RulesChoice,
  type TokenInspection,
} from '../core/inspect';
import { JwksCache } from '../core/jwt';
import { readFileCapped } from '../core/readCapped';
import { lineText, terminalText } from '../core/terminalText';
import { planLines, type SendPlan } from '../core/tokenFetch';
import type { CliCommand } from './commands';
import {
  confirmOnTerminal,
  CA_FILE_HELP,
  CA_FILE_OPTION,
  cliHttpClient,
  CliUsageError,
  EXIT_OK,
  EXIT_REFUSED,
  NETWORK_HELP,
  parseAt,
  parseTimeoutMs,
  type CliIo,
} from './io';

/** An .http file over this is generated or a mistake; refuse it rather than read it all. */
const MAX_HTTP_FILE_BYTES = 32 * 1024 * 1024;

const HELP = `Usage: scim-jwt scan FILE.http [--env NAME] [--send-token-requests [--yes] [--allow-file-outside DIR]]
                     [--jwks-url URL --key-field NAME --value VALUE] [--at ISO-8601] [--json]

Lists every Bearer token of a .http file (REST Client, httpYac, JetBrains): its line and column,
where its value came from ({{variables}} are resolved from file variables, http-client.env.json,
http-client.private.env.json, .env and the process environment), and Harness's verdict on it,
in the same words as the editor's CodeLens. Without the three rules, tokens are decoded only.

  --env NAME         environment for http-client*.env.json and .env.NAME
  --send-token-requests
                     for tokens fetched at run time ({{login.response.body.access_token}},
                     {{login.access_token}}, Authorization: oauth2 client_credentials,
                     {{$auth.token("id")}}), send the request(s) each depends on, once per
                     distinct request, and judge the token it returns. Without this flag
                     scan sends no request of the file, ever. Before anything is sent, scan
                     lists each request's method and host, every local file its body reads
                     (< file, <@ file) and every environment variable it carries (names only),
                     and asks y/N on a terminal.
  --yes              send the listed requests without asking (required when there is no
                     terminal to ask on; without it nothing is sent and the exit code is 2)
  --allow-file-outside DIR
                     body files are read only from the .http file's folder and below (symbolic
                     links resolved); also allow DIR (repeatable)
  --jwks-url URL     the value of scim_jwt_token_jwks_keys_url
  --key-field NAME   the value of scim_jwt_token_key_field, taken literally
  --value VALUE      the value of scim_jwt_token_value_field
  --at TIME          judge as of TIME (ISO 8601 or epoch seconds) instead of now
  --timeout SECONDS  connect and read timeout for the JWKS URL (default 10, as Harness; at most 3600)
${CA_FILE_HELP}
  --json             print the findings as JSON (never the tokens themselves)

${NETWORK_HELP}

Exit codes: 0 no token refused, 1 at least one token refused (or, with the three rules, a
token whose request could not fetch it), 2 usage or I/O error.
`;

function rulesFrom(url: string | undefined, keyField: string | undefined, value: string | undefined): RulesChoice {
  const given = [url, keyField, value].filter((v) => v !== undefined).length;
  if (given === 0) return { kind: 'none', reason: 'give --jwks-url, --key-field and --value' };
  if (given !== 3 || url === undefined || keyField === undefined || value === undefined) {
    throw new CliUsageError('--jwks-url, --key-field and --value go together (the three Harness settings)');
  }
  return { kind: 'rules', keys: { kind: 'url', url }, rules: { keyField, value }, origin: { kind: 'command-line' } };
}

/** Refused by Harness (an API key is checked as such, not refused by the JWT rules). */
function isRefusal(i: TokenInspection): boolean {
  if (bearerPrefixProblem(i) !== undefined) return true;
  return (
    !isHarnessApiKey(i) &&
    ((i.state === 'verdict' && i.verdict?.accepted === false) ||
      (i.state === 'decoded' && (i.decoded?.problems.length ?? 0) > 0))
  );
}

function jsonOf(i: TokenInspection): Record<string, unknown> {
  const o = i.token.occurrence;
  const out: Record<string, unknown> = {
    line: o.range.start.line + 1,
    column: o.range.start.character + 1,
    endColumn: o.range.end.character + 1,
    kind: o.kind,
    source: sourceText(i),
    resolution: i.token.resolution.state,
    state: i.state,
    title: inspectionTitle(i),
    problems: inspectionProblems(i),
  };
  if (o.kind === 'file-variable') out.variable = o.variableName;
  if (i.token.resolvedUrl !== undefined) out.url = i.token.resolvedUrl;
  if (i.provider) out.idp = i.provider.entry.name;
  if (i.verdict) {
    out.accepted = i.verdict.accepted;
    out.code = i.verdict.code;
    out.message = i.verdict.message;
  }
  if (i.notVerifiedReason !== undefined) out.notVerifiedReason = i.notVerifiedReason;
  return out;
}

function textOf(
  file: string,
  inspections: TokenInspection[],
  rules: RulesChoice,
  warnings: string[],
  sent: number | undefined,
): string {
  const lines: string[] = [];
  const rulesText = rules.kind === 'rules' ? rulesOriginLabel(rules.origin) : `decode only (${rules.reason})`;
  const sentText = sent === undefined ? '' : `; ${sent} token request${sent === 1 ? '' : 's'} sent`;
  lines.push(`${file}: ${inspections.length} token${inspections.length === 1 ? '' : 's'}; ${rulesText}${sentText}`);
  for (const w of warnings) lines.push(`  ! ${w}`);
  for (const i of inspections) {
    const o = i.token.occurrence;
    const at = `${o.range.start.line + 1}:${o.range.start.character + 1}`;
    lines.push('', `${at}  ${inspectionTitle(i)}`);
    const pad = ' '.repeat(at.length + 2);
    lines.push(`${pad}value: ${sourceText(i)}`);
    for (const p of inspectionProblems(i)) lines.push(`${pad}${p.severity} [${p.code}]: ${p.message}`);
  }
  // Each entry is one line: a line break inside one came from the file or a token, not from us.
  return `${lines.map(lineText).join('\n')}\n`;
}

/**
 * Before any token request is sent: the plan (hosts, local files, environment variable names),
 * then the answer: --yes, or y on a terminal. Without either nothing is sent and scan exits 2.
 */
async function confirmSend(io: CliIo, plan: SendPlan, file: string, json: boolean, yes: boolean): Promise<boolean> {
  const text = `${terminalText(planLines(plan).join('\n'))}\n`;
  // Text output shows it first; JSON output carries it, and a person asked on the terminal sees it there.
  if (!json) io.stdout(text);
  const terminal = io.interactive === true && io.ask !== undefined;
  if (json && !yes && !terminal) io.stdout(`${jsonText({ file, sendPlan: plan, tokenRequestsSent: 0 })}\n`);
  const ok = await confirmOnTerminal(io, {
    yes,
    text: json ? text : undefined,
    prompt: 'Send these token requests? [y/N] ',
    noTerminal:
      'scan --send-token-requests: pass --yes to send the requests listed above without a terminal to ask on (nothing was sent)',
  });
  if (!ok) throw new CliUsageError('scan --send-token-requests: not confirmed (nothing was sent)');
  return true;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      env: { type: 'string' },
      'jwks-url': { type: 'string' },
      'key-field': { type: 'string' },
      value: { type: 'string' },
      at: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      'send-token-requests': { type: 'boolean' },
      yes: { type: 'boolean' },
      'allow-file-outside': { type: 'string', multiple: true },
      ...CA_FILE_OPTION,
    },
  });
  if (positionals.length !== 1 || positionals[0] === undefined) throw new CliUsageError('expected one FILE.http');
  const file = path.resolve(positionals[0]);
  const send = values['send-token-requests'] === true;
  if (!send && (values.yes === true || values['allow-file-outside'] !== undefined))
    throw new CliUsageError('--yes and --allow-file-outside go with --send-token-requests');
  const rules = rulesFrom(values['jwks-url'], values['key-field'], values.value);
  const at = parseAt(values.at);
  const timeoutMs = parseTimeoutMs(values.timeout);
  let text: string;
  try {
    const read = await readFileCapped(file, MAX_HTTP_FILE_BYTES);
    if (read.truncated)
      throw new CliUsageError(
        `${positionals[0]} is larger than ${MAX_HTTP_FILE_BYTES / 1024 / 1024} MiB; that is not an .http file anyone wrote`,
      );
    text = read.text;
  } catch (e) {
    if (e instanceof CliUsageError) throw e;
    const code = (e as { code?: unknown }).code;
    throw new CliUsageError(
      `cannot read ${positionals[0]}: ${code === 'ENOENT' ? 'no such file' : typeof code === 'string' ? code : 'unreadable'}`,
    );
  }
  const ctx: ResolveContext = { documentPath: file, reader: nodeFileReader, processEnv: io.env };
  if (values.env !== undefined) ctx.environment = values.env;
  const http = await cliHttpClient(io, values['ca-file'], timeoutMs);
  const cache = new JwksCache({ timeoutMs, http });
  try {
    const shown = positionals[0];
    const fetch = send
      ? {
          timeoutMs,
          http,
          fileRoots: [path.dirname(file), ...(values['allow-file-outside'] ?? []).map((d) => path.resolve(d))],
          confirm: (plan: SendPlan) => confirmSend(io, plan, shown, values.json === true, values.yes === true),
        }
      : undefined;
    const result = await inspectHttpText(
      text,
      ctx,
      { rules, cache, network: true, ...(at !== undefined ? { at } : {}) },
      fetch,
    );
    if (values.json === true) {
      const rulesJson =
        rules.kind === 'rules'
          ? { source: rules.origin.kind, jwksUrl: rules.keys.kind === 'url' ? rules.keys.url : undefined }
          : { source: 'none', reason: rules.reason };
      const sent = result.tokenRequestsSent !== undefined ? { tokenRequestsSent: result.tokenRequestsSent } : {};
      const plan = result.sendPlan !== undefined ? { sendPlan: result.sendPlan } : {};
      io.stdout(
        `${jsonText({ file: positionals[0], rules: rulesJson, ...sent, ...plan, warnings: result.warnings, tokens: result.inspections.map(jsonOf) })}\n`,
      );
    } else {
      io.stdout(textOf(positionals[0], result.inspections, rules, result.warnings, result.tokenRequestsSent));
    }
    // With rules, a token that was to be judged but could not be fetched is no pass.
    const unfetched = rules.kind === 'rules' && result.inspections.some((i) => i.token.resolution.fetchFailure);
    return unfetched || result.inspections.some(isRefusal) ? EXIT_REFUSED : EXIT_OK;
  } finally {
    await Promise.all([cache.close(), http.close()]);
  }
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'Every Bearer token of a .http file with its verdict (as the editor shows)',
  help: HELP,
  run,
};
