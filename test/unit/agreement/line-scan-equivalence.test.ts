/**
 * The parser's hand-written line scans must decide exactly what the patterns they stand in for
 * decide: `matchHeaderLine` = `HEADER.exec` (same groups), and `mayBeMetadata` never says "no" to a
 * line `METADATA` matches. Seeded random lines over the characters that matter.
 */
import * as assert from 'node:assert/strict';
import { HEADER, METADATA, matchHeaderLine, mayBeMetadata, skipSpace } from '../../../src/core/http/syntax';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [' ', '\t', '\u00a0', '\u2028', '\ufeff', ':', '#', '//', '/', '@', 'name', 'Authorization', 'X-Api_Key', '!#$%&\'*+.^_`|~-', '"', '(', ')', ',', ';', '=', '{{v}}', 'é', 'Bearer abc', '\r', '0'];

function randomLine(rand: () => number): string {
  let s = '';
  const n = Math.floor(rand() * 7);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)] ?? '';
  return s;
}

suite('agreement: parser line scans vs their patterns', () => {
  const lines = ['Authorization: Bearer x', '  Accept :x', 'a:', ':x', 'a b: c', '\u00a0X-K:\tv', '# @name x', '//@no-log', '# x @y', '## @a', '/ @a', ' #\u3000@k v'];
  const rand = prng(42);
  for (let i = 0; i < 20000; i++) lines.push(randomLine(rand));

  test('matchHeaderLine gives HEADER.exec\'s groups', () => {
    for (const line of lines) {
      const m = HEADER.exec(line);
      const scan = matchHeaderLine(line, skipSpace(line, 0));
      if (!m) {
        assert.equal(scan, undefined, JSON.stringify(line));
        continue;
      }
      const lead = m[1]?.length ?? 0;
      const name = m[2] ?? '';
      assert.deepEqual(scan, { lead, nameEnd: lead + name.length, colon: lead + name.length + (m[3]?.length ?? 0) }, JSON.stringify(line));
    }
  });

  test('mayBeMetadata is false only where METADATA cannot match', () => {
    let rejected = 0;
    for (const line of lines) {
      if (mayBeMetadata(line, skipSpace(line, 0))) continue;
      rejected++;
      assert.equal(METADATA.test(line), false, JSON.stringify(line));
    }
    assert.ok(rejected > 1000, 'the filter does reject lines');
  });
});
