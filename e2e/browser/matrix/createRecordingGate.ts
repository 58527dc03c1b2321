import type { Page } from 'playwright-core';

/** What to do while the plugin's first create-recording request is held, and right after it goes. */
export interface GateSteps {
  /** Runs while the request is held (the Function has not seen it yet). */
  readonly whileHeld?: () => Promise<void>;
  /** Runs once the request is on its way (the Function is working on it); not awaited by the request. */
  readonly afterRelease?: () => Promise<void>;
}

/** A gate on the browser's way to the create-recording Function. */
export interface CreateRecordingGate {
  /** Whether the plugin has called the Function at all. */
  reached(): boolean;
  /** Resolves when `afterRelease` has finished (at once if the gate was never reached). */
  settled(): Promise<void>;
}

/**
 * Holds the page's first POST to `<functionsUrl>/create-recording` until `whileHeld` resolves, then
 * lets it through and runs `afterRelease`: a precise "after accept, before the Function call" and
 * "during the Function" for the caller's hang-up and the concurrent attribute writer. Later
 * requests (the plugin's retries) and CORS preflights pass untouched.
 */
export async function gateCreateRecording(
  page: Page,
  functionsUrl: string,
  steps: GateSteps,
): Promise<CreateRecordingGate> {
  let held = false;
  let after: Promise<void> = Promise.resolve();
  await page.route(`${functionsUrl}/create-recording`, async (route) => {
    const first = route.request().method() === 'POST' && !held;
    if (first) {
      held = true;
      await steps.whileHeld?.();
    }
    // The page may have closed meanwhile (a failed cell): nothing left to continue.
    await route.continue().catch(() => undefined);
    if (first && steps.afterRelease) after = steps.afterRelease();
  });
  return { reached: () => held, settled: () => after };
}
