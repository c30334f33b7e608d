/**
 * The connected account's four settings, for the drift lenses: what the explorer last loaded
 * (ScimSettingsFeed), else one read per connection shared by every module, kept until the tree
 * reloads them or the connection changes. Never read in an untrusted workspace's name.
 */
import * as vscode from 'vscode';
import type { SettingResponseDTO } from '../../core/harness';
import type { Logger } from '../../core/log';
import { redact } from '../../core/redact';
import { currentFromSettings, type CurrentSettings } from '../../core/setup';
import type { Connection, ConnectionManager } from '../../platform/connection';
import type { ScimSettingsFeed } from '../../platform/scimSettingsFeed';

export type AccountValues =
  { kind: 'read'; current: CurrentSettings; accountLabel: string } | { kind: 'unavailable'; reason: string };

export class AccountSettings implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the account's values may differ from the last answer. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: { dispose(): unknown }[] = [];
  private read: { connection: Connection; settings: Promise<SettingResponseDTO[]> } | undefined;
  private pushed: SettingResponseDTO[] | undefined;
  /** After "check again": read the account, not what the explorer loaded earlier. */
  private fresh = false;

  constructor(
    private readonly connections: Pick<ConnectionManager, 'get' | 'onDidChange'>,
    private readonly feed: Pick<ScimSettingsFeed, 'latest' | 'onDidLoad'>,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      this.changed,
      connections.onDidChange(() => {
        this.read = undefined;
        this.pushed = undefined;
        this.changed.fire();
      }),
      feed.onDidLoad((settings) => {
        this.pushed = settings;
        this.read = undefined;
        this.changed.fire();
      }),
    );
  }

  /** Undefined when signed out; the caller has checked the workspace is trusted. */
  async values(): Promise<AccountValues | undefined> {
    const connection = await this.connections.get().catch(() => undefined);
    if (!connection) return undefined;
    const accountLabel = connection.account.accountName;
    const known = this.pushed ?? (this.fresh ? undefined : this.feed.latest());
    if (known) return { kind: 'read', current: currentFromSettings(known), accountLabel };
    if (!vscode.workspace.isTrusted) return { kind: 'unavailable', reason: 'the workspace is not trusted' };
    if (this.read?.connection !== connection) this.read = { connection, settings: connection.client.scimJwtSettings() };
    try {
      const settings = await this.read.settings;
      this.fresh = false;
      return { kind: 'read', current: currentFromSettings(settings), accountLabel };
    } catch (e) {
      this.read = undefined;
      const message = redact(e instanceof Error ? e.message : String(e));
      this.logger.warn(`Reading the SCIM JWT settings for the .tf drift check failed: ${message}`);
      return { kind: 'unavailable', reason: `the account's settings could not be read (${message})` };
    }
  }

  /** "Check again": the next answer comes from Harness, not from an earlier load. */
  reload(): void {
    this.pushed = undefined;
    this.read = undefined;
    this.fresh = true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
