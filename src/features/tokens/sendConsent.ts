/**
 * Before a token request leaves the editor: what it would send (each request's method and host,
 * the local files its body reads, the environment values it carries, by name), shown in a modal
 * the user answers "Send" or cancels; asked once per document version. The automatic path never
 * asks: what carries nothing local goes (the workspace opted in), anything else waits for a click.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { terminalText } from '../../core/terminalText';
import { planCarriesLocalData, planKey, planLines, type ConfirmSend, type SendPlan } from '../../core/tokenFetch';
import { config } from '../../platform/config';
import type { FetchedTokenStore } from './fetchedTokens';

/** Where a body file may be read from: the workspace folder, else the file's folder, and what the user allows. */
export function bodyFileRoots(uri: vscode.Uri): string[] {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const own = folder?.uri.scheme === 'file' ? folder.uri.fsPath : path.dirname(uri.fsPath);
  return [own, ...config.bodyFileFolders()];
}

const SEND = 'Send';

/** The click: asks with the plan, unless the user already said yes to it for this version. */
export function askBeforeSending(document: vscode.TextDocument, store: FetchedTokenStore): ConfirmSend {
  return async (plan: SendPlan) => {
    const key = planKey(plan);
    if (store.hasConsent(document, key)) return true;
    const n = plan.requests.length;
    const answer = await vscode.window.showWarningMessage(
      `Send ${n} token request${n === 1 ? '' : 's'} of ${terminalText(path.basename(document.uri.path))}?`,
      { modal: true, detail: terminalText(planLines(plan).join('\n')) },
      SEND,
    );
    if (answer !== SEND) return false;
    store.consent(document, key);
    return true;
  };
}

/** The automatic path: sends without asking only what carries no local file or environment value. */
export function sendWithoutAsking(document: vscode.TextDocument, store: FetchedTokenStore): ConfirmSend {
  return (plan: SendPlan) => Promise.resolve(!planCarriesLocalData(plan) || store.hasConsent(document, planKey(plan)));
}
