import * as vscode from 'vscode';
import {
  ApiKeyFormatError,
  BaseUrlError,
  CLUSTER_CHOICES,
  HarnessClient,
  baseUrlFor,
  clusterLabel,
  failureCategory,
  isHarnessApiError,
  normalizeBaseUrl,
  parseApiKey,
  type ClusterId,
} from '../../core/harness';
import type { Logger } from '../../core/log';
import { CERTIFICATE_TRUST_CODES, type HttpClient } from '../../core/net';
import { redactSecret } from '../../core/redact';
import type { AccountStore, SavedAccount } from '../../platform/accounts';
import { UserFacingError } from '../../platform/commands';
import { config } from '../../platform/config';
import { withCancellableProgress } from '../../platform/flows';
import { Commands } from '../../platform/ids';
import { plainLine } from '../../core/terminalText';

/** Arguments for a non-interactive connect (the sandbox and tests use it; the palette does not). */
export interface ConnectArgs {
  baseUrl: string;
  apiKey: string;
  accountId?: string;
}

export interface AccountCommandDeps {
  accounts: AccountStore;
  logger: Logger;
  /** The extension's HTTP client: VS Code's network stack. */
  http: HttpClient;
}

function isConnectArgs(value: unknown): value is ConnectArgs {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.baseUrl === 'string' &&
    typeof v.apiKey === 'string' &&
    (v.accountId === undefined || typeof v.accountId === 'string')
  );
}

/**
 * "Connect to Harness account": cluster → API key (→ account id for a legacy key) → one call
 * that proves the key can read the SCIM settings → SecretStorage. Nothing is stored unless the
 * proof succeeds. Returns the saved account.
 */
export async function connect(deps: AccountCommandDeps, args?: unknown): Promise<SavedAccount | undefined> {
  const given = isConnectArgs(args) ? args : undefined;
  const baseUrl = given ? normalizeBaseUrl(given.baseUrl) : await pickBaseUrl();
  if (!baseUrl) return undefined;
  const apiKey = given?.apiKey.trim() ?? (await askApiKey());
  if (!apiKey) return undefined;
  let accountId = given?.accountId;
  if (!accountId && apiKey.split('.').length === 3) {
    accountId = await vscode.window.showInputBox({
      title: 'Connect to Harness (3/3): account id',
      prompt:
        'This is a legacy API key that does not name its account. Enter the account id (Account Settings → Overview, or the id in any Harness URL after /account/).',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[A-Za-z0-9_-]+$/.test(v.trim()) ? undefined : 'Letters, digits, - and _ only.'),
    });
    if (!accountId) return undefined;
  }
  const parsed = parseApiKey(apiKey, accountId);
  const client = new HarnessClient({
    baseUrl,
    apiKey,
    accountId: parsed.accountId,
    logger: deps.logger,
    http: deps.http,
  });
  try {
    const found = await withCancellableProgress(
      `Checking the key with Harness at ${baseUrl}…`,
      async (_progress, signal) => {
        const who = await client.whoAmI({ signal });
        // The same read Harness's SCIM filter makes: a key that cannot do it is of no use here.
        await client.scimJwtSettings({ signal });
        const account = await client.getAccount({ signal });
        return {
          name: account.name,
          principal: who.username ?? who.email ?? who.name ?? who.parentIdentifier ?? undefined,
        };
      },
    );
    const account: SavedAccount = {
      id: `${parsed.accountId}@${baseUrl}`,
      accountId: parsed.accountId,
      accountName: found.name,
      principal: found.principal,
      baseUrl,
      clusterLabel: clusterLabel(baseUrl),
      keyKind: parsed.kind,
    };
    await deps.accounts.save(account, apiKey);
    deps.logger.info(`connected to account ${account.accountId} at ${baseUrl} with ${redactSecret(apiKey)}`);
    if (!given)
      void vscode.window.showInformationMessage(
        plainLine(`Connected to Harness account ${account.accountName} (${account.clusterLabel}).`),
      );
    return account;
  } catch (e) {
    throw explainConnectFailure(e, baseUrl);
  }
}

