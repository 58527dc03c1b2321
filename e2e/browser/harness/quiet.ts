import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';

/**
 * Waits until the Functions have stopped talking to Twilio: no new request in the sandbox's log for
 * `quietMs` (a request is logged when answered, latency included) and none held in flight (a create
 * behind a latency fault is not in the log yet, and the Function that sent it acts on its answer).
 * Gives up silently after `maxMs`:
 * the caller's own assertions then say what is still moving.
 */
export async function waitForTwilioQuiet(
  sandbox: SandboxClient,
  quietMs = 500,
  maxMs = 15000,
): Promise<void> {
  const started = Date.now();
  let seq = (await sandbox.requests()).at(-1)?.seq ?? 0;
  let lastChange = Date.now();
  while (Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fresh = await sandbox.requests(seq);
    if (fresh.length > 0) {
      seq = fresh[fresh.length - 1].seq;
      lastChange = Date.now();
    } else if ((await sandbox.requestsInFlight()).length > 0) {
      lastChange = Date.now();
    } else if (Date.now() - lastChange >= quietMs) {
      return;
    }
  }
}
