/**
 * What `resolveTokens` needs from VS Code: the file's path and workspace folder, a reader of
 * the files beside it, the environment name, REST Client's environments, the process environment.
 * Reading local files is allowed in an untrusted workspace: it causes no network traffic.
 */
import * as vscode from 'vscode';
import type { ResolveContext } from '../core/http';
import { nodeFileReader } from '../core/http';
import { config } from './config';

export function resolveContextFor(document: vscode.TextDocument): ResolveContext {
  const ctx: ResolveContext = { processEnv: process.env };
  if (document.uri.scheme === 'file') {
    ctx.documentPath = document.uri.fsPath;
    // Local files, read as the CLI reads them: regular files only (a FIFO named .env would hang),
    // within the size cap, and a skipped one is said.
    ctx.reader = nodeFileReader;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (folder?.uri.scheme === 'file') ctx.rootPath = folder.uri.fsPath;
  }
  const environment = config.httpEnvironment();
  if (environment !== undefined) ctx.environment = environment;
  const rest = config.restClientEnvironments(document.uri);
  if (rest !== undefined)
    ctx.restClient = {
      environmentVariables: rest,
      ...(environment !== undefined ? { activeEnvironment: environment } : {}),
    };
  return ctx;
}
