/**
 * The CLI's leftovers store: one JSON file in the user's cache directory
 * (`$XDG_CACHE_HOME/harness-scim-jwt/rehearsal-leftovers.json`, else `~/.cache/…`, on Windows
 * `%LOCALAPPDATA%\harness-scim-jwt\…`). It holds names and ids of test objects, no secrets; it is
 * still kept private to the user. Writes go through a temporary file and a rename, so a crash
 * mid-write leaves the previous list rather than half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { readRegularFileCapped } from '../core/readCapped';
import { parseLeftovers, type LeftoversStore, type RehearsalLeftover } from '../core/rehearsal';

/** A few dozen entries are a few kilobytes; anything near this is not a file this tool wrote. */
const MAX_FILE_BYTES = 1024 * 1024;

const APP_DIR = 'harness-scim-jwt';
const FILE = 'rehearsal-leftovers.json';

export function leftoversFilePath(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, APP_DIR, FILE);
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, APP_DIR, FILE);
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.cache', APP_DIR, FILE);
}

export function fileLeftoversStore(path: string): LeftoversStore {
  return {
    async load(): Promise<RehearsalLeftover[]> {
      // Regular files only, bounded: a FIFO planted in the cache folder would block a plain read
      // forever, and a huge file would be read whole. Either names nothing that can be trusted.
      const read = await readRegularFileCapped(path, MAX_FILE_BYTES);
      if (read.kind === 'absent') {
        if (read.code === 'ENOENT') return [];
        throw new Error(`could not read ${path} (${read.code})`);
      }
      if (read.kind !== 'text') return [];
      const text = read.text;
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
      // An unpredictable name, created exclusively ('wx' never follows a symlink planted there), then renamed over the file.
      const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify({ leftovers }, null, 2)}\n`);
      } catch (e) {
        await handle.close();
        await rm(tmp, { force: true });
        throw e;
      }
      await handle.close();
      await rename(tmp, path);
    },
  };
}
