/** The fixture files of this folder, with the test's servers filled in, written out as LF and as CRLF. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(__dirname, '../../../../test/unit/tokenFetch/fixtures');

export type LineEnding = 'LF' | 'CRLF';

/** A temporary folder holding every fixture with `%%NAME%%` replaced; returns its path. */
export function materialise(values: Record<string, string>, ending: LineEnding): string {
  const dir = mkdtempSync(join(tmpdir(), `token-fetch-${ending}-`));
  for (const name of readdirSync(FIXTURES)) {
    let text = readFileSync(join(FIXTURES, name), 'utf8');
    for (const [k, v] of Object.entries(values)) text = text.split(`%%${k}%%`).join(v);
    if (ending === 'CRLF') text = text.replace(/\r?\n/g, '\r\n');
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
