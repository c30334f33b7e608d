/**
 * Which run recorded a leftover, and whether that run is still going. Two rehearsals at once (two
 * terminals, two windows) share one leftovers store: without this, the second took the first's live
 * test user for a leftover and deleted it mid-run. A run records its owner with every entry; an
 * entry whose owner is still running is another run's work in progress, never a leftover.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export interface RunOwner {
  host: string;
  pid: number;
  /** Unique per run: one process (the editor's) may run several rehearsals over its life. */
  run: string;
}

/** The runs of this process that have not finished. */
const active = new Set<string>();

/** A new owner for a run of this process, live until `finished` is called. */
export function startRun(): RunOwner {
  const owner = { host: hostname(), pid: process.pid, run: randomBytes(8).toString('hex') };
  active.add(owner.run);
  return owner;
}

export function finishRun(owner: RunOwner): void {
  active.delete(owner.run);
}

/** An owner on another machine (a cache folder on a shared home) counts as running for this long. */
const FOREIGN_HOST_GRACE_MS = 60 * 60 * 1000;

/**
 * True when the run that recorded an entry may still be going: a run of this process that has not
 * finished, another process on this machine that is alive, or (unknowable) a recent entry from
 * another machine.
 */
export function ownerIsLive(owner: RunOwner, recordedAt: string, now = Date.now()): boolean {
  if (owner.host !== hostname()) {
    const at = Date.parse(recordedAt);
    return Number.isFinite(at) && now - at < FOREIGN_HOST_GRACE_MS;
  }
  if (owner.pid === process.pid) return active.has(owner.run);
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists, someone else's; ESRCH: gone.
    return (e as { code?: unknown }).code === 'EPERM';
  }
}

export function parseOwner(value: unknown): RunOwner | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.host !== 'string' || typeof o.run !== 'string') return undefined;
  if (typeof o.pid !== 'number' || !Number.isSafeInteger(o.pid) || o.pid <= 0) return undefined;
  return { host: o.host, pid: o.pid, run: o.run };
}
