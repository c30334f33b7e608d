/**
 * JetBrains `Security.Auth.<id>` configurations from `http-client.env.json` and
 * `http-client.private.env.json` (the secret usually sits in the private file): the selected
 * environment's entry, nearest folder first, private keys over public ones.
 */
import * as path from 'node:path';
import { foldersUpward, isPlainObject, PRIVATE_ENV_FILE, PUBLIC_ENV_FILE, type HttpFileReader } from '../http';

export type JetbrainsAuthConfig = Record<string, unknown>;

function authEntry(text: string | undefined, environment: string, id: string): JetbrainsAuthConfig | undefined {
  if (text === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (!isPlainObject(json)) return undefined;
    const env = json[environment];
    const security = isPlainObject(env) ? env.Security : undefined;
    const auth = isPlainObject(security) ? security.Auth : undefined;
    const entry = isPlainObject(auth) ? auth[id] : undefined;
    return isPlainObject(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

export async function loadJetbrainsAuth(
  reader: HttpFileReader,
  documentPath: string,
  rootPath: string | undefined,
  environment: string,
  id: string,
): Promise<JetbrainsAuthConfig | undefined> {
  for (const folder of foldersUpward(documentPath, rootPath)) {
    // A skipped file (a FIFO, too large) holds no configuration, as if absent.
    const text = async (file: string): Promise<string | undefined> => {
      const read = await reader.readFile(file).catch(() => undefined);
      return typeof read === 'string' ? read : undefined;
    };
    const [pub, priv] = await Promise.all([
      text(path.join(folder, PUBLIC_ENV_FILE)),
      text(path.join(folder, PRIVATE_ENV_FILE)),
    ]);
    const publicEntry = authEntry(pub, environment, id);
    const privateEntry = authEntry(priv, environment, id);
    if (publicEntry || privateEntry) return { ...publicEntry, ...privateEntry };
  }
  return undefined;
}

/** A string field of the configuration, or undefined. */
export function field(config: JetbrainsAuthConfig, name: string): string | undefined {
  const v = config[name];
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
