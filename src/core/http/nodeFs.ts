/** The `node:fs` file reader for the CLI and tests; the extension passes one over `workspace.fs`. */
import { readFileCapped } from '../readCapped';
import type { HttpFileReader } from './envFiles';

/** Files larger than this are not environment files anyone wrote by hand; treat them as absent. */
const MAX_ENV_FILE_BYTES = 4 * 1024 * 1024;

export const nodeFileReader: HttpFileReader = {
  async readFile(filePath: string): Promise<string | undefined> {
    try {
      const { text, truncated } = await readFileCapped(filePath, MAX_ENV_FILE_BYTES);
      return truncated ? undefined : text;
    } catch {
      return undefined;
    }
  },
};
