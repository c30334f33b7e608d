/**
 * "Make Harness Re-read the Key Set" (`scimJwt.keySet.refresh`), on the JWKS URL in the tree, in
 * the command palette, and offered by the doctor and "Test against Harness" when they find Harness's
 * key set behind the provider's (docs/key-rotation.md). The steps are core/setup's: prove the
 * changed URL answers the same key set, one PUT, read back; then the settings cache countdown
 * (cancellable) and, given a token, the re-test.
 */
import * as vscode from 'vscode';
import { SETTINGS_PROPAGATION_SECONDS } from '../../core/harness';
import { runHarnessTrial, type HarnessTrialOutcome, type HarnessTrialPort } from '../../core/inspect';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import {
  afterRefreshKeySet,
  harnessSetupPort,
  keySetNow,
  planKeySetRefresh,
  REAL_CLOCK,
  refusedAfterRefresh,
  sendKeySetRefresh,
  SetupService,
  waitForSettings,
  type SettingsClock,
} from '../../core/setup';
import { plainLine } from '../../core/terminalText';
import { UserFacingError } from '../../platform/commands';
import type { ConnectionManager } from '../../platform/connection';
import { requireConnection, withCancellableProgress } from '../../platform/flows';
import { Commands } from '../../platform/ids';
import type { ExplorerTreeProvider } from './explorerTree';

export interface RefreshKeySetDeps {
  connections: ConnectionManager;
  tree: ExplorerTreeProvider;
  logger: Logger;
  jwksCache: JwksCache;
}

/**
 * Arguments of a run started by another command or a test: the token to re-test with (the doctor
 * passes the one it checked), `confirmed` to skip the question, and a clock for the countdown.
 */
export interface RefreshKeySetArgs {
  token?: string;
  confirmed?: boolean;
  clock?: SettingsClock;
}

export interface RefreshKeySetResult {
  written: boolean;
  /** false: the PUT said the URL was saved, the read-back could not confirm it. */
  confirmed: boolean;
  previousUrl: string;
  newUrl: string;
  /** The countdown was cancelled: the URL is written, the re-test not run. */
  cancelled: boolean;
  /** Seconds shown by the countdown, in order. */
  ticks: number[];
  retest?: HarnessTrialOutcome;
}

function isArgs(v: unknown): v is RefreshKeySetArgs {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  const clock = a.clock as Record<string, unknown> | undefined;
  return (
    (a.token === undefined || typeof a.token === 'string') &&
    (a.confirmed === undefined || typeof a.confirmed === 'boolean') &&
    (clock === undefined || (typeof clock.now === 'function' && typeof clock.sleep === 'function'))
  );
}

const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';

export async function refreshKeySet(deps: RefreshKeySetDeps, arg?: unknown): Promise<RefreshKeySetResult | undefined> {
  const args = isArgs(arg) ? arg : {};
  const clock = args.clock ?? REAL_CLOCK;
  const { client } = await requireConnection(deps.connections, 'Connect to a Harness account first.');
  const port = harnessSetupPort(client);
  const service = new SetupService(port, { logger: deps.logger, now: () => clock.now() });

  const planned = await withCancellableProgress('Make Harness re-read the key set', async (progress, signal) => {
    progress.report({ message: 'reading the settings…' });
    const current = await service.readCurrent({ signal });
    if (!current.ok) throw new UserFacingError(`${current.failure.title}: ${current.failure.message}`);
    progress.report({ message: 'checking that the changed URL answers the same key set…' });
    return planKeySetRefresh(current.current, deps.jwksCache, new Date(clock.now()));
  });
  if (!planned.ok) throw new UserFacingError(`Nothing was changed. ${planned.message}`);
  const { plan } = planned;
  if (args.confirmed !== true) {
    const ok = await vscode.window.showWarningMessage(
      'Make Harness re-read the key set?',
      {
        modal: true,
        detail: plainLine(
          `The JWKS URL setting becomes ${plan.newUrl} (was ${plan.currentUrl}). Both answer the same ${plan.keyCount} key(s) now (${plan.kids.join(', ')}). Harness downloads the key set again once its ${SETTINGS_PROPAGATION_SECONDS} s settings cache has expired.`,
        ),
      },
      'Change the URL',
    );
    if (ok !== 'Change the URL') return undefined;
  }
  const sent = await sendKeySetRefresh(service, plan, () => clock.now());
  deps.tree.refresh('scim');
  deps.logger.info(`key set refresh: ${sent.message}`);
  if (!sent.written) throw new UserFacingError(`The key set refresh did not happen: ${sent.message}`);
  // Saved by the PUT's answer, not confirmed by the read-back: the countdown and the re-test still run.
  if (!sent.confirmed) void vscode.window.showWarningMessage(plainLine(sent.message));

  const result: RefreshKeySetResult = {
    written: true,
    confirmed: sent.confirmed,
    previousUrl: plan.currentUrl,
    newUrl: plan.newUrl,
    cancelled: false,
    ticks: [],
  };
  try {
    await withCancellableProgress('Harness re-reads the key set', (progress, signal) =>
      waitForSettings(sent.effectiveAt, {
        clock,
        signal,
        onTick: (left) => {
          result.ticks.push(left);
          progress.report({
            message: `in ${left} s (its settings cache)`,
            increment: left === 0 ? 0 : 100 / SETTINGS_PROPAGATION_SECONDS,
          });
        },
      }),
    );
  } catch (e) {
    if (!isAbort(e)) throw e;
    result.cancelled = true;
    void vscode.window.showInformationMessage(
      plainLine(
        `The JWKS URL is changed to ${plan.newUrl}; Harness uses it from ${new Date(sent.effectiveAt).toLocaleTimeString()}. Test the token after that.`,
      ),
    );
    return result;
  }

  const token = args.token?.trim();
  if (token === undefined || token === '') {
    void vscode.window
      .showInformationMessage(
        plainLine(`Harness now reads the key set from ${plan.newUrl}. Check the setup with a token to confirm.`),
        'Check SCIM JWT Setup',
      )
      .then((pick) => (pick ? vscode.commands.executeCommand(Commands.runDoctor) : undefined));
    return result;
  }
  // Harness has just downloaded from a URL it never cached: no stale cache is inferred here.
  const fresh = afterRefreshKeySet((t, o) => keySetNow(port, deps.jwksCache, t, new Date(clock.now()), o));
  const trial: HarnessTrialPort = {
    serviceProviderConfig: (t, o) => client.scim.serviceProviderConfig(t, o),
    listUsers: (t, p, o) => client.scim.listUsers(t, p, o),
    validateToken: (t, o) => client.validateToken(t, o),
    keySetNow: fresh.keySetNow,
  };
  result.retest = await withCancellableProgress('Testing the token against Harness', (_progress, signal) =>
    runHarnessTrial(trial, token, undefined, { signal }),
  );
  const afterRefresh = refusedAfterRefresh(fresh.seen(), plan.newUrl);
  if (afterRefresh !== undefined) result.retest.details.push(afterRefresh);
  deps.logger.info(`key set refresh: re-test: ${result.retest.summary}`);
  const show =
    result.retest.result === 'accepted' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(plainLine([result.retest.summary, ...result.retest.details].join(' ')));
  return result;
}
