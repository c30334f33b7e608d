/** Runs `scim-jwt` in-process through runCli, capturing what it writes and its exit code. */
import { runCli } from '../../../src/cli/main';
import type { SettingsClock } from '../../../src/core/setup';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `stdin` undefined stands for a terminal: a command reading `-` then fails as it would there. */
export async function runInProcess(
  argv: string[],
  options: {
    stdin?: string | undefined;
    env?: Record<string, string | undefined>;
    /** How `setup --refresh-key-set` waits out Harness's settings cache (a test's clock does not sleep). */
    clock?: SettingsClock;
  } = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const { stdin } = options;
  const code = await runCli(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    stdin: () =>
      stdin === undefined ? Promise.reject(new Error('standard input is a terminal')) : Promise.resolve(stdin),
    env: options.env ?? {},
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { code, out, err };
}