function explainConnectFailure(e: unknown, baseUrl: string): unknown {
  if (!isHarnessApiError(e)) return e;
  const retry = { title: 'Try Again', command: Commands.connect };
  switch (failureCategory(e)) {
    case 'rejected':
      return new UserFacingError(
        `Harness refused this API key (${e.code ?? e.httpStatus ?? 'invalid'}): it may be expired, revoked, or for another account or cluster.`,
        [retry],
      );
    case 'forbidden':
      return new UserFacingError(
        `${e.message} The key works but cannot read account settings; use a key whose owner can view account settings.`,
        [retry],
      );
    case 'unreachable':
      // A certificate or proxy failure already says what to do; anything else gets the general advice.
      return new UserFacingError(
        `Harness at ${baseUrl} did not answer: ${e.message}${explained(e.code) ? '' : " Check the cluster and the network; VS Code's proxy settings apply (http.proxy)."}`,
        [retry],
      );
    case 'cancelled':
      return e;
    case 'not-found':
    case 'server':
    case 'client':
      return new UserFacingError(`Could not check the key: ${e.message}`, [retry]);
  }
}

function explained(code: string | undefined): boolean {
  return code !== undefined && (CERTIFICATE_TRUST_CODES.has(code) || code.startsWith('PROXY_'));
}

async function pickBaseUrl(): Promise<string | undefined> {
  const preferred = config.cluster();
  type Item = vscode.QuickPickItem & { id: ClusterId };
  const items: Item[] = CLUSTER_CHOICES.map((c) => ({
    id: c.id,
    label: c.label,
    detail: c.detail,
    picked: c.id === preferred,
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Connect to Harness (1/2): cluster',
    placeHolder: 'Where is your account? (Account Settings → Overview shows the cluster)',
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  if (pick.id !== 'self-managed' && pick.id !== 'custom') return baseUrlFor(pick.id);
  const typed = await vscode.window.showInputBox({
    title: 'Connect to Harness: base URL',
    prompt:
      pick.id === 'self-managed'
        ? 'Your Harness install, e.g. https://harness.example.com (no /gateway)'
        : 'Base URL, e.g. http://127.0.0.1:7457',
    value: config.customBaseUrl(),
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        normalizeBaseUrl(v);
        return undefined;
      } catch (e) {
        return e instanceof BaseUrlError ? e.message : 'Not a URL.';
      }
    },
  });
  return typed ? (pick.id === 'self-managed' ? baseUrlFor('self-managed', typed) : normalizeBaseUrl(typed)) : undefined;
}

async function askApiKey(): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({
    title: 'Connect to Harness (2/2): API key',
    prompt: "A Harness API key (pat.… or sat.…). It is kept in VS Code's secret storage and sent only to Harness.",
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        // Legacy 3-part keys are fine here: the account id is asked for next.
        parseApiKey(v, v.trim().split('.').length === 3 ? 'account' : undefined);
        return undefined;
      } catch (e) {
        return e instanceof ApiKeyFormatError ? e.message : 'Not a Harness API key.';
      }
    },
  });
  return key?.trim();
}

/** Forgets the active (or given) account and deletes its key from secret storage. */
export async function signOut(deps: AccountCommandDeps, accountId?: unknown): Promise<void> {
  const account =
    typeof accountId === 'string' ? deps.accounts.list().find((a) => a.id === accountId) : deps.accounts.active();
  if (!account) return;
  await deps.accounts.remove(account.id);
  deps.logger.info(`signed out of ${account.accountId} at ${account.baseUrl}`);
}

/** Switches between saved accounts, or connects another. */
export async function switchAccount(deps: AccountCommandDeps): Promise<void> {
  const active = deps.accounts.active();
  type Item = vscode.QuickPickItem & { accountId?: string };
  const items: Item[] = [
    ...deps.accounts.list().map((a) => ({
      label: `${a.id === active?.id ? '$(check) ' : ''}${plainLine(a.accountName)}`,
      description: plainLine(a.clusterLabel),
      detail: plainLine(a.baseUrl),
      accountId: a.id,
    })),
    { label: '$(plus) Connect another account…' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Harness account' });
  if (!pick) return;
  if (pick.accountId) await deps.accounts.activate(pick.accountId);
  else await vscode.commands.executeCommand(Commands.connect);
}
