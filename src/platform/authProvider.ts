import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID, Commands } from './ids';
import type { AccountStore, SavedAccount } from './accounts';

/**
 * Puts saved Harness connections in VS Code's Accounts menu, where they can be seen and signed
 * out. A session carries no token: the API key (often an account admin's) stays in this
 * extension's secret storage and is never handed to another extension, even one the user allows.
 */
export class HarnessAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private known: vscode.AuthenticationSession[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly accounts: AccountStore) {
    this.subscription = accounts.onDidChange(() => {
      void this.diff();
    });
    void this.diff();
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    return this.sessions();
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const account = await vscode.commands.executeCommand<SavedAccount | undefined>(Commands.connect);
    const session = account && (await this.sessions()).find((s) => s.id === account.id);
    if (!session) throw new vscode.CancellationError();
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.accounts.remove(sessionId);
  }

  private sessions(): Promise<vscode.AuthenticationSession[]> {
    return Promise.resolve(
      this.accounts.list().map((a) => ({
        id: a.id,
        accessToken: '',
        account: { id: a.id, label: `${a.accountName} (${a.clusterLabel})` },
        scopes: [],
      })),
    );
  }

  private async diff(): Promise<void> {
    const now = await this.sessions();
    const added = now.filter((s) => !this.known.some((k) => k.id === s.id));
    const removed = this.known.filter((k) => !now.some((s) => s.id === k.id));
    this.known = now;
    if (added.length || removed.length) this.changed.fire({ added, removed, changed: [] });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerAuthProvider(accounts: AccountStore): vscode.Disposable[] {
  const provider = new HarnessAuthenticationProvider(accounts);
  const registration: vscode.Disposable = vscode.authentication.registerAuthenticationProvider(
    AUTH_PROVIDER_ID,
    'Harness',
    provider,
    { supportsMultipleAccounts: true },
  );
  return [
    new vscode.Disposable(() => {
      provider.dispose();
    }),
    registration,
  ];
}
