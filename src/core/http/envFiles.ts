/**
 * Environment files next to and above a `.http` file: `http-client.env.json` and
 * `http-client.private.env.json` (httpYac, JetBrains) and `.env` files (REST Client's `$dotenv`,
 * httpYac). File access goes through an injected reader so the editor can use `workspace.fs` and
 * the CLI `node:fs`; a file that cannot be read is simply absent.
 */
import * as path from 'node:path';
import { clip } from '../listCap';
import { parseDotenv } from './dotenv';

/** A file that exists under an env file's name but was not read, and why (said in a warning). */
export interface SkippedFile {
  skipped: 'not-regular' | 'too-large';
  /** "a named pipe (FIFO)", "larger than 4 MiB". */
  what: string;
}

export interface HttpFileReader {
  /**
   * The file's text, or undefined when it does not exist or cannot be read, or why it was skipped
   * (not a regular file, too large). Should not reject, and should never wait on a FIFO or a device.
   */
  readFile(filePath: string): Promise<string | undefined | SkippedFile>;
  /** The names of the entries of a folder ([] when it cannot be read); optional, for sibling `.http` files. */
  listFolder?(folderPath: string): Promise<string[]>;
  /** When a file or folder was last written (undefined when it is absent); optional, lets ScriptFileCache skip a re-read. */
  stat?(filePath: string): Promise<{ mtimeMs: number; size: number } | undefined>;
  /**
   * The path with every symbolic link resolved (undefined when it does not exist); optional. Without
   * it, files that must stay inside a folder (response handler `.js` files) are checked by path only,
   * which is right only for a reader with no links (an in-memory one).
   */
  realPath?(filePath: string): Promise<string | undefined>;
}

export const PUBLIC_ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';

/** One parsed `http-client*.env.json`: environment name → variable name → value (strings only). */
export interface EnvJsonFile {
  path: string;
  private: boolean;
  environments: Map<string, Map<string, string>>;
}

export interface DotenvFile {
  path: string;
  vars: Map<string, string>;
}

export interface LoadedEnvFiles {
  /** Folders searched, nearest first. */
  folders: string[];
  /** Private files (nearest first) before public ones (nearest first): the lookup order. */
  envJson: EnvJsonFile[];
  /** Per folder, nearest first: `.env.<env>`, `<env>.env`, then `.env`. */
  dotenv: DotenvFile[];
  filesRead: string[];
  /** Files found under an env file's name but not read (a FIFO, a device, too large). */
  skipped: { path: string; what: string; dotenv: boolean }[];
  warnings: string[];
}

/** Folders from the document's own up to `rootPath` (inclusive) or the file-system root. */
export function foldersUpward(documentPath: string, rootPath?: string): string[] {
  const folders: string[] = [];
  let dir = path.dirname(path.resolve(documentPath));
  const root = rootPath === undefined ? undefined : path.resolve(rootPath);
  // A root the document is not inside would never be met; then walk to the file-system root.
  const rootApplies =
    root !== undefined && (dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  for (let i = 0; i < 256; i++) {
    folders.push(dir);
    if (rootApplies && dir === root) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return folders;
}

export async function loadEnvFiles(
  reader: HttpFileReader,
  documentPath: string,
  rootPath: string | undefined,
  environment: string | undefined,
): Promise<LoadedEnvFiles> {
  const folders = foldersUpward(documentPath, rootPath);
  const result: LoadedEnvFiles = { folders, envJson: [], dotenv: [], filesRead: [], skipped: [], warnings: [] };
  // An environment name is part of a file name: one that reaches into other folders reads none.
  const nameSafe = environment !== undefined && !/[\\/\0]/.test(environment) && environment !== '..';
  const dotenvNames = environment && nameSafe ? [`.env.${environment}`, `${environment}.env`, '.env'] : ['.env'];
  if (environment && !nameSafe)
    result.warnings.push(
      `The environment name ${JSON.stringify(clip(environment, 80))} holds a path separator; no .env.<environment> file was looked for.`,
    );
  const read = async (file: string, dotenv = false): Promise<string | undefined> => {
    try {
      const text = await reader.readFile(file);
      if (typeof text === 'string') result.filesRead.push(file);
      else if (text !== undefined) {
        result.skipped.push({ path: file, what: text.what, dotenv });
        result.warnings.push(
          text.skipped === 'too-large'
            ? `${file} is ${text.what}, which no environment file anyone wrote is; it was not read.`
            : `${file} is ${text.what}, not a regular file; it was skipped (reading it could wait forever).`,
        );
        return undefined;
      }
      return text;
    } catch {
      return undefined;
    }
  };
  const perFolder = await Promise.all(
    folders.map(async (folder) => ({
      publicText: await read(path.join(folder, PUBLIC_ENV_FILE)),
      privateText: await read(path.join(folder, PRIVATE_ENV_FILE)),
      dotenvTexts: await Promise.all(dotenvNames.map((name) => read(path.join(folder, name), true))),
      folder,
    })),
  );
  const publics: EnvJsonFile[] = [];
  for (const { folder, publicText, privateText, dotenvTexts } of perFolder) {
    const priv = parseEnvJson(path.join(folder, PRIVATE_ENV_FILE), privateText, true, result.warnings);
    if (priv) result.envJson.push(priv);
    const pub = parseEnvJson(path.join(folder, PUBLIC_ENV_FILE), publicText, false, result.warnings);
    if (pub) publics.push(pub);
    dotenvNames.forEach((name, i) => {
      const text = dotenvTexts[i];
      if (text !== undefined) result.dotenv.push({ path: path.join(folder, name), vars: parseDotenv(text) });
    });
  }
  result.envJson.push(...publics);
  return result;
}

function parseEnvJson(
  file: string,
  text: string | undefined,
  isPrivate: boolean,
  warnings: string[],
): EnvJsonFile | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    warnings.push(`${file} is not valid JSON; its environments were ignored.`);
    return undefined;
  }
  if (!isPlainObject(parsed)) {
    warnings.push(`${file} is not a JSON object of environments; it was ignored.`);
    return undefined;
  }
  return { path: file, private: isPrivate, environments: toEnvironmentMap(parsed) };
}

/**
 * `{ env: { name: value } }` → maps of strings. Numbers and booleans become their text (that is what
 * would be sent); objects (JetBrains `Security`, httpYac structured values) are not single values and are left out.
 */
export function toEnvironmentMap(source: Record<string, unknown>): Map<string, Map<string, string>> {
  const environments = new Map<string, Map<string, string>>();
  for (const [envName, vars] of Object.entries(source)) {
    if (!isPlainObject(vars)) continue;
    const values = new Map<string, string>();
    for (const [name, value] of Object.entries(vars)) {
      if (typeof value === 'string') values.set(name, value);
      else if (typeof value === 'number' || typeof value === 'boolean') values.set(name, String(value));
    }
    environments.set(envName, values);
  }
  return environments;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
