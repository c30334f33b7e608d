/**
 * Extension activation in the real VS Code extension host (code-server's, as the integration tier
 * uses): how long `vscode.extensions.getExtension(id).activate()` of the production bundle takes,
 * split into loading dist/extension.js, the extension's own `activate`, and the rest (VS Code
 * setting up the extension's context: storage, secrets, messages to the window). Also the
 * production bundles' sizes and the host's VS Code and Node versions.
 *
 * One code-server and one browser serve every sample; each sample loads the workbench afresh, which
 * starts a new extension host process (the previous one has ended) running bench/activationHost.ts
 * in place of the tests, in an empty folder so that nothing activates the extension before it.
 * The first sample is the cold one (the first process to load the bundle after it was built, when
 * this run built it); the warm ones follow in fresh hosts of the same server and profile, as when a
 * window is reloaded. Takes about a minute on a quiet machine.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Page } from 'playwright-core';
import { EXTENSION_ID } from '../src/platform/ids';
import { IDLE_ENOUGH, SAMPLE_PREFIX, type ActivationSample } from './activationSample';
import { median } from './stats';

const WARM_SAMPLES = 7;
/** From loading the workbench to the extension host's answer; a sample takes 3–8 s. */
const SAMPLE_TIMEOUT_MS = 120_000;
/** How long an extension host that has answered may take to end before the next sample starts. */
const EXIT_TIMEOUT_MS = 20_000;

const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'dist');

/** scripts/vscode-host.js, the integration tier's code-server + chromium. */
interface VsCodeHost {
  page: Page;
  remote(file: string): string;
  workbenchUrl(folder: string, payload: [string, string][]): string;
  /** Stops the browser and the server's whole process group; resolves to the server's log. */
  close(): Promise<string>;
}
interface VsCodeHostModule {
  startHost(): Promise<VsCodeHost>;
  /** Why the host cannot start (not installed), or undefined. */
  hostMissing(): string | undefined;
}

/** A failure with a message that says it all: printed without a stack. */
class ActivationBenchError extends Error {}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const minutesAgo = (time: number): string => `${Math.round((Date.now() - time) / 60_000)} min ago`;

/** What the bundles are built from: the sources, the build script and the locked dependencies. */
function newestInput(): { file: string; mtimeMs: number } {
  const files = fs
    .readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
  files.push(path.join(root, 'esbuild.js'), path.join(root, 'package-lock.json'));
  let newest = { file: '', mtimeMs: 0 };
  for (const file of files) {
    const { mtimeMs } = fs.statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/** Why dist/ does not hold a production build of the current sources, or undefined. */
function productionBuildProblem(): string | undefined {
  const main = path.join(dist, 'extension.js');
  if (!fs.existsSync(main)) return 'dist/extension.js is missing';
  // esbuild.js gives a development build a source map and a production build none.
  const bundles = ['extension.js', ...fs.readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'extension.js')];
  for (const file of bundles) {
    if (fs.readFileSync(path.join(dist, file), 'utf8').slice(-300).includes('//# sourceMappingURL='))
      return `dist/${file} is a development build`;
  }
  const input = newestInput();
  if (input.mtimeMs > fs.statSync(main).mtimeMs)
    return `dist/extension.js is older than ${path.relative(root, input.file)}`;
  return undefined;
}

/** Builds the production bundles when dist/ lacks them; returns whether it did. */
function ensureProductionBuild(): boolean {
  const problem = productionBuildProblem();
  if (problem === undefined) return false;
  console.log(`  ${problem}: building the production bundles first (node esbuild.js --production)`);
  const r = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0)
    throw new ActivationBenchError(
      `the production build failed (node esbuild.js --production exited with ${String(r.status)})`,
    );
  const still = productionBuildProblem();
  if (still !== undefined) throw new ActivationBenchError(`after the production build, ${still}`);
  return true;
}

/** Resolves once the process has ended; false if it still runs after `timeoutMs`. */
async function processEnded(pid: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

type HostEvent = { line: string } | { exit: number };

/** Runs activationHost.ts in fresh extension hosts of one code-server, one sample each. */
class Sampler {
  private listener: ((event: HostEvent) => void) | undefined;
  private readonly url: string;

  constructor(
    private readonly host: VsCodeHost,
    folder: string,
  ) {
    this.url = host.workbenchUrl(folder, [
      ['extensionDevelopmentPath', host.remote(root)],
      ['extensionTestsPath', host.remote(path.join(__dirname, 'activationHost.js'))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]);
  }

  async start(): Promise<void> {
    // The smoke-test driver hands the extension host's log and exit code to these.
    await this.host.page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
      this.listener?.({ line: format(...(Array.isArray(args) ? (args as unknown[]) : [args])) });
    });
    await this.host.page.exposeFunction('codeAutomationExit', (code: number) => {
      this.listener?.({ exit: code });
    });
  }

  async sample(label: string): Promise<ActivationSample> {
    const log: string[] = [];
    let sample: ActivationSample | undefined;
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise<number>((resolve) => {
      this.listener = (event) => {
        if ('exit' in event) resolve(event.exit);
        else if (event.line.startsWith(SAMPLE_PREFIX))
          sample = JSON.parse(event.line.slice(SAMPLE_PREFIX.length)) as ActivationSample;
        else log.push(event.line);
      };
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new ActivationBenchError(
            `the ${label} sample got no answer from the extension host within ${SAMPLE_TIMEOUT_MS / 1000} s${lastLines(log)}`,
          ),
        );
      }, SAMPLE_TIMEOUT_MS);
    });
    let code: number;
    try {
      await Promise.race([this.host.page.goto(this.url, { waitUntil: 'commit', timeout: SAMPLE_TIMEOUT_MS }), timeout]);
      code = await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
      this.listener = undefined;
    }
    if (code !== 0 || !sample) {
      throw new ActivationBenchError(
        `the ${label} sample failed: the extension host exited with ${code}${sample ? '' : ' without a result'}${lastLines(log)}`,
      );
    }
    // The next sample must not share the machine with this host's shutdown.
    if (!(await processEnded(sample.pid, EXIT_TIMEOUT_MS))) {
      throw new ActivationBenchError(
        `the extension host of the ${label} sample (pid ${sample.pid}) still runs ${EXIT_TIMEOUT_MS / 1000} s after it answered`,
      );
    }
    return sample;
  }
}

