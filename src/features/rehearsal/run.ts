/**
 * The body of "Rehearse SCIM Provisioning", loaded on the command's first run (register.ts): with
 * the user's own token, provisions a test user and group the way an identity provider would, and
 * deletes them again. It writes to a real account, so it asks once per run, naming the account and
 * what it creates and deletes; ids of what it created are kept in globalState until they are
 * deleted, so a run that dies half way is cleaned up by the next one.
 *
 * Given `{ token }` it does not ask where the token comes from (the doctor hands over its own);
 * given `{ confirmed: true }` too, it does not ask for consent either (tests, the sandbox).
 */
import type { HttpClient } from '../../core/net';
import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import {
  identitiesFor,
  mementoLeftoversStore,
  pendingLeftovers,
  randomSuffix,
  rehearsalConsent,
  rehearsalMarkdown,
  rehearsalSummary,
  runRehearsal,
  STEPS,
  type RehearsalReport,
} from '../../core/rehearsal';
import type { ConnectionManager } from '../../platform/connection';
import { offerToConnect, withCancellableProgress } from '../../platform/flows';
import { StorageKeys } from '../../platform/ids';
import { showReport } from '../../platform/reports';
import { chooseToken } from '../../platform/tokenChoice';
import { plainLine } from '../../core/terminalText';

export interface RehearsalDeps {
  logger: Logger;
  connections: ConnectionManager;
  globalState: vscode.Memento;
  /** The extension's HTTP client (VS Code's network stack): a token endpoint is reached through it too. */
  http: HttpClient;
}

/** Arguments of a run started by code: the doctor, tests, the sandbox. */
export interface RehearsalArgs {
  token?: string;
  confirmed?: boolean;
  show?: boolean;
}

const LEFTOVERS_KEY = StorageKeys.rehearsalLeftovers;
const PURPOSE = 'Rehearse SCIM provisioning';
const REHEARSE = 'Rehearse';

function isArgs(v: unknown): v is RehearsalArgs {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return (
    (a.token === undefined || typeof a.token === 'string') &&
    (a.confirmed === undefined || typeof a.confirmed === 'boolean') &&
    (a.show === undefined || typeof a.show === 'boolean')
  );
}

export async function runCommand(
  deps: RehearsalDeps,
  addReport: (markdown: string) => vscode.Uri,
  arg: unknown,
): Promise<RehearsalReport | undefined> {
  const given = isArgs(arg) ? arg : {};
  const connection = await deps.connections.get();
  if (!connection) {
    await offerToConnect('The rehearsal needs a connected Harness account.');
    return undefined;
  }
  const token = given.token ?? (await chooseToken({ purpose: PURPOSE, withoutToken: false, http: deps.http }))?.token;
  if (token === undefined) return undefined;

  const { client, account } = connection;
  const target = { baseUrl: client.baseUrl, accountId: client.accountId };
  const store = mementoLeftoversStore(deps.globalState, LEFTOVERS_KEY);
  const suffix = randomSuffix();
  const consent = rehearsalConsent(target, identitiesFor(suffix), await pendingLeftovers(store, target));
  if (given.confirmed !== true) {
    const answer = await vscode.window.showWarningMessage(
      plainLine(consent.title),
      {
        modal: true,
        detail: [`Account: ${account.accountName}`, ...consent.detail].map(plainLine).join('\n'),
      },
      REHEARSE,
    );
    if (answer !== REHEARSE) return undefined;
  }

  const report = await withCancellableProgress('Rehearsing SCIM provisioning', (progress, signal) =>
    runRehearsal({
      scim: client.scim,
      token,
      target,
      store,
      suffix,
      removePrevious: true,
      signal,
      onStep: (s) => {
        progress.report({ message: `${s.step}/${STEPS.length} ${s.title}`, increment: 100 / STEPS.length });
      },
    }),
  );
  // Harness's words are in it: one line of text, whatever they hold.
  const summary = plainLine(rehearsalSummary(report));
  deps.logger.info(`rehearsal in ${report.accountId}: ${report.outcome}; ${summary}`);
  const uri = addReport(rehearsalMarkdown(report));
  if (given.show !== false) {
    await showReport(uri);
    if (report.outcome === 'passed') void vscode.window.showInformationMessage(summary);
    else if (report.leftovers.length > 0) void vscode.window.showWarningMessage(summary);
    else void vscode.window.showErrorMessage(summary);
  }
  return report;
}
