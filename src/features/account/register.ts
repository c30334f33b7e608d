/**
 * The account feature: Connect, Sign Out and Switch, the status bar item, and the context keys the
 * manifest's `when` and `enablement` clauses read (`connected`, `hasAccount`).
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { HttpClient } from '../../core/net';
import type { AccountStore } from '../../platform/accounts';
import { registerCommands, type CommandEntry } from '../../platform/commands';
import type { ConnectionManager } from '../../platform/connection';
import { Commands, ContextKeys } from '../../platform/ids';
import { loadPart } from '../../platform/lazy';
import { createStatusBar } from './statusBar';

export interface AccountDeps {
  logger: Logger;
  accounts: AccountStore;
  connections: ConnectionManager;
  /** The extension's HTTP client: the key is checked through VS Code's network stack. */
  http: HttpClient;
  /** Hands the status bar item to the API tests read (`extension.exports`). */
  exposeStatusBar(item: vscode.StatusBarItem): void;
}

/** Connect, sign out and switch load on first use. */
const commands = (): Promise<typeof import('./commands.js')> =>
  loadPart('the account commands', () => import('./commands.js'));

export function register(deps: AccountDeps): vscode.Disposable[] {
  const { accounts, connections } = deps;
  const accountDeps = { accounts, logger: deps.logger, http: deps.http };
  const statusBar = createStatusBar(accounts, connections);
  deps.exposeStatusBar(statusBar.item);
  const table: CommandEntry[] = [
    { id: Commands.connect, run: async (args?: unknown) => (await commands()).connect(accountDeps, args) },
    {
      id: Commands.signOut,
      enablement: ContextKeys.hasAccount,
      run: async (id?: unknown) => (await commands()).signOut(accountDeps, id),
    },
    { id: Commands.switchAccount, run: async () => (await commands()).switchAccount(accountDeps) },
  ];
  // The client (and its HTTP stack) is built when something needs Harness: the view shown, a
  // command, a .http verdict. Activation itself stays cheap.
  void vscode.commands.executeCommand('setContext', ContextKeys.connected, accounts.active() !== undefined);
  const publishHasAccount = (): void => {
    void vscode.commands.executeCommand('setContext', ContextKeys.hasAccount, accounts.active() !== undefined);
  };
  publishHasAccount();
  return [...statusBar.disposables, ...registerCommands(deps.logger, table), accounts.onDidChange(publishHasAccount)];
}
