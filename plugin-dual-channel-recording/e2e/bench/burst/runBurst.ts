import type { Stack } from 'dual-channel-rec-serverless/local-stack';
import { median, quantile } from '../stats';
import type { BurstOutcome } from './fire';
import { fireBurst } from './fire';
import { setUpBurst } from './setup';
import type { BurstVerdict } from './verify';
import { verifyBurst } from './verify';

/** The burst's conditions (the shift change). */
export interface BurstOptions {
  readonly calls: number;
  readonly windowMs: number;
  readonly latencyMs: number;
  readonly ratePerSecond: number;
  readonly log: (line: string) => void;
}

/** Figure 3 for one twilio-run mode. */
export interface BurstFigure {
  readonly mode: string;
  readonly spreadMs: number;
  readonly verdict: BurstVerdict;
  /** Function duration per HTTP attempt, measured at the client. */
  readonly attempts: number;
  readonly durationP50: number | undefined;
  readonly durationP99: number | undefined;
  /** Final results of the plugin client, by result ('created', 'twilio_unavailable', ...). */
  readonly results: Readonly<Record<string, number>>;
  /** HTTP statuses of every attempt. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Twilio requests the sandbox saw, and how many it answered 429. */
  readonly twilioRequests: number;
  readonly twilio429: number;
  /** Status callbacks the Functions did not answer 2xx. */
  readonly callbacksFailed: number;
  /** Burst start to the last answer. */
  readonly wallMs: number;
}

const tally = (values: readonly string[]): Record<string, number> =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

/** Waits until the sandbox has seen no Twilio request for `quietMs` (callbacks done), up to a bound. */
async function settle(stack: Stack, quietMs: number, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const last = (await stack.sandbox.requests()).reduce((max, r) => Math.max(max, r.atMs + r.durationMs), 0);
    if (Date.now() - last >= quietMs || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Figure 3 on one stack: pre-creates the calls, turns on latency and the rate limit, fires the
 * burst through the plugin's client, waits for the callbacks to settle, then checks the sandbox.
 */
export async function runBurst(stack: Stack, mode: string, options: BurstOptions): Promise<BurstFigure> {
  const { sandbox } = stack;
  await sandbox.reset();
  const calls = await setUpBurst(sandbox, options.calls);
  await sandbox.clearRequests();
  await sandbox.setLatency(options.latencyMs);
  await sandbox.setRateLimit(options.ratePerSecond);
  options.log(`  ${mode}: ${calls.length} calls ready, firing within ${options.windowMs} ms`);
  const started = Date.now();
  const fired = await fireBurst(stack.functionsUrl, calls, options.windowMs);
  const wallMs = Date.now() - started;
  await settle(stack, 2000, 30_000);
  await sandbox.clearFaults();
  const [tasks, recordings, requests, callbacks] = await Promise.all([
    sandbox.tasks(),
    sandbox.recordings(),
    sandbox.requests(),
    sandbox.callbacks(),
  ]);
  const attempts = fired.outcomes.flatMap((o: BurstOutcome) => o.attempts);
  const durations = attempts.map((a) => a.endAt - a.startAt);
  return {
    mode,
    spreadMs: fired.spreadMs,
    verdict: verifyBurst(calls, tasks, recordings),
    attempts: attempts.length,
    durationP50: median(durations),
    durationP99: quantile(durations, 0.99),
    results: tally(fired.outcomes.map((o) => o.result)),
    statuses: tally(attempts.map((a) => String(a.status))),
    twilioRequests: requests.length,
    twilio429: requests.filter((r) => r.status === 429).length,
    callbacksFailed: callbacks.filter((c) => c.responseStatus === null || c.responseStatus >= 300).length,
    wallMs,
  };
}
