import * as vscode from 'vscode';
import { HarnessClient, failureCategory, isHarnessApiError } from '../core/harness';
import type { Logger } from '../core/log';
import type { HttpClient } from '../core/net';
import { ContextKeys } from './ids';
import type { AccountStore, SavedAccount } from './accounts';

export type ConnectionState = 'signedOut' | 'connected' | 'unreachable' | 'rejected' | 'forbidden';

export interface Connection {
  account: SavedAccount;
  client: HarnessClient;
}

/**
 * Owns the HarnessClient of the active account: builds it from the saved key over the extension's
 * HTTP client (VS Code's network stack), rebuilds it when the account or VS Code's network settings
 * change (so a fixed proxy setting reloads the tree), and publishes the connection state as the
 * context keys the view's welcome content and menus depend on.
 */
export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Connection | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<ConnectionState>();
  /** Fires when what Harness last said about the key changes (rejected, unreachable, connected...). */
  readonly onDidChangeState = this.stateChanged.event;
  private current: Promise<Connection | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  state: ConnectionState = 'signedOut';

  constructor(
    private readonly accounts: AccountStore,
    private readonly logger: Logger,
    private readonly http: HttpClient,
  ) {
    this.disposables.push(
      accounts.onDidChange(() => {
        this.reset();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('http')) this.reset();
      }),
    );
  }

  /** The active account's connection, or undefined when signed out. */
  get(): Promise<Connection | undefined> {
    this.current ??= this.build();
    return this.current;
  }

  /** Records what the last call said about the key, for the welcome views. */
  noteFailure(error: unknown): void {
    if (!isHarnessApiError(error)) return;
    const category = failureCategory(error);
    if (category === 'rejected') this.setState('rejected');
    else if (category === 'unreachable') this.setState('unreachable');
    else if (category === 'forbidden') this.setState('forbidden');
  }

  noteSuccess(): void {
    if (this.state !== 'connected' && this.accounts.active()) this.setState('connected');
  }

  /** "Retry" after a rejected or unreachable state: assume the best and let the next call tell. */
  retry(): void {
    if ((this.state === 'rejected' || this.state === 'unreachable') && this.accounts.active())
      this.setState('connected');
  }

  private generation = 0;

  private async build(): Promise<Connection | undefined> {
    const generation = ++this.generation;
    // Yield before anything can fire: signed out, nothing below awaits, and a listener of
    // onDidChange that asks get() again must find this build in `current`, not start another.
    await Promise.resolve();
    const account = this.accounts.active();
    const apiKey = account && (await this.accounts.apiKey(account));
    // Saving an account changes both the list and the secret: a second reset may have started a
    // newer build while this one awaited the key. Only the newest build publishes a client.
    if (generation !== this.generation) return this.get();
    if (!account || !apiKey) {
      this.setState('signedOut');
      this.changed.fire(undefined);
      return undefined;
    }
    const client = new HarnessClient({
      baseUrl: account.baseUrl,
      apiKey,
      accountId: account.accountId,
      logger: this.logger,
      http: this.http,
    });
    this.setState('connected');
    const connection = { account, client };
    this.changed.fire(connection);
    return connection;
  }

  private reset(): void {
    this.current = undefined;
    void this.get();
  }

  private setState(state: ConnectionState): void {
    const changed = this.state !== state;
    this.state = state;
    if (changed) this.stateChanged.fire(state);
    void vscode.commands.executeCommand(
      'setContext',
      ContextKeys.connected,
      state === 'connected' || state === 'forbidden',
    );
    void vscode.commands.executeCommand('setContext', ContextKeys.connectionState, state);
  }

  dispose(): void {
    this.changed.dispose();
    this.stateChanged.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
