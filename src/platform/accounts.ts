import * as vscode from 'vscode';
import { StorageKeys } from './ids';

/** A saved connection. The API key itself lives only in SecretStorage, under `secretKey(id)`. */
export interface SavedAccount {
  /** `<accountId>@<baseUrl>`: the same account on two clusters is two connections. */
  id: string;
  accountId: string;
  accountName: string;
  /** Who the key belongs to (user name or service account), when Harness says. */
  principal?: string | undefined;
  baseUrl: string;
  clusterLabel: string;
  /** `pat` or `sat`, shown so the user knows whose permissions the tree reflects. */
  keyKind: string;
}

const ACCOUNTS = StorageKeys.accounts;
const ACTIVE = StorageKeys.activeAccount;
const secretKey = (id: string): string => `${StorageKeys.apiKeyPrefix}${id}`;

/**
 * Saved Harness connections: metadata in globalState, keys in SecretStorage. Fires
 * `onDidChange` when the list or the active account changes, in this window or another.
 */
export class AccountStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(StorageKeys.apiKeyPrefix)) this.changed.fire();
    });
  }

  list(): SavedAccount[] {
    return this.state.get<SavedAccount[]>(ACCOUNTS, []);
  }

  active(): SavedAccount | undefined {
    const id = this.state.get<string>(ACTIVE);
    const all = this.list();
    return all.find((a) => a.id === id) ?? all[0];
  }

  async apiKey(account: SavedAccount): Promise<string | undefined> {
    return this.secrets.get(secretKey(account.id));
  }

  /** Stores the key first: an account is never listed without its key. */
  async save(account: SavedAccount, apiKey: string): Promise<void> {
    await this.secrets.store(secretKey(account.id), apiKey);
    const others = this.list().filter((a) => a.id !== account.id);
    await this.state.update(ACCOUNTS, [...others, account]);
    await this.state.update(ACTIVE, account.id);
    this.changed.fire();
  }

  async activate(id: string): Promise<void> {
    await this.state.update(ACTIVE, id);
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    await this.state.update(
      ACCOUNTS,
      this.list().filter((a) => a.id !== id),
    );
    if (this.state.get<string>(ACTIVE) === id) await this.state.update(ACTIVE, this.list()[0]?.id);
    await this.secrets.delete(secretKey(id));
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
