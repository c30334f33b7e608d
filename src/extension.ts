import * as vscode from 'vscode';
import { Commands, ContextKeys, Views } from './constants';
import { createLogger } from './platform/log';
import { registerCommand } from './platform/commands';
import { ExplorerTreeProvider } from './views/explorerTree';

/** Composition root: construct, inject, register, and hand every disposable to VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Harness SCIM JWT', { log: true });
  const logger = createLogger(channel);

  const tree = new ExplorerTreeProvider();
  const treeView = vscode.window.createTreeView(Views.explorer, { treeDataProvider: tree, showCollapseAll: true });

  context.subscriptions.push(
    channel,
    tree,
    treeView,
    registerCommand(Commands.showLog, logger, () => { channel.show(); }),
    registerCommand(Commands.refresh, logger, () => { tree.refresh(); }),
  );
  void vscode.commands.executeCommand('setContext', ContextKeys.connected, false);
  logger.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
