/**
 * `scim-jwt setup --refresh-key-set`: makes Harness re-read the key set after the identity provider
 * rotated its keys under the same URL (docs/key-rotation.md). The steps are core/setup's: prove the
 * changed URL answers the same key set, one PUT of the settings with that URL, read back; then the
 * countdown of Harness's settings cache (Ctrl-C stops it, the URL stays written) and, given a token,
 * the re-test. Nothing is written when the proof fails, and a failed PUT leaves the old URL, which
 * still answers.
 */
import { SETTINGS_PROPAGATION_SECONDS, type CallOptions, type HarnessClient } from '../core/harness';
import { runHarnessTrial, type HarnessTrialOutcome } from '../core/inspect';
import type { JwksCache } from '../core/jwt';
import {
  afterRefreshKeySet,
  keySetNow,
  planKeySetRefresh,
  REAL_CLOCK,
  REFRESH_PARAMETER,
  refusedAfterRefresh,
  sendKeySetRefresh,
  SetupService,
  waitForSettings,
  type SetupHarnessPort,
} from '../core/setup';
import { confirmOnTerminal, EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, type CliIo } from './io';

export type RefreshOutcome = 'refreshed' | 'written' | 'refused' | 'failed' | 'dry-run' | 'declined' | 'interrupted';

/** The one JSON object of `--refresh-key-set --json` (docs/doctor-json.md, "setup --refresh-key-set"). */
export interface RefreshReport {
  outcome: RefreshOutcome;
  ok: boolean;
  message: string;
  account: { baseUrl: string; accountId: string };
  previousUrl: string | null;
  newUrl: string | null;
  keyCount: number | null;
  kids: string[];
  effectiveAt: string | null;
  retest: {
    result: HarnessTrialOutcome['result'];
    summary: string;
    details: string[];
    staleKeySet: boolean;
  } | null;
}

export interface RefreshRun {
  io: CliIo;
  client: HarnessClient;
  port: SetupHarnessPort;
  jwks: JwksCache;
  options: CallOptions;
  token: string | undefined;
  flags: { dryRun: boolean; yes: boolean; json: boolean };
  /** Exit code for the last failed Harness call (not reached → 2, refused → 1). */
  failureExit: () => number;
}

const interrupted = (io: CliIo): boolean => io.interrupt?.aborted === true;

function text(r: RefreshReport): string {
  const lines = [`Key set refresh on account ${r.account.accountId} at ${r.account.baseUrl}`, ''];
  if (r.previousUrl !== null) lines.push(`  JWKS URL now:  ${r.previousUrl}`);
  if (r.newUrl !== null)
    lines.push(`  changed URL:   ${r.newUrl}`, `  key set:       ${r.keyCount ?? 0} key(s): ${r.kids.join(', ')}`);
  if (r.retest) lines.push('', `Re-test: ${r.retest.summary}`, ...r.retest.details.map((d) => `  - ${d}`));
  lines.push('', r.message, '');
  return lines.join('\n');
}

