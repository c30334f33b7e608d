/**
 * `npm run emulator -- --port N [--state FILE] [--settings-cache-ms N]`: runs the Harness emulator
 * alone, prints where it listens, the account id and an admin API key, and stops on SIGINT/SIGTERM.
 */
import { startEmulator, type EmulatorOptions } from './emulator';

function parseArgs(argv: string[]): EmulatorOptions {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const number = (): number => {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag ?? ''} needs a whole number`);
      i++;
      return n;
    };
    switch (flag) {
      case '--port':
        options.port = number();
        break;
      case '--settings-cache-ms':
        options.settingsCacheMs = number();
        break;
      case '--latency-ms':
        options.latencyMs = number();
        break;
      case '--state':
        if (value === undefined) throw new Error('--state needs a file name');
        options.stateFile = value;
        i++;
        break;
      case '--flag-off':
        options.featureFlagOn = false;
        break;
      default:
        throw new Error(
          `unknown argument ${flag ?? ''}; usage: --port N [--state FILE] [--settings-cache-ms N] [--latency-ms N] [--flag-off]`,
        );
    }
  }
  return options;
}

async function main(): Promise<void> {
  const emulator = await startEmulator(parseArgs(process.argv.slice(2)));
  console.log(`Harness emulator listening on ${emulator.baseUrl}`);
  console.log(`  NG API:     ${emulator.baseUrl}/ng/api  (also ${emulator.baseUrl}/gateway/ng/api)`);
  console.log(`  SCIM:       ${emulator.baseUrl}/ng/api/scim/account/${emulator.accountId}`);
  console.log(`  account id: ${emulator.accountId}`);
  console.log(`  admin key:  ${emulator.adminKey}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the Harness emulator`);
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
