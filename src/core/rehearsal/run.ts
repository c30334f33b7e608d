/**
 * Runs the twelve steps in order, stops at the first failure, and always cleans up before it
 * reports (looking before it deletes, see `cleanup.ts`): whatever this run created (or may have created, when an answer was lost) is deleted in
 * reverse order. Every create is recorded in the leftovers store before it is sent and updated with
 * its id once known, so a run that dies half-way leaves enough for the next one to clean up.
 */
import { ACTIONS, type ActionContext, type CreationLog, harnessEqFilter, StepFailure } from './actions';
import { type CleanupContext, removeLeftoverList, type ScimPort, scimPath } from './cleanup';
import { explainFailure } from './explain';
import { buildFindings, surveyAccount, type AccountSurvey } from './findings';
import { recogniseToken } from '../idp';
import { identitiesFor, randomSuffix, type RehearsalIdentities } from './identities';
import { STEPS, type StepDefinition, permissionLabel } from './steps';
import { finishRun, startRun, type RunOwner } from './owner';
import { pendingLeftovers, type RehearsalTarget, forget, remember } from './store';
import type {
  CleanupAction,
  LeftoversStore,
  RehearsalLeftover,
  RehearsalOutcome,
  RehearsalReport,
  RehearsalStepResult,
} from './types';

export interface RehearsalOptions {
  /** `HarnessClient.scim` in the extension, `ScimConnection.scim` in the CLI. */
  scim: ScimPort;
  /** The bearer token an identity provider would send; never reported. */
  token: string;
  /** Normalized base URL and account of the client behind `scim`. */
  target: RehearsalTarget;
  store: LeftoversStore;
  /** Delete a previous run's leftovers first; the caller asks the user before setting this. */
  removePrevious?: boolean;
  /** Cancels the remaining steps; the cleanup still runs (without it). */
  signal?: AbortSignal;
  /** Called after each step, for progress. */
  onStep?: (step: RehearsalStepResult) => void;
  /** Fixed suffix for the test names (tests); random otherwise. */
  suffix?: string;
  now?: () => Date;
}

function requestLine(
  def: StepDefinition,
  acc: string,
  ids: RehearsalIdentities,
  c: Pick<ActionContext, 'userId' | 'groupId'>,
): string {
  const user = `Users/${c.userId ?? '{id}'}`;
  const group = `Groups/${c.groupId ?? '{id}'}`;
  const lines: Record<number, [string, string]> = {
    1: ['GET', 'ServiceProviderConfig'],
    2: ['GET', `Users?filter=${harnessEqFilter('userName', ids.userName)}`],
    3: ['POST', 'Users'],
    4: ['GET', user],
    5: ['PATCH', user],
    6: ['POST', 'Groups'],
    7: ['PATCH', group],
    8: ['GET', group],
    9: ['PATCH', group],
    10: ['DELETE', group],
    11: ['PATCH', user],
    12: ['GET', user],
  };
  const [method, resource] = lines[def.step] ?? ['GET', ''];
  return `${method} ${scimPath(acc, resource)}`;
}

/** This run's creations, in memory and in the store. */
class Creations implements CreationLog {
  readonly entries: RehearsalLeftover[] = [];
  constructor(
    private readonly store: LeftoversStore,
    private readonly target: RehearsalTarget,
    private readonly now: () => Date,
    private readonly owner: RunOwner,
  ) {}

  async intend(kind: 'user' | 'group', name: string): Promise<void> {
    const entry: RehearsalLeftover = {
      kind,
      name,
      ...this.target,
      recordedAt: this.now().toISOString(),
      owner: this.owner,
    };
    try {
      await remember(this.store, entry);
    } catch (e) {
      // Nothing is created that could not be found again after a crash.
      throw new StepFailure(
        'store-failed',
        `Could not record the test ${kind} before creating it, so it was not created: ${e instanceof Error ? e.message : String(e)}`,
        "Check that the leftovers store (the cache directory, or the editor's storage) is writable, then run again.",
      );
    }
    this.entries.push(entry);
  }

  async created(kind: 'user' | 'group', name: string, id: string): Promise<void> {
    const entry = this.entries.find((e) => e.kind === kind && e.name === name);
    if (!entry) return;
    entry.id = id;
    // A failed write keeps the name-only entry, which the next run can still resolve by name.
    await remember(this.store, entry).catch(() => undefined);
  }

  async gone(kind: 'user' | 'group', name: string): Promise<void> {
    const i = this.entries.findIndex((e) => e.kind === kind && e.name === name);
    if (i >= 0) this.entries.splice(i, 1);
    await forget(this.store, { kind, name, ...this.target }).catch(() => undefined);
  }
}

