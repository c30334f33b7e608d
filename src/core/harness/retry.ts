/**
 * When and how long to wait before trying a read again. Only reads are retried (GET, and the
 * POSTs that only read, such as a role-assignment filter): a write that timed out or was reset
 * may have taken effect, so repeating it blindly could create a second service account or role.
 */

export interface RetryOptions {
  /** Tries for a read, the first included. Default 3. 1 disables retries. */
  maxAttempts?: number;
  /** First back-off delay; each later one doubles. Default 400 ms. */
  baseDelayMs?: number;
  /** Cap on one delay. Default 5 s. */
  maxDelayMs?: number;
  /** No retry starts if it would end later than this after the first try began. Default 20 s. */
  maxTotalMs?: number;
  /** Injected in tests so back-off costs no wall time. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  now?: () => number;
}

export type RetryPolicy = Required<RetryOptions>;

/** Statuses a gateway or rate limiter gives for a request that may succeed later (docs/harness-contract.md, "Error JSON and HTTP status codes"; "Rate limits"). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? 3,
    baseDelayMs: options.baseDelayMs ?? 400,
    maxDelayMs: options.maxDelayMs ?? 5000,
    maxTotalMs: options.maxTotalMs ?? 20_000,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    throw new RangeError('retries.maxAttempts must be an integer ≥ 1');
  return policy;
}

/**
 * Delay after the `failedAttempt`-th try (1-based): exponential, capped, with "equal jitter"
 * (half fixed, half random) so many clients behind one gateway do not retry in lockstep yet
 * each still waits a meaningful minimum. A server's `Retry-After` (seconds) wins when given,
 * within the cap; Harness's rate limiter does not send one, other proxies may.
 */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number, retryAfter?: string): number {
  const fromServer =
    retryAfter !== undefined && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : undefined;
  if (fromServer !== undefined) return Math.min(fromServer, policy.maxDelayMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.round(exp / 2 + policy.random() * (exp / 2));
}
