/**
 * Leftover bookkeeping over a `LeftoversStore`: entries are keyed by account and name, so one
 * store (a globalState key, a cache file) can serve several accounts, and only this target's
 * entries are ever read or changed.
 */
import { ownerIsLive, parseOwner } from './owner';
import type { LeftoversStore, RehearsalLeftover } from './types';

export interface RehearsalTarget {
  /** Normalized base URL, as the client uses it. */
  baseUrl: string;
  accountId: string;
}

export function sameTarget(a: RehearsalTarget, b: RehearsalTarget): boolean {
  return a.baseUrl === b.baseUrl && a.accountId === b.accountId;
}

function sameEntry(
  a: RehearsalLeftover,
  b: Pick<RehearsalLeftover, 'kind' | 'name' | 'baseUrl' | 'accountId'>,
): boolean {
  return a.kind === b.kind && a.name === b.name && sameTarget(a, b);
}

/**
 * A previous run's leftovers in this account, oldest first. An entry whose run is still going (a
 * rehearsal in another terminal or window) is that run's live test object: never a leftover.
 */
export async function pendingLeftovers(store: LeftoversStore, target: RehearsalTarget): Promise<RehearsalLeftover[]> {
  return (await store.load()).filter(
    (l) => sameTarget(l, target) && (l.owner === undefined || !ownerIsLive(l.owner, l.recordedAt)),
  );
}

/** Adds or updates one entry (a create about to be sent, or its id once known). */
export async function remember(store: LeftoversStore, entry: RehearsalLeftover): Promise<void> {
  const all = await store.load();
  const i = all.findIndex((l) => sameEntry(l, entry));
  if (i >= 0) all[i] = entry;
  else all.push(entry);
  await store.save(all);
}

/** Drops one entry once the object is known to be gone. */
export async function forget(
  store: LeftoversStore,
  entry: Pick<RehearsalLeftover, 'kind' | 'name' | 'baseUrl' | 'accountId'>,
): Promise<void> {
  const all = await store.load();
  const kept = all.filter((l) => !sameEntry(l, entry));
  if (kept.length !== all.length) await store.save(kept);
}

/** For tests and for callers with nowhere to persist (then a crash loses the ids, as it says). */
export function memoryLeftoversStore(
  initial: RehearsalLeftover[] = [],
): LeftoversStore & { entries: () => RehearsalLeftover[] } {
  let entries = structuredClone(initial);
  return {
    load: () => Promise.resolve(structuredClone(entries)),
    save: (next) => {
      entries = structuredClone(next);
      return Promise.resolve();
    },
    entries: () => structuredClone(entries),
  };
}

/**
 * A store over any key-value memento: the extension passes `globalState` (get/update of one key),
 * so ids survive a crash of the window and are found by the next run in any workspace.
 */
export function mementoLeftoversStore(
  memento: { get(key: string): unknown; update(key: string, value: unknown): PromiseLike<void> },
  key: string,
): LeftoversStore {
  return {
    load: () => Promise.resolve(parseLeftovers(memento.get(key))),
    save: async (leftovers) => {
      await memento.update(key, leftovers);
    },
  };
}

/** Reads a stored list defensively: whatever is not a well-formed entry is dropped, never acted on. */
export function parseLeftovers(value: unknown): RehearsalLeftover[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v: unknown): RehearsalLeftover[] => {
    if (typeof v !== 'object' || v === null) return [];
    const r = v as Record<string, unknown>;
    const kind = r.kind;
    if (
      (kind !== 'user' && kind !== 'group') ||
      typeof r.name !== 'string' ||
      typeof r.baseUrl !== 'string' ||
      typeof r.accountId !== 'string'
    )
      return [];
    const entry: RehearsalLeftover = {
      kind,
      name: r.name,
      baseUrl: r.baseUrl,
      accountId: r.accountId,
      recordedAt: typeof r.recordedAt === 'string' ? r.recordedAt : '',
    };
    if (typeof r.id === 'string' && r.id !== '') entry.id = r.id;
    const owner = parseOwner(r.owner);
    if (owner) entry.owner = owner;
    return [entry];
  });
}
