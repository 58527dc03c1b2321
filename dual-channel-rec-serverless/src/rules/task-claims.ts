/**
 * Which recordings are this task's, by facts only Twilio and the Functions write. A task is bound to a
 * call when create-recording saw the call connected to the task's conference (Twilio's binding: the
 * conference's friendly name is the task SID) and sealed its claim (seals.ts). Never by the task's
 * `call_sid` at creation or any other attribute: an agent chooses every attribute of a task they
 * create (`StartOutboundCall`'s `taskAttributes`), `call_sid` included.
 *
 * Claims are read from every version of the attributes at hand, because an agent can rewrite the
 * current one: the task as fetched, the attributes the Event Streams event carried, and TaskRouter's
 * event log (each attribute write is a `task.updated` event with the attributes as they were, kept
 * 30 days, after the task itself is deleted). An agent who removes a sealed claim from their task
 * cannot remove it from the log.
 */
import type { LogFn } from '../http/log';
import type { TaskEvent } from '../twilio/gateway';
import type { LegClaim } from '@dual-channel-recording/contract';
import { isRecord } from '@dual-channel-recording/contract';
import type { TaskSeals } from './seals';
import { sealedClaims } from './seals';

/** A claim the Functions sealed, with the leg it is on. */
export interface SealedLegClaim {
  callSid: string;
  claim: LegClaim;
}

/** Task attributes as TaskRouter's events carry them (a JSON string), or undefined when unreadable. */
export function parseEventAttributes(raw: unknown): Record<string, unknown> | undefined {
  if (isRecord(raw)) return raw;
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The attributes each TaskRouter event of the task carries, in the order given. */
export function attributesInEvents(events: readonly TaskEvent[]): Record<string, unknown>[] {
  return events
    .map((event) => parseEventAttributes(event.data.task_attributes))
    .filter((attributes): attributes is Record<string, unknown> => attributes !== undefined);
}

/**
 * Every claim the Functions sealed on task `taskSid` in any of these attribute versions, once per
 * recording (the first version listed wins for a recording named twice). Unsealed claims are left
 * out; those of the first version (the current task) are logged.
 */
export function sealedClaimsIn(
  versions: readonly unknown[],
  taskSid: string,
  seals: TaskSeals,
  log?: LogFn,
): SealedLegClaim[] {
  const byRecording = new Map<string, SealedLegClaim>();
  versions.forEach((attributes, index) => {
    for (const [callSid, claim] of Object.entries(
      sealedClaims(attributes, taskSid, seals, index === 0 ? log : undefined),
    )) {
      if (!byRecording.has(claim.recording_sid)) byRecording.set(claim.recording_sid, { callSid, claim });
    }
  });
  return [...byRecording.values()];
}

/** True when TaskRouter's event log shows the Functions claimed `recordingSid` on call `callSid` of this task. */
export function isClaimedInEvents(
  events: readonly TaskEvent[],
  taskSid: string,
  callSid: string,
  recordingSid: string,
  seals: TaskSeals,
): boolean {
  return sealedClaimsIn(attributesInEvents(events), taskSid, seals).some(
    (c) => c.callSid === callSid && c.claim.recording_sid === recordingSid,
  );
}

/**
 * The recordings of leg `callSid` that a claim the Functions sealed on this task names in any of these
 * attribute versions: the product's own recordings of the leg, however many starts made them (an
 * agent who removed every trace of the leg from their task can get a new start to record it again).
 */
export function sealedRecordingsOfLeg(
  versions: readonly unknown[],
  taskSid: string,
  callSid: string,
  seals: TaskSeals,
): Set<string> {
  return new Set(
    sealedClaimsIn(versions, taskSid, seals)
      .filter((c) => c.callSid === callSid)
      .map((c) => c.claim.recording_sid),
  );
}
