import * as vscode from 'vscode';
import { WalkthroughKeys } from './ids';

export type WalkthroughFact = keyof typeof WalkthroughKeys;

/**
 * Marks a walkthrough step's condition as seen to hold (a service account with the five
 * permissions, the four settings set, a token Harness accepted). VS Code keeps a completed step
 * completed, so only `true` is ever published.
 */
export function noteWalkthrough(fact: WalkthroughFact, holds: boolean): void {
  if (holds) void vscode.commands.executeCommand('setContext', WalkthroughKeys[fact], true);
}
