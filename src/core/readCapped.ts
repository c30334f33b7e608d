import { open } from 'node:fs/promises';

/**
 * Reads a file, but never more than `maxBytes + 1` bytes: a multi-gigabyte file or a device
 * (`/dev/zero`) given as a path cannot exhaust memory. `truncated` says the file is larger than
 * `maxBytes`; `text` then holds the first `maxBytes + 1` bytes.
 */
export async function readFileCapped(path: string, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { text: buffer.toString('utf8', 0, length), truncated: length > maxBytes };
  } finally {
    await handle.close();
  }
}
