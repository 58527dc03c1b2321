import type { RetryPolicy } from '@dual-channel-recording/contract';

/**
 * Retry policy for calls to our Functions (the loop and backoff are the contract package's). One
 * owner per failure: the plugin retries what reaches it from the Functions' side of the network, the
 * Functions retry Twilio's REST failures themselves (dual-channel-rec-serverless/src/twilio/retry.ts).
 *
 * - **429** comes from Twilio's Functions gateway (more than 30 invocations in flight): the Function
 *   never ran and Twilio's REST API was not asked, so a retry costs only a round trip. Retried soon,
 *   with full jitter over a cap that doubles from 100 ms to 500 ms, about one Function run (four
 *   rounds of Twilio requests): a slot frees at least that often, so a longer cap only leaves slots
 *   idle at the end of a shift change while the last agents sleep (with 1 s, `npm run bench`'s
 *   300-call burst recorded its last call 1.29–1.34× after the Little's-law limit; with 500 ms,
 *   1.13–1.27×). Hundreds of agents still spread over it instead of arriving in waves; each refused
 *   try costs a round trip to the gateway, about eight per agent in that burst instead of five.
 * - **503** (`twilio_unavailable`, `recording_busy`) carries `Retry-After` (1 s): the Function's own
 *   short retries of Twilio did not clear. The wait is at least that, plus up to 1 s of jitter, so the
 *   agents told the same second do not all come back in the same millisecond.
 * - **504** (the gateway cut a Function at 10 s) and **no answer** (reset, offline): the same short
 *   jitter as 429. Every route is idempotent, so a retry cannot record twice, and a recording a cut
 *   Function left behind is adopted by the retry.
 *
 * The loop is bounded by elapsed time, not a count: a call still live is worth recording late rather
 * than never, for up to a minute after the first attempt. A call that ended answers 409 at once.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 100,
  maxDelayMs: 500,
  retryAfterJitterMs: 1000,
  maxRetryAfterMs: 5000,
  maxElapsedMs: 60_000,
};

/**
 * The longest the plugin can take to give up under `policy`: its window (no wait is started that
 * would end past it), plus one last attempt that started just before the window closed and took
 * `attemptMs` (a Function run: at most the gateway's 10 s cut).
 */
export function giveUpBoundMs(policy: RetryPolicy, attemptMs: number): number {
  if (policy.maxElapsedMs !== undefined) return policy.maxElapsedMs + attemptMs;
  let longest = policy.maxAttempts * attemptMs;
  for (let retry = 1; retry < policy.maxAttempts; retry += 1)
    longest += Math.max(
      Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1)),
      policy.maxRetryAfterMs ?? policy.maxDelayMs,
    );
  return longest;
}
