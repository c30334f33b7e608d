/**
 * What the steps share: the client and cache they call through, the token under test, and what
 * earlier steps found (later steps skip, or explain themselves, from it).
 */
import type { HarnessClient, SettingResponseDTO, TokenValidation } from '../harness';
import { failureCategory, isHarnessApiError } from '../harness';
import type { JwksCache, Verdict } from '../jwt';
import type { CurrentSettings, StaleKeySetFinding } from '../setup';
import type { DoctorProblem, DoctorStep, StepId, StepStatus } from './types';
import { STEP_ORDER, STEP_TITLE } from './types';

export interface DoctorContext {
  client: HarnessClient;
  jwksCache: JwksCache;
  token: string | undefined;
  /** The Bearer scheme the token was given with (`bearer `), when it was not "Bearer ". */
  scheme?: string;
  now: () => Date;
  signal: AbortSignal | undefined;
  // Findings of earlier steps.
  keyWorks: boolean;
  settingsRows: SettingResponseDTO[] | undefined;
  settings: CurrentSettings | undefined;
  verdict: Verdict | undefined;
  validation: TokenValidation | undefined;
  /**
   * Hosts found unreachable (or too slow) earlier in this run, by role: a later step skips or
   * reuses the answer instead of waiting through the same timeout again.
   */
  harnessUnreachable: string | undefined;
  keySetUnreachable: { url: string; message: string } | undefined;
  /** Set by step 6 when Harness's key set is behind the provider's. */
  staleKeySet?: StaleKeySetFinding | undefined;
}

export type StepOutcome = Omit<DoctorStep, 'id' | 'number' | 'title' | 'elapsedMs' | 'notes'> & { notes?: string[] };

export function outcome(
  status: StepStatus,
  detail: string,
  more: Partial<Omit<StepOutcome, 'status' | 'detail'>> = {},
): StepOutcome {
  return { status, detail, ...more };
}

export function skipped(detail: string): StepOutcome {
  return { status: 'skip', detail };
}

export function toStep(id: StepId, o: StepOutcome, elapsedMs: number): DoctorStep {
  return {
    ...o,
    id,
    number: STEP_ORDER.indexOf(id) + 1,
    title: STEP_TITLE[id],
    notes: o.notes ?? [],
    elapsedMs: Math.round(elapsedMs),
  };
}

/** Cancellation goes up to the caller (UIs stay silent); everything else becomes a failed step. */
export function rethrowIfCancelled(e: unknown): void {
  if (isHarnessApiError(e) && e.kind === 'cancelled') throw e;
  if (e instanceof Error && e.name === 'AbortError') throw e;
}

/** A failed Harness call as a step outcome: which problem, and the fix a person can act on. */
export function callFailure(e: unknown, what: string, baseUrl: string): StepOutcome {
  rethrowIfCancelled(e);
  if (!isHarnessApiError(e)) {
    return outcome('fail', `${what} failed: ${e instanceof Error ? e.message : String(e)}`, {
      problem: 'harness-error',
      fix: 'Run again; if it persists, see the log.',
    });
  }
  const status = e.httpStatus !== undefined ? ` (HTTP ${e.httpStatus}${e.code !== undefined ? ` ${e.code}` : ''})` : '';
  const detail = `${what} failed${status}: ${e.message}`;
  const category = failureCategory(e);
  const problem: DoctorProblem =
    category === 'rejected'
      ? 'key-rejected'
      : category === 'forbidden'
        ? 'key-forbidden'
        : category === 'unreachable'
          ? 'harness-unreachable'
          : 'harness-error';
  const fixes: Record<typeof category, string> = {
    rejected:
      'Harness refused the API key: it may be expired, revoked, or for another account or cluster. Create a new key (Account Settings → Access Control → Service Accounts or your profile → API keys) and connect again.',
    forbidden:
      'The key works but its owner may not do this. Use a key whose owner holds the permission Harness names above (reading the SCIM settings needs core_account_view, changing them core_setting_edit, looking up service accounts core_serviceaccount_view).',
    unreachable: `Check the base URL (${baseUrl}), the network and the proxy settings.`,
    'not-found': `Check the base URL (${baseUrl}): a cluster's gateway URL ends in /gateway, a self-managed install's does not.`,
    server: 'Harness had a problem answering; try again in a minute.',
    client: 'See the message above; if it persists, open the log.',
    cancelled: '',
  };
  return outcome('fail', detail, { problem, fix: fixes[category] });
}

export function callOptions(ctx: DoctorContext): { signal?: AbortSignal } {
  return ctx.signal ? { signal: ctx.signal } : {};
}
