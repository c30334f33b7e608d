/**
 * `runDoctor`: the eight steps in order over the shared client and JWKS cache. Never throws for
 * what it finds (every problem is a step); only cancellation propagates.
 */
import type { HarnessClient } from '../harness';
import { splitAuthorizationValue, type JwksCache } from '../jwt';
import { REFRESH_FLAG, shellQuote } from '../setup';
import { checkKey, checkSettings } from './accountSteps';
import type { DoctorContext, StepOutcome } from './context';
import { rethrowIfCancelled, toStep } from './context';
import { checkKeySet } from './keySetStep';
import { doctorProvider, withProviderFix } from './provider';
import { checkReminders } from './reminders';
import { checkServiceAccountStep } from './serviceAccountStep';
import { checkScim, checkTokenValidate, checkVerdict } from './tokenSteps';
import type { DoctorReport, DoctorStep, StepId } from './types';
import { STEP_ORDER, STEP_TITLE } from './types';

export interface DoctorInput {
  client: HarnessClient;
  jwksCache: JwksCache;
  /** The bearer JWT to try (steps 5–7 are skipped without one). Held in memory only. */
  token?: string | undefined;
  /** Shown in the report; never the token itself. */
  tokenSource?: string | undefined;
  /** Clock for the verdict and the settings' age (tests pass the emulator's). */
  now?: () => Date;
  signal?: AbortSignal;
  /** Called before each step starts (for progress) and after it ends. */
  onProgress?: (
    event: { kind: 'start'; id: StepId; number: number; title: string } | { kind: 'done'; step: DoctorStep },
  ) => void;
}

const RUNNERS: Readonly<Record<StepId, (ctx: DoctorContext) => StepOutcome | Promise<StepOutcome>>> = {
  key: checkKey,
  settings: checkSettings,
  jwks: checkKeySet,
  serviceAccount: checkServiceAccountStep,
  verdict: checkVerdict,
  tokenValidate: checkTokenValidate,
  scim: checkScim,
  reminders: checkReminders,
};

/** The command line that makes Harness re-read the key set, for this Harness. */
export function refreshCommandLine(baseUrl: string): string {
  return `scim-jwt setup --base-url ${shellQuote(baseUrl)} ${REFRESH_FLAG}`;
}

export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const now = input.now ?? ((): Date => new Date());
  const given = input.token === undefined ? undefined : splitAuthorizationValue(input.token);
  const token = given?.token;
  const ctx: DoctorContext = {
    client: input.client,
    jwksCache: input.jwksCache,
    token: token === undefined || token === '' ? undefined : token,
    ...(given?.scheme !== undefined ? { scheme: given.scheme } : {}),
    now,
    signal: input.signal,
    keyWorks: false,
    settingsRows: undefined,
    settings: undefined,
    verdict: undefined,
    validation: undefined,
    harnessUnreachable: undefined,
    keySetUnreachable: undefined,
  };
  const provider = doctorProvider(ctx.token);
  const startedAt = now().toISOString();
  const steps: DoctorStep[] = [];
  for (const id of STEP_ORDER) {
    input.onProgress?.({ kind: 'start', id, number: steps.length + 1, title: STEP_TITLE[id] });
    const t0 = performance.now();
    let result: StepOutcome;
    try {
      result = await RUNNERS[id](ctx);
    } catch (e) {
      rethrowIfCancelled(e);
      // A bug of ours must not hide the other steps' findings.
      result = {
        status: 'fail',
        detail: `This check could not run: ${e instanceof Error ? e.message : String(e)}`,
        problem: 'harness-error',
        fix: 'Please report this with the log.',
      };
    }
    const step = withProviderFix(toStep(id, result, performance.now() - t0), ctx, provider?.match);
    // Harness not answering (a timeout, a refused connection) will not answer the next step either.
    if (step.problem === 'harness-unreachable') ctx.harnessUnreachable ??= step.detail;
    steps.push(step);
    input.onProgress?.({ kind: 'done', step });
  }
  const count = (s: DoctorStep['status']): number => steps.filter((x) => x.status === s).length;
  const summary = { pass: count('pass'), fail: count('fail'), warn: count('warn'), skip: count('skip') };
  return {
    baseUrl: input.client.baseUrl,
    accountId: input.client.accountId,
    ...(input.tokenSource !== undefined && ctx.token !== undefined ? { tokenSource: input.tokenSource } : {}),
    ...(provider ? { provider: provider.report } : {}),
    startedAt,
    finishedAt: now().toISOString(),
    steps,
    summary,
    ok: summary.fail === 0,
    ...(ctx.staleKeySet
      ? { staleKeySet: { ...ctx.staleKeySet, refreshCommand: refreshCommandLine(input.client.baseUrl) } }
      : {}),
  };
}
