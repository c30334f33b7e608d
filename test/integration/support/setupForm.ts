// Drives the setup form as its webview would, and records what the form posts back. The recording
// lives here, in the tests: the product only announces each message (ExtensionApi.setupFormMessages).
import type * as vscode from 'vscode';
import * as vscodeApi from 'vscode';
import type { SetupFormHandle } from '../../../src/features/setup';
import type { FromWebview, ToWebview, ToWebviewType } from '../../../src/features/setup/protocol';
import { extensionApi } from './harness';

export interface FormDriver {
  panel: vscode.WebviewPanel;
  /** Delivers a message as if the webview had sent it (validated like one) and waits for its handling. */
  post(message: FromWebview): Promise<void>;
  /**
   * The first message of this type (matching `where`) posted since the last `post()` or `waitFor`
   * answer, waiting for it if it has not come yet.
   */
  waitFor<T extends ToWebviewType>(
    type: T,
    where?: (m: Extract<ToWebview, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ToWebview, { type: T }>>;
  /** Every message posted to the webview since the command ran, in order. */
  readonly sent: readonly ToWebview[];
}

interface Waiter {
  matches(m: ToWebview): boolean;
  resolve(m: ToWebview): void;
}

/**
 * Runs a command that returns the setup form's handle (`scimJwt.setup.open`, `.disable`, "Use for
 * SCIM JWT"), recording from just before it runs, so messages posted while it runs are seen too.
 */
export async function openForm(command: string, ...args: unknown[]): Promise<FormDriver | undefined> {
  const api = await extensionApi();
  const sent: ToWebview[] = [];
  const waiters = new Set<Waiter>();
  /** Where the log stood when the driver last posted: `waitFor` also sees messages from there on. */
  let mark = 0;
  const recording = api.setupFormMessages((message) => {
    sent.push(message);
    for (const w of [...waiters]) {
      if (w.matches(message)) {
        waiters.delete(w);
        w.resolve(message);
      }
    }
  });
  let handle: SetupFormHandle | undefined;
  try {
    handle = await vscodeApi.commands.executeCommand<SetupFormHandle | undefined>(command, ...args);
  } finally {
    if (!handle) recording.dispose();
  }
  if (!handle) return undefined;
  const { panel } = handle;
  panel.onDidDispose(() => {
    recording.dispose();
  });
  const waitFor = <T extends ToWebviewType>(
    type: T,
    where?: (m: Extract<ToWebview, { type: T }>) => boolean,
    timeoutMs = 20_000,
  ): Promise<Extract<ToWebview, { type: T }>> => {
    const matches = (m: ToWebview): m is Extract<ToWebview, { type: T }> =>
      m.type === type && (where === undefined || where(m as Extract<ToWebview, { type: T }>));
    const already = sent.slice(mark).find(matches);
    if (already) {
      // Consumed: the next waitFor of the same type looks past it.
      mark = sent.indexOf(already) + 1;
      return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`setup form: no "${type}" message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        matches,
        resolve: (m) => {
          clearTimeout(timer);
          mark = sent.length;
          resolve(m as Extract<ToWebview, { type: T }>);
        },
      };
      waiters.add(waiter);
    });
  };
  return {
    panel,
    post: (m) => {
      mark = sent.length;
      return handle.post(m);
    },
    waitFor,
    sent,
  };
}
