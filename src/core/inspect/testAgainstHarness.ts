/**
 * "Test against Harness": send the token the way an identity provider would (ServiceProviderConfig,
 * which needs no permission, then Users?count=1) and explain the answer. Harness answers every JWT
 * failure with the same opaque 401, so a refusal is explained with the local verdict and, when the
 * connected key may ask, Harness's own inner reason from token/validate.
 */
import { SETTINGS_PROPAGATION_SECONDS } from '../harness';
import { isHarnessApiError, type CallOptions, type TokenValidation } from '../harness';
import type { Verdict } from '../jwt';
import { isNoKeyMatchAnswer, recogniseStaleKeySet, type StaleKeySetFinding } from '../setup';

/** The token judged against the provider's key set as it is now (fetched fresh), with the setting's age. */
export interface KeySetNow {
  verdict: Verdict;
  jwksUrl: string;
  /** Seconds since the JWKS URL setting last changed, when known. */
  jwksChangedSecondsAgo?: number | undefined;
}

/** The slice of `HarnessClient` the trial uses (tests pass the real client against the emulator). */
export interface HarnessTrialPort {
  serviceProviderConfig: (bearer: string, options?: CallOptions) => Promise<unknown>;
  listUsers: (
    bearer: string,
    params: { count: number },
    options?: CallOptions,
  ) => Promise<{ totalResults?: number; Resources?: unknown[] }>;
  /** Harness's inner reason; absent when no key that may ask is connected. */
  validateToken?: (token: string, options?: CallOptions) => Promise<TokenValidation>;
  /**
   * Asked only when Harness answers as it does for a key it cannot find: the token against the
   * key set fetched fresh, to tell Harness's stale key set from a token that is simply wrong.
   */
  keySetNow?: (token: string, options?: CallOptions) => Promise<KeySetNow | undefined>;
}

export type TrialCall = 'ServiceProviderConfig' | 'Users?count=1';

export interface TrialStep {
  call: TrialCall;
  ok: boolean;
  /** HTTP status when Harness answered. */
  httpStatus?: number;
  /** One sentence, already redacted. */
  message: string;
}

export type TrialResult =
  /** Both calls succeeded. */
  | 'accepted'
  /** Authenticated, but the service account may not list users (403). */
  | 'accepted-without-permission'
  /** The opaque 401 (or another refusal of the token). */
  | 'refused'
  /** Harness could not be reached or answered something else; says nothing about the token. */
  | 'error';

export interface HarnessTrialOutcome {
  result: TrialResult;
  steps: TrialStep[];
  /** One line for a notification. */
  summary: string;
  /** Further lines: the local verdict, Harness's inner reason, advice. */
  details: string[];
  innerReason?: { reason: string; httpStatus?: number; code?: string; message: string };
  /** Harness's key set is behind the provider's rotation (an inference: `basis` says on what). */
  staleKeySet?: StaleKeySetFinding;
}

interface StepFailure {
  step: TrialStep;
  kind: 'refused' | 'forbidden' | 'error';
}

function failure(call: TrialCall, e: unknown): StepFailure {
  if (isHarnessApiError(e)) {
    if (e.kind === 'cancelled') throw e;
    const status = e.httpStatus;
    const words = e.serverMessage ?? e.message;
    const step: TrialStep = { call, ok: false, message: status !== undefined ? `HTTP ${status}: ${words}` : words };
    if (status !== undefined) step.httpStatus = status;
    if (status === 401) return { step, kind: 'refused' };
    if (status === 403) return { step, kind: 'forbidden' };
    return { step, kind: 'error' };
  }
  if (e instanceof Error && e.name === 'AbortError') throw e;
  return { step: { call, ok: false, message: e instanceof Error ? e.message : String(e) }, kind: 'error' };
}

function verdictLine(local: Verdict | undefined): string | undefined {
  if (!local) return undefined;
  return local.accepted
    ? `The local verdict says Harness would accept it: the difference is in Harness (flag, settings cache of ${SETTINGS_PROPAGATION_SECONDS} s, service account).`
    : `Local verdict (${local.code}): ${local.message}`;
}

