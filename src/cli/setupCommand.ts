/**
 * `scim-jwt setup`: the four SCIM JWT settings written from the command line, with the setup
 * form's own checks. It reads what Harness holds first, so a second identical run sends nothing;
 * it asks (or needs --yes) before it writes; and after a PUT it reads the settings back and says
 * when Harness starts using them.
 */
import { THE_SCIM_PERMISSIONS } from '../core/harness';
import { parseArgs } from 'node:util';
import {
  ApiKeyFormatError,
  BaseUrlError,
  failureCategory,
  HarnessClient,
  isHarnessApiError,
  type CallOptions,
} from '../core/harness';
import type { ProvisionStep } from '../core/harness';
import { JwksCache } from '../core/jwt';
import {
  bodyJson,
  buildBody,
  buildCurl,
  checkJwksUrl,
  diffRestore,
  diffSettings,
  EMPTY_SETTINGS,
  FIELD_LABEL,
  harnessSetupPort,
  SetupService,
  type SendOperation,
  type SetupHarnessPort,
} from '../core/setup';
import type { CliCommand } from './commands';
import {
  confirmOnTerminal,
  CA_FILE_OPTION,
  cliHttpClient,
  CliUsageError,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_REFUSED,
  EXIT_USAGE,
  type CliIo,
} from './io';
import { ALL, HELP, SETTING_OPTIONS, desiredFrom, inputChecks, type Desired } from './setupArgs';
import { beforeCreate, prepareServiceAccount, serviceAccountCheck } from './setupServiceAccount';
import { changeLines, reportJson, reportText, type Outcome, type Report } from './setupReport';
import { refreshKeySetCli } from './setupRefresh';
import { tokenFrom, TOKEN_OPTIONS } from './doctorCommand';
import { exportTerraform, formatFrom, terraformUsage } from './setupTerraform';

/*
 * Harness facts this command states (harness-core at 1dcec145):
 * - the PUT is a batch whose items succeed or fail alone, HTTP 200 either way, so every item is
 *   read and the settings are read back: HC 120-ng-manager/modules/ng-settings/src/main/java/io/harness/ngsettings/services/impl/SettingsServiceImpl.java:139-163;
 * - RESTORE deletes the account's row and the setting falls back to its default (unset): same file, 428-463;
 * - writing needs core_setting_edit, reading core_account_view: HC 120-ng-manager/modules/ng-settings/src/main/java/io/harness/ngsettings/remote/SettingsResourceImpl.java:40,48,57;
 * - the SCIM JWT flow caches the four settings for 2 minutes from the read that filled the cache
 *   (SETTINGS_PROPAGATION_SECONDS): HC 120-ng-manager/src/main/java/io/harness/ng/NextGenModule.java:646-653;
 *   its key set and service account caches are keyed by the URL and id they hold and dropped when
 *   the setting differs, so only the settings cache delays a change:
 *   HC 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java:134-158,232-253.
 */
// ----- asking -----

function consent(io: CliIo, question: string, yes: boolean): Promise<boolean> {
  return confirmOnTerminal(io, {
    yes,
    text: question,
    prompt: 'Send? [y/N] ',
    noTerminal: 'setup writes to the account: pass --yes to run it without a terminal to ask on (nothing was sent)',
  });
}

/** Exit code for a Harness failure: not reached is an I/O error (2), a refusal is 1. */
function failureExit(e: unknown): number {
  if (!isHarnessApiError(e)) return EXIT_REFUSED;
  const category = failureCategory(e);
  if (category === 'cancelled') return EXIT_INTERRUPTED;
  return category === 'unreachable' ? EXIT_USAGE : EXIT_REFUSED;
}

// ----- the run -----

/** The same port, keeping the error of a failed settings read or write for the exit code. */
function remembering(port: SetupHarnessPort, last: { value?: unknown }): SetupHarnessPort {
  const keep = <T>(p: Promise<T>): Promise<T> =>
    p.catch((e: unknown) => {
      last.value = e;
      throw e;
    });
  return {
    ...port,
    readSettings: (options) => keep(port.readSettings(options)),
    updateSettings: (body, options) => keep(port.updateSettings(body, options)),
  };
}

