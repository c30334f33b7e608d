import * as vscode from 'vscode';
import { ConfigSection } from './ids';

/**
 * Every setting the extension reads, ours (declared in package.json) and the few of VS Code's and
 * REST Client's that change what we do. Nothing else calls `getConfiguration`.
 */

export type ClusterSetting = 'prod1' | 'prod2' | 'prod3' | 'prod0' | 'prod4' | 'eu' | 'self-managed' | 'custom';
export type RulesSource = 'auto' | 'account' | 'offline';

export interface OfflineRules {
  jwksUrl: string;
  keyField: string;
  value: string;
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(ConfigSection);
}

export const config = {
  cluster: (): ClusterSetting => section().get<ClusterSetting>('harness.cluster', 'prod1'),
  customBaseUrl: (): string => section().get<string>('harness.customBaseUrl', '').trim(),
  verdictLens: (): boolean => section().get<boolean>('codeLens.verdict', true),
  testLens: (): boolean => section().get<boolean>('codeLens.testAgainstHarness', true),
  hover: (): boolean => section().get<boolean>('hover.enabled', true),
  diagnostics: (): boolean => section().get<boolean>('diagnostics.enabled', true),
  /** The checks above `harness_platform_setting` resources in `.tf` files (lens, hover, problems). */
  terraformChecks: (): boolean => section().get<boolean>('terraform.enabled', true),
  rulesSource: (): RulesSource => section().get<RulesSource>('rules.source', 'auto'),
  /** Untrimmed on purpose: Harness reads the key field literally, and we must judge as it does. */
  offlineRules: (): OfflineRules => ({
    jwksUrl: section().get<string>('offline.jwksUrl', '').trim(),
    keyField: section().get<string>('offline.keyField', ''),
    value: section().get<string>('offline.value', ''),
  }),
  /**
   * The environment named in `scimJwt.http.environment` (REST Client keeps its active environment in
   * private state no other extension can read, so the user names it once here).
   */
  httpEnvironment: (): string | undefined => {
    const name = section().get<string>('http.environment', '').trim();
    return name === '' ? undefined : name;
  },
  /**
   * Send the token requests of dynamic tokens without a click. A file's content decides what is sent,
   * so only the workspace (or folder) may opt in: a user-level value is ignored.
   */
  sendTokenRequestsAutomatically: (scope: vscode.Uri): boolean => {
    const seen = vscode.workspace
      .getConfiguration(ConfigSection, scope)
      .inspect<boolean>('http.sendTokenRequestsAutomatically');
    return (seen?.workspaceFolderValue ?? seen?.workspaceValue) === true;
  },
  /**
   * The hosts *Fill from a token* may fetch discovery from although they are not public https. A
   * cloned workspace must not widen where a token may steer us, so only the user's own value counts.
   */
  discoveryAllowedHosts: (): string[] => {
    const seen = section().inspect<unknown>('discovery.allowedHosts');
    const value = seen?.globalValue;
    return Array.isArray(value) ? value.filter((h): h is string => typeof h === 'string') : [];
  },
  /**
   * More folders a token request's body file (`< ./file`) may be read from. A file's folder or the
   * workspace is always allowed; anything more only from the user's own settings, never from a
   * workspace's (a cloned repository must not widen what it can read).
   */
  bodyFileFolders: (): string[] => {
    const seen = vscode.workspace.getConfiguration(ConfigSection).inspect<unknown>('http.bodyFileFolders');
    const value = seen?.globalValue;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
  },
  /** REST Client's `rest-client.environmentVariables` for this document (unvalidated: core reads it). */
  restClientEnvironments: (scope: vscode.Uri): unknown =>
    vscode.workspace.getConfiguration('rest-client', scope).get<unknown>('environmentVariables'),
  /**
   * VS Code's network settings. VS Code applies them to the extension host's `fetch` itself; the
   * extension reads them only to say in its log how requests travel, and to give its one undici
   * download (a key set whose certificate Harness would not check) the same explicit proxy.
   */
  network: (): NetworkSettings => {
    const http = vscode.workspace.getConfiguration('http');
    return {
      proxy: http.get<string>('proxy', '').trim() || undefined,
      proxySupport: http.get<string>('proxySupport', 'override'),
      noProxy: http.get<string[]>('noProxy', []),
      systemCertificates: http.get<boolean>('systemCertificates', true),
      fetchAdditionalSupport: http.get<boolean>('fetchAdditionalSupport', true),
    };
  },
};

export interface NetworkSettings {
  proxy: string | undefined;
  proxySupport: string;
  noProxy: string[];
  systemCertificates: boolean;
  fetchAdditionalSupport: boolean;
}

export function affectsConfig(e: vscode.ConfigurationChangeEvent, key: string): boolean {
  return e.affectsConfiguration(`${ConfigSection}.${key}`);
}

/** Settings whose change alters how variables in .http files resolve. */
export function affectsHttpResolution(e: vscode.ConfigurationChangeEvent): boolean {
  return affectsConfig(e, 'http.environment') || e.affectsConfiguration('rest-client.environmentVariables');
}
