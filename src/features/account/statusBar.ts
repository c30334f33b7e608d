import * as vscode from 'vscode';
import { Commands, StatusBarIds } from '../../platform/ids';
import type { ConnectionManager } from '../../platform/connection';
import type { AccountStore } from '../../platform/accounts';

/**
 * "Harness: <account> (Prod1)" in the status bar, with a problem icon while Harness refuses the key
 * or does not answer; click to switch accounts. Hidden when signed out.
 */
export function createStatusBar(
  accounts: AccountStore,
  connections: ConnectionManager,
): { item: vscode.StatusBarItem; disposables: vscode.Disposable[] } {
  const item = vscode.window.createStatusBarItem(StatusBarIds.account, vscode.StatusBarAlignment.Left, 10);
  item.name = 'Harness account';
  item.command = Commands.switchAccount;
  const update = (): void => {
    const account = accounts.active();
    if (!account) {
      item.hide();
      return;
    }
    const problem =
      connections.state === 'rejected'
        ? ' $(error)'
        : connections.state === 'unreachable'
          ? ' $(debug-disconnect)'
          : '';
    const said =
      connections.state === 'rejected'
        ? ': Harness refused the key'
        : connections.state === 'unreachable'
          ? ': Harness did not answer'
          : '';
    item.text = `$(shield) ${account.accountName}${problem}`;
    const who = account.principal ? ` of ${account.principal}` : '';
    item.tooltip = `Harness account ${account.accountName} (${account.accountId})\n${account.clusterLabel} · ${account.baseUrl}\nConnected with the ${account.keyKind === 'sat' ? 'service account' : 'personal'} API key${who}. Click to switch.`;
    item.accessibilityInformation = {
      label: `Harness account ${account.accountName} on ${account.clusterLabel}${said}`,
    };
    item.show();
  };
  update();
  return {
    item,
    disposables: [
      new vscode.Disposable(() => {
        item.dispose();
      }),
      accounts.onDidChange(update),
      connections.onDidChange(update),
      connections.onDidChangeState(update),
    ],
  };
}