export async function refreshKeySetCli(run: RefreshRun): Promise<number> {
  const { io, client, options } = run;
  const clock = io.clock ?? REAL_CLOCK;
  const report: RefreshReport = {
    outcome: 'refused',
    ok: false,
    message: '',
    account: { baseUrl: client.baseUrl, accountId: client.accountId },
    previousUrl: null,
    newUrl: null,
    keyCount: null,
    kids: [],
    effectiveAt: null,
    retest: null,
  };
  const done = (outcome: RefreshOutcome, ok: boolean, message: string, code: number): number => {
    Object.assign(report, { outcome, ok, message });
    io.stdout(run.flags.json ? `${JSON.stringify(report, null, 2)}\n` : text(report));
    return code;
  };

  const service = new SetupService(run.port, { now: () => clock.now() });
  const current = await service.readCurrent(options);
  if (!current.ok)
    return done(
      'failed',
      false,
      `Could not read the current settings; nothing was changed. ${current.failure.message}`,
      run.failureExit(),
    );
  report.previousUrl = current.current.jwksUrl?.trim() ?? null;
  const planned = await planKeySetRefresh(current.current, run.jwks, new Date(clock.now()));
  if (!planned.ok) return done('refused', false, `Nothing was changed. ${planned.message}`, EXIT_REFUSED);
  const { plan } = planned;
  Object.assign(report, { newUrl: plan.newUrl, keyCount: plan.keyCount, kids: plan.kids });
  if (run.flags.dryRun)
    return done('dry-run', true, 'Dry run; nothing was sent. Both URLs answer the same key set.', EXIT_OK);
  if (interrupted(io)) return done('interrupted', false, 'Interrupted; nothing was changed.', EXIT_INTERRUPTED);

  const question = [
    `Make Harness re-read the key set on account ${client.accountId} at ${client.baseUrl}:`,
    `  scim_jwt_token_jwks_keys_url  ${plan.currentUrl} -> ${plan.newUrl}`,
    `Both URLs answer the same ${plan.keyCount} key(s) now; the other settings are sent as Harness holds them.`,
    '',
  ].join('\n');
  const yes = await confirmOnTerminal(io, {
    yes: run.flags.yes,
    text: question,
    prompt: 'Send? [y/N] ',
    noTerminal:
      'setup --refresh-key-set writes to the account: pass --yes to run it without a terminal to ask on (nothing was sent)',
  });
  if (!yes) {
    if (interrupted(io)) return done('interrupted', false, 'Interrupted; nothing was changed.', EXIT_INTERRUPTED);
    return done('declined', false, 'Not sent; nothing was changed.', EXIT_USAGE);
  }

  // Not cancelled by Ctrl-C: once sent, the answer and the read-back are what the user needs.
  const sent = await sendKeySetRefresh(service, plan, () => clock.now());
  if (!sent.written)
    return done(
      'failed',
      false,
      `${sent.message} Nothing else was changed.`,
      sent.outcome.kind === 'failed' ? run.failureExit() : EXIT_REFUSED,
    );
  report.effectiveAt = new Date(sent.effectiveAt).toISOString();

  // Progress goes to stderr, so that stdout stays the report (text or JSON).
  let last = Number.POSITIVE_INFINITY;
  if (!sent.confirmed) io.stderr(`${sent.message}\n`);
  io.stderr(
    `${sent.confirmed ? 'Harness holds the new URL' : 'Harness answered that it saved the new URL'}. Waiting ${SETTINGS_PROPAGATION_SECONDS} s for its settings cache (Ctrl-C stops the wait; the URL stays written).\n`,
  );
  try {
    await waitForSettings(sent.effectiveAt, {
      clock,
      signal: io.interrupt,
      onTick: (left) => {
        // Every 10 s on the way, and the end: enough for a CI log, not a line a second.
        if (left === 0 || left <= last - 10) {
          last = left;
          io.stderr(left === 0 ? 'Harness now uses the new URL.\n' : `  ${left} s left\n`);
        }
      },
    });
  } catch (e) {
    if (!interrupted(io)) throw e;
    return done(
      'interrupted',
      false,
      `The URL is written (${plan.newUrl}); Harness uses it from ${report.effectiveAt}. Test the token after that (scim-jwt doctor).`,
      EXIT_INTERRUPTED,
    );
  }

  const token = run.token;
  if (token === undefined)
    return done(
      'written',
      true,
      `${sent.confirmed ? '' : `${sent.message} `}Harness now reads the key set from ${plan.newUrl}; the token was not re-tested (give --token or --token-endpoint to do it here, or run scim-jwt doctor). A later refresh replaces ${REFRESH_PARAMETER} rather than adding another.`,
      EXIT_OK,
    );
  // Harness has just downloaded from a URL it never cached: no stale cache is inferred here.
  const fresh = afterRefreshKeySet((t, o) => keySetNow(run.port, run.jwks, t, new Date(clock.now()), o));
  const retest = await runHarnessTrial(
    {
      serviceProviderConfig: (t, o) => client.scim.serviceProviderConfig(t, o),
      listUsers: (t, p, o) => client.scim.listUsers(t, p, o),
      validateToken: (t, o) => client.validateToken(t, o),
      keySetNow: fresh.keySetNow,
    },
    token,
    undefined,
    options,
  );
  const afterRefresh = refusedAfterRefresh(fresh.seen(), plan.newUrl);
  if (afterRefresh !== undefined) retest.details.push(afterRefresh);
  report.retest = {
    result: retest.result,
    summary: retest.summary,
    details: retest.details,
    staleKeySet: retest.staleKeySet !== undefined,
  };
  const accepted = retest.result === 'accepted';
  return done(
    'refreshed',
    accepted,
    accepted
      ? `Harness re-read the key set from ${plan.newUrl} and accepts the token.`
      : `Harness ${sent.confirmed ? 'holds' : 'answered that it saved'} ${plan.newUrl}, but the re-test did not pass: see above.`,
    accepted ? EXIT_OK : EXIT_REFUSED,
  );
}
