/**
 * The CLI's leftovers store: one JSON file in the user's cache directory
 * (`$XDG_CACHE_HOME/harness-scim-jwt/rehearsal-leftovers.json`, else `~/.cache/…`, on Windows
 * `%LOCALAPPDATA%\harness-scim-jwt\…`). It holds names and ids of test objects, no secrets; it is
 * still kept private to the user. Writes go through a temporary file and a rename, so a crash
 * mid-write leaves the previous list rather than half a file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parseLeftovers, type LeftoversStore, type RehearsalLeftover } from '../core/rehearsal';

const APP_DIR = 'harness-scim-jwt';
const FILE = 'rehearsal-leftovers.json';

export function leftoversFilePath(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, APP_DIR, FILE);
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, APP_DIR, FILE);
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.cache', APP_DIR, FILE);
}

function isMissing(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ENOENT';
}

export function fileLeftoversStore(path: string): LeftoversStore {
  return {
    async load(): Promise<RehearsalLeftover[]> {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        if (isMissing(e)) return [];
        throw e;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        // A damaged file names nothing that can be trusted; the next save replaces it.
        return [];
      }
      const list = typeof json === 'object' && json !== null && 'leftovers' in json ? json.leftovers : json;
      return parseLeftovers(list);
    },
    async save(leftovers: RehearsalLeftover[]): Promise<void> {
      await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify({ leftovers }, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, path);
    },
  };
}
