// `npm run bench`: every benchmark in turn, each printing its own figures. Figures are
// measurements to read, not assertions: nothing here fails on a slow machine.
//
// Each benchmark runs in a fresh Node process: run one after another in one process, the first
// leaves its JIT and heap state to the next (the .http scan's baseline ran 35% faster after the
// verdict bench, its subject 20% slower), which measures the order, not the code.
import { spawnSync } from 'node:child_process';
import * as activation from './activation';
import * as jwt from './jwt';
import * as lens from './lens';
import * as lensVerdicts from './lensVerdicts';
import * as terraform from './terraform';
import * as tokenFetch from './tokenFetch';

const benches: [string, { run(): Promise<void> }][] = [
  ['verdict engine', jwt],
  ['.http CodeLens', lens],
  ['.http CodeLens verdicts', lensVerdicts],
  ['token requests', tokenFetch],
  ['.tf parser and analysis', terraform],
  // Last: it needs the VS Code test host (`npm run setup:host`) and a production build, and takes a minute.
  ['extension activation', activation],
];

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only === undefined) {
    for (const [name] of benches) {
      const r = spawnSync(process.execPath, [__filename, name], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`the ${name} benchmark exited with ${String(r.status)}`);
    }
    return;
  }
  // A bench's exact name runs that one; otherwise every bench whose name contains the argument.
  const exact = benches.some(([name]) => name === only);
  for (const [name, bench] of benches) {
    if (exact ? name !== only : !name.includes(only)) continue;
    console.log(`\n== ${name}`);
    await bench.run();
  }
}

// A bench that failed with a message of its own (a missing test host, say) sets the exit code.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
