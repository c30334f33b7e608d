/**
 * The body of "Check SCIM JWT Setup", loaded on the command's first run (register.ts): picks a
 * token, runs the eight steps over the connected account's client and the product's JWKS cache
 * with progress, shows the report and returns it. When Harness's key set is behind the provider's,
 * it offers the refresh. Given `{ token }` it asks nothing (tests, the sandbox, other commands).
 */
import type { HttpClient } from '../../core/net';
import * as vscode from 'vscode';
import { doctorMarkdown, runDoctor, type DoctorReport } from '../../core/doctor';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import { Commands } from '../../platform/ids';
import type { ConnectionManager } from '../../platform/connection';
import { offerToConnect, withCancellableProgress } from '../../platform/flows';
import { noteWalkthrough } from '../../platform/walkthrough';
import { showReport } from '../../platform/reports';
import { chooseToken, type ChosenToken } from '../../platform/tokenChoice';
import { plainLine } from '../../core/terminalText';

const REHEARSE_TOO = 'Rehearse Provisioning…';
const REFRESH_KEY_SET = 'Make Harness Re-read the Key Set';

export interface DoctorDeps {
  logger: Logger;
  connections: ConnectionManager;
  jwksCache: JwksCache;
  /** The extension's HTTP client (VS Code's network stack): a token endpoint is reached through it too. */
  http: HttpClient;
}

/** Arguments of a non-interactive run. `show: false` skips opening the preview. */
export interface DoctorRunArgs {
  token?: string;
  tokenSource?: string;
  show?: boolean;
}

function isRunArgs(v: unknown): v is DoctorRunArgs {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return (
    (a.token === undefined || typeof a.token === 'string') &&
    (a.show === undefined || typeof a.show === 'boolean') &&
    (a.tokenSource === undefined || typeof a.tokenSource === 'string')
  );
}

async function connection(
  deps: DoctorDeps,
  interactive: boolean,
): Promise<NonNullable<Awaited<ReturnType<ConnectionManager['get']>>> | undefined> {
  const existing = await deps.connections.get();
  if (existing || !interactive) return existing;
  if (!(await offerToConnect('The check needs a connected Harness account.'))) return undefined;
  return deps.connections.get();
}

export async function runDoctorCommand(
  deps: DoctorDeps,
  addReport: (markdown: string) => vscode.Uri,
  arg: unknown,
): Promise<DoctorReport | undefined> {
  const given = isRunArgs(arg) && (arg.token !== undefined || arg.show !== undefined) ? arg : undefined;
  const conn = await connection(deps, given === undefined);
  if (!conn) {
    if (given)
      throw new Error('Not connected to a Harness account: run "Harness SCIM JWT: Connect to Harness Account" first.');
    return undefined;
  }
  const chosen: ChosenToken | undefined = given
    ? {
        token: given.token,
        source: given.tokenSource ?? (given.token !== undefined ? 'the command argument' : undefined),
      }
    : await chooseToken({ purpose: 'Check SCIM JWT setup', withoutToken: true, http: deps.http });
  if (!chosen) return undefined;
  const report = await withCancellableProgress('Checking the SCIM JWT setup', (progress, signal) =>
    runDoctor({
      client: conn.client,
      jwksCache: deps.jwksCache,
      token: chosen.token,
      tokenSource: chosen.source,
      signal,
      onProgress: (e) => {
        if (e.kind === 'start')
          progress.report({ message: `${e.number}/8 ${e.title}`, increment: e.number === 1 ? 0 : 100 / 8 });
      },
    }),
  );
  const { pass, fail, warn, skip } = report.summary;
  deps.logger.info(
    `setup check of ${report.accountId}: ${pass} passed, ${fail} failed, ${warn} warned, ${skip} skipped`,
  );
  noteWalkthrough(
    'tokenAccepted',
    report.steps.some((s) => s.id === 'scim' && s.status === 'pass'),
  );
  const token = chosen.token;
  const uri = addReport(doctorMarkdown(report));
  if (given?.show !== false) await showReport(uri);
  // Harness's key set is behind the provider's: the report's fix is one click away. The token the
  // check used goes along, so the refresh can re-test it when the countdown ends.
  if (given === undefined && report.staleKeySet) {
    void vscode.window
      .showWarningMessage(plainLine(report.staleKeySet.message), REFRESH_KEY_SET)
      .then((pick) =>
        pick === REFRESH_KEY_SET ? vscode.commands.executeCommand(Commands.refreshKeySet, { token }) : undefined,
      );
    return report;
  }
  // The optional last step: Harness accepts the token, so offer to prove it can provision too.
  // Only when a person chose the token; it writes to the account, so the rehearsal asks again.
  if (given === undefined && token !== undefined && report.steps.some((s) => s.id === 'scim' && s.status === 'pass')) {
    void vscode.window
      .showInformationMessage(
        'Harness accepts this token. Rehearse provisioning with it too? It creates, changes and deletes a test user and group.',
        REHEARSE_TOO,
      )
      .then((pick) =>
        pick === REHEARSE_TOO ? vscode.commands.executeCommand(Commands.rehearse, { token }) : undefined,
      );
  }
  return report;
}
