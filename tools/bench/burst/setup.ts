import { randomUUID } from 'node:crypto';

import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';

/** One agent's accepted call, ready for a create-recording request. */
export interface BurstCall {
  readonly index: number;
  /** The agent's worker; their Flex token is `token`. */
  readonly workerSid: string;
  readonly token: string;
  readonly taskSid: string;
  readonly reservationSid: string;
  readonly callSid: string;
  /** The task's conference, which the plugin sends with its request (the Function reads the leg in one round). */
  readonly conferenceSid: string;
  /** Written into the task attributes before the burst; must still be there after it. */
  readonly marker: string;
}

/** The task attribute holding the marker. */
export const MARKER_ATTRIBUTE = 'bench_marker';

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** The call fields of a BurstCall: an accepted inbound call for the worker, its task carrying `marker`. */
async function acceptedCall(
  sandbox: SandboxClient,
  workerSid: string,
  marker: string,
): Promise<Pick<BurstCall, 'taskSid' | 'reservationSid' | 'callSid' | 'conferenceSid' | 'marker'>> {
  const call = await sandbox.inboundCall({
    workerSid,
    reservationStatus: 'accepted',
    attributes: { [MARKER_ATTRIBUTE]: marker },
  });
  if (!call.customerCallSid || !call.conferenceSid)
    throw new Error('the sandbox placed an inbound call without a customer leg or conference');
  return {
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid: call.customerCallSid,
    conferenceSid: call.conferenceSid,
    marker,
  };
}

/**
 * Creates `count` workers, each with an accepted inbound call (task, reservation, conference with
 * both legs) whose task carries a unique marker attribute. Runs before latency and rate limit.
 */
export async function setUpBurst(sandbox: SandboxClient, count: number): Promise<BurstCall[]> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return pool(indexes, 16, async (index) => {
    const worker = await sandbox.createWorker({ identity: `burst${index}`, friendlyName: `burst${index}` });
    const call = await acceptedCall(sandbox, worker.workerSid, `${index}-${randomUUID()}`);
    return { index, workerSid: worker.workerSid, token: worker.token, ...call };
  });
}

/**
 * One more accepted inbound call for each call's agent, with the same Flex token: the agent's later
 * start, which a warm Functions instance answers with the token it already validated.
 */
export async function laterCallsOf(
  sandbox: SandboxClient,
  calls: readonly BurstCall[],
): Promise<BurstCall[]> {
  return pool(calls, 16, async (first) => ({
    ...first,
    ...(await acceptedCall(sandbox, first.workerSid, `${first.index}-later-${randomUUID()}`)),
  }));
}
