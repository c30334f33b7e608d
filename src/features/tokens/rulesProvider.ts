/**
 * Which rules the verdicts follow, per `scimJwt.rules.source`: the connected account's SCIM JWT
 * settings (as the explorer last published them, else read once and kept until the tree reloads them or
 * the connection changes), or the offline settings. Says which source it used. In an untrusted
 * workspace it reads nothing from Harness.
 */
import * as vscode from 'vscode';
import type { SettingResponseDTO } from '../../core/harness';
import { rulesFromAccountSettings, type RulesChoice } from '../../core/inspect';
import type { Logger } from '../../core/log';
import { redact } from '../../core/redact';
import { currentFromSettings } from '../../core/setup';
import { affectsConfig, config } from '../../platform/config';
import type { Connection, ConnectionManager } from '../../platform/connection';
import type { ScimSettingsFeed } from '../../platform/scimSettingsFeed';

export interface RulesProviderDeps {
  logger: Logger;
  connections: Pick<ConnectionManager, 'get' | 'onDidChange'>;
  scimSettings: Pick<ScimSettingsFeed, 'latest' | 'onDidLoad'>;
}

const NO_RULES_REASON = 'connect to Harness or set a JWKS URL';
const OFFLINE_WHERE = 'the scimJwt.offline settings';
const ACCOUNT_WHERE = "the account's SCIM JWT settings";

export class RulesProvider implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the rules may have changed: connection, tree reload, settings, trust. */
  readonly onDidChange = this.changed.event;
  /** Subscriptions and emitters this object owns. */
  private readonly disposables: { dispose(): unknown }[] = [];
  private current: Promise<RulesChoice> | undefined;
  /** Account settings read by us (not by the tree), for the connection they were read with. */
  private fetched: { connection: Connection; settings: Promise<SettingResponseDTO[]> } | undefined;
  /** Settings the tree pushed most recently; cleared when the connection changes. */
  private pushed: SettingResponseDTO[] | undefined;

  constructor(private readonly deps: RulesProviderDeps) {
    this.disposables.push(
      this.changed,
      deps.connections.onDidChange(() => {
        this.fetched = undefined;
        this.pushed = undefined;
        this.invalidate();
      }),
      deps.scimSettings.onDidLoad((settings) => {
        this.pushed = settings;
        this.fetched = undefined;
        this.invalidate();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConfig(e, 'rules.source') || affectsConfig(e, 'offline')) this.invalidate();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.invalidate();
      }),
    );
  }

  /** The rules to judge with now (cached until something above changes). */
  rules(): Promise<RulesChoice> {
    this.current ??= this.compute();
    return this.current;
  }

  /** Forgets everything, e.g. after "Refresh": the next call reads the account's settings again. */
  reload(): void {
    this.fetched = undefined;
    this.invalidate();
  }

  private invalidate(): void {
    this.current = undefined;
    this.changed.fire();
  }

  private async compute(): Promise<RulesChoice> {
    switch (config.rulesSource()) {
      case 'offline':
        return this.offline(true);
      case 'account':
        return (
          (await this.account()) ?? { kind: 'none', reason: 'connect to Harness (scimJwt.rules.source is "account")' }
        );
      case 'auto':
        return (await this.account()) ?? this.offline(false);
    }
  }

  private offline(explicit: boolean): RulesChoice {
    const o = config.offlineRules();
    if (!explicit && o.jwksUrl === '') return { kind: 'none', reason: NO_RULES_REASON };
    return rulesFromAccountSettings(o, { kind: 'offline' }, OFFLINE_WHERE);
  }

  /** Undefined when signed out. */
  private async account(): Promise<RulesChoice | undefined> {
    const connection = await this.deps.connections.get();
    if (!connection) return undefined;
    const origin = { kind: 'account', accountLabel: connection.account.accountName } as const;
    const settings = this.pushed ?? this.deps.scimSettings.latest() ?? (await this.readSettings(connection));
    if (settings === 'untrusted') return { kind: 'none', origin, reason: 'the workspace is not trusted' };
    if (typeof settings === 'string')
      return { kind: 'none', origin, reason: `the account's settings could not be read (${settings})` };
    return rulesFromAccountSettings(currentFromSettings(settings), origin, ACCOUNT_WHERE);
  }

  /** The settings, or a reason they are unknown. Never called in an untrusted workspace's name. */
  private async readSettings(connection: Connection): Promise<SettingResponseDTO[] | string> {
    if (!vscode.workspace.isTrusted) return 'untrusted';
    if (this.fetched?.connection !== connection) {
      this.fetched = { connection, settings: connection.client.scimJwtSettings() };
    }
    try {
      return await this.fetched.settings;
    } catch (e) {
      this.fetched = undefined;
      const message = redact(e instanceof Error ? e.message : String(e));
      this.deps.logger.warn(`Reading the SCIM JWT settings for .http verdicts failed: ${message}`);
      return message;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
