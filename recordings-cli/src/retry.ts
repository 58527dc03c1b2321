/**
 * The CLI's use of the contract package's one retry loop: what Twilio says is worth retrying, 429
 * (20429, rate limit), 503 (service unavailable) and no answer at all, with full-jitter exponential
 * backoff that honours `Retry-After`. Everything else fails at once: retrying a 400 or a 404 only
 * burns the rate limit.
 */
import type { RetryEvent, RetryPolicy } from '@dual-channel-recording/contract';
import { TwilioApiError, isRetryableStatus, retry } from '@dual-channel-recording/contract';

/**
 * Defaults: 8 attempts, 250 ms doubling, never more than 20 s in one wait (about 30 s in all at
 * worst); up to 250 ms of jitter on top of a Retry-After so parallel downloads do not return at once.
 */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  retryAfterJitterMs: 250,
};

/** What the retry loop tells its observer before each wait. */
export interface TwilioRetryEvent extends RetryEvent {
  readonly error: TwilioApiError;
}

/** True for the failures a retry can fix. */
export function isRetryable(err: unknown): err is TwilioApiError {
  return err instanceof TwilioApiError && isRetryableStatus(err.status);
}

/** Runs `op`, retrying retryable failures per `policy`. */
export function withRetry<T>(
  op: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  onRetry?: (event: TwilioRetryEvent) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => number = Math.random,
): Promise<T> {
  return retry(op, {
    policy,
    retryable: isRetryable,
    retryAfterMs: (err) => (err instanceof TwilioApiError ? err.retryAfterMs : undefined),
    sleep,
    random,
    onRetry: onRetry && ((event) => onRetry({ ...event, error: event.error as TwilioApiError })),
  });
}
