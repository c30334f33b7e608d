// "A feature owns its commands", checked: every feature registers from one command table in its
// register.ts, the tables together name each command of package.json exactly once, and a table's
// `enablement` is the manifest's. Read from the sources: the registers need VS Code to run.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Commands, ContextKeys } from '../../../src/platform/ids';

const root = resolve(__dirname, '../../../..');
const FEATURES = ['account', 'doctor', 'explorer', 'rehearsal', 'setup', 'terraform', 'tokens'];

interface Manifest {
  contributes: { commands: { command: string; enablement?: string }[] };
}

interface Entry {
  feature: string;
  id: string;
  enablement: string | undefined;
}

const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');

/** `{ id: Commands.x, enablement: ContextKeys.y | 'clause', run: … }` rows of a register.ts. */
function tableOf(feature: string, source: string): Entry[] {
  const rows = [
    ...source.matchAll(/\bid: Commands\.(\w+),\s*(?:enablement: (?:ContextKeys\.(\w+)|'([^']*)'),\s*)?run:/g),
  ];
  return rows.map(([, key, contextKey, clause]) => {
    const id = Commands[key as keyof typeof Commands] as string | undefined;
    assert.ok(id, `${feature}: Commands.${key} is in ids.ts`);
    const fromKey = contextKey === undefined ? undefined : ContextKeys[contextKey as keyof typeof ContextKeys];
    return { feature, id, enablement: fromKey ?? clause };
  });
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourcesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

suite('contract: each feature registers its commands from one table', () => {
  const features = readdirSync(join(root, 'src/features'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const entries = FEATURES.flatMap((f) => tableOf(f, read(`src/features/${f}/register.ts`)));

  test('every feature has a register.ts exporting one register(deps)', () => {
    assert.deepEqual(features, FEATURES);
    for (const f of FEATURES) {
      const source = read(`src/features/${f}/register.ts`);
      assert.equal(source.match(/^export function register\(/gm)?.length, 1, `${f}/register.ts exports register`);
      assert.match(source, /registerCommands\(/, `${f} registers its table`);
    }
  });

  test('the tables together name every command of package.json exactly once, with its enablement', () => {
    const manifest = JSON.parse(read('package.json')) as Manifest;
    const declared = manifest.contributes.commands
      .map((c) => ({ id: c.command, enablement: c.enablement }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const tabled = entries.map(({ id, enablement }) => ({ id, enablement })).sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(tabled, declared);
    assert.equal(new Set(entries.map((e) => e.id)).size, entries.length, 'no command is in two tables');
  });

  test('no command is registered outside the tables', () => {
    const offenders = sourcesUnder('src').filter((file) => {
      if (file === join('src', 'platform', 'commands.ts')) return false;
      return /\bregisterCommand\(|commands\.registerCommand\b/.test(read(file));
    });
    assert.deepEqual(offenders, []);
  });
});
