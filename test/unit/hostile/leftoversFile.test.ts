/**
 * Hostile input, the CLI's leftovers file (issue 29, class 2: "the leftovers file is trusted"). It
 * sits in a cache folder: a FIFO there must not hang the run, a huge file must not be read whole,
 * and a symlink at the temporary path must not redirect the write to another file.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileLeftoversStore } from '../../../src/cli/leftoversFile';
import { within } from './helpers';

suite('hostile input: the leftovers file', () => {
  let dir: string;
  setup(() => {
    dir = mkdtempSync(join(tmpdir(), 'hostile-leftovers-'));
  });
  teardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const entry = {
    kind: 'user' as const,
    name: 'scim-rehearsal-abcdef123456@example.com',
    id: 'u1',
    baseUrl: 'https://h.example',
    accountId: 'acc',
    recordedAt: '2026-01-01T00:00:00.000Z',
  };

  test('a FIFO at the path: load answers at once (nothing recorded), no hang', async function () {
    if (process.platform === 'win32') this.skip();
    const path = join(dir, 'rehearsal-leftovers.json');
    execFileSync('mkfifo', [path]);
    const loaded = await within(2000, 'load', () =>
      Promise.race([
        fileLeftoversStore(path)
          .load()
          .catch((e: unknown) => e),
        new Promise((resolve) =>
          setTimeout(() => {
            resolve('hung');
          }, 3000).unref(),
        ),
      ]),
    );
    assert.notEqual(loaded, 'hung');
  });

  test('a 64 MiB file: not read whole, treated as naming nothing', async () => {
    const path = join(dir, 'rehearsal-leftovers.json');
    const big = JSON.stringify({ leftovers: [entry], pad: 'x'.repeat(64 * 1024 * 1024) });
    writeFileSync(path, big);
    const loaded = await within(1500, 'load', () => fileLeftoversStore(path).load());
    assert.deepEqual(loaded, []);
  });

  test('a symlink planted at the temporary path: the write does not follow it', async () => {
    const path = join(dir, 'rehearsal-leftovers.json');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, `${path}.${process.pid}.tmp`);
    await fileLeftoversStore(path).save([entry]);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assert.deepEqual(await fileLeftoversStore(path).load(), [entry]);
  });
});
