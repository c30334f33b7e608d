import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { redact } from '../core/redact';
import { Commands, type CommandId } from './ids';
import { plainLine } from '../core/terminalText';

/** Errors that carry their own user-facing text and the actions that fix them. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly actions: readonly { title: string; command: string; args?: unknown[] }[] = [],
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export function isCancellation(e: unknown): boolean {
  return e instanceof vscode.CancellationError || (e instanceof Error && e.name === 'AbortError');
}

/**
 * Registers a command whose failures become one short message with buttons instead of an
 * unhandled rejection. Cancellation is silent; everything else is logged (redacted).
 */
export function registerCommand(id: CommandId, logger: Logger, run: (...args: never[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (run as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      if (isCancellation(e)) return undefined;
      const message = redact(e instanceof Error ? e.message : String(e));
      logger.error(`${id} failed: ${message}`);
      const actions = e instanceof UserFacingError ? e.actions : [];
      const buttons = [...actions.map((a) => a.title), 'Show Log'];
      // Not awaited: the command settles now, whether or not the user ever answers the message.
      void vscode.window.showErrorMessage(plainLine(message), ...buttons).then(async (picked) => {
        const action = actions.find((a) => a.title === picked);
        if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
        else if (picked === 'Show Log') await vscode.commands.executeCommand(Commands.showLog);
      });
      return undefined;
    }
  });
}

/**
 * One row of a feature's command table: the id (from ids.ts), what it runs, and the `enablement`
 * clause package.json gives it, if any (a unit test holds the tables and package.json together).
 */
export interface CommandEntry {
  id: CommandId;
  enablement?: string;
  run: (...args: never[]) => unknown;
}

/** A feature's command table, registered with `registerCommand`'s error handling. */
export function registerCommands(logger: Logger, table: readonly CommandEntry[]): vscode.Disposable[] {
  return table.map((c) => registerCommand(c.id, logger, c.run));
}
