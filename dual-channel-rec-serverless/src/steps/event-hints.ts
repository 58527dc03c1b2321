/**
 * What an Event Streams event lets the sink leave alone without asking Twilio. TaskRouter's events
 * carry the task's attributes as they were (`task_attributes`), and those are agent-writable, so they
 * may only decide to do nothing, and only where doing nothing is safe:
 *
 * - no stop is needed when every claim on the task is the Functions' (sealed) and every claimed
 *   recording carries the Functions' ended seal (a status callback or the sink saw it over): an agent
 *   can neither forge a claim nor an ended seal. A claim without a seal (planted, edited) means a
 *   check, never a skip. Attributes with no claim at all (an excluded task, an internal call, a task
 *   never recorded) need nothing: an agent who deletes the product's bookkeeping from their own task
 *   leaves their recording running until the customer hangs up (README, "what an agent can do");
 * - no media repair is needed when every `VoiceRecording` entry is exactly what the product's
 *   builder writes for a sealed claim, with this service's playback URL (start times aside);
 * - no queue check is needed while no claimed recording of the task is open.
 *
 * Attributes the event does not carry, or that do not parse, decide nothing: the sink then reads
 * Twilio.
 */
import { readProductAttributes } from '@dual-channel-recording/contract';
import { checkMediaEntries, expectedEntries } from './media-repair';
import type { TaskSeals } from '../rules/seals';
import { isSealedClaim, isSealedEnded } from '../rules/seals';
import { sealedClaimsIn } from '../rules/task-claims';

/** What the event's attributes say needs a look at Twilio. */
export interface EventHints {
  /** A claimed recording may still run (or a claim is not the Functions'). */
  mayRun: boolean;
  /** A customer-leg claimed recording may still run: the last-agent rule must look. */
  customerMayRun: boolean;
  /** A media entry differs from what the product writes for its sealed claims. */
  mediaDiffers: boolean;
}

/** Everything needs a look: the event carried no attributes the sink can read. */
export const UNKNOWN_HINTS: EventHints = { mayRun: true, customerMayRun: true, mediaDiffers: true };

/** Reads the event's attributes of task `taskSid` (see the file comment for what they may decide). */
export function hintsFrom(
  eventAttributes: Record<string, unknown> | undefined,
  taskSid: string,
  seals: TaskSeals,
  media: { accountSid: string; playbackBase: string },
): EventHints {
  if (eventAttributes === undefined) return UNKNOWN_HINTS;
  const { legs, recordings } = readProductAttributes(eventAttributes);
  const tampered = Object.entries(legs).some(
    ([callSid, claim]) => !isSealedClaim(seals, taskSid, callSid, claim),
  );
  const claims = sealedClaimsIn([eventAttributes], taskSid, seals);
  const open = claims.filter(
    (c) =>
      !isSealedEnded(seals, taskSid, c.claim.recording_sid, recordings[c.claim.recording_sid]?.ended_seal),
  );
  const expected = expectedEntries(claims, undefined, taskSid, media.accountSid, media.playbackBase, 0);
  return {
    mayRun: tampered || open.length > 0,
    customerMayRun: tampered || open.some((c) => c.claim.channel === 'customer'),
    mediaDiffers: checkMediaEntries(eventAttributes, expected, '').repairs.length > 0,
  };
}
