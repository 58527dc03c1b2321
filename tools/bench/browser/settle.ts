/**
 * A call's Twilio requests are counted once the account is quiet: the Event Streams sink gets the
 * call's TaskRouter events (a task completed, a reservation wrapping) after the hang-up, in batches,
 * and its Twilio requests belong to this call, not to the next one's window.
 */
import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';

/** What the wait reads from the sandbox. */
export type QuietSource = Pick<SandboxClient, 'eventDelivery' | 'requestsInFlight'>;

/** How the wait proceeds: how long the account must stay quiet, how often to look, and the bound. */
export interface QuietOptions {
  readonly quietMs: number;
  readonly pollMs: number;
  readonly boundMs: number;
}

/** Quiet for 300 ms (well beyond the sandbox's 20 ms batch window), looking every 50 ms, at most 15 s. */
export const DEFAULT_QUIET: QuietOptions = { quietMs: 300, pollMs: 50, boundMs: 15_000 };

/**
 * Waits until Event Streams has no event left to settle and no Twilio request is in flight, and it
 * stayed so for `quietMs`. Returns false when the bound passed first (the caller reports it).
 */
export async function waitUntilAccountQuiet(
  sandbox: QuietSource,
  options: QuietOptions = DEFAULT_QUIET,
): Promise<boolean> {
  const deadline = Date.now() + options.boundMs;
  let quietSince: number | undefined;
  for (;;) {
    const [delivery, inFlight] = await Promise.all([sandbox.eventDelivery(), sandbox.requestsInFlight()]);
    const now = Date.now();
    if (delivery.pending === 0 && inFlight.length === 0) {
      quietSince ??= now;
      if (now - quietSince >= options.quietMs) return true;
    } else quietSince = undefined;
    if (now > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}
