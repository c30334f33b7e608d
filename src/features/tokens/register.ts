/**
 * The token features for .http files, wired from extension.ts with one call: the per-version
 * parse cache, the rules provider, the inspection service over the shared JwksCache, the CodeLens,
 * hover and diagnostics providers, and the report and "Test against Harness" commands.
 */
import * as vscode from 'vscode';
import type { HttpClient } from '../../core/net';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import { registerCommands, type CommandEntry } from '../../platform/commands';
import type { ConnectionManager } from '../../platform/connection';
import { Commands, DocumentSchemes, HTTP_SELECTOR } from '../../platform/ids';
import { loadPart } from '../../platform/lazy';
import { ReportDocuments } from '../../platform/reports';
import type { ScimSettingsFeed } from '../../platform/scimSettingsFeed';
import { TokenDiagnostics } from './diagnostics';
import { fetchAndCheckToken } from './fetchCommand';
import { FetchedTokenStore } from './fetchedTokens';
import { BearerTokenHoverProvider } from './hoverProvider';
import { BearerTokenLensProvider } from './lensProvider';
import { HttpParseCache } from './parseCache';
import { showTokenReport } from './reportCommand';
import { RulesProvider } from './rulesProvider';
import { InspectionService } from './inspectionService';

export interface EditorFeatureDeps {
  logger: Logger;
  connections: ConnectionManager;
  scimSettings: ScimSettingsFeed;
  /** The product's one JWKS cache (created in extension.ts). */
  jwksCache: JwksCache;
  /** The extension's HTTP client (VS Code's network stack): token requests go the way key sets do. */
  http: HttpClient;
}

export function register(deps: EditorFeatureDeps): vscode.Disposable[] {
  const { logger } = deps;
  const parses = new HttpParseCache();
  const rules = new RulesProvider(deps);
  const fetched = new FetchedTokenStore();
  const service = new InspectionService(parses, rules, deps.jwksCache, fetched, logger, deps.http);
  const lenses = new BearerTokenLensProvider(service);
  const diagnostics = new TokenDiagnostics(service, logger);
  const reports = new ReportDocuments(
    DocumentSchemes.tokenReport,
    '# Bearer token report\n\nThis report is no longer available; open it again from the token.\n',
  );
  const table: CommandEntry[] = [
    {
      id: Commands.showTokenReport,
      run: (uri?: unknown, index?: unknown) => showTokenReport(service, reports, uri, index),
    },
    {
      id: Commands.fetchAndCheckToken,
      enablement: 'isWorkspaceTrusted',
      run: (uri?: unknown, index?: unknown) => fetchAndCheckToken({ service, fetched, logger }, uri, index),
    },
    {
      id: Commands.testTokenAgainstHarness,
      enablement: 'isWorkspaceTrusted',
      run: async (uri?: unknown, index?: unknown) => {
        // Loads on first use, with what only it needs (the setup's Harness port, the stale-key-set reading).
        const { testAgainstHarness } = await loadPart('"Test against Harness"', () => import('./testCommand.js'));
        return testAgainstHarness(
          { service, connections: deps.connections, logger, jwksCache: deps.jwksCache },
          uri,
          index,
        );
      },
    },
  ];
  return [
    vscode.Disposable.from(parses, rules, fetched, service, lenses, diagnostics),
    vscode.languages.registerCodeLensProvider(HTTP_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(HTTP_SELECTOR, new BearerTokenHoverProvider(service)),
    reports.register(),
    ...registerCommands(logger, table),
  ];
}
