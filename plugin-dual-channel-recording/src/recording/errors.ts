/** The bounded wait ran out before the selector produced a value. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`Gave up waiting after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The operation was cancelled through its AbortSignal (the task ended, the call was hung up). */
export class AbortError extends Error {
  override readonly name = 'AbortError';
  /** Why the signal was aborted (`signal.reason`), when the caller gave one. */
  readonly reason: unknown;

  constructor(reason?: unknown) {
    super(typeof reason === 'string' ? `Aborted: ${reason}` : 'Aborted');
    this.reason = reason;
  }
}

/** True for any abort error, ours or the platform's (fetch rejects with a DOMException named AbortError). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