async function explainRefusal(
  port: HarnessTrialPort,
  token: string,
  local: Verdict | undefined,
  options: CallOptions,
  out: HarnessTrialOutcome,
): Promise<void> {
  const line = verdictLine(local);
  if (line) out.details.push(line);
  if (!port.validateToken) {
    out.details.push('Connect with an admin API key to ask Harness for the inner reason (token/validate).');
    return;
  }
  let answer: TokenValidation;
  try {
    answer = await port.validateToken(token, options);
  } catch (e) {
    if (isHarnessApiError(e) && e.kind === 'cancelled') throw e;
    out.details.push(`Harness's inner reason could not be read: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (answer.valid) {
    out.details.push(
      `token/validate accepts the token, yet SCIM refused it: Harness may still be using settings from before a change (up to ${SETTINGS_PROPAGATION_SECONDS} s).`,
    );
    return;
  }
  if (answer.reason === 'forbidden') {
    out.details.push(
      'The connected API key may not call token/validate; connect with an admin key for the inner reason.',
    );
    return;
  }
  const inner: NonNullable<HarnessTrialOutcome['innerReason']> = { reason: answer.reason, message: answer.message };
  if (answer.httpStatus !== undefined) inner.httpStatus = answer.httpStatus;
  if (answer.code !== undefined) inner.code = answer.code;
  out.innerReason = inner;
  out.details.push(
    `Harness's inner reason (token/validate): ${answer.httpStatus ?? ''} ${answer.code ?? ''} ${answer.message}`
      .replace(/\s+/g, ' ')
      .trim(),
  );
  if (!isNoKeyMatchAnswer(answer) || !port.keySetNow) return;
  let now: KeySetNow | undefined;
  try {
    now = await port.keySetNow(token, options);
  } catch (e) {
    if ((isHarnessApiError(e) && e.kind === 'cancelled') || (e instanceof Error && e.name === 'AbortError')) throw e;
    out.details.push(
      `The key set could not be fetched again to compare: ${e instanceof Error ? e.message : String(e)}`,
    );
    return;
  }
  const stale =
    now &&
    recogniseStaleKeySet({
      validation: answer,
      freshVerdict: now.verdict,
      jwksUrl: now.jwksUrl,
      jwksChangedSecondsAgo: now.jwksChangedSecondsAgo,
    });
  if (!stale) return;
  out.staleKeySet = stale;
  out.summary = `Harness refused the token: ${stale.message}`;
  // The generic "the difference is in Harness" line is replaced by the named cause.
  out.details = out.details.filter((d) => d !== line);
  out.details.push(stale.basis, stale.fix);
}

/** Runs the two SCIM calls with `token` and explains the outcome. Rejects only when cancelled. */
export async function runHarnessTrial(
  port: HarnessTrialPort,
  token: string,
  local: Verdict | undefined,
  options: CallOptions = {},
): Promise<HarnessTrialOutcome> {
  const out: HarnessTrialOutcome = { result: 'error', steps: [], summary: '', details: [] };
  try {
    await port.serviceProviderConfig(token, options);
    out.steps.push({
      call: 'ServiceProviderConfig',
      ok: true,
      httpStatus: 200,
      message: 'HTTP 200: the token authenticates.',
    });
  } catch (e) {
    const f = failure('ServiceProviderConfig', e);
    out.steps.push(f.step);
    if (f.kind === 'refused') {
      out.result = 'refused';
      out.summary = `Harness refused the token: ${f.step.message}`;
      await explainRefusal(port, token, local, options, out);
    } else {
      out.summary = `Harness did not judge the token: ${f.step.message}`;
    }
    return out;
  }
  try {
    const users = await port.listUsers(token, { count: 1 }, options);
    const n = users.Resources?.length ?? 0;
    out.steps.push({
      call: 'Users?count=1',
      ok: true,
      httpStatus: 200,
      message: `HTTP 200: ${n} user${n === 1 ? '' : 's'} returned.`,
    });
    out.result = 'accepted';
    out.summary = 'Harness accepted the token: ServiceProviderConfig and Users?count=1 both answered 200.';
  } catch (e) {
    const f = failure('Users?count=1', e);
    out.steps.push(f.step);
    if (f.kind === 'forbidden') {
      out.result = 'accepted-without-permission';
      out.summary = 'Harness accepted the token, but the service account may not list users (403).';
      out.details.push('Give the configured service account core_user_view (and the other SCIM permissions).');
    } else if (f.kind === 'refused') {
      out.result = 'refused';
      out.summary = `Harness accepted ServiceProviderConfig but refused Users: ${f.step.message}`;
      await explainRefusal(port, token, local, options, out);
    } else {
      out.summary = `Harness accepted the token; Users?count=1 failed: ${f.step.message}`;
    }
  }
  return out;
}
