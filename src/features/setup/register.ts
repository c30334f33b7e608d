/**
 * Wires the setup form into VS Code: the open and disable commands and the panel serializer.
 * `activate` calls `register(deps)` once and pushes the result. The form itself (setupPanel.ts, its
 * controller and what only they use) loads the first time it opens or a saved one is revived.
 */
import * as vscode from 'vscode';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import { redact } from '../../core/redact';
import { plainLine } from '../../core/terminalText';
import { registerCommands, type CommandEntry } from '../../platform/commands';
import type { ConnectionManager } from '../../platform/connection';
import { Commands, ContextKeys, WebviewTypes } from '../../platform/ids';
import { loadPart } from '../../platform/lazy';
import { noteWalkthrough } from '../../platform/walkthrough';
import { describeInvalid, isPersistedState } from './protocol';
import { openUntitledHttp } from './scratch';
import type { SetupFormDeps } from './setupController';
import type { SetupFormHandle } from './setupPanel';

/** A form that cannot be loaded: said in the panel, which keeps its saved state for the next reload. */
const UNAVAILABLE_HTML =
  `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'">` +
  '<p>The SCIM JWT setup form could not be loaded. Reload the window; if it happens again, reinstall the extension.</p>';

const loadForm = (): Promise<typeof import('./setupPanel.js')> =>
  loadPart('the setup form', () => import('./setupPanel.js'));

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
  let loaded: typeof import('./setupPanel.js') | undefined;
  const open = async (preselect?: unknown): Promise<SetupFormHandle> => {
    // From the tree the argument is a node; from the palette nothing; from code a plain id.
    const id = typeof preselect === 'string' ? preselect : serviceAccountIdOf(preselect);
    loaded = await loadForm();
    return loaded.SetupPanel.show(extensionUri, deps, id).handle;
  };
  const table: CommandEntry[] = [
    { id: Commands.openSetup, run: open },
    {
      id: Commands.disableJwt,
      enablement: ContextKeys.connected,
      run: async () => {
        const handle = await open();
        // The form asks for confirmation (with the values that would be cleared) before anything is sent.
        await handle.post({ type: 'restore', confirmed: false });
        return handle;
      },
    },
  ];
  return [
    ...registerCommands(deps.logger, table),
    vscode.window.registerWebviewPanelSerializer(WebviewTypes.setup, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const form = isPersistedState(state) ? state.form : undefined;
        if (state !== undefined && form === undefined)
          deps.logger.warn(`setup form: discarded unreadable saved state ${redact(describeInvalid(state))}`);
        try {
          loaded = await loadForm();
        } catch (e) {
          // No command to report it: say it once. The panel stays, with its saved state, for the next reload.
          const message = e instanceof Error ? e.message : String(e);
          deps.logger.error(message);
          panel.webview.html = UNAVAILABLE_HTML;
          void vscode.window.showErrorMessage(plainLine(message));
          return;
        }
        loaded.SetupPanel.revive(panel, extensionUri, deps, form);
      },
    }),
    new vscode.Disposable(() => {
      loaded?.SetupPanel.disposeCurrent();
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
