import type { RecordingView, TaskView } from '@dual-channel-recording/twilio-sandbox';
import type { BurstCall } from './setup';
import { MARKER_ATTRIBUTE } from './setup';

/** What the sandbox holds for the burst's calls once everything settled. */
export interface BurstVerdict {
  readonly calls: number;
  /** One active recording of the leg, and exactly one media entry on the task naming it. */
  readonly recordedOnce: number;
  /** More than one active recording of a leg, or more than one media entry on a task. */
  readonly duplicates: number;
  /** Calls left without any active recording. */
  readonly unrecorded: number;
  /** Active recordings of the calls' legs that their task does not name: running unseen, unpausable. */
  readonly orphans: number;
  /** Tasks whose marker attribute is gone or changed. */
  readonly attributesLost: number;
  /** Recordings started and then stopped (a lost race, cleaned up by the Function). */
  readonly stoppedExtra: number;
}

const ACTIVE = new Set(['in-progress', 'paused']);

/** The VoiceRecording entries in a task's `conversations.media`. */
function mediaUrls(task: TaskView | undefined): string[] {
  const conversations = task?.attributes.conversations;
  const media =
    typeof conversations === 'object' && conversations !== null
      ? Reflect.get(conversations, 'media')
      : undefined;
  if (!Array.isArray(media)) return [];
  return media
    .filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null)
    .filter((m) => m.type === 'VoiceRecording')
    .map((m) => String(m.url));
}

/** Checks every burst call against the sandbox's tasks and recordings. */
export function verifyBurst(
  calls: readonly BurstCall[],
  tasks: readonly TaskView[],
  recordings: readonly RecordingView[],
): BurstVerdict {
  const taskBySid = new Map(tasks.map((t) => [t.sid, t]));
  let recordedOnce = 0;
  let duplicates = 0;
  let unrecorded = 0;
  let attributesLost = 0;
  let stoppedExtra = 0;
  let orphans = 0;
  for (const call of calls) {
    const task = taskBySid.get(call.taskSid);
    const ofLeg = recordings.filter((r) => r.callSid === call.callSid);
    const active = ofLeg.filter((r) => !r.deleted && ACTIVE.has(r.status));
    const media = mediaUrls(task);
    stoppedExtra += ofLeg.length - active.length;
    orphans += active.filter((r) => !media.some((url) => url.endsWith(r.sid))).length;
    if (active.length === 0) unrecorded += 1;
    if (active.length > 1 || media.length > 1) duplicates += 1;
    if (active.length === 1 && media.length === 1 && media[0].endsWith(active[0].sid)) recordedOnce += 1;
    if (task?.attributes[MARKER_ATTRIBUTE] !== call.marker) attributesLost += 1;
  }
  return { calls: calls.length, recordedOnce, duplicates, unrecorded, orphans, attributesLost, stoppedExtra };
}
