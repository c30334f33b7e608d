/**
 * `scimJwt.token.testAgainstHarness`: sends ServiceProviderConfig, then Users?count=1, with the
 * token to the connected account and explains the answer (see core/inspect/testAgainstHarness). Never
 * in an untrusted workspace: a file's content must not make us send anything.
 */
import * as vscode from 'vscode';
import { runHarnessTrial, type HarnessTrialOutcome, type HarnessTrialPort } from '../../core/inspect';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import { harnessSetupPort, keySetNow } from '../../core/setup';
import { Commands } from '../../platform/ids';
import { UserFacingError } from '../../platform/commands';
import type { ConnectionManager } from '../../platform/connection';
import { requireConnection, withCancellableProgress } from '../../platform/flows';
import { noteWalkthrough } from '../../platform/walkthrough';
import { findTokenTarget } from './tokenTarget';
import type { InspectionService } from './inspectionService';
import { plainLine } from '../../core/terminalText';

export interface TestCommandDeps {
  service: InspectionService;
  connections: Pick<ConnectionManager, 'get'>;
  logger: Logger;
  /** The product's JWKS cache: a refusal like "no key matches" is compared with the key set fetched fresh. */
  jwksCache: JwksCache;
}

export async function testAgainstHarness(
  deps: TestCommandDeps,
  uriArg: unknown,
  indexArg: unknown,
): Promise<HarnessTrialOutcome> {
  if (!vscode.workspace.isTrusted) {
    throw new UserFacingError('Testing a token sends it to Harness; trust this workspace first.', [
      { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
    ]);
  }
  const target = await findTokenTarget(deps.service, uriArg, indexArg);
  const { inspection } = target;
  const value = inspection.token.resolution.state === 'resolved' ? inspection.token.resolution.value : undefined;
  if (value === undefined)
    throw new UserFacingError(
      `This token has no value before sending: ${inspection.token.resolution.problems.length > 0 ? 'see the lens above it' : 'unresolved'}.`,
    );
  const connection = await requireConnection(
    deps.connections,
    'Connect to a Harness account to test tokens against it.',
  );
  const { client, account } = connection;
  const port: HarnessTrialPort = {
    serviceProviderConfig: (t, o) => client.scim.serviceProviderConfig(t, o),
    listUsers: (t, p, o) => client.scim.listUsers(t, p, o),
    validateToken: (t, o) => client.validateToken(t, o),
    keySetNow: (t, o) => keySetNow(harnessSetupPort(client), deps.jwksCache, t, new Date(), o),
  };
  const outcome = await withCancellableProgress(
    `Testing the token against ${account.accountName}…`,
    (_progress, signal) => runHarnessTrial(port, value, inspection.verdict, { signal }),
  );
  const named = inspection.token.harnessAccountId;
  if (named !== undefined && named !== client.accountId) {
    outcome.details.unshift(
      `The request names account ${named}; the test used the connected account ${client.accountId}.`,
    );
  }
  deps.logger.info(`Test against Harness: ${outcome.summary} ${outcome.details.join(' ')}`);
  noteWalkthrough('tokenAccepted', outcome.result === 'accepted');
  void showOutcome(outcome, target.document.uri.toString(), inspection.index, value);
  return outcome;
}

const REFRESH_ACTION = 'Make Harness Re-read the Key Set';

async function showOutcome(outcome: HarnessTrialOutcome, uri: string, index: number, token: string): Promise<void> {
  // Harness's answer is quoted in it: one line of text.
  const text = plainLine([outcome.summary, ...outcome.details].join(' '));
  const show = outcome.result === 'accepted' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  const refresh = outcome.staleKeySet ? [REFRESH_ACTION] : [];
  const picked = await show(text, ...refresh, 'Show Report');
  if (picked === 'Show Report') await vscode.commands.executeCommand(Commands.showTokenReport, uri, index);
  // The tested token goes along, so the refresh re-tests it when the countdown ends.
  if (picked === REFRESH_ACTION) await vscode.commands.executeCommand(Commands.refreshKeySet, { token });
}
