import * as vscode from 'vscode';
import { ConfigSection } from '../constants';

/** The one place settings are read. Every key here is declared in package.json. */

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
  rulesSource: (): RulesSource => section().get<RulesSource>('rules.source', 'auto'),
  /** Untrimmed on purpose: Harness reads the key field literally, and we must judge as it does. */
  offlineRules: (): OfflineRules => ({
    jwksUrl: section().get<string>('offline.jwksUrl', '').trim(),
    keyField: section().get<string>('offline.keyField', ''),
    value: section().get<string>('offline.value', ''),
  }),
  /** VS Code's own proxy settings, passed to the Harness client and the JWKS fetcher. */
  proxy: (): { url: string | undefined; strictSSL: boolean } => {
    const http = vscode.workspace.getConfiguration('http');
    const url = http.get<string>('proxy', '').trim();
    return { url: url || undefined, strictSSL: http.get<boolean>('proxyStrictSSL', true) };
  },
};

export function affectsConfig(e: vscode.ConfigurationChangeEvent, key: string): boolean {
  return e.affectsConfiguration(`${ConfigSection}.${key}`);
}
