import * as vscode from 'vscode';
import {
  SCIM_JWT_SETTING_IDS,
  SCIM_PERMISSIONS,
  ScimJwtSettingIds,
  type AccountSettings,
  type SettingResponseDTO,
} from '../../core/harness';
import { countWord } from '../../core/countWords';
import { JWT_REACH_NOTE, scimGroupStatus } from '../../core/setup';
import { mdCode, mdText } from '../../core/markdown';
import { redact } from '../../core/redact';
import { Commands, Views } from '../../platform/ids';
import type { ScimSettingsFeed } from '../../platform/scimSettingsFeed';
import {
  type ExplorerNode,
  type GroupId,
  type ServiceAccountStatus,
  SCIM_SETTING_HELP,
  groupNodes,
  scimSettingNodes,
} from './explorerNodes';
import { plainLine } from '../../core/terminalText';

/** What the tree reads; implemented over the HarnessClient by the connection. */
export interface ExplorerSource {
  readonly accountLabel: string;
  scimSettings(): Promise<SettingResponseDTO[]>;
  /** Every category's account-scope settings, read when "Account settings" is first expanded. */
  accountSettings(): Promise<AccountSettings>;
  serviceAccounts(configuredId: string | undefined): Promise<ServiceAccountStatus[]>;
}

type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

const time = (ms: number): string => new Date(ms).toLocaleTimeString();
const when = (ms: number | null | undefined): string => (ms ? new Date(ms).toLocaleString() : 'never');

/**
 * The sidebar tree. Signed out it has no rows, so the view shows its `viewsWelcome` content.
 * Each group loads with its own request, shows progress in the view while it does, and on
 * failure shows an error row with Retry without blanking the other groups.
 */
