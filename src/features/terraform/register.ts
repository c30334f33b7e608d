/**
 * The checks in Terraform files, wired from extension.ts with one call: the module service (one
 * analysis per folder state, the parser loaded on the first `.tf` file), the account's values for
 * drift, the CodeLens, hover and problems over them, and "Check Terraform Module Again" (the lens's click).
 */
import * as vscode from 'vscode';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import type { ConnectionManager } from '../../platform/connection';
import { registerCommands, UserFacingError, type CommandEntry } from '../../platform/commands';
import { Commands, TERRAFORM_SELECTOR } from '../../platform/ids';
import type { ScimSettingsFeed } from '../../platform/scimSettingsFeed';
import { AccountSettings } from './accountSettings';
import { TerraformDiagnostics } from './diagnostics';
import { TerraformHoverProvider } from './hoverProvider';
import { TerraformLensProvider } from './lensProvider';
import { ModuleService } from './moduleService';

export interface TerraformFeatureDeps {
  logger: Logger;
  connections: ConnectionManager;
  scimSettings: ScimSettingsFeed;
  /** The product's one JWKS cache: the .tf lens and the .http lens fetch a key set once between them. */
  jwksCache: JwksCache;
  /** The extension's folder: the parser's wasm files are in its dist/. */
  extensionUri: vscode.Uri;
}

export function register(deps: TerraformFeatureDeps): vscode.Disposable[] {
  const account = new AccountSettings(deps.connections, deps.scimSettings, deps.logger);
  const service = new ModuleService({
    logger: deps.logger,
    connections: deps.connections,
    jwksCache: deps.jwksCache,
    account,
    wasmDir: vscode.Uri.joinPath(deps.extensionUri, 'dist').fsPath,
  });
  const lenses = new TerraformLensProvider(service);
  const diagnostics = new TerraformDiagnostics(service, deps.logger);
  const table: CommandEntry[] = [
    {
      id: Commands.recheckTerraform,
      run: async (uri?: unknown) => {
        const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
        if (!target?.path.endsWith('.tf')) throw new UserFacingError('Open a .tf file to check its module again.');
        await service.recheck(await vscode.workspace.openTextDocument(target));
      },
    },
  ];
  return [
    vscode.Disposable.from(account, service, lenses, diagnostics),
    vscode.languages.registerCodeLensProvider(TERRAFORM_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(TERRAFORM_SELECTOR, new TerraformHoverProvider(service)),
    ...registerCommands(deps.logger, table),
  ];
}
