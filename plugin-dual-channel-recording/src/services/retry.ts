import type { RetryPolicy } from '@dual-channel-recording/contract';

/**
 * Retry policy for calls to our Functions (the loop and backoff are the contract package's).
 * Eight attempts over about a minute. A call that is still live is worth recording late rather than
 * never: at a shift change hundreds of agents start at once and Twilio's rate limit (429) spreads
 * the starts over tens of seconds; full jitter spreads the retries so they do not arrive together.
 * Only 429, 503, 504 and network failures are retried, and a call that ended answers 409 at once.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 8000 };
