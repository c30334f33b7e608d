/**
 * `scim-jwt rehearse`: the SCIM provisioning rehearsal from the command line. It writes to a real
 * account, so it asks first (or needs --yes when nobody can answer), deletes an earlier run's
 * leftovers before starting, and reports every step with the permission it exercised.
 */
import { parseArgs } from 'node:util';
import { BaseUrlError, ScimConnection } from '../core/harness';
import {
  identitiesFor,
  pendingLeftovers,
  randomSuffix,
  rehearsalConsent,
  rehearsalMarkdown,
  runRehearsal,
  type RehearsalLeftover,
  type RehearsalReport,
  type RehearsalStepResult,
  STEPS,
} from '../core/rehearsal';
import { redact } from '../core/redact';
import type { CliCommand } from './commands';
import {
  confirmOnTerminal,
  CA_FILE_HELP,
  CA_FILE_OPTION,
  cliHttpClient,
  CliUsageError,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_REFUSED,
  EXIT_USAGE,
  NETWORK_HELP,
  readTokenArgument,
  type CliIo,
} from './io';
import { fileLeftoversStore, leftoversFilePath } from './leftoversFile';

const HELP = `Usage: scim-jwt rehearse --base-url URL --account ACC --token JWT|- [--yes] [--json]

Rehearses what an identity provider does with its token, against the real account, under
/ng/api/scim/account/ACC/ with Authorization: Bearer <token>, and says what Harness does with
what the identity provider sends:
   1 ServiceProviderConfig                 7 PATCH the group: add the user
   2 GET Users?filter=userName eq "..."    8 GET the group
   3 POST Users (invites a test user)      9 PATCH the group: remove the user
   4 GET the user                         10 DELETE the group
   5 PATCH the user's displayName         11 PATCH the user: active false
   6 POST Groups (a unique test group)    12 GET the user: gone (404)
Deactivating a user DELETES it in Harness (with its group memberships and role bindings);
re-activating it in the identity provider is a fresh invitation. Steps 11 and 12 show it.
The test user is scim-rehearsal-<random>@example.com. Whatever fails, everything created is
deleted before the report (each leftover is looked up first). Ids are kept in a file in the
cache directory until deleted, so a run that was killed is cleaned up by the next one. The
report ends with "What your IdP will hit", from Harness's source and a read-only look at the
account's SCIM users and groups (counts only).

  --base-url URL   Harness gateway, e.g. https://app.harness.io/gateway (or an emulator)
  --account ACC    the account id
  --token JWT      the bearer token; "-" reads it from standard input
  --yes            do not ask (required when standard input is not a terminal)
  --json           print { ok, deactivationDeleted, steps: [{ step, request, status, ok, permission, message }],
                   leftovers, findings: [{ id, title, observed, source }] }
${CA_FILE_HELP}

${NETWORK_HELP}

Ctrl-C stops after the call in flight, deletes what the run made, prints the report and exits
130; a second Ctrl-C quits at once (what is left is recorded and deleted by the next run).

Exit codes: 0 all ${STEPS.length} steps passed, 1 a step failed (cleanup done),
2 usage error, Harness not reached, or cleanup incomplete (what is left is listed), 130 interrupted.
`;

function consent(io: CliIo, text: string, yes: boolean): Promise<boolean> {
  return confirmOnTerminal(io, {
    yes,
    text: text,
    prompt: 'Run the rehearsal? [y/N] ',
    noTerminal: 'rehearse writes to the account: pass --yes to run it without a terminal to ask on (nothing was sent)',
  });
}

function progress(io: CliIo, s: RehearsalStepResult): void {
  const mark = s.outcome === 'pass' ? 'pass' : s.outcome === 'fail' ? 'FAIL' : 'skip';
  io.stderr(
    `[${String(s.step).padStart(2)}/${STEPS.length}] ${mark} ${s.request} -> ${s.status ?? 'no answer'} (${s.elapsedMs} ms)\n`,
  );
}

export function rehearsalJson(r: RehearsalReport): Record<string, unknown> {
  return {
    ok: r.ok,
    deactivationDeleted: r.deactivationDeleted ?? null,
    steps: r.steps.map((s) => ({
      step: s.step,
      request: s.request,
      status: s.status ?? null,
      ok: s.outcome === 'pass',
      permission: s.missingPermission ?? s.permission,
      message: redact(s.message),
    })),
    leftovers: r.leftovers.map((l) => ({
      kind: l.kind,
      name: l.name,
      id: l.id ?? null,
      baseUrl: l.baseUrl,
      accountId: l.accountId,
      recordedAt: l.recordedAt,
    })),
    findings: r.findings.map((f) => ({ id: f.id, title: f.title, observed: f.observed ?? null, source: f.source })),
  };
}

