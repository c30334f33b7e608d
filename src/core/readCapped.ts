import { constants } from 'node:fs';
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

export type RegularFileRead =
  | { kind: 'text'; text: string }
  /** Not a regular file: a FIFO, a device or a socket (a directory is `absent`). */
  | { kind: 'not-regular'; what: string }
  | { kind: 'too-large'; maxBytes: number }
  | { kind: 'absent'; code: string };

function whatIs(stats: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a file that should be a regular file someone wrote (an env file found by name while
 * walking up from a document). Opening a FIFO for reading blocks until a writer comes, and a
 * device never ends, so anyone able to create `.env` in a shared parent folder such as /tmp
 * could stall every scan below it: the file is opened non-blocking and checked on the open
 * handle (no window between a check and the read), and only a regular file is read.
 */
export async function readRegularFileCapped(path: string, maxBytes: number): Promise<RegularFileRead> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { kind: 'absent', code: typeof code === 'string' ? code : 'unreadable' };
  }
  try {
    const stats = await handle.stat();
    // A folder named `.env` is a Python virtual environment, not a mistake worth a warning.
    if (stats.isDirectory()) return { kind: 'absent', code: 'EISDIR' };
    if (!stats.isFile()) return { kind: 'not-regular', what: whatIs(stats) };
    if (stats.size > maxBytes) return { kind: 'too-large', maxBytes };
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes, stats.size) + 1);
    let length = 0;
    // Bounded by the buffer: a file growing while it is read stops at the cap.
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { kind: 'too-large', maxBytes };
    return { kind: 'text', text: buffer.toString('utf8', 0, length) };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { kind: 'absent', code: typeof code === 'string' ? code : 'unreadable' };
  } finally {
    await handle.close();
  }
}
