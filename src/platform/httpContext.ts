/**
 * What `resolveTokens` needs from VS Code: the file's path and workspace folder, a reader over
 * `workspace.fs`, the environment name, REST Client's environments, the process environment.
 * Reading local files is allowed in an untrusted workspace: it causes no network traffic.
 */
import * as vscode from 'vscode';
import type { HttpFileReader, ResolveContext } from '../core/http';
import { config } from './config';

/** Env files bigger than this are not hand-written environments; treat them as absent. */
const MAX_ENV_FILE_BYTES = 4 * 1024 * 1024;

export const workspaceFileReader: HttpFileReader = {
  async readFile(filePath: string): Promise<string | undefined> {
    try {
      const uri = vscode.Uri.file(filePath);
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_ENV_FILE_BYTES) return undefined;
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  },
};

export function resolveContextFor(document: vscode.TextDocument): ResolveContext {
  const ctx: ResolveContext = { processEnv: process.env };
  if (document.uri.scheme === 'file') {
    ctx.documentPath = document.uri.fsPath;
    ctx.reader = workspaceFileReader;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (folder?.uri.scheme === 'file') ctx.rootPath = folder.uri.fsPath;
  }
  const environment = config.httpEnvironment();
  if (environment !== undefined) ctx.environment = environment;
  const rest = config.restClientEnvironments(document.uri);
  if (rest !== undefined) ctx.restClient = { environmentVariables: rest, ...(environment !== undefined ? { activeEnvironment: environment } : {}) };
  return ctx;
}