function exitCode(r: RehearsalReport): number {
  switch (r.outcome) {
    case 'passed':
      return EXIT_OK;
    case 'step-failed':
    case 'cancelled':
      return EXIT_REFUSED;
    case 'unreachable':
    case 'cleanup-incomplete':
      return EXIT_USAGE;
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'base-url': { type: 'string' },
      account: { type: 'string' },
      token: { type: 'string' },
      yes: { type: 'boolean' },
      json: { type: 'boolean' },
      ...CA_FILE_OPTION,
    },
  });
  if (positionals.length > 0)
    throw new CliUsageError(`unexpected argument "${positionals[0] ?? ''}"; pass the token with --token`);
  const baseUrlArg = values['base-url'];
  if (baseUrlArg === undefined)
    throw new CliUsageError('--base-url URL is required (e.g. https://app.harness.io/gateway)');
  const accountId = values.account?.trim();
  if (accountId === undefined || accountId === '')
    throw new CliUsageError('--account ACC is required (the Harness account id)');
  if (!/^[A-Za-z0-9_-]+$/.test(accountId))
    throw new CliUsageError('--account must be a Harness account id (letters, digits, "_" and "-")');
  if (values.token === undefined) throw new CliUsageError('--token JWT is required ("-" reads it from standard input)');
  // Read before asking: when the token comes on standard input, nobody is there to answer anyway.
  const token = await readTokenArgument([values.token], io);

  const http = await cliHttpClient(io, values['ca-file']);
  let connection: ScimConnection;
  try {
    connection = new ScimConnection({ baseUrl: baseUrlArg, accountId, http });
  } catch (e) {
    await http.close();
    if (e instanceof BaseUrlError) throw new CliUsageError(e.message);
    throw e;
  }
  try {
    const target = { baseUrl: connection.baseUrl, accountId };
    const storePath = leftoversFilePath(io.env);
    const store = fileLeftoversStore(storePath);
    let pending: RehearsalLeftover[];
    try {
      pending = await pendingLeftovers(store, target);
    } catch (e) {
      throw new CliUsageError(
        `cannot read the leftovers file ${storePath}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const suffix = randomSuffix();
    const names = identitiesFor(suffix);
    const question = rehearsalConsent(target, names, pending);
    if (!(await consent(io, `${[question.title, ...question.detail].join('\n')}\n`, values.yes === true))) {
      io.stderr('scim-jwt: not run; nothing was sent\n');
      return EXIT_USAGE;
    }
    const json = values.json === true;
    const onInterrupt = (): void => {
      io.stderr(
        'scim-jwt: interrupted; deleting what this run made before stopping (Ctrl-C again to quit at once: the next run deletes it then)\n',
      );
    };
    io.interrupt?.addEventListener('abort', onInterrupt, { once: true });
    const report = await runRehearsal({
      scim: connection.scim,
      token,
      target,
      store,
      suffix,
      removePrevious: true,
      ...(io.interrupt ? { signal: io.interrupt } : {}),
      ...(json
        ? {}
        : {
            onStep: (s: RehearsalStepResult) => {
              progress(io, s);
            },
          }),
    });
    io.stdout(json ? `${JSON.stringify(rehearsalJson(report), null, 2)}\n` : `${rehearsalMarkdown(report)}\n`);
    if (report.leftovers.length > 0) {
      io.stderr(`scim-jwt: cleanup incomplete; still in the account (recorded in ${storePath} for the next run):\n`);
      for (const l of report.leftovers)
        io.stderr(`  - ${l.kind} ${l.name}${l.id !== undefined ? ` (id ${l.id})` : ''}\n`);
    }
    return io.interrupt?.aborted === true && report.outcome !== 'cleanup-incomplete'
      ? EXIT_INTERRUPTED
      : exitCode(report);
  } finally {
    await Promise.all([http.close()]);
  }
}

export const rehearseCommand: CliCommand = {
  name: 'rehearse',
  summary: 'Rehearse SCIM provisioning (invite, change, deactivate = delete a test user; a test group) with a token',
  help: HELP,
  run,
};
