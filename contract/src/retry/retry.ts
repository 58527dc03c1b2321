/**
 * The one retry loop of the product (Functions → Twilio, plugin → Functions, CLI → Twilio) and its
 * pure core: full-jitter exponential backoff, `Retry-After` as a floor, and one way to say that a
 * request got no answer at all ({@link NO_ANSWER}). Each caller brings its policy's numbers and says
 * which of its failures are worth another try; the loop is the same everywhere.
 */

/** How often and how long to retry. Tune here, per caller; the loop never hard-codes a number. */
export interface RetryPolicy {
  /** Attempts in all, the first included (`Infinity` when only {@link maxElapsedMs} bounds the loop). */
  readonly maxAttempts: number;
  /** Backoff base: the wait before retry n is a random share of `baseDelayMs * 2^(n-1)`. */
  readonly baseDelayMs: number;
  /** No backoff wait is longer than this (and no Retry-After wait, unless {@link maxRetryAfterMs} says otherwise). */
  readonly maxDelayMs: number;
  /**
   * Up to this many milliseconds of jitter on top of a server's Retry-After, so clients told the
   * same Retry-After do not all come back in the same millisecond (0: Retry-After exactly).
   */
  readonly retryAfterJitterMs?: number;
  /** The longest wait a Retry-After (plus its jitter) may ask for; `maxDelayMs` when absent. */
  readonly maxRetryAfterMs?: number;
  /**
   * The loop's time window from its first attempt: a wait that would end past it is not taken and
   * the last failure is thrown ({@link RetryWindowClosedError}). Absent: only `maxAttempts` bounds it.
   */
  readonly maxElapsedMs?: number;
}

/**
 * The HTTP status of a request that got no answer at all (refused, reset, timed out, DNS, or a
 * browser's CORS refusal): 0, as browsers report it. Every failure type of the product uses it.
 */
export const NO_ANSWER = 0;

/** 429 (rate or concurrency limit), 503 (unavailable) and no answer: a later identical request may succeed. */
export function isRetryableStatus(status: number): boolean {
  return status === NO_ANSWER || status === 429 || status === 503;
}

/**
 * The wait before retry number `attempt` (1 = first retry): "full jitter" backoff, a random share of
 * an exponentially growing cap, so many clients retrying together spread out. A server's Retry-After
 * (plus up to `retryAfterJitterMs`) is a floor; `maxDelayMs` caps everything.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(random() * cap);
  if (retryAfterMs === undefined) return jittered;
  const jitterMs = policy.retryAfterJitterMs ?? 0;
  const floor = retryAfterMs + (jitterMs > 0 ? Math.round(random() * jitterMs) : 0);
  return Math.max(jittered, Math.min(policy.maxRetryAfterMs ?? policy.maxDelayMs, floor));
}

/** Parses a `Retry-After` header (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What the loop tells its observer before each wait. */
export interface RetryEvent {
  /** The attempt that just failed (1 = the first). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/** Thrown when the next wait would not fit in the caller's time window; carries the last failure. */
export class RetryWindowClosedError extends Error {
  override readonly name = 'RetryWindowClosedError';

  constructor(readonly lastError: unknown) {
    super('No time left for another attempt');
  }
}

/** The caller's side of {@link retry}. */
export interface RetryOptions {
  readonly policy: RetryPolicy;
  /** Which failures another attempt may fix; anything else is thrown at once. */
  readonly retryable: (error: unknown) => boolean;
  /** Milliseconds the server asked to wait (`Retry-After`), when a failure says so. */
  readonly retryAfterMs?: (error: unknown) => number | undefined;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  /** Milliseconds left in the caller's time window; a wait that does not fit ends the loop. */
  readonly timeLeftMs?: () => number;
  /** The clock the policy's `maxElapsedMs` is measured on (default `Date.now`). */
  readonly now?: () => number;
  /** Called before each wait. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Called after each wait, before the next attempt (e.g. re-read state after an ambiguous failure). */
  readonly afterWait?: (event: RetryEvent) => Promise<void>;
}

/**
 * Runs `operation` until it succeeds, fails with an error that is not retryable, or runs out of
 * attempts (the last error is thrown as it is) or of time ({@link RetryWindowClosedError}).
 */
export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { policy } = options;
  const now = options.now ?? Date.now;
  const windowEndsAt = policy.maxElapsedMs === undefined ? undefined : now() + policy.maxElapsedMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!options.retryable(error) || attempt >= policy.maxAttempts) throw error;
      const delayMs = backoffDelayMs(attempt, policy, options.random, options.retryAfterMs?.(error));
      // Sleeping past the window would only delay the inevitable failure.
      if (options.timeLeftMs !== undefined && delayMs >= options.timeLeftMs())
        throw new RetryWindowClosedError(error);
      if (windowEndsAt !== undefined && now() + delayMs >= windowEndsAt)
        throw new RetryWindowClosedError(error);
      const event: RetryEvent = { attempt, delayMs, error };
      options.onRetry?.(event);
      await options.sleep(delayMs);
      if (options.afterWait) await options.afterWait(event);
    }
  }
}
