import * as vscode from 'vscode';
import { JwksCache } from './core/jwt';
import { SecretScrubber } from './core/secrets';
import * as account from './features/account/register';
import * as doctor from './features/doctor/register';
import * as explorer from './features/explorer/register';
import type { ExplorerNode } from './features/explorer/explorerNodes';
import { ExplorerTreeProvider } from './features/explorer/explorerTree';
import * as rehearsal from './features/rehearsal/register';
import * as setup from './features/setup';
import type { ToWebview } from './features/setup/protocol';
import * as terraform from './features/terraform/register';
import * as tokens from './features/tokens/register';
import { AccountStore } from './platform/accounts';
import { registerAuthProvider } from './platform/authProvider';
import { ConnectionManager } from './platform/connection';
import { createLogger } from './platform/log';
import { createNetwork } from './platform/network';
import { ScimSettingsFeed } from './platform/scimSettingsFeed';

/** What tests (and only tests) reach through `extension.exports`. */
export interface ExtensionApi {
  explorer: ExplorerTreeProvider;
  explorerView: vscode.TreeView<ExplorerNode>;
  /** Where VS Code keeps this extension's state and log files (tests search them for leaked secrets). */
  storagePaths: { globalStorage: string; log: string };
  statusBar: vscode.StatusBarItem;
  /** Every message the setup form posts to its webview (tests record what they wait for). */
  setupFormMessages: vscode.Event<ToWebview>;
}

/** Composition root: build the shared services, then let each feature register itself. */
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
  // Shared: the explorer shows it, the setup form refreshes it after a write.
  const tree = new ExplorerTreeProvider(scimSettings);
  // The product's one JWKS cache: the setup form's checks and the .http verdicts share it.
  const jwksCache = new JwksCache({ logger, http, secrets });
  const exposed: Partial<Pick<ExtensionApi, 'explorerView' | 'statusBar'>> = {};

  context.subscriptions.push(
    channel,
    network.disposable,
    accounts,
    connections,
    scimSettings,
    tree,
    ...registerAuthProvider(accounts),
    ...account.register({
      logger,
      accounts,
      connections,
      http,
      exposeStatusBar: (item) => (exposed.statusBar = item),
    }),
    ...explorer.register({
      logger,
      connections,
      tree,
      jwksCache,
      showLog: () => {
        channel.show();
      },
      exposeView: (view) => (exposed.explorerView = view),
    }),
    ...setup.register({
      extensionUri: context.extensionUri,
      logger,
      connections,
      jwksCache,
      refreshScimSettings: () => {
        tree.refresh('scim');
      },
    }),
    ...tokens.register({ logger, connections, scimSettings, jwksCache, http }),
    ...terraform.register({ logger, connections, scimSettings, jwksCache, extensionUri: context.extensionUri }),
    ...doctor.register({ logger, connections, jwksCache, http }),
    ...rehearsal.register({ logger, connections, globalState: context.globalState, http }),
    new vscode.Disposable(() => {
      void jwksCache.close();
    }),
  );
  logger.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
  if (!exposed.explorerView || !exposed.statusBar) throw new Error('a feature did not expose its view');
  return {
    explorer: tree,
    explorerView: exposed.explorerView,
    statusBar: exposed.statusBar,
    storagePaths: { globalStorage: context.globalStorageUri.fsPath, log: context.logUri.fsPath },
    setupFormMessages: setup.onDidPostToSetupForm,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