async function runStep(
  def: StepDefinition,
  ctx: ActionContext,
  acc: string,
  ids: RehearsalIdentities,
  signal: AbortSignal | undefined,
): Promise<RehearsalStepResult> {
  const request = requestLine(def, acc, ids, ctx);
  const base = {
    step: def.step,
    id: def.id,
    title: def.title,
    request,
    permission: permissionLabel(def),
    inferred: [...def.inferred],
  };
  let status: number | undefined;
  ctx.call = {
    signal,
    observe: (a) => {
      status = a.status;
    },
  };
  const t0 = performance.now();
  try {
    if (signal?.aborted)
      throw new StepFailure('cancelled', 'Cancelled before this step.', 'Run the rehearsal again when ready.');
    const said = await ACTIONS[def.id](ctx);
    const elapsedMs = Math.round(performance.now() - t0);
    const off =
      status !== undefined && status !== def.expectedStatus
        ? ` Harness answered ${status}; the contract says ${def.expectedStatus}.`
        : '';
    return { ...base, status, outcome: 'pass', elapsedMs, message: `${said}${off}` };
  } catch (e) {
    const elapsedMs = Math.round(performance.now() - t0);
    if (e instanceof StepFailure)
      return { ...base, status, outcome: 'fail', elapsedMs, message: e.message, fix: e.fix, problem: e.problem };
    const why = explainFailure(def, e);
    const result: RehearsalStepResult = {
      ...base,
      status: why.status,
      outcome: 'fail',
      elapsedMs,
      message: why.message,
      fix: why.fix,
      problem: why.problem,
    };
    if (why.missingPermission !== undefined) result.missingPermission = why.missingPermission;
    if (why.permissionInferred !== undefined) result.permissionInferred = why.permissionInferred;
    return result;
  }
}

function skipped(def: StepDefinition, acc: string, ids: RehearsalIdentities, c: ActionContext): RehearsalStepResult {
  return {
    step: def.step,
    id: def.id,
    title: def.title,
    request: requestLine(def, acc, ids, c),
    status: undefined,
    outcome: 'skip',
    elapsedMs: 0,
    permission: permissionLabel(def),
    message: 'Not run: an earlier step failed.',
    inferred: [...def.inferred],
  };
}

function outcomeOf(steps: RehearsalStepResult[], leftovers: RehearsalLeftover[]): RehearsalOutcome {
  if (leftovers.length > 0) return 'cleanup-incomplete';
  const failed = steps.find((s) => s.outcome === 'fail');
  if (!failed) return 'passed';
  if (failed.problem === 'cancelled') return 'cancelled';
  return failed.step === 1 && failed.problem === 'unreachable' ? 'unreachable' : 'step-failed';
}

export async function runRehearsal(o: RehearsalOptions): Promise<RehearsalReport> {
  const owner = startRun();
  try {
    return await rehearse(o, owner);
  } finally {
    finishRun(owner);
  }
}

async function rehearse(o: RehearsalOptions, owner: RunOwner): Promise<RehearsalReport> {
  const now = o.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const ids = identitiesFor(o.suffix ?? randomSuffix());
  const acc = o.target.accountId;
  const cleanupCtx: CleanupContext = { scim: o.scim, token: o.token, target: o.target, store: o.store };

  let previousCleanup: CleanupAction[] = [];
  let previousLeft: RehearsalLeftover[] = [];
  try {
    const pending = await pendingLeftovers(o.store, o.target);
    if (o.removePrevious === true && pending.length > 0) {
      const removal = await removeLeftoverList(cleanupCtx, pending);
      previousCleanup = removal.actions;
      previousLeft = removal.remaining;
    } else {
      previousLeft = pending;
    }
  } catch {
    // An unreadable store holds nothing this run can act on; its own creations are still recorded.
  }

  const log = new Creations(o.store, o.target, now, owner);
  const ctx: ActionContext = { scim: o.scim, token: o.token, ids, log, call: {}, seen: {} };
  const steps: RehearsalStepResult[] = [];
  for (const def of STEPS) {
    if (steps.some((s) => s.outcome === 'fail')) {
      steps.push(skipped(def, acc, ids, ctx));
      continue;
    }
    const result = await runStep(def, ctx, acc, ids, o.signal);
    steps.push(result);
    try {
      o.onStep?.(result);
    } catch {
      // A progress display that fails must not stop the run before its cleanup.
    }
  }

  // No signal here: a cancelled run must still delete what it made; the transport's deadlines bound it.
  const cleanup =
    log.entries.length > 0 ? await removeLeftoverList(cleanupCtx, log.entries, true) : { actions: [], remaining: [] };
  const leftovers = [...previousLeft, ...cleanup.remaining];
  const outcome = outcomeOf(steps, leftovers);
  // A read-only look at the account for the findings, once the token is known to work; never when cancelled.
  const survey: AccountSurvey =
    steps[0]?.outcome === 'pass' && o.signal?.aborted !== true ? await surveyAccount(o.scim, o.token) : {};
  return {
    baseUrl: o.target.baseUrl,
    accountId: acc,
    startedAt,
    finishedAt: now().toISOString(),
    userName: ids.userName,
    groupName: ids.groupName,
    steps,
    previousCleanup,
    cleanup: cleanup.actions,
    leftovers,
    findings: buildFindings(ids, ctx.seen, survey, recogniseToken(o.token)?.entry.name),
    deactivationDeleted: ctx.seen.userGoneAfterDeactivation,
    outcome,
    ok: outcome === 'passed',
  };
}

/** Deletes a previous run's leftovers on their own (the editor's "clean up first" without a new run). */
export async function removePreviousLeftovers(
  o: Pick<RehearsalOptions, 'scim' | 'token' | 'target' | 'store'>,
): Promise<{ actions: CleanupAction[]; remaining: RehearsalLeftover[] }> {
  const pending = await pendingLeftovers(o.store, o.target);
  return removeLeftoverList({ scim: o.scim, token: o.token, target: o.target, store: o.store }, pending);
}