export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private source: ExplorerSource | undefined;
  private readonly cache = new Map<string, Promise<Loaded<ExplorerNode[]>>>();
  private scimSettings: SettingResponseDTO[] | undefined;
  private pendingTimer: NodeJS.Timeout | undefined;

  private blocked = false;

  /** `scimSettings` receives the SCIM JWT settings whenever they are (re)loaded: the .http verdicts follow them. */
  constructor(private readonly scimSettingsFeed: ScimSettingsFeed) {}

  /**
   * While Harness refuses the key or cannot be reached, the tree shows no rows so the view's
   * welcome content (Connect again / Retry / Open log) takes their place.
   */
  setBlocked(blocked: boolean): void {
    if (blocked === this.blocked) return;
    this.blocked = blocked;
    this.cache.clear();
    this.changed.fire(undefined);
  }

  setSource(source: ExplorerSource | undefined): void {
    this.source = source;
    this.cache.clear();
    this.scimSettings = undefined;
    this.scimSettingsFeed.clear();
    this.changed.fire(undefined);
  }

  /** Reloads one group (and what depends on it), or everything. */
  refresh(group?: GroupId): void {
    if (!group) {
      this.cache.clear();
      this.changed.fire(undefined);
      return;
    }
    for (const key of [...this.cache.keys()]) if (key === group || key.startsWith(`${group}/`)) this.cache.delete(key);
    // The service accounts' "configured" mark depends on the SCIM settings.
    if (group === 'scim') this.cache.delete('serviceAccounts');
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        // Account settings is long and read-only here: start it collapsed.
        const item = new vscode.TreeItem(
          node.label,
          node.id === 'settings' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = node.id;
        item.contextValue = `group.${node.id}`;
        if (node.id === 'scim' && this.scimSettings) {
          const status = scimGroupStatus(this.scimSettings, Date.now());
          item.description =
            status.kind === 'configured'
              ? 'configured'
              : status.kind === 'missing'
                ? `${status.missing} of ${SCIM_JWT_SETTING_IDS.length} missing`
                : `${status.missing ? `${status.missing} of ${SCIM_JWT_SETTING_IDS.length} missing · ` : ''}takes effect at ${time(status.effectiveAt)}`;
          item.iconPath = new vscode.ThemeIcon(
            status.kind === 'configured' ? 'pass' : status.kind === 'pending' ? 'watch' : 'warning',
          );
        } else {
          item.iconPath = new vscode.ThemeIcon(
            node.id === 'serviceAccounts' ? 'robot' : node.id === 'settings' ? 'settings-gear' : 'key',
          );
        }
        return item;
      }
      case 'scimSetting': {
        const help = SCIM_SETTING_HELP[node.identifier];
        const value = node.response?.setting.value;
        const item = new vscode.TreeItem(help?.label ?? node.identifier);
        item.id = node.id;
        item.description = value ? JSON.stringify(value).slice(1, -1) : 'not set';
        item.iconPath = new vscode.ThemeIcon(value?.trim() ? 'check' : 'circle-large-outline');
        // The JWKS URL row also offers "Make Harness Re-read the Key Set" (package.json menus).
        item.contextValue = value
          ? node.identifier === ScimJwtSettingIds.jwksUrl
            ? 'scimSetting.set.jwksUrl'
            : 'scimSetting.set'
          : 'scimSetting';
        item.tooltip = new vscode.MarkdownString(
          // The value is whatever Harness holds: inline code that survives any backticks or line breaks in it.
          `**${mdText(node.identifier)}**\n\n${help?.help ?? ''}\n\nValue: ${value ? mdCode(value) : '_not set_'}  \n` +
            `Source: ${mdText(node.response?.setting.settingSource ?? 'DEFAULT')}  \nChanged: ${when(node.response?.lastModifiedAt)}`,
        );
        return item;
      }
      case 'category': {
        const item = new vscode.TreeItem(
          plainLine(node.category.displayName),
          vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = node.id;
        const count = `${String(node.settings.length)} setting${node.settings.length === 1 ? '' : 's'} at account scope`;
        item.tooltip = `${node.category.displayName} (${node.category.value}): ${count}`;
        // A string tooltip would otherwise be all a screen reader says; lead with the name.
        item.accessibilityInformation = { label: `${node.category.displayName}, ${count}` };
        item.contextValue = 'category';
        return item;
      }
      case 'unavailableCategory': {
        // A category this Harness does not know (older self-managed installs lack the newer ones):
        // not a failure of the account, so it reads as a fact, not as an error to retry.
        const item = new vscode.TreeItem(plainLine(node.category.displayName));
        item.id = node.id;
        item.description = 'not available in this account';
        item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
        item.tooltip = `Harness refused category ${node.category.value} while the others loaded: this Harness does not have it.`;
        item.accessibilityInformation = { label: `${node.category.displayName}: not available in this account` };
        item.contextValue = 'unavailableCategory';
        return item;
      }
      case 'setting': {
        const s = node.response.setting;
        // Names and values are Harness's: one line of text in the tree.
        const item = new vscode.TreeItem(plainLine(s.name || s.identifier));
        item.id = node.id;
        const shown = plainLine(s.value ?? s.defaultValue ?? 'not set');
        item.description = `${shown} · ${plainLine(s.settingSource.toLowerCase())}`;
        item.accessibilityInformation = {
          label: `${s.name || s.identifier}: ${shown}, from ${s.settingSource.toLowerCase()}`,
        };
        item.contextValue = 'setting';
        item.tooltip = new vscode.MarkdownString(
          `**${mdText(s.identifier)}** (${mdText(s.valueType)})\n\nValue: ${mdCode(s.value ?? '')}  \nDefault: ${mdCode(s.defaultValue ?? '')}  \nChanged: ${when(node.response.lastModifiedAt)}`,
        );
        return item;
      }
      case 'serviceAccount': {
        const { aggregate, missing, configured } = node.status;
        const extra = node.status.extra ?? [];
        const unverified = node.status.unverified ?? [];
        const sa = aggregate.serviceAccount;
        const hasChildren = aggregate.roleAssignmentsMetadataDTO.length > 0;
        const item = new vscode.TreeItem(
          plainLine(sa.name),
          hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        const mark = configured ? ' · used for SCIM JWT' : '';
        const id = sa.identifier === sa.name ? '' : `${sa.identifier} · `;
        const extraCount = new Set(extra.flatMap((e) => e.permissions)).size;
        const state =
          missing.length > 0
            ? `missing ${missing.length} of ${SCIM_PERMISSIONS.length}`
            : unverified.length > 0
              ? `${unverified.length} of ${SCIM_PERMISSIONS.length} unverified`
              : extraCount > 0
                ? `all ${SCIM_PERMISSIONS.length} permissions + ${extraCount} more`
                : `all ${SCIM_PERMISSIONS.length} permissions`;
        item.description = `${id}${state}${mark}`;
        const clean = missing.length === 0 && unverified.length === 0 && extraCount === 0;
        item.iconPath = new vscode.ThemeIcon(
          clean ? 'pass' : 'warning',
          new vscode.ThemeColor(clean ? 'testing.iconPassed' : 'list.warningForeground'),
        );
        item.contextValue = configured ? 'serviceAccount.configured' : 'serviceAccount';
        const lines: string[] = [];
        if (missing.length > 0) lines.push(`Missing: ${missing.map(mdCode).join(', ')}`);
        else if (unverified.length > 0)
          lines.push(`Could not verify the custom resource group granting ${unverified.map(mdCode).join(', ')}.`);
        else lines.push(`Holds all ${countWord(SCIM_PERMISSIONS.length)} permissions SCIM needs.`);
        if (extraCount > 0) {
          lines.push(`**More than SCIM needs.** ${JWT_REACH_NOTE}`);
          for (const e of extra)
            lines.push(
              `- ${mdText(e.roleIdentifier)} on ${mdText(e.resourceGroupIdentifier)}: ${e.permissions.map(mdCode).join(', ')}`,
            );
        }
        item.tooltip = new vscode.MarkdownString(
          `**${sa.name}** (\`${sa.identifier}\`)  \n${sa.email}\n\n${lines.join('\n\n')}`,
        );
        return item;
      }
      case 'roleAssignment': {
        const a = node.assignment;
        const item = new vscode.TreeItem(plainLine(a.roleName ?? a.roleIdentifier));
        item.id = node.id;
        item.description = plainLine(a.resourceGroupName ?? a.resourceGroupIdentifier);
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = 'roleAssignment';
        return item;
      }
      case 'missingServiceAccount': {
        const item = new vscode.TreeItem(plainLine(node.identifier));
        item.id = node.id;
        item.description = 'configured, but no such service account';
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.contextValue = 'missingServiceAccount';
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(plainLine(node.message));
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.contextValue = 'error';
        item.tooltip = `${plainLine(node.message)}\nClick to retry.`;
        // The red icon is the only sign it failed: say it, and how to retry from the keyboard.
        item.accessibilityInformation = { label: `Error: ${node.message}. Press Enter to retry.` };
        item.command = { command: Commands.refresh, title: 'Retry', arguments: [node.group] };
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem(plainLine(node.message));
        item.id = node.id;
        item.contextValue = 'empty';
        return item;
      }
    }
  }

  getChildren(node?: ExplorerNode): vscode.ProviderResult<ExplorerNode[]> {
    const source = this.source;
    if (!source || this.blocked) return [];
    if (!node) return [...groupNodes];
    switch (node.kind) {
      case 'group':
        return this.load(node.id, node.id, () => this.loadGroup(source, node.id));
      case 'category':
        return node.settings.map((r) => ({ kind: 'setting', id: `${node.id}/${r.setting.identifier}`, response: r }));
      case 'serviceAccount':
        return node.status.aggregate.roleAssignmentsMetadataDTO.map((a) => ({
          kind: 'roleAssignment',
          id: `${node.id}/${a.identifier}`,
          assignment: a,
        }));
      default:
        return [];
    }
  }

  private async loadGroup(source: ExplorerSource, group: GroupId): Promise<ExplorerNode[]> {
    switch (group) {
      case 'scim': {
        const settings = await source.scimSettings();
        // Another account was connected while this loaded: its rules must not reach the .http verdicts.
        if (source !== this.source) return [];
        this.scimSettings = settings;
        this.scimSettingsFeed.publish(settings);
        this.scheduleStatusRefresh();
        this.changed.fire(groupNodes[0]);
        return scimSettingNodes(settings);
      }
      case 'settings': {
        const { categories, unavailable } = await source.accountSettings();
        const nodes: ExplorerNode[] = [
          ...categories.map(({ category, settings }): ExplorerNode => ({
            kind: 'category',
            id: `settings/${category.value}`,
            category,
            settings,
          })),
          ...unavailable.map((category): ExplorerNode => ({
            kind: 'unavailableCategory',
            id: `settings/${category.value}`,
            category,
          })),
        ];
        return categories.length
          ? nodes
          : [{ kind: 'empty', id: 'settings/empty', message: 'No settings at account scope' }, ...nodes];
      }
      case 'serviceAccounts': {
        const configuredRaw = this.scimSettings
          ?.find((s) => s.setting.identifier === ScimJwtSettingIds.serviceAccountId)
          ?.setting.value?.trim();
        const configured = configuredRaw === '' ? undefined : configuredRaw;
        const accounts = await source.serviceAccounts(configured);
        const nodes: ExplorerNode[] = accounts.map((status) => ({
          kind: 'serviceAccount',
          id: `serviceAccounts/${status.aggregate.serviceAccount.identifier}`,
          status,
        }));
        if (configured && !accounts.some((a) => a.configured)) {
          nodes.unshift({
            kind: 'missingServiceAccount',
            id: `serviceAccounts/missing/${configured}`,
            identifier: configured,
          });
        }
        return nodes.length
          ? nodes
          : [{ kind: 'empty', id: 'serviceAccounts/empty', message: 'No service accounts at account scope' }];
      }
    }
  }

  private load(key: string, group: GroupId, loader: () => Promise<ExplorerNode[]>): Promise<ExplorerNode[]> {
    let entry = this.cache.get(key);
    if (!entry) {
      entry = Promise.resolve(vscode.window.withProgress({ location: { viewId: Views.explorer } }, loader)).then(
        (value): Loaded<ExplorerNode[]> => ({ ok: true, value }),
        (e: unknown): Loaded<ExplorerNode[]> => ({
          ok: false,
          message: redact(e instanceof Error ? e.message : String(e)),
        }),
      );
      this.cache.set(key, entry);
    }
    return entry.then((r) => {
      if (r.ok) return r.value;
      this.cache.delete(key); // so that Retry (or reopening) loads again
      return [{ kind: 'error', id: `${key}/error`, group, message: r.message }];
    });
  }

  /** Repaints the group's "takes effect at" description when Harness's settings cache window ends. */
  private scheduleStatusRefresh(): void {
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    const status = this.scimSettings && scimGroupStatus(this.scimSettings, Date.now());
    if (status?.kind === 'pending') {
      this.pendingTimer = setTimeout(
        () => {
          this.changed.fire(groupNodes[0]);
        },
        status.effectiveAt - Date.now() + 250,
      );
    }
  }

  dispose(): void {
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.changed.dispose();
  }
}
