/**
 * The setup form's panel: one at a time, revealed if open; posts held until the webview says
 * `ready`; every received message validated before the controller sees it. Also the test handle
 * the open command returns, so extension-host tests drive the form through its own protocol.
 */
import * as vscode from 'vscode';
import { redact } from '../../core/redact';
import { NO_TOKEN_IN_OPEN_FILES, pickTokenFromOpenFiles } from '../../platform/tokenChoice';
import { WebviewTypes } from '../../platform/ids';
import { config } from '../../platform/config';
import type { ScimJwtSettings } from '../../core/setup';
import { makeNonce, resourceRoots, setupHtml } from './html';
import { describeInvalid, isFromWebview, type FromWebview, type ToWebview } from './protocol';
import { posted } from './posted';
import { SetupController, type PickedToken, type SetupFormDeps } from './setupController';

/** Messages held for a webview that is not listening; the oldest go first (a rebuilt form re-reads everything). */
const MAX_QUEUED = 200;

/** What `scimJwt.setup.open` returns: drive the form as its webview would. */
export interface SetupFormHandle {
  panel: vscode.WebviewPanel;
  /** Delivers a message as if the webview had sent it (validated like one) and waits for its handling. */
  post(message: FromWebview): Promise<void>;
}

export class SetupPanel implements vscode.Disposable {
  private static current: SetupPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly controller: SetupController;
  private ready = false;
  private readonly queue: ToWebview[] = [];
  private disposed = false;

  static show(extensionUri: vscode.Uri, deps: SetupFormDeps, preselect?: string): SetupPanel {
    if (SetupPanel.current) {
      SetupPanel.current.panel.reveal(vscode.ViewColumn.Active);
      if (preselect !== undefined) SetupPanel.current.preselect(preselect);
      return SetupPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(WebviewTypes.setup, 'SCIM JWT setup', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: resourceRoots(extensionUri),
    });
    return (SetupPanel.current = new SetupPanel(panel, extensionUri, deps, undefined, preselect));
  }

  /** Called by the serializer after a window reload, with the state the webview had saved. */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    deps: SetupFormDeps,
    form: ScimJwtSettings | undefined,
  ): SetupPanel {
    SetupPanel.current?.dispose();
    panel.webview.options = { enableScripts: true, localResourceRoots: resourceRoots(extensionUri) };
    return (SetupPanel.current = new SetupPanel(panel, extensionUri, deps, form, undefined));
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly deps: SetupFormDeps,
    restoredForm: ScimJwtSettings | undefined,
    preselect: string | undefined,
  ) {
    this.controller = new SetupController(
      deps,
      {
        post: (m) => {
          this.post(m);
        },
        copyText: async (text) => {
          await vscode.env.clipboard.writeText(text);
        },
        saveFile: (name, content) => this.saveFile(name, content),
        workspaceTrusted: () => vscode.workspace.isTrusted,
        pickToken: () => pickToken(),
        discoveryHosts: () => config.discoveryAllowedHosts(),
      },
      restoredForm,
      preselect,
    );
    panel.webview.html = setupHtml(panel.webview, extensionUri, makeNonce());
    this.disposables.push(
      panel.onDidDispose(() => {
        this.dispose();
      }),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      // Hidden, the webview is torn down and messages to it are dropped: hold them until it is
      // rebuilt and says `ready` again (which also re-sends the last send's result).
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      vscode.Disposable.from(
        deps.onDidChangeConnection(() => {
          // Not from inside the event: a signed-out rebuild fires it synchronously, before the
          // connection it is building is remembered, so asking for the connection there rebuilds
          // (and fires) again without end.
          Promise.resolve()
            .then(() => this.controller.connectionChanged())
            .catch((e: unknown) => {
              this.deps.logger.error(
                `setup form: reconnect failed: ${redact(e instanceof Error ? e.message : String(e))}`,
              );
            });
        }),
      ),
    );
  }

  /** The handle tests (and only tests) use; same validation as real messages. */
  get handle(): SetupFormHandle {
    return {
      panel: this.panel,
      post: (m) => this.receive(m),
    };
  }

  private preselect(id: string): void {
    void this.controller.selectServiceAccount(id);
  }

  private async receive(message: unknown): Promise<void> {
    if (this.disposed) return;
    if (!isFromWebview(message)) {
      this.deps.logger.warn(`setup form: ignored an invalid message ${redact(describeInvalid(message))}`);
      return;
    }
    if (message.type === 'ready') this.flushOnReady();
    try {
      await this.controller.handle(message);
    } catch (e) {
      const text = redact(e instanceof Error ? e.message : String(e));
      this.deps.logger.error(`setup form: ${message.type} failed: ${text}`);
      this.post({
        type: 'notice',
        level: 'error',
        message: `Something went wrong (${text}). Your values are kept; see the log.`,
      });
    }
  }

  private flushOnReady(): void {
    this.ready = true;
    for (const m of this.queue.splice(0)) void this.panel.webview.postMessage(m);
  }

  private post(message: ToWebview): void {
    if (this.disposed) return;
    posted.fire(message);
    if (this.ready) void this.panel.webview.postMessage(message);
    else if (this.queue.push(message) > MAX_QUEUED) this.queue.shift();
  }

  private async saveFile(name: string, content: string): Promise<boolean> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Save the settings request as an .http file',
      filters: { 'HTTP requests': ['http', 'rest'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return false;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    await vscode.window.showTextDocument(target, { preview: false });
    return true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (SetupPanel.current === this) SetupPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  static disposeCurrent(): void {
    SetupPanel.current?.dispose();
  }
}

/** The open .http files' Bearer tokens in a quick pick, each shown redacted; only in a trusted workspace. */
async function pickToken(): Promise<PickedToken> {
  // A file's variables may pull in .env values and its requests name hosts: untrusted, read nothing.
  if (!vscode.workspace.isTrusted)
    return {
      kind: 'unavailable',
      message: 'Picking a token from the open .http files needs a trusted workspace: paste the token instead.',
    };
  const pick = await pickTokenFromOpenFiles('Fill from a token: pick a token from the open .http files');
  if (pick === 'none') return { kind: 'unavailable', message: NO_TOKEN_IN_OPEN_FILES };
  return pick ? { kind: 'picked', token: pick.token, source: pick.source } : { kind: 'cancelled' };
}
