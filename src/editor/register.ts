/**
 * The editor features for .http files, wired from extension.ts with one call: the per-version
 * parse cache, the rules provider, the inspection service over the shared JwksCache, the CodeLens,
 * hover and diagnostics providers, and the report and "Test against Harness" commands.
 */
import * as vscode from 'vscode';
import type { JwksCache } from '../core/jwt';
import type { Logger } from '../core/log';
import { registerCommand } from '../platform/commands';
import type { ConnectionManager } from '../platform/connection';
import type { ExplorerTreeProvider } from '../views/explorerTree';
import { TokenDiagnostics } from './diagnostics';
import { BearerTokenHoverProvider } from './hoverProvider';
import { EditorCommands, HTTP_SELECTOR, REPORT_SCHEME } from './ids';
import { BearerTokenLensProvider } from './lensProvider';
import { HttpParseCache } from './parseCache';
import { ReportContentProvider, showReport } from './reportCommand';
import { RulesProvider } from './rulesProvider';
import { testAgainstHarness } from './testCommand';
import { InspectionService } from './verdictService';

export interface EditorFeatureDeps {
  logger: Logger;
  connections: ConnectionManager;
  explorer: ExplorerTreeProvider;
  /** The product's one JWKS cache (created in extension.ts). */
  jwksCache: JwksCache;
}

export function registerEditorFeatures(deps: EditorFeatureDeps): vscode.Disposable[] {
  const { logger } = deps;
  const parses = new HttpParseCache();
  const rules = new RulesProvider(deps);
  const service = new InspectionService(parses, rules, deps.jwksCache);
  const lenses = new BearerTokenLensProvider(service);
  const diagnostics = new TokenDiagnostics(service, logger);
  return [
    vscode.Disposable.from(parses, rules, service, lenses, diagnostics),
    vscode.languages.registerCodeLensProvider(HTTP_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(HTTP_SELECTOR, new BearerTokenHoverProvider(service)),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, new ReportContentProvider(service)),
    registerCommand(EditorCommands.showReport, logger, (uri?: unknown, index?: unknown) => showReport(service, uri, index)),
    registerCommand(EditorCommands.testAgainstHarness, logger, (uri?: unknown, index?: unknown) =>
      testAgainstHarness({ service, connections: deps.connections, logger }, uri, index)),
  ];
}
