/** Per-call options every client method takes. */
export interface CallOptions {
  /** Cancels the call (a VS Code CancellationToken mapped to an AbortSignal); rejects with kind `cancelled`. */
  signal?: AbortSignal;
  /**
   * Told the HTTP status of a successful answer. A report that shows what Harness answered (the
   * SCIM rehearsal) needs the status as well as the body; failures carry it on the error already.
   */
  observe?: (answer: AnswerInfo) => void;
}

export interface AnswerInfo {
  status: number;
  /** How many times the request was sent (1 when it was not retried). */
  attempts: number;
}
