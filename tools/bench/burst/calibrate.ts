import type { RequestLogEntry } from '@dual-channel-recording/twilio-sandbox';
import type { Stack } from '@dual-channel-recording/local-stack';
import { endOf, isCreateRecording, roundsBefore } from '../figures/twilioRequests';
import { median, quantile } from '../stats';
import { processCpuMs } from './cpu';
import { fireBurst } from './fire';
import type { StartCost } from './littlesLaw';
import type { BurstCall } from './setup';
import { laterCallsOf, setUpBurst } from './setup';

/** One start at no load, read from the sandbox's request log. */
interface StartSample {
  readonly requests: number;
  /** Requests that opened a connection (deployed, a TCP and TLS handshake each). */
  readonly newConnections: number;
  readonly rounds: number;
  readonly roundsBeforeCreate: number;
  /** First send → the create request answered (the recording exists). */
  readonly headMs: number | undefined;
  /** The plugin client's request, send to answer. */
  readonly answerMs: number;
}

/**
 * What one start costs with no load, measured side by side with the bursts. `requestsPerStart` is an
 * agent's first start on the instance (its token not yet validated there: what every start of a burst
 * of distinct agents costs, so the Little's-law limits use it); `requestsPerLaterStart` the same agent's
 * next start on the same warm instance (the validated token cached, src/http/token-cache.ts).
 */
export interface Calibration extends StartCost {
  readonly starts: number;
  /** Twilio requests of an agent's later start on the same warm instance (median). */
  readonly requestsPerLaterStart: number;
  /** Connections to Twilio a first start opened, and a later one (medians): each a TCP and TLS handshake deployed. */
  readonly connectionsPerStart: number;
  readonly connectionsPerLaterStart: number;
  /** The most rounds before the create seen in any start. */
  readonly maxRoundsBeforeCreate: number;
  readonly headP50: number | undefined;
  readonly headP99: number | undefined;
  readonly answerP50: number | undefined;
  /** twilio-run's CPU time per start (ms), no load; undefined without /proc. */
  readonly functionsCpuPerStartMs: number | undefined;
}

/** The sequential round of each request: 1 + the highest round of those that ended before it started. */
function roundsOf(requests: readonly RequestLogEntry[]): number {
  return Math.max(0, ...requests.map((r) => roundsBefore(r, requests) + 1));
}

/** Starts one call through the plugin's client and reads its requests and rounds from the log. */
async function sampleStart(stack: Stack, call: BurstCall): Promise<StartSample> {
  const { sandbox } = stack;
  await sandbox.clearRequests();
  // On this thread, unlike a burst's clients (fireThread.ts): one start at a time puts no load on the
  // sandbox and the gateway here, and a thread per start would only add its start-up between samples.
  const fired = await fireBurst(stack.functionsUrl, [call], 0);
  const outcome = fired.outcomes[0];
  if (outcome.result !== 'created') throw new Error(`calibration start ${call.index}: ${outcome.result}`);
  const sentAt = outcome.attempts[0]?.startAt ?? outcome.settledAt;
  const requests = (await sandbox.requests()).filter((r) => r.atMs >= sentAt - 2);
  const create = requests.find((r) => isCreateRecording(r) && r.status === 201);
  return {
    requests: requests.length,
    newConnections: requests.filter((r) => r.newConnection).length,
    rounds: roundsOf(requests),
    roundsBeforeCreate: create ? roundsBefore(create, requests) : 0,
    headMs: create ? endOf(create) - sentAt : undefined,
    answerMs: outcome.settledAt - sentAt,
  };
}

/**
 * Records `starts` inbound calls one at a time through the plugin's client, with the sandbox's
 * latency on and nothing else running, each by a different agent (their first start on this warm
 * instance), then one more call by each of those agents with the same token (a later start), and
 * reads each start's requests and rounds from the log. Every figure but `requestsPerLaterStart` is of
 * the first starts.
 */
export async function calibrate(stack: Stack, starts: number, latencyMs: number): Promise<Calibration> {
  const { sandbox } = stack;
  await sandbox.reset();
  const calls = await setUpBurst(sandbox, starts);
  const later = await laterCallsOf(sandbox, calls);
  await sandbox.setLatency(latencyMs);
  const samples: StartSample[] = [];
  const cpuBefore = processCpuMs(stack.twilioRunPid);
  for (const call of calls) samples.push(await sampleStart(stack, call));
  const cpuAfter = processCpuMs(stack.twilioRunPid);
  const laterSamples: StartSample[] = [];
  for (const call of later) laterSamples.push(await sampleStart(stack, call));
  await sandbox.clearFaults();
  const heads = samples.map((s) => s.headMs).filter((h): h is number => h !== undefined);
  return {
    starts,
    latencyMs,
    requestsPerStart: median(samples.map((s) => s.requests)) ?? 0,
    requestsPerLaterStart: median(laterSamples.map((s) => s.requests)) ?? 0,
    connectionsPerStart: median(samples.map((s) => s.newConnections)) ?? 0,
    connectionsPerLaterStart: median(laterSamples.map((s) => s.newConnections)) ?? 0,
    roundsPerStart: median(samples.map((s) => s.rounds)) ?? 0,
    roundsBeforeCreate: median(samples.map((s) => s.roundsBeforeCreate)) ?? 0,
    maxRoundsBeforeCreate: Math.max(0, ...samples.map((s) => s.roundsBeforeCreate)),
    headP50: median(heads),
    headP99: quantile(heads, 0.99),
    answerP50: median(samples.map((s) => s.answerMs)),
    functionsCpuPerStartMs:
      cpuBefore === undefined || cpuAfter === undefined || starts === 0
        ? undefined
        : (cpuAfter - cpuBefore) / starts,
  };
}
