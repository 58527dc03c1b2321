/** Retry policy for calls to our Functions. */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly maxAttempts: number;
  /** Backoff base: attempt n waits up to baseDelayMs * 2^(n-1). */
  readonly baseDelayMs: number;
  /** No single wait is longer than this, Retry-After included. */
  readonly maxDelayMs: number;
}

/**
 * Eight attempts over about a minute. A call that is still live is worth recording late rather than
 * never: at a shift change hundreds of agents start at once and Twilio's rate limit (429) spreads
 * the starts over tens of seconds; full jitter spreads the retries so they do not arrive together.
 * Only 429, 503, 504 and network failures are retried, and a call that ended answers 409 at once.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 8000 };

/**
 * The wait before retry number `attempt` (1 = first retry): "full jitter" backoff, a random share of
 * an exponentially growing cap, so many agents retrying together spread out. A server's Retry-After
 * is a floor, capped by maxDelayMs so a retry still fits the user's patience.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(random() * cap);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
