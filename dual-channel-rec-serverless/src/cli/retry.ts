/**
 * Retries what Twilio says is worth retrying: 429 (20429, rate limit), 503 (service unavailable)
 * and dropped connections, with full-jitter exponential backoff that honours `Retry-After`.
 * Everything else fails at once: retrying a 400 or a 404 only burns the rate limit.
 */
import { TwilioApiError } from './errors';

/** Retry policy. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First backoff ceiling in ms; doubles per attempt. */
  baseDelayMs: number;
  /** Upper bound of any single wait in ms (a longer Retry-After is capped to it). */
  maxDelayMs: number;
}

/** Defaults: 8 attempts, 250 ms doubling, never more than 20 s in one wait (about 30 s in all at worst). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 250, maxDelayMs: 20_000 };

/** What the retry loop tells its observer before each wait. */
export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: TwilioApiError;
}

/** True for the failures a retry can fix. */
export function isRetryable(err: unknown): err is TwilioApiError {
  if (!(err instanceof TwilioApiError)) return false;
  // status null: the connection failed before any answer (reset, refused, timeout).
  return err.status === null || err.status === 429 || err.status === 503;
}

/** The wait before retry number `attempt` (1-based): Retry-After if given, else full jitter. */
export function backoffMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterSeconds: number | null,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== null && retryAfterSeconds >= 0) {
    // A little jitter on top keeps parallel workers from all coming back in the same millisecond.
    return Math.min(policy.maxDelayMs, retryAfterSeconds * 1000 + Math.floor(random() * policy.baseDelayMs));
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling) + 1;
}

/** Parses a `Retry-After` header: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, (at - now) / 1000);
}

/** Runs `op`, retrying retryable failures per `policy`. */
export async function withRetry<T>(
  op: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  onRetry?: (event: RetryEvent) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isRetryable(err) || attempt >= policy.attempts) throw err;
      const delayMs = backoffMs(attempt, policy, err.retryAfterSeconds);
      onRetry?.({ attempt, delayMs, error: err });
      await sleep(delayMs);
    }
  }
}
