/**
 * The activation benchmark's entry inside the VS Code extension host: loaded as
 * `extensionTestsPath` instead of the mocha suite, it activates the extension once, the way VS
 * Code does, and prints one ActivationSample line for bench/activation.ts. The host then ends, and
 * the runner starts a fresh one for the next sample.
 *
 * `activate()` loads the main file and sets up the extension's context side by side, then calls the
 * extension's `activate`. Loading the file first and activating after would time a different
 * path, so the load and the extension's `activate` are timed inside the real call instead, through
 * Node's loader for `.js` files.
 */
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../src/platform/ids';
import { IDLE_ENOUGH, SAMPLE_PREFIX, type ActivationSample } from './activationSample';

// The built-in extensions activate while the window starts, and the workbench draws: the measure
// waits until no extension has activated for QUIET_MS (at most QUIET_LIMIT_MS), then until the
// machine's CPU is IDLE_ENOUGH over an IDLE_WINDOW_MS window (at most IDLE_LIMIT_MS: other work on
// the machine may never stop, and the runner says so).
const QUIET_MS = 1000;
const QUIET_LIMIT_MS = 15_000;
const IDLE_WINDOW_MS = 250;
const IDLE_LIMIT_MS = 5000;

type LoadJs = (module: NodeJS.Module, filename: string) => void;
type Activate = (this: unknown, ...args: unknown[]) => unknown;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const activeIds = (): string =>
  vscode.extensions.all
    .filter((e) => e.isActive)
    .map((e) => e.id)
    .sort()
    .join(',');

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    idle += times.idle;
    total += times.idle + times.user + times.nice + times.sys + times.irq;
  }
  return { idle, total };
}

/** Share of the whole machine's CPU time that was idle over the next `ms`. */
async function idleShare(ms: number): Promise<number> {
  const a = cpuTimes();
  await sleep(ms);
  const b = cpuTimes();
  return b.total > a.total ? (b.idle - a.idle) / (b.total - a.total) : 1;
}

/** Waits for the window to settle; returns the machine's idle share just before the measure. */
async function settle(): Promise<number> {
  const start = Date.now();
  let last = activeIds();
  let since = start;
  while (Date.now() - since < QUIET_MS && Date.now() - start < QUIET_LIMIT_MS) {
    await sleep(50);
    const now = activeIds();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
  const idleFrom = Date.now();
  let idle = await idleShare(IDLE_WINDOW_MS);
  while (idle < IDLE_ENOUGH && Date.now() - idleFrom < IDLE_LIMIT_MS) idle = await idleShare(IDLE_WINDOW_MS);
  return idle;
}

/** Times the next load of `file` and the `activate` it exports, until `restore()`. */
function instrument(file: string): { moduleMs?: number; activateFunctionMs?: number; restore(): void } {
  const loaders = (Module as unknown as { _extensions: Record<string, LoadJs | undefined> })._extensions;
  const loadJs = loaders['.js'];
  if (!loadJs) throw new Error('Node has no loader for .js files to time');
  const timings: { moduleMs?: number; activateFunctionMs?: number; restore(): void } = {
    restore: () => {
      loaders['.js'] = loadJs;
    },
  };
  loaders['.js'] = function (this: unknown, module, filename) {
    if (filename !== file) {
      loadJs.call(this, module, filename);
      return;
    }
    const t0 = performance.now();
    loadJs.call(this, module, filename);
    timings.moduleMs = performance.now() - t0;
    // esbuild exports through getters: hand VS Code a copy whose `activate` is timed.
    const exports = module.exports as Record<string, unknown>;
    const activate = exports.activate as Activate | undefined;
    if (typeof activate !== 'function') return;
    module.exports = {
      ...exports,
      activate(this: unknown, ...args: unknown[]): unknown {
        const t1 = performance.now();
        const done = (): void => {
          timings.activateFunctionMs = performance.now() - t1;
        };
        const result = activate.apply(this, args);
        if (result instanceof Promise) return result.finally(done);
        done();
        return result;
      },
    };
  };
  return timings;
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not in this extension host`);
  const main = require.resolve(path.join(ext.extensionPath, (ext.packageJSON as { main: string }).main));
  const idleBefore = await settle();
  if (ext.isActive || require.cache[main]) {
    throw new Error(
      `${EXTENSION_ID} was loaded before the benchmark activated it: something in the window activated it (an open .http file, its view?)`,
    );
  }
  const othersActive = vscode.extensions.all.filter((e) => e.isActive).length;
  const timings = instrument(main);
  let activateMs: number;
  try {
    const t0 = performance.now();
    await ext.activate();
    activateMs = performance.now() - t0;
  } finally {
    timings.restore();
  }
  if (timings.moduleMs === undefined || timings.activateFunctionMs === undefined) {
    throw new Error(
      `VS Code did not load ${main} through Node's .js loader: the split of activate() cannot be measured this way`,
    );
  }
  const sample: ActivationSample = {
    activateMs,
    moduleMs: timings.moduleMs,
    activateFunctionMs: timings.activateFunctionMs,
    vscodeVersion: vscode.version,
    nodeVersion: process.versions.node,
    pid: process.pid,
    othersActive,
    idleBefore,
  };
  console.log(SAMPLE_PREFIX + JSON.stringify(sample));
}
