import { DeadlineExceededError, TwilioApiError, isTwilioStatus } from './errors';

/** Clock and sleep, injected so tests can run backoff without waiting. */
export interface Timing {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** Real time. */
export const realTiming: Timing = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/**
 * One time budget shared by every Twilio call of a request. Functions are killed after 10 s, so the
 * budget ends well before that and leaves time to answer 503 with Retry-After.
 */
export interface Deadline {
  readonly timing: Timing;
  /** Milliseconds left, never negative. */
  remaining(): number;
}

/** Default budget for all Twilio work of one request (the Function limit is 10 s, cold start included). */
export const DEFAULT_BUDGET_MS = 7000;

/** A deadline `budgetMs` from now. */
export function createDeadline(budgetMs: number = DEFAULT_BUDGET_MS, timing: Timing = realTiming): Deadline {
  const endsAt = timing.now() + budgetMs;
  return { timing, remaining: () => Math.max(0, endsAt - timing.now()) };
}

/** Backoff settings; the defaults suit a 7 s budget (about six attempts before it runs out). */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Defaults for Twilio REST calls. */
export const DEFAULT_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 150, maxDelayMs: 1500 };

// Node's codes for a connection that broke or never answered. Twilio's edge drops idle keep-alive
// sockets, and a proxy may reset them; these are worth another try.
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'ECONNREFUSED',
]);

/** True for failures that a later identical request may not hit: 429, 503, 16114 and broken connections. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof TwilioApiError)) return false;
  if (error.status === 429 || error.status === 503 || error.code === 20429) return true;
  // 16114: "resource not in a state to accept recording action"; Twilio says it passes.
  if (error.code === 16114) return true;
  return (
    error.status === 0 && error.networkCode !== undefined && RETRYABLE_NETWORK_CODES.has(error.networkCode)
  );
}

/** True when the request may have reached Twilio even though no answer came back. */
export function isAmbiguous(error: unknown): boolean {
  return isTwilioStatus(error, 0);
}

/**
 * Full-jitter exponential backoff (AWS architecture blog). No Retry-After floor: the twilio SDK's
 * exceptions drop the response headers, and Twilio documents 20429 as "retry with exponential
 * backoff" without one.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * random);
}

/** Options for {@link withRetry}. */
export interface RetryOptions {
  deadline: Deadline;
  policy?: RetryPolicy;
  /** Which failures to retry; defaults to {@link isRetryable}. */
  retryable?: (error: unknown) => boolean;
  /** Called before each retry; used to re-check state after an ambiguous failure. */
  beforeRetry?: (error: unknown, attempt: number) => Promise<void>;
}

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, runs out of attempts or the
 * deadline passes. Each attempt is raced against the deadline, so a slow Twilio cannot hold the
 * Function past its budget. Throws the last error, or DeadlineExceededError carrying it.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { deadline } = options;
  const policy = options.policy ?? DEFAULT_POLICY;
  const retryable = options.retryable ?? isRetryable;
  let lastTwilio: TwilioApiError | undefined;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    if (deadline.remaining() <= 0) break;
    try {
      return await raceDeadline(operation(), deadline);
    } catch (error) {
      if (error instanceof DeadlineExceededError) {
        throw new DeadlineExceededError(error.message, error.lastError ?? lastTwilio);
      }
      if (error instanceof TwilioApiError) lastTwilio = error;
      if (!retryable(error) || attempt === policy.maxAttempts) throw error;
      const delay = backoffDelay(attempt, policy, deadline.timing.random());
      // Sleeping past the deadline would only delay the inevitable 503.
      if (delay >= deadline.remaining()) break;
      await deadline.timing.sleep(delay);
      if (options.beforeRetry) await options.beforeRetry(error, attempt);
    }
  }
  throw new DeadlineExceededError('Twilio did not answer in time', lastTwilio);
}

/** Rejects with DeadlineExceededError when the deadline passes first; the late result is ignored. */
export function raceDeadline<T>(promise: Promise<T>, deadline: Deadline): Promise<T> {
  const remaining = deadline.remaining();
  if (remaining <= 0) {
    // The operation was already started; swallow its outcome so it cannot become an unhandled rejection.
    promise.catch(() => undefined);
    return Promise.reject(new DeadlineExceededError('Twilio did not answer in time'));
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError('Twilio did not answer in time')), remaining);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
