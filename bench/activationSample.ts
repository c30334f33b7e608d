/**
 * What the activation benchmark's entry in the extension host (activationHost.ts) reports to its
 * runner (activation.ts): one log line, SAMPLE_PREFIX and then this object as JSON.
 */
export const SAMPLE_PREFIX = 'activation-bench-sample ';

/**
 * The entry waits (a few seconds at most) until at least this share of the machine's CPU is idle
 * before it measures; below it, other work competed with the activation.
 */
export const IDLE_ENOUGH = 0.5;

export interface ActivationSample {
  /** `vscode.extensions.getExtension(id).activate()`, from the call until its promise settles. */
  activateMs: number;
  /** Within it, `require` of the main file: reading, compiling and running the bundle's top level. */
  moduleMs: number;
  /** Within it, the extension's own `activate` function (until its promise settles, if it returns one). */
  activateFunctionMs: number;
  vscodeVersion: string;
  nodeVersion: string;
  /** The extension host process, so the runner can wait for it to end before the next sample. */
  pid: number;
  /** Other extensions already active in the host when the measure began (VS Code's built-ins). */
  othersActive: number;
  /** Share of the machine's CPU time idle just before the measure (0–1): low means other work competed. */
  idleBefore: number;
}
