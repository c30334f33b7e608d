/**
 * The explorer feature: the Account view over the connected account (its tree, title and
 * source), the log and refresh commands of its title bar, and the commands of its items.
 */
import * as vscode from 'vscode';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import { registerCommands, type CommandEntry } from '../../platform/commands';
import type { ConnectionManager } from '../../platform/connection';
import { Commands, ContextKeys, Views } from '../../platform/ids';
import { loadPart } from '../../platform/lazy';
import { noteWalkthrough } from '../../platform/walkthrough';
import type { ExplorerNode, GroupId } from './explorerNodes';
import { explorerSourceFor } from './explorerSource';
import type { ExplorerTreeProvider } from './explorerTree';

export interface ExplorerDeps {
  logger: Logger;
  connections: ConnectionManager;
  /** Shared: the setup form refreshes its SCIM group after a write. */
  tree: ExplorerTreeProvider;
  /** The product's JWKS cache: the key-set refresh proves the changed URL with it. */
  jwksCache: JwksCache;
  /** Shows the extension's log (its output channel). */
  showLog(): void;
  /** Hands the view to the API tests read (`extension.exports`). */
  exposeView(view: vscode.TreeView<ExplorerNode>): void;
}

/** The tree's commands load on first use (the create-for-SCIM flow is most of them). */
const commands = (): Promise<typeof import('./commands.js')> =>
  loadPart('the explorer commands', () => import('./commands.js'));

const isGroup = (v: unknown): v is GroupId => v === 'scim' || v === 'settings' || v === 'serviceAccounts';

export function register(deps: ExplorerDeps): vscode.Disposable[] {
  const { connections, tree } = deps;
  const treeDeps = { connections, tree, logger: deps.logger };
  const treeView = vscode.window.createTreeView(Views.explorer, { treeDataProvider: tree, showCollapseAll: true });
  deps.exposeView(treeView);
  const table: CommandEntry[] = [
    {
      id: Commands.showLog,
      run: () => {
        deps.showLog();
      },
    },
    {
      id: Commands.refresh,
      run: (group?: unknown) => {
        connections.retry();
        tree.refresh(isGroup(group) ? group : undefined);
      },
    },
    { id: Commands.copyIdentifier, run: async (node?: ExplorerNode) => (await commands()).copyIdentifier(node) },
    { id: Commands.copyValue, run: async (node?: ExplorerNode) => (await commands()).copyValue(node) },
    {
      id: Commands.openInHarness,
      run: async (node?: ExplorerNode) => (await commands()).openInHarness(treeDeps, node),
    },
    {
      id: Commands.restoreSetting,
      run: async (node?: ExplorerNode, options?: { confirmed?: boolean }) =>
        (await commands()).restoreSetting(treeDeps, node, options),
    },
    {
      id: Commands.createServiceAccount,
      enablement: ContextKeys.connected,
      run: async (args?: unknown) => (await commands()).createServiceAccountForScim(treeDeps, args),
    },
    {
      id: Commands.refreshKeySet,
      enablement: ContextKeys.connected,
      run: async (args?: unknown) => {
        const { refreshKeySet } = await loadPart('the key-set refresh', () => import('./refreshKeySet.js'));
        return refreshKeySet({ ...treeDeps, jwksCache: deps.jwksCache }, args);
      },
    },
    {
      id: Commands.useForScim,
      run: (node?: ExplorerNode) =>
        vscode.commands.executeCommand(
          Commands.openSetup,
          node?.kind === 'serviceAccount' ? node.status.aggregate.serviceAccount.identifier : undefined,
        ),
    },
  ];
  const disposables = [
    treeView,
    connections.onDidChange((connection) => {
      treeView.description = connection
        ? `${connection.account.accountName} · ${connection.account.clusterLabel}`
        : undefined;
      tree.setSource(
        connection &&
          explorerSourceFor({
            getClient: async () => (await connections.get())?.client,
            accountLabel: connection.account.accountName,
            onResult: (error) => {
              if (error) connections.noteFailure(error);
              else connections.noteSuccess();
            },
            onFacts: ({ jwtConfigured, serviceAccountReady }) => {
              noteWalkthrough('jwtConfigured', jwtConfigured === true);
              noteWalkthrough('serviceAccountReady', serviceAccountReady === true);
            },
          }),
      );
    }),
    connections.onDidChangeState((state) => {
      tree.setBlocked(state === 'rejected' || state === 'unreachable');
    }),
    ...registerCommands(deps.logger, table),
    treeView.onDidChangeVisibility((e) => {
      if (e.visible) void connections.get();
    }),
  ];
  if (treeView.visible) void connections.get();
  return disposables;
}
