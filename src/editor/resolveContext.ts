/**
 * What `resolveTokens` needs from VS Code: the file's path and workspace folder, a reader over
 * `workspace.fs`, the environment name, REST Client's environments, the process environment.
 * Reading local files is allowed in an untrusted workspace: it causes no network traffic.
 */
import * as vscode from 'vscode';
import type { HttpFileReader, ResolveContext } from '../core/http';
import { HTTP_ENVIRONMENT_SETTING } from './ids';

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

/**
 * The environment named in `scimJwt.http.environment` (REST Client keeps its active environment in
 * private state no other extension can read, so the user names it once here).
 */
export function environmentSetting(): string | undefined {
  const [section, key] = splitSetting(HTTP_ENVIRONMENT_SETTING);
  const name = vscode.workspace.getConfiguration(section).get<string>(key, '').trim();
  return name === '' ? undefined : name;
}

function splitSetting(id: string): [string, string] {
  const dot = id.indexOf('.');
  return [id.slice(0, dot), id.slice(dot + 1)];
}

export function resolveContextFor(document: vscode.TextDocument): ResolveContext {
  const ctx: ResolveContext = { processEnv: process.env };
  if (document.uri.scheme === 'file') {
    ctx.documentPath = document.uri.fsPath;
    ctx.reader = workspaceFileReader;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (folder?.uri.scheme === 'file') ctx.rootPath = folder.uri.fsPath;
  }
  const environment = environmentSetting();
  if (environment !== undefined) ctx.environment = environment;
  const rest = vscode.workspace.getConfiguration('rest-client', document.uri).get<unknown>('environmentVariables');
  if (rest !== undefined) ctx.restClient = { environmentVariables: rest, ...(environment !== undefined ? { activeEnvironment: environment } : {}) };
  return ctx;
}

/** Settings whose change alters how variables resolve. */
export function affectsResolution(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(HTTP_ENVIRONMENT_SETTING) || e.affectsConfiguration('rest-client.environmentVariables');
}
