/**
 * Wires the setup form into VS Code: the open and disable commands and the panel serializer.
 * `activate` calls `registerSetupForm(context, deps)` once and pushes the result.
 */
import * as vscode from 'vscode';
import { redact } from '../../core/redact';
import { registerCommand } from '../../platform/commands';
import { Commands } from '../../platform/ids';
import { describeInvalid, isPersistedState } from './protocol';
import type { SetupFormDeps } from './setupController';
import { SETUP_VIEW_TYPE, SetupPanel, type SetupFormHandle } from './setupPanel';

export function registerSetupForm(
  context: Pick<vscode.ExtensionContext, 'extensionUri'>,
  deps: SetupFormDeps,
): vscode.Disposable[] {
  const open = (preselect?: unknown): SetupFormHandle => {
    // From the tree the argument is a node; from the palette nothing; from code a plain id.
    const id = typeof preselect === 'string' ? preselect : serviceAccountIdOf(preselect);
    return SetupPanel.show(context.extensionUri, deps, id).handle;
  };
  return [
    registerCommand(Commands.openSetup, deps.logger, open),
    registerCommand(Commands.disableJwt, deps.logger, async () => {
      const handle = open();
      // The form asks for confirmation (with the values that would be cleared) before anything is sent.
      await handle.post({ type: 'restore', confirmed: false });
      return handle;
    }),
    vscode.window.registerWebviewPanelSerializer(SETUP_VIEW_TYPE, {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const form = isPersistedState(state) ? state.form : undefined;
        if (state !== undefined && form === undefined)
          deps.logger.warn(`setup form: discarded unreadable saved state ${redact(describeInvalid(state))}`);
        SetupPanel.revive(panel, context.extensionUri, deps, form);
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
