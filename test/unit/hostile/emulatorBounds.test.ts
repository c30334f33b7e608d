/**
 * Hostile input, the emulator users run too (issue 29, class 4): its request counters do not grow
 * with every distinct path, and the --state file that holds the admin key is its owner's only.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Knobs, MAX_PATH_CHARS, RECENT_REQUESTS } from '../../sandbox/emulator/knobs';
import { newState, saveState } from '../../sandbox/emulator/model';

suite('hostile input: the emulator stays bounded and keeps its key to its owner', () => {
  test('a flood of distinct, long request paths: the counters keep a bounded window, the total stays exact', () => {
    const knobs = new Knobs(0);
    const n = RECENT_REQUESTS * 3;
    for (let i = 0; i < n; i++) knobs.record([`/p/${i}/${'x'.repeat(4000)}`]);
    assert.equal(knobs.count(), n);
    assert.equal(knobs.count('/p/'), RECENT_REQUESTS);
    const seen = (knobs as unknown as { seen: string[][] }).seen;
    assert.equal(seen.length, RECENT_REQUESTS);
    assert.ok(seen.every((paths) => paths.every((p) => p.length <= MAX_PATH_CHARS)));
  });

  test('the --state file is created 0600, and a planted symlink at its temporary path is not written through', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-emu-'));
    try {
      const file = join(dir, 'state.json');
      saveState(file, newState(Date.now()));
      assert.equal(statSync(file).mode & 0o777, 0o600);
      // An existing, world-readable state file becomes 0600 on the next save.
      writeFileSync(file, readFileSync(file), { mode: 0o644 });
      const victim = join(dir, 'victim');
      writeFileSync(victim, 'untouched');
      symlinkSync(victim, `${file}.tmp`);
      saveState(file, newState(Date.now()));
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(readFileSync(victim, 'utf8'), 'untouched');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