interface Run {
  io: CliIo;
  /** The error behind the last failed call, for the exit code (the setup service turns it into a report). */
  lastError: { value?: unknown };
  client: HarnessClient;
  port: SetupHarnessPort;
  jwks: JwksCache;
  options: CallOptions;
  flags: { dryRun: boolean; yes: boolean; force: boolean };
}

function finish(run: Run, report: Report, json: boolean, code: number): number {
  run.io.stdout(json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : reportText(report));
  return code;
}

const interrupted = (io: CliIo): boolean => io.interrupt?.aborted === true;

async function execute(run: Run, desired: Desired | undefined, json: boolean): Promise<number> {
  const { io, client, port, options, flags } = run;
  const operation: SendOperation = desired === undefined ? 'restore' : 'update';
  const settings = desired?.settings ?? EMPTY_SETTINGS;
  const report: Report = {
    operation,
    outcome: 'refused',
    ok: false,
    message: '',
    account: { baseUrl: client.baseUrl, accountId: client.accountId },
    checks: [],
    changes: [],
  };
  const done = (outcome: Outcome, ok: boolean, message: string, code: number): number =>
    finish(run, { ...report, outcome, ok, message }, json, code);
  const stoppedEarly = (): number => {
    // Provisioning is not cut in the middle (each step is one call); what it did is listed above.
    const prepared =
      (report.serviceAccount?.steps.length ?? 0) > 0
        ? ' after preparing the service account (listed above; a new run reuses it)'
        : '';
    return done('interrupted', false, `Interrupted${prepared}; the settings were not sent.`, EXIT_INTERRUPTED);
  };

  const service = new SetupService(port);
  const current = await service.readCurrent(options);
  if (!current.ok) {
    report.failure = current.failure;
    if (interrupted(io)) return stoppedEarly();
    return done(
      'failed',
      false,
      'Could not read the current settings; nothing was sent.',
      failureExit(run.lastError.value),
    );
  }
  report.changes = desired === undefined ? diffRestore(current.current) : diffSettings(current.current, settings);
  const changed = report.changes.some((r) => r.change !== 'unchanged');

  if (desired !== undefined) {
    report.checks.push(...inputChecks(desired).notes);
    report.checks.unshift(await checkJwksUrl(settings.jwksUrl, run.jwks));
    if (interrupted(io)) return stoppedEarly();
    const sa = await serviceAccountCheck(port, desired.serviceAccount.id, options);
    if (interrupted(io)) return stoppedEarly();
    report.checks.push(desired.serviceAccount.create ? beforeCreate(sa, desired.serviceAccount.id) : sa.check);
    if (desired.serviceAccount.create)
      report.serviceAccount = { identifier: desired.serviceAccount.id, create: true, steps: [] };
  }
  const failing = report.checks.filter((c) => c.level === 'error');
  const blocked = failing.length > 0 && !flags.force;
  const blockedText = `${failing.length === 1 ? 'A check fails' : `${failing.length} checks fail`} (${failing.map((c) => FIELD_LABEL[c.field]).join(', ')}): fix ${failing.length === 1 ? 'it' : 'them'}, or pass --force to send anyway.`;

  if (flags.dryRun) {
    const body = buildBody(operation, settings);
    report.dryRun = {
      body: bodyJson(body),
      curl: buildCurl({ baseUrl: client.baseUrl, accountId: client.accountId }, body),
    };
    const create =
      desired?.serviceAccount.create === true
        ? ` A real run would first create or reuse service account ${desired.serviceAccount.id}, its SCIM role and assignment.`
        : '';
    if (blocked)
      return done('dry-run', false, `Dry run; nothing was sent. A real run would refuse: ${blockedText}`, EXIT_REFUSED);
    if (!changed)
      return done(
        'dry-run',
        true,
        `Dry run; nothing was sent. The settings already hold these values: a real run would send nothing.${create}`,
        EXIT_OK,
      );
    return done('dry-run', true, `Dry run; nothing was sent.${create}`, EXIT_OK);
  }
  if (blocked) return done('refused', false, `Nothing was sent. ${blockedText}`, EXIT_REFUSED);

  const create = desired?.serviceAccount.create === true;
  const unchangedText =
    operation === 'restore'
      ? 'Already at the default; nothing to change (no PUT was sent).'
      : 'Already set; nothing to change (no PUT was sent).';
  if (!changed && !create) return done('unchanged', true, unchangedText, EXIT_OK);

  const what =
    operation === 'restore'
      ? `Restore the ${ALL} SCIM JWT settings to their default (unset)`
      : 'Write the SCIM JWT settings';
  const question = [
    `${what} on account ${client.accountId} at ${client.baseUrl}:`,
    ...changeLines(report.changes),
    ...(create
      ? [
          `First create or reuse service account ${desired.serviceAccount.id}, a role holding exactly ${THE_SCIM_PERMISSIONS}, and its assignment.`,
        ]
      : []),
    ...(operation === 'restore' ? ['With the settings unset, Harness refuses every SCIM JWT.'] : []),
    '',
  ].join('\n');
  if (!(await consent(io, question, flags.yes))) {
    if (interrupted(io)) return stoppedEarly();
    return done('declined', false, 'Not sent; nothing was changed.', EXIT_USAGE);
  }
  if (interrupted(io)) return stoppedEarly();

  if (create) {
    const steps: ProvisionStep[] = [];
    const sa = { identifier: desired.serviceAccount.id, create: true, steps };
    report.serviceAccount = sa;
    const failed = await prepareServiceAccount(client, sa.identifier, desired.serviceAccount.role, steps, options);
    if (failed !== undefined) {
      report.failure = failed.failure;
      return done(
        'failed',
        false,
        `The service account is not ready; the settings were not sent. ${failed.next}`,
        failureExit(failed.cause),
      );
    }
    if (interrupted(io)) return stoppedEarly();
    // What the account holds now decides, as for --service-account.
    const after = (await serviceAccountCheck(port, sa.identifier, options)).check;
    report.checks = report.checks.map((c) => (c.field === 'serviceAccountId' ? after : c));
    if (after.level === 'error' && !flags.force)
      return done('refused', false, `The settings were not sent: ${after.message}`, EXIT_REFUSED);
    if (!changed) return done('unchanged', true, unchangedText, EXIT_OK);
  }
  if (interrupted(io)) return stoppedEarly();

  // Not cancelled by Ctrl-C: once sent, the answer and the read-back are what the user needs.
  const outcome = await service.send(operation, settings);
  if (outcome.kind === 'failed') {
    report.failure = outcome.failure;
    return done(
      'failed',
      false,
      operation === 'restore' ? 'The settings were not restored.' : 'The settings were not sent.',
      failureExit(run.lastError.value),
    );
  }
  report.sent = outcome;
  const good = outcome.allSucceeded && outcome.readBack?.allMatch === true;
  const verb = operation === 'restore' ? 'Restored' : 'Sent';
  const message = good
    ? `${verb}; Harness holds ${operation === 'restore' ? 'the defaults' : 'the new values'}.`
    : `${verb}, but ${outcome.allSucceeded ? 'the read-back does not confirm it' : 'not every setting was saved'}: see above.`;
  return done('sent', good, message, interrupted(io) ? EXIT_INTERRUPTED : good ? EXIT_OK : EXIT_REFUSED);
}

