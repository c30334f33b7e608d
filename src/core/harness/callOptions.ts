/** Per-call options every client method takes. */
export interface CallOptions {
  /** Cancels the call (a VS Code CancellationToken mapped to an AbortSignal); rejects with kind `cancelled`. */
  signal?: AbortSignal;
}
