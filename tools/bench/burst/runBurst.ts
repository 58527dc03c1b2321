import type { Stack } from '@dual-channel-recording/local-stack';
import { endOf, isCreateRecording, recordedCallSid } from '../figures/twilioRequests';
import { median, quantile } from '../stats';
import { cpuPressureMs, ownCpuMs, processCpuMs } from './cpu';
import type { BurstOutcome } from './fire';
import type { Calibration } from './calibrate';
import { startFireThread } from './fireThread';
import type { LittlesLawLimit } from './littlesLaw';
import { littlesLawLimit } from './littlesLaw';
import type { BurstScenario } from './scenarios';
import { setUpBurst } from './setup';
import type { BurstTimeline } from './timeline';
import { burstTimeline } from './timeline';
import type { BurstVerdict } from './verify';
import { verifyBurst } from './verify';

/** The burst's conditions besides its scenario. */
export interface BurstOptions {
  readonly latencyMs: number;
  /** The plugin's retry window (its policy's maxElapsedMs). */
  readonly retryWindowMs: number;
  /** One start's cost at no load (figure 3's calibration), for the Little's-law limit and the minimum requests. */
  readonly cost: Calibration;
  readonly log: (line: string) => void;
}

/** Figure 3 for one scenario. */
export interface BurstFigure {
  readonly scenario: BurstScenario;
  readonly mode: string;
  readonly spreadMs: number;
  readonly verdict: BurstVerdict;
  /** HTTP attempts of the plugin's client, and their duration measured at the client. */
  readonly attempts: number;
  readonly durationP50: number | undefined;
  readonly durationP99: number | undefined;
  /** Final results of the plugin client, by result ('created', 'twilio_unavailable', ...). */
  readonly results: Readonly<Record<string, number>>;
  /** HTTP statuses of every attempt. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Twilio requests the sandbox saw during the burst, and how many it answered 429. */
  readonly twilioRequests: number;
  readonly twilio429: number;
  /** Twilio requests if every start had cost what one costs with no load. */
  readonly minimumRequests: number;
  /** Function invocations the gateway admitted, refused with 429 and cut with 504. */
  readonly invocations: number | undefined;
  readonly gateway429: number | undefined;
  readonly gateway504: number | undefined;
  readonly peakFunctions: number | undefined;
  readonly peakTwilio: number;
  /** Mean Function invocations in flight between the first admitted attempt and the last answer. */
  readonly meanFunctionsBusy: number | undefined;
  /** Duration of the attempts the Functions ran (not refused by the gateway), median. */
  readonly invocationP50: number | undefined;
  /** twilio-run's CPU time over the burst (ms; every invocation runs in that one process), undefined without /proc. */
  readonly functionsCpuMs: number | undefined;
  /** This process's CPU time over the burst (ms), both threads: the sandbox and the gateway, and the simulated browsers. */
  readonly benchCpuMs: number;
  /** Time during the burst when some runnable task on the machine waited for a CPU (ms; /proc/pressure/cpu). */
  readonly cpuStallMs: number | undefined;
  /**
   * The Function-seconds the invocations really took in this burst over the Function slots: the
   * Little's-law limit with the measured invocation time in place of its rounds of latency. Last
   * recorded against it says how well the slots were kept busy, whatever the machine made each take.
   */
  readonly measuredWorkBoundMs: number | undefined;
  /** Burst start → the last call's recording created (its first successful create answered). */
  readonly lastRecordedMs: number | undefined;
  readonly littlesLaw: LittlesLawLimit;
  /** Per call: the plugin's first send → its recording created. */
  readonly headP50: number | undefined;
  readonly headP99: number | undefined;
  /** The largest share of the plugin's retry window one call used (first send → final answer). */
  readonly maxWindowShare: number;
  /** Status callbacks the Functions did not answer 2xx. */
  readonly callbacksFailed: number;
  /** Burst start to the last answer. */
  readonly wallMs: number;
  /** The Function slots (the gateway's cap), undefined without the gateway. */
  readonly functionSlots: number | undefined;
  /** The burst over time, for its picture. */
  readonly timeline: BurstTimeline;
  /**
   * When the burst was run several times side by side (burst/repeat.ts): every run's last recording
   * over the Little's-law limit, in run order; this figure is the median run.
   */
  readonly repeatRatios?: readonly (number | undefined)[];
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
 * Figure 3 for one scenario on one stack: pre-creates the calls, sets the sandbox's latency and
 * limits, fires the burst through the plugin's client, waits for Twilio to go quiet, then checks the
 * sandbox and reads the gateway's counters.
 */
export async function runBurst(
  stack: Stack,
  scenario: BurstScenario,
  mode: string,
  options: BurstOptions,
): Promise<BurstFigure> {
  const { sandbox, gateway } = stack;
  await sandbox.reset();
  const calls = await setUpBurst(sandbox, scenario.calls);
  await sandbox.clearRequests();
  await sandbox.setLatency(options.latencyMs);
  await sandbox.setConcurrencyLimit(scenario.twilioConcurrency);
  await sandbox.setRateLimit(scenario.ratePerSecond ?? null);
  await sandbox.resetConcurrencyStats();
  gateway?.resetStats();
  options.log(
    `  ${scenario.label} (${mode}): ${calls.length} calls ready, firing within ${scenario.windowMs} ms`,
  );
  // The simulated browsers run on a thread of their own (the second core), not on this one, which
  // hosts the sandbox and the gateway: deployed, an agent's browser is not on Twilio's or the Functions'
  // CPU. The thread is loaded before the clock starts.
  const clients = await startFireThread();
  const functionsCpuBefore = processCpuMs(stack.twilioRunPid);
  const benchCpuBefore = ownCpuMs();
  const stallBefore = cpuPressureMs();
  const started = Date.now();
  const fired = await clients
    .fire({ functionsUrl: stack.functionsUrl, calls, windowMs: scenario.windowMs })
    .finally(() => clients.close());
  const wallMs = Date.now() - started;
  const functionsCpuAfter = processCpuMs(stack.twilioRunPid);
  const benchCpuMs = ownCpuMs() - benchCpuBefore;
  const stallAfter = cpuPressureMs();
  const functionsCpuMs =
    functionsCpuBefore === undefined || functionsCpuAfter === undefined
      ? undefined
      : functionsCpuAfter - functionsCpuBefore;
  await settle(stack, 2000, 30_000);
  const counters = gateway?.stats();
  const twilioPeak = (await sandbox.concurrency()).peakInFlight;
  await sandbox.clearFaults();
  const [tasks, recordings, requests, callbacks] = await Promise.all([
    sandbox.tasks(),
    sandbox.recordings(),
    sandbox.requests(),
    sandbox.callbacks(),
  ]);
  const attempts = fired.outcomes.flatMap((o: BurstOutcome) => o.attempts);
  const durations = attempts.map((a) => a.endAt - a.startAt);
  // The recording exists once Twilio answered its create: the first 201 create of each call's leg.
  const recordedAt = new Map<string, number>();
  for (const r of requests.filter((q) => isCreateRecording(q) && q.status === 201)) {
    const callSid = recordedCallSid(r);
    if (callSid && !recordedAt.has(callSid)) recordedAt.set(callSid, endOf(r));
  }
  const heads: number[] = [];
  let last: number | undefined;
  for (const outcome of fired.outcomes) {
    const at = recordedAt.get(outcome.call.callSid);
    const sentAt = outcome.attempts[0]?.startAt;
    if (at === undefined || sentAt === undefined) continue;
    heads.push(at - sentAt);
    last = Math.max(last ?? 0, at - started);
  }
  // Attempts a Function ran: every answer but the gateway's own 429 (its 504s ran up to the cut).
  const ran = attempts.filter((a) => a.status !== 429 && a.status !== 0);
  const ranSpan =
    ran.length > 0 ? Math.max(...ran.map((a) => a.endAt)) - Math.min(...ran.map((a) => a.startAt)) : 0;
  const littlesLaw = littlesLawLimit(options.cost, {
    calls: scenario.calls,
    windowMs: scenario.windowMs,
    functionSlots: gateway?.settings.maxConcurrency ?? Number.POSITIVE_INFINITY,
    twilioSlots: scenario.twilioConcurrency,
  });
  const timeline = burstTimeline({
    startedAt: started,
    arrivals: fired.outcomes.flatMap((o) => (o.attempts[0] ? [o.attempts[0].startAt] : [])),
    recordings: fired.outcomes.flatMap((o) => {
      const at = recordedAt.get(o.call.callSid);
      return at === undefined ? [] : [at];
    }),
    functions: ran,
    twilio: requests.map((r) => ({ startAt: r.atMs, endAt: endOf(r) })),
    minSpanMs: littlesLaw.limitMs * 1.05,
  });
  const windowShares = fired.outcomes.map(
    (o) => (o.settledAt - (o.attempts[0]?.startAt ?? o.settledAt)) / options.retryWindowMs,
  );
  return {
    scenario,
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
    minimumRequests: scenario.calls * options.cost.requestsPerStart,
    invocations: counters?.admitted,
    gateway429: counters?.rejectedBusy,
    gateway504: counters?.timedOut,
    peakFunctions: counters?.peakInFlight,
    peakTwilio: twilioPeak,
    meanFunctionsBusy:
      ranSpan > 0 ? ran.reduce((sum, a) => sum + (a.endAt - a.startAt), 0) / ranSpan : undefined,
    invocationP50: median(ran.map((a) => a.endAt - a.startAt)),
    functionsCpuMs,
    benchCpuMs,
    cpuStallMs: stallBefore === undefined || stallAfter === undefined ? undefined : stallAfter - stallBefore,
    measuredWorkBoundMs: gateway
      ? ran.reduce((sum, a) => sum + (a.endAt - a.startAt), 0) / gateway.settings.maxConcurrency
      : undefined,
    lastRecordedMs: last,
    littlesLaw,
    headP50: median(heads),
    headP99: quantile(heads, 0.99),
    maxWindowShare: Math.max(0, ...windowShares),
    callbacksFailed: callbacks.filter((c) => c.responseStatus === null || c.responseStatus >= 300).length,
    wallMs,
    functionSlots: gateway?.settings.maxConcurrency,
    timeline,
  };
}
