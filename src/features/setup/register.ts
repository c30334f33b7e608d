/**
 * Wires the setup form into VS Code: the open and disable commands and the panel serializer.
 * `activate` calls `register(deps)` once and pushes the result.
 */
import * as vscode from 'vscode';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import { redact } from '../../core/redact';
import { registerCommands, type CommandEntry } from '../../platform/commands';
import type { ConnectionManager } from '../../platform/connection';
import { Commands, ContextKeys } from '../../platform/ids';
import { noteWalkthrough } from '../../platform/walkthrough';
import { describeInvalid, isPersistedState } from './protocol';
import { openUntitledHttp } from './scratch';
import type { SetupFormDeps } from './setupController';
import { SETUP_VIEW_TYPE, SetupPanel, type SetupFormHandle } from './setupPanel';

export interface SetupDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  connections: ConnectionManager;
  /** The product's one JWKS cache (the same the lenses use). */
  jwksCache: JwksCache;
  /** Told after every PUT that reached Harness: the sidebar reloads its SCIM settings. */
  refreshScimSettings(): void;
}

export function register(setup: SetupDeps): vscode.Disposable[] {
  const { connections, extensionUri } = setup;
  const deps: SetupFormDeps = {
    logger: setup.logger,
    jwksCache: setup.jwksCache,
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
      setup.refreshScimSettings();
    },
  };
  const open = (preselect?: unknown): SetupFormHandle => {
    // From the tree the argument is a node; from the palette nothing; from code a plain id.
    const id = typeof preselect === 'string' ? preselect : serviceAccountIdOf(preselect);
    return SetupPanel.show(extensionUri, deps, id).handle;
  };
  const table: CommandEntry[] = [
    { id: Commands.openSetup, run: open },
    {
      id: Commands.disableJwt,
      enablement: ContextKeys.connected,
      run: async () => {
        const handle = open();
        // The form asks for confirmation (with the values that would be cleared) before anything is sent.
        await handle.post({ type: 'restore', confirmed: false });
        return handle;
      },
    },
  ];
  return [
    ...registerCommands(deps.logger, table),
    vscode.window.registerWebviewPanelSerializer(SETUP_VIEW_TYPE, {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const form = isPersistedState(state) ? state.form : undefined;
        if (state !== undefined && form === undefined)
          deps.logger.warn(`setup form: discarded unreadable saved state ${redact(describeInvalid(state))}`);
        SetupPanel.revive(panel, extensionUri, deps, form);
        return Promise.resolve();
      },
    }),
    new vscode.Disposable(() => {
      SetupPanel.disposeCurrent();
    }),
  ];
}

/** A tree node for a service account carries its identifier; accept the shapes a node may have. */
function serviceAccountIdOf(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Record<string, unknown>;
  for (const key of ['serviceAccountId', 'identifier'] as const) {
    const v = o[key];
    if (typeof v === 'string') return v;
  }
  const sa = o.serviceAccount;
  if (typeof sa === 'object' && sa !== null && typeof (sa as Record<string, unknown>).identifier === 'string')
    return (sa as Record<string, string>).identifier;
  return undefined;
}
