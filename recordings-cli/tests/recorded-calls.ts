/**
 * Recordings made in the CLI tests' sandbox the way the Functions make them: the 2010 API on a call
 * leg (dual channel), and the product's claim in the task's attributes (so TaskRouter's event log
 * names it, as it names every recording the Functions start).
 */
import type { LegClaim, RecordingChannel } from '@dual-channel-recording/contract';
import { PRODUCT_ATTRIBUTE_KEY } from '@dual-channel-recording/contract';
import { createTaskSeals, sealedClaim } from 'dual-channel-rec-serverless/seals';
import type { CliSandbox } from './helpers';

/** Starts a dual-channel recording of the call through the Recordings API; answers its SID. */
export async function startRecording(s: CliSandbox, callSid: string): Promise<string> {
  const auth = Buffer.from(`${s.sandbox.accountSid}:${s.sandbox.authToken}`).toString('base64');
  const res = await fetch(
    `${s.sandbox.url}/2010-04-01/Accounts/${s.sandbox.accountSid}/Calls/${callSid}/Recordings.json`,
    {
      method: 'POST',
      headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ RecordingChannels: 'dual' }),
    },
  );
  if (res.status !== 201) throw new Error(`recording create: ${res.status}`);
  return ((await res.json()) as { sid: string }).sid;
}

/**
 * The product's claims (contract layout) for recordings of call legs of task `taskSid`, sealed as
 * create-recording seals them (the sandbox's auth token: the Functions' secret without STATE_SIGNING_KEY).
 */
export function claimsFor(
  s: CliSandbox,
  taskSid: string,
  legs: { callSid: string; recordingSid: string; channel: RecordingChannel }[],
): Record<string, unknown> {
  const seals = createTaskSeals(s.sandbox.authToken);
  const claims: Record<string, LegClaim> = {};
  const recordings: Record<string, unknown> = {};
  for (const { callSid, recordingSid, channel } of legs) {
    claims[callSid] = sealedClaim(seals, taskSid, callSid, {
      recording_sid: recordingSid,
      channel,
      reservation_sid: '',
    });
    recordings[recordingSid] = {
      call_sid: callSid,
      channel,
      reservation_sid: '',
      status: 'in-progress',
      paused: false,
      updated_at: '',
    };
  }
  return { [PRODUCT_ATTRIBUTE_KEY]: { legs: claims, recordings } };
}
