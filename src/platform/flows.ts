/**
 * UI flows more than one feature goes through: "connect first", and a long call under a
 * cancellable notification. (Picking a token from the open files is in tokenChoice.ts.)
 */
import * as vscode from 'vscode';
import { UserFacingError } from './commands';
import type { Connection, ConnectionManager } from './connection';
import { Commands } from './ids';

const CONNECT = 'Connect to Harness';

/**
 * The connected account, or the error a command fails with when there is none: `message` with a
 * Connect button (registerCommand shows it).
 */
export async function requireConnection(
  connections: Pick<ConnectionManager, 'get'>,
  message: string,
): Promise<Connection> {
  const connection = await connections.get();
  if (!connection) throw new UserFacingError(message, [{ title: 'Connect', command: Commands.connect }]);
  return connection;
}

/** Says why a connection is needed and offers the connect flow; true once the user went through it. */
export async function offerToConnect(message: string): Promise<boolean> {
  const pick = await vscode.window.showInformationMessage(message, CONNECT);
  if (pick !== CONNECT) return false;
  await vscode.commands.executeCommand(Commands.connect);
  return true;
}

export type ProgressReporter = vscode.Progress<{ message?: string; increment?: number }>;

/** Runs `task` under a cancellable notification titled `title`; Cancel aborts the signal it is given. */
export function withCancellableProgress<T>(
  title: string,
  task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, cancel) => {
      const abort = new AbortController();
      const sub = cancel.onCancellationRequested(() => {
        abort.abort();
      });
      try {
        return await task(progress, abort.signal);
      } finally {
        sub.dispose();
      }
    },
  );
}