/** --refresh-key-set changes the JWKS URL only: the settings' own flags, --restore and --force do not go with it. */
function refreshUsage(values: Record<string, string | boolean | undefined>): void {
  const others = [...Object.keys(SETTING_OPTIONS), 'create-service-account', 'role', 'restore', 'force'].filter(
    (k) => values[k] !== undefined,
  );
  if (others.length > 0)
    throw new CliUsageError(
      `--refresh-key-set changes only the JWKS URL, from what Harness holds: it takes no --${others.join(', --')}`,
    );
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'base-url': { type: 'string' },
      account: { type: 'string' },
      ...SETTING_OPTIONS,
      'create-service-account': { type: 'string' },
      role: { type: 'string' },
      restore: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      'refresh-key-set': { type: 'boolean' },
      ...TOKEN_OPTIONS,
      ...CA_FILE_OPTION,
    },
  });
  if (positionals.length > 0)
    throw new CliUsageError(
      `unexpected argument "${positionals[0] ?? ''}"; every value goes with its option (see scim-jwt setup --help)`,
    );
  const format = formatFrom(values);
  if (format === 'terraform') terraformUsage(values);
  const refresh = values['refresh-key-set'] === true;
  const tokenFlags = Object.keys(TOKEN_OPTIONS).filter((k) => values[k as keyof typeof values] !== undefined);
  if (refresh) refreshUsage(values);
  else if (tokenFlags.length > 0)
    throw new CliUsageError(`--${tokenFlags.join(', --')} only go with --refresh-key-set (the token it re-tests)`);
  const desired = refresh ? undefined : desiredFrom(values);
  if (desired !== undefined) {
    const { errors } = inputChecks(desired);
    if (errors.length > 0) {
      throw new CliUsageError(
        `nothing was sent: ${errors.map((c) => `${FIELD_LABEL[c.field]}: ${c.message}`).join(' ')}`,
      );
    }
  }
  const baseUrl = values['base-url'];
  if (baseUrl === undefined)
    throw new CliUsageError('--base-url URL is required (e.g. https://app.harness.io/gateway)');
  const account = values.account?.trim();
  if (account !== undefined && !/^[A-Za-z0-9_-]+$/.test(account))
    throw new CliUsageError('--account must be a Harness account id (letters, digits, "_" and "-")');
  const apiKey = io.env.HARNESS_API_KEY?.trim();
  if (apiKey === undefined || apiKey === '')
    throw new CliUsageError('set HARNESS_API_KEY to a Harness API key (pat.… or sat.…); nothing was sent');

  const http = await cliHttpClient(io, values['ca-file']);
  let client: HarnessClient;
  try {
    client = new HarnessClient({ baseUrl, apiKey, accountId: account, http });
  } catch (e) {
    await http.close();
    if (e instanceof ApiKeyFormatError || e instanceof BaseUrlError) throw new CliUsageError(e.message);
    throw e;
  }
  const jwks = new JwksCache({ http });
  const lastError: { value?: unknown } = {};
  try {
    if (refresh) {
      const token = await tokenFrom(values, io, http);
      return await refreshKeySetCli({
        io,
        client,
        port: remembering(harnessSetupPort(client), lastError),
        jwks,
        options: io.interrupt ? { signal: io.interrupt } : {},
        token: token?.token,
        flags: { dryRun: values['dry-run'] === true, yes: values.yes === true, json: format === 'json' },
        failureExit: () => failureExit(lastError.value),
      });
    }
    if (format === 'terraform' && desired !== undefined)
      return await exportTerraform(
        {
          io,
          client,
          port: harnessSetupPort(client),
          jwks,
          options: io.interrupt ? { signal: io.interrupt } : {},
          force: values.force === true,
        },
        desired,
      );
    return await execute(
      {
        io,
        client,
        port: remembering(harnessSetupPort(client), lastError),
        lastError,
        jwks,
        options: io.interrupt ? { signal: io.interrupt } : {},
        flags: { dryRun: values['dry-run'] === true, yes: values.yes === true, force: values.force === true },
      },
      desired,
      format === 'json',
    );
  } finally {
    await Promise.all([jwks.close(), http.close()]);
  }
}

export const setupCommand: CliCommand = {
  name: 'setup',
  summary: `Write the ${ALL} SCIM JWT settings, with the setup form's checks (key from HARNESS_API_KEY)`,
  help: HELP,
  run,
};