/** The window's last messages: each one's first line, and stack frames only in this repository. */
function lastLines(log: string[]): string {
  const lines = log.slice(-12).flatMap((entry) => {
    const [first = '', ...rest] = entry.split('\n');
    return [first, ...rest.filter((l) => l.includes(root))].map((l) => l.trim().slice(0, 300));
  });
  return lines.length ? `. The window's last messages:\n    ${lines.join('\n    ')}` : '';
}

function printFigures(cold: ActivationSample, warm: ActivationSample[]): void {
  const columns: [string, (s: ActivationSample) => number][] = [
    ['activate()', (s) => s.activateMs],
    ['load dist/extension.js', (s) => s.moduleMs],
    ["extension's activate", (s) => s.activateFunctionMs],
    ["VS Code's part", (s) => s.activateMs - s.moduleMs - s.activateFunctionMs],
  ];
  const row = (label: string, cells: string[]): string =>
    `  ${label.padEnd(20)}${cells.map((c, i) => c.padStart((columns[i]?.[0].length ?? 0) + 3)).join('')}`;
  const of = (pick: (values: number[]) => number): string[] => columns.map(([, get]) => ms(pick(warm.map(get))));
  console.log(
    row(
      '',
      columns.map(([name]) => name),
    ),
  );
  console.log(
    row(
      'cold',
      columns.map(([, get]) => ms(get(cold))),
    ),
  );
  console.log(row(`warm median of ${warm.length}`, of(median)));
  console.log(
    row(
      'warm min',
      of((v) => Math.min(...v)),
    ),
  );
  console.log(
    row(
      'warm max',
      of((v) => Math.max(...v)),
    ),
  );
  console.log(`  warm activate(), in order: ${warm.map((s) => s.activateMs.toFixed(1)).join(', ')} ms`);
  const idle = [cold, ...warm].map((s) => s.idleBefore);
  const percent = (share: number): string => `${Math.round(share * 100)}%`;
  console.log(`  machine CPU idle just before each sample: ${idle.map(percent).join(', ')}`);
  if (median(idle) < IDLE_ENOUGH)
    console.log(
      '  the machine was busy with other work during most samples: these figures are high; run again on a quiet machine',
    );
}

async function measure(hostModule: VsCodeHostModule, builtNow: boolean): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'activation-bench-'));
  let host: VsCodeHost | undefined;
  // Ctrl-C: startHost ends the server and the browser when this process exits.
  const interrupted = (signal: NodeJS.Signals): void => {
    fs.rmSync(folder, { recursive: true, force: true });
    process.exit(128 + os.constants.signals[signal]);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    host = await hostModule.startHost();
    const sampler = new Sampler(host, folder);
    await sampler.start();
    const cold = await sampler.sample('cold');
    const warm: ActivationSample[] = [];
    for (let i = 1; i <= WARM_SAMPLES; i++) warm.push(await sampler.sample(`warm #${i}`));
    console.log(
      `  extension host: VS Code ${cold.vscodeVersion}, Node ${cold.nodeVersion}; ${cold.othersActive} built-in extensions active beside it`,
    );
    console.log(`  getExtension('${EXTENSION_ID}').activate() of the production bundle, one fresh extension host each`);
    console.log(
      builtNow
        ? '  cold: the first process to load the bundle after this build'
        : `  cold: the first load in this run (the bundle was built ${minutesAgo(fs.statSync(path.join(dist, 'extension.js')).mtimeMs)}; other processes may have loaded it since)`,
    );
    printFigures(cold, warm);
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await host?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const started = Date.now();
  console.log('activation: the extension in a real VS Code extension host (code-server + headless chromium)');
  try {
    const hostModule = createRequire(__filename)(path.join(root, 'scripts/vscode-host.js')) as VsCodeHostModule;
    const missing = hostModule.hostMissing();
    if (missing !== undefined) throw new ActivationBenchError(missing);
    const builtNow = ensureProductionBuild();
    const bundles = fs
      .readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .sort();
    console.log(
      `  production bundles: ${bundles.map((f) => `dist/${f} ${kib(fs.statSync(path.join(dist, f)).size)}`).join(', ')}`,
    );
    await measure(hostModule, builtNow);
    console.log(`  (the activation benchmark took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    if (!(e instanceof ActivationBenchError)) throw e;
    console.error(`activation: ${e.message}`);
    process.exitCode = 1;
  }
}
