import type { RequestLogEntry } from '@dual-channel-recording/twilio-sandbox';
import type { Stack } from '@dual-channel-recording/local-stack';
import { endOf, isCreateRecording, roundsBefore } from '../figures/twilioRequests';
import { median, quantile } from '../stats';
import { processCpuMs } from './cpu';
import { fireBurst } from './fire';
import type { StartCost } from './littlesLaw';
import { setUpBurst } from './setup';

/** One start at no load, read from the sandbox's request log. */
interface StartSample {
  readonly requests: number;
  readonly rounds: number;
  readonly roundsBeforeCreate: number;
  /** First send → the create request answered (the recording exists). */
  readonly headMs: number | undefined;
  /** The plugin client's request, send to answer. */
  readonly answerMs: number;
}

/** What one start costs with no load, measured side by side with the bursts. */
export interface Calibration extends StartCost {
  readonly starts: number;
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

/**
 * Records `starts` inbound calls one at a time through the plugin's client, with the sandbox's
 * latency on and nothing else running, and reads each start's requests and rounds from the log.
 */
export async function calibrate(stack: Stack, starts: number, latencyMs: number): Promise<Calibration> {
  const { sandbox } = stack;
  await sandbox.reset();
  const calls = await setUpBurst(sandbox, starts);
  await sandbox.setLatency(latencyMs);
  const samples: StartSample[] = [];
  const cpuBefore = processCpuMs(stack.twilioRunPid);
  for (const call of calls) {
    await sandbox.clearRequests();
    const fired = await fireBurst(stack.functionsUrl, [call], 0);
    const outcome = fired.outcomes[0];
    const sentAt = outcome.attempts[0]?.startAt ?? outcome.settledAt;
    const requests = (await sandbox.requests()).filter((r) => r.atMs >= sentAt - 2);
    const create = requests.find((r) => isCreateRecording(r) && r.status === 201);
    samples.push({
      requests: requests.length,
      rounds: roundsOf(requests),
      roundsBeforeCreate: create ? roundsBefore(create, requests) : 0,
      headMs: create ? endOf(create) - sentAt : undefined,
      answerMs: outcome.settledAt - sentAt,
    });
  }
  const cpuAfter = processCpuMs(stack.twilioRunPid);
  await sandbox.clearFaults();
  const heads = samples.map((s) => s.headMs).filter((h): h is number => h !== undefined);
  return {
    starts,
    latencyMs,
    requestsPerStart: median(samples.map((s) => s.requests)) ?? 0,
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
