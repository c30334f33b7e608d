/**
 * httpYac's `.httpyac.json`: its `environments` object (`$shared` plus named environments) works
 * like an `http-client.env.json`. httpYac uses the nearest configuration file at or above the
 * `.http` file, so only that one is read.
 */
import * as path from 'node:path';
import { foldersUpward, isPlainObject, toEnvironmentMap, type EnvJsonFile, type HttpFileReader } from './envFiles';

export const HTTPYAC_CONFIG_FILE = '.httpyac.json';

export async function loadHttpyacEnvironments(
  reader: HttpFileReader,
  documentPath: string,
  rootPath: string | undefined,
  warnings: string[],
): Promise<{ file?: EnvJsonFile; read?: string }> {
  for (const folder of foldersUpward(documentPath, rootPath)) {
    const file = path.join(folder, HTTPYAC_CONFIG_FILE);
    const read = await reader.readFile(file).catch(() => undefined);
    if (read === undefined) continue;
    if (typeof read !== 'string') {
      warnings.push(`${file} was skipped: ${read.what}.`);
      return { read: file };
    }
    const text = read;
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      warnings.push(`${file} is not valid JSON; its environments were ignored.`);
      return { read: file };
    }
    const environments = isPlainObject(json) ? json.environments : undefined;
    if (!isPlainObject(environments)) return { read: file };
    return { file: { path: file, private: false, environments: toEnvironmentMap(environments) }, read: file };
  }
  return {};
}
