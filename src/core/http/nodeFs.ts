/** The `node:fs` file reader for the CLI and tests; the extension passes one over `workspace.fs`. */
import { readdir, realpath, stat } from 'node:fs/promises';
import { readRegularFileCapped } from '../readCapped';
import type { HttpFileReader, SkippedFile } from './envFiles';

/** Files larger than this are not environment files anyone wrote by hand. */
export const MAX_ENV_FILE_BYTES = 4 * 1024 * 1024;

export const nodeFileReader: HttpFileReader = {
  async readFile(filePath: string): Promise<string | undefined | SkippedFile> {
    const read = await readRegularFileCapped(filePath, MAX_ENV_FILE_BYTES);
    switch (read.kind) {
      case 'text':
        return read.text;
      case 'absent':
        return undefined;
      case 'not-regular':
        return { skipped: 'not-regular', what: read.what };
      case 'too-large':
        return { skipped: 'too-large', what: `larger than ${read.maxBytes / 1024 / 1024} MiB` };
    }
  },
  async stat(filePath: string): Promise<{ mtimeMs: number; size: number } | undefined> {
    try {
      const st = await stat(filePath);
      return { mtimeMs: st.mtimeMs, size: st.size };
    } catch {
      return undefined;
    }
  },
  realPath: (filePath: string): Promise<string | undefined> => realpath(filePath).catch(() => undefined),
  async listFolder(folderPath: string): Promise<string[]> {
    try {
      return await readdir(folderPath);
    } catch {
      return [];
    }
  },
};
