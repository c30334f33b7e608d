// `npm run bench`: every benchmark in turn, each printing its own figures. Figures are
// measurements to read, not assertions: nothing here fails on a slow machine.
import * as jwt from './jwt';
import * as lens from './lens';
import * as lensVerdicts from './lensVerdicts';

const benches: [string, { run(): Promise<void> }][] = [['verdict engine', jwt], ['.http CodeLens', lens], ['.http CodeLens verdicts', lensVerdicts]];

async function main(): Promise<void> {
  const only = process.argv[2];
  for (const [name, bench] of benches) {
    if (only && !name.includes(only)) continue;
    console.log(`\n== ${name}`);
    await bench.run();
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
