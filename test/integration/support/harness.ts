import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/platform/ids';
import type { ExtensionApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/features/explorer/explorerNodes';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { startIdp, type Idp } from '../../sandbox/idp';

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in the host`);
  return ext.activate();
}

/**
 * Signs out of every saved account, so each suite starts from the welcome view. It counts saved
 * accounts, not tree rows: after one sign-out the tree is briefly empty while it reloads for the
 * next saved account, and stopping there left accounts behind for the next suite.
 */
export async function signOutAll(): Promise<void> {
  const api = await extensionApi();
  const saved = () => vscode.authentication.getAccounts('harness-scim-jwt');
  await eventually(async () => {
    const left = await saved();
    for (const account of left) await vscode.commands.executeCommand('scimJwt.account.signOut', account.id);
    return left.length === 0 ? true : undefined;
  }, 'every saved account to be signed out');
  await eventually(async () => ((await children(api)).length === 0 ? true : undefined), 'the tree to empty');
}

export async function children(api: ExtensionApi, node?: ExplorerNode): Promise<ExplorerNode[]> {
  return (await api.explorer.getChildren(node)) ?? [];
}

/** Waits until `probe` returns a value (the tree reloads asynchronously after a connection change). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function label(api: ExtensionApi, node: ExplorerNode): { label: string; description: string } {
  const item = api.explorer.getTreeItem(node);
  const l = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  return { label: l, description: typeof item.description === 'string' ? item.description : '' };
}

/** Writes account settings straight to the emulator, as another admin would in the Harness UI. */
export async function putSettings(
  baseUrl: string,
  accountId: string,
  key: string,
  values: Record<string, string>,
): Promise<void> {
  const body = Object.entries(values).map(([identifier, value]) => ({
    identifier,
    value,
    allowOverrides: false,
    updateType: 'UPDATE',
  }));
  const res = await fetch(`${baseUrl}/ng/api/settings?accountIdentifier=${accountId}`, {
    method: 'PUT',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PUT settings: ${res.status}`);
}

/** The five permissions SCIM calls need (docs/harness-contract.md, "The five SCIM permissions"). */
export const SCIM_PERMISSIONS = [
  'core_user_view',
  'core_user_manage',
  'core_user_invite',
  'core_usergroup_view',
  'core_usergroup_manage',
];

export interface ScimAccount {
  emulator: Emulator;
  idp: Idp;
  /** Closes editors, signs out, stops both servers. */
  close(): Promise<void>;
}

/**
 * An emulator account with a service account `scim_sa` holding the five permissions, a local
 * identity provider whose tokens carry `claims`, the four settings pointing at it when
 * `settings` is set, and the extension connected to the account.
 */
export async function connectedScimAccount(options: {
  settingsCacheMs: number;
  claims?: Record<string, string>;
  settings?: { keyField: string; value: string };
}): Promise<ScimAccount> {
  const emulator = await startEmulator({ settingsCacheMs: options.settingsCacheMs });
  const idp = await startIdp(options.claims ? { claims: options.claims } : {});
  emulator.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: SCIM_PERMISSIONS });
  if (options.settings) {
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, {
      scim_jwt_token_jwks_keys_url: idp.jwksUri,
      scim_jwt_token_key_field: options.settings.keyField,
      scim_jwt_token_value_field: options.settings.value,
      scim_jwt_token_service_account_id: 'scim_sa',
    });
  }
  await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  await vscode.commands.executeCommand('scimJwt.account.connect', {
    baseUrl: emulator.baseUrl,
    apiKey: emulator.adminKey,
  });
  return {
    emulator,
    idp,
    close: async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await signOutAll();
      await idp.close();
      await emulator.close();
    },
  };
}
