import * as vscode from 'vscode';
import { JwksCache } from './core/jwt';
import { SecretScrubber } from './core/secrets';
import { Commands, ContextKeys, Views } from './platform/ids';
import { connect, signOut, switchAccount } from './features/account/commands';
import {
  copyIdentifier,
  copyValue,
  createServiceAccountForScim,
  openInHarness,
  restoreSetting,
} from './features/explorer/commands';
import { AccountStore } from './platform/accounts';
import { registerAuthProvider } from './platform/authProvider';
import { registerCommand } from './platform/commands';
import { ConnectionManager } from './platform/connection';
import { createLogger } from './platform/log';
import { createNetwork } from './platform/network';
import type { ExplorerNode, GroupId } from './features/explorer/explorerNodes';
import { explorerSourceFor } from './features/explorer/explorerSource';
import { noteWalkthrough } from './platform/walkthrough';
import { ScimSettingsFeed } from './platform/scimSettingsFeed';
import { ExplorerTreeProvider } from './features/explorer/explorerTree';
import { registerDoctor } from './features/doctor/register';
import { registerEditorFeatures } from './features/tokens/register';
import { registerRehearsal } from './features/rehearsal/register';
import { createStatusBar } from './features/account/statusBar';
import { openUntitledHttp, registerSetupForm } from './features/setup';

/** What tests (and only tests) reach through `extension.exports`. */
export interface ExtensionApi {
  explorer: ExplorerTreeProvider;
  explorerView: vscode.TreeView<ExplorerNode>;
  /** Where VS Code keeps this extension's state and log files (tests search them for leaked secrets). */
  storagePaths: { globalStorage: string; log: string };
  statusBar: vscode.StatusBarItem;
}

const isGroup = (v: unknown): v is GroupId => v === 'scim' || v === 'settings' || v === 'serviceAccounts';

/** Composition root: construct, inject, register, and hand every disposable to VS Code. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Harness SCIM JWT', { log: true });
  // The network learns the credentials in VS Code's http.proxy and the proxy variables: a proxy's
  // error page may quote them, so the log scrubs them.
  const secrets = new SecretScrubber();
  const logger = createLogger(channel, secrets);
  const network = createNetwork(logger, secrets);
  const { http } = network;

  const accounts = new AccountStore(context.globalState, context.secrets);
  const connections = new ConnectionManager(accounts, logger, http);
  const scimSettings = new ScimSettingsFeed();
  const tree = new ExplorerTreeProvider(scimSettings);
  const statusBar = createStatusBar(accounts, connections);
  const treeView = vscode.window.createTreeView(Views.explorer, { treeDataProvider: tree, showCollapseAll: true });
  // The product's one JWKS cache: the setup form's checks and the .http verdicts share it.
  const jwksCache = new JwksCache({ logger, http, secrets });
  const accountDeps = { accounts, logger, http };
  const treeDeps = { connections, tree, logger };

  context.subscriptions.push(
    channel,
    network.disposable,
    accounts,
    connections,
    scimSettings,
    tree,
    treeView,
    ...registerAuthProvider(accounts),
    ...statusBar.disposables,
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
    registerCommand(Commands.showLog, logger, () => {
      channel.show();
    }),
    connections.onDidChangeState((state) => {
      tree.setBlocked(state === 'rejected' || state === 'unreachable');
    }),
    registerCommand(Commands.refresh, logger, (group?: unknown) => {
      connections.retry();
      tree.refresh(isGroup(group) ? group : undefined);
    }),
    registerCommand(Commands.connect, logger, (args?: unknown) => connect(accountDeps, args)),
    registerCommand(Commands.signOut, logger, (id?: unknown) => signOut(accountDeps, id)),
    registerCommand(Commands.switchAccount, logger, () => switchAccount(accountDeps)),
    registerCommand(Commands.copyIdentifier, logger, (node?: ExplorerNode) => copyIdentifier(node)),
    registerCommand(Commands.copyValue, logger, (node?: ExplorerNode) => copyValue(node)),
    registerCommand(Commands.openInHarness, logger, (node?: ExplorerNode) => openInHarness(treeDeps, node)),
    registerCommand(Commands.restoreSetting, logger, (node?: ExplorerNode, options?: { confirmed?: boolean }) =>
      restoreSetting(treeDeps, node, options),
    ),
    registerCommand(Commands.createServiceAccount, logger, (args?: unknown) =>
      createServiceAccountForScim(treeDeps, args),
    ),
    registerCommand(Commands.useForScim, logger, (node?: ExplorerNode) =>
      vscode.commands.executeCommand(
        Commands.openSetup,
        node?.kind === 'serviceAccount' ? node.status.aggregate.serviceAccount.identifier : undefined,
      ),
    ),
    ...registerSetupForm(context, {
      logger,
      recordMessages: context.extensionMode === vscode.ExtensionMode.Test,
      jwksCache,
      getConnection: async () => {
        const c = await connections.get();
        return c && { client: c.client, accountId: c.account.accountId, baseUrl: c.account.baseUrl };
      },
      openHttpScratch: openUntitledHttp,
      createServiceAccount: async () => {
        await vscode.commands.executeCommand(Commands.createServiceAccount);
      },
      connect: async () => {
        await vscode.commands.executeCommand(Commands.connect);
      },
      onDidChangeConnection: (listener) =>
        connections.onDidChange(() => {
          listener();
        }),
      settingsChanged: (configured) => {
        noteWalkthrough('jwtConfigured', configured);
        tree.refresh('scim');
      },
    }),
    ...registerEditorFeatures({ logger, connections, scimSettings, jwksCache, http }),
    ...registerDoctor({ logger, connections, jwksCache, http }),
    ...registerRehearsal({ logger, connections, globalState: context.globalState, http }),
    new vscode.Disposable(() => {
      void jwksCache.close();
    }),
  );
  // The client (and its HTTP stack) is built when something needs Harness: the view shown, a
  // command, a .http verdict. Activation itself stays cheap.
  void vscode.commands.executeCommand('setContext', ContextKeys.connected, accounts.active() !== undefined);
  const publishHasAccount = (): void => {
    void vscode.commands.executeCommand('setContext', ContextKeys.hasAccount, accounts.active() !== undefined);
  };
  publishHasAccount();
  context.subscriptions.push(accounts.onDidChange(publishHasAccount));
  if (treeView.visible) void connections.get();
  context.subscriptions.push(
    treeView.onDidChangeVisibility((e) => {
      if (e.visible) void connections.get();
    }),
  );
  logger.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
  return {
    explorer: tree,
    explorerView: treeView,
    statusBar: statusBar.item,
    storagePaths: { globalStorage: context.globalStorageUri.fsPath, log: context.logUri.fsPath },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
