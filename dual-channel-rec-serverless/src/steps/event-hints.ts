/**
 * What an Event Streams event lets the sink leave alone without asking Twilio. TaskRouter's events
 * carry the task's attributes as they were (`task_attributes`), and those are agent-writable, so they
 * may only decide to do nothing, and only where doing nothing can never leave a recording running that
 * should stop:
 *
 * - the last-agent stop and the excluded-queue stop are never skipped on the attributes: an agent can
 *   delete a sealed claim from their task (or put back an older version of the attributes), so no
 *   attributes prove that no recording of ours runs. Those checks ask for the admin's settings first
 *   (nothing from Twilio when the rule is off) and then read the task and TaskRouter's event log,
 *   which keeps every claim the Functions wrote (last-agent.ts, queue-transfer.ts);
 * - no media repair is needed when every `VoiceRecording` entry is exactly what the product's
 *   builder writes for a sealed claim, with this service's playback URL (start times aside). A repair
 *   stops nothing, and an entry an agent points elsewhere differs, so it is repaired.
 *
 * Attributes the event does not carry, or that do not parse, decide nothing: the sink then reads
 * Twilio.
 */
import { checkMediaEntries, expectedEntries } from './media-repair';
import type { TaskSeals } from '../rules/seals';
import { sealedClaimsIn } from '../rules/task-claims';

/** What the event's attributes say needs a look at Twilio. */
export interface EventHints {
  /** A media entry differs from what the product writes for its sealed claims. */
  mediaDiffers: boolean;
}

/** Everything needs a look: the event carried no attributes the sink can read. */
export const UNKNOWN_HINTS: EventHints = { mediaDiffers: true };

/** Reads the event's attributes of task `taskSid` (see the file comment for what they may decide). */
export function hintsFrom(
  eventAttributes: Record<string, unknown> | undefined,
  taskSid: string,
  seals: TaskSeals,
  media: { accountSid: string; playbackBase: string },
): EventHints {
  if (eventAttributes === undefined) return UNKNOWN_HINTS;
  const claims = sealedClaimsIn([eventAttributes], taskSid, seals);
  const expected = expectedEntries(claims, undefined, taskSid, media.accountSid, media.playbackBase, 0);
  return { mediaDiffers: checkMediaEntries(eventAttributes, expected, '').repairs.length > 0 };
}
