/**
 * Retrying the Functions' Twilio calls: the contract package's one retry loop, under one deadline per
 * request (Functions are cut at 10 s), with Twilio's retryable failures (429 / 20429, 503, 16114,
 * broken connections). No Retry-After: the twilio SDK's exceptions drop the response headers, and
 * Twilio documents 20429 as "retry with exponential backoff" without one.
 */
import type { RetryPolicy } from '@dual-channel-recording/contract';
import {
  FUNCTION_LIMITS,
  NO_ANSWER,
  RetryWindowClosedError,
  isRetryableStatus,
  retry,
} from '@dual-channel-recording/contract';
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
 * One time budget shared by every Twilio call of a request. Twilio's gateway cuts a Function at 10 s
 * and then kills it, so no code may count on running past that: the request works in phases, each
 * ending earlier than the cut (the numbers below).
 */
export interface Deadline {
  readonly timing: Timing;
  /** Milliseconds left in the current phase, never negative. */
  remaining(): number;
  /**
   * A recording is about to exist: from here on the request must name it on the task or stop it, so
   * it gets until {@link COMMIT_BY_MS} from its start. Throws
   * DeadlineExceededError when the time for starting a recording ({@link DEFAULT_BUDGET_MS}) is spent:
   * nothing was created, so the client's retry starts clean.
   */
  enterCommit(): void;
  /** The recording could not be named: until {@link CLEANUP_BY_MS} from the start to stop it. */
  enterCleanup(): void;
}

/**
 * A recording that could not be named is stopped by then (ms from the start): half a second before
 * Twilio's execution cut ({@link FUNCTION_LIMITS}), so the answer still leaves the Function.
 */
export const CLEANUP_BY_MS = FUNCTION_LIMITS.executionMs - 500;
/**
 * Once a recording exists: its create and the claim write must be done by then (ms from the start),
 * leaving a second for the cleanup's last task read and the stop.
 */
export const COMMIT_BY_MS = CLEANUP_BY_MS - 1000;
/**
 * Reads, token validation and every retry before a create: no create starts after this (ms from the
 * start), leaving a second and a half for the create and the claim write.
 */
export const DEFAULT_BUDGET_MS = COMMIT_BY_MS - 1500;

/** A deadline `budgetMs` from now (the first phase). */
export function createDeadline(budgetMs: number = DEFAULT_BUDGET_MS, timing: Timing = realTiming): Deadline {
  const startedAt = timing.now();
  let endsAt = startedAt + budgetMs;
  const remaining = (): number => Math.max(0, endsAt - timing.now());
  return {
    timing,
    remaining,
    enterCommit: () => {
      if (remaining() <= 0) throw new DeadlineExceededError('No time left to start a recording');
      endsAt = Math.max(endsAt, startedAt + COMMIT_BY_MS);
    },
    enterCleanup: () => {
      endsAt = Math.max(endsAt, startedAt + CLEANUP_BY_MS);
    },
  };
}

/**
 * Defaults for Twilio REST calls: full jitter over a cap doubling from 100 ms to 800 ms, until the
 * deadline (the count only backs it up). A REST 429 is "never processed and always safe to retry" and
 * a slot of the account frees within one request's time, so short waits find it. Retrying here is
 * cheaper than answering 503: a new invocation would send the token check and the six reads again
 * (7 requests, 2 rounds) after Retry-After and meet the same busy account. A longer cap only makes
 * the waits longer without sparing requests.
 */
export const DEFAULT_POLICY: RetryPolicy = { maxAttempts: 12, baseDelayMs: 100, maxDelayMs: 800 };

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
  // 16114: "resource not in a state to accept recording action"; Twilio says it passes.
  if (error.code === 20429 || error.code === 16114) return true;
  if (error.status === NO_ANSWER)
    return error.networkCode !== undefined && RETRYABLE_NETWORK_CODES.has(error.networkCode);
  return isRetryableStatus(error.status);
}

/** True when the request may have reached Twilio even though no answer came back. */
export function isAmbiguous(error: unknown): boolean {
  return isTwilioStatus(error, NO_ANSWER);
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

const TOO_LATE = 'Twilio did not answer in time';

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, runs out of attempts or the
 * deadline passes. Each attempt is raced against the deadline, so a slow Twilio cannot hold the
 * Function past its budget. Throws the last error, or DeadlineExceededError carrying it.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { deadline } = options;
  const retryable = options.retryable ?? isRetryable;
  let lastTwilio: TwilioApiError | undefined;
  try {
    return await retry(
      async () => {
        if (deadline.remaining() <= 0) throw new DeadlineExceededError(TOO_LATE);
        try {
          return await raceDeadline(operation(), deadline);
        } catch (error) {
          if (error instanceof TwilioApiError) lastTwilio = error;
          throw error;
        }
      },
      {
        policy: options.policy ?? DEFAULT_POLICY,
        retryable: (error) => !(error instanceof DeadlineExceededError) && retryable(error),
        sleep: (ms) => deadline.timing.sleep(ms),
        random: () => deadline.timing.random(),
        timeLeftMs: () => deadline.remaining(),
        afterWait: options.beforeRetry
          ? (event) => options.beforeRetry!(event.error, event.attempt)
          : undefined,
      },
    );
  } catch (error) {
    if (error instanceof DeadlineExceededError)
      throw new DeadlineExceededError(error.message, error.lastError ?? lastTwilio);
    if (error instanceof RetryWindowClosedError) throw new DeadlineExceededError(TOO_LATE, lastTwilio);
    throw error;
  }
}

/** Rejects with DeadlineExceededError when the deadline passes first; the late result is ignored. */
export function raceDeadline<T>(promise: Promise<T>, deadline: Deadline): Promise<T> {
  const remaining = deadline.remaining();
  if (remaining <= 0) {
    // The operation was already started; swallow its outcome so it cannot become an unhandled rejection.
    promise.catch(() => undefined);
    return Promise.reject(new DeadlineExceededError(TOO_LATE));
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(TOO_LATE)), remaining);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
