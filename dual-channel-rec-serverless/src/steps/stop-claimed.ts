/**
 * Stopping the task's own recordings, once a rule of the Event Streams sink decided they must stop
 * (the last agent left, the task was transferred into an excluded queue). Only recordings the
 * Functions claimed on the task (sealed claims, task-claims.ts) are touched: a recording someone else
 * started on the same call is theirs.
 *
 * Which claimed recordings may still run: those no version of the task's attributes seals over. The
 * Functions write an ended seal only after Twilio said the recording is over (the recording-status
 * callback at every terminal status, this file after a stop), it cannot be forged, and a recording
 * that is over never runs again; so a seal found in any version (the event log keeps them all, an
 * agent's deletion or rollback only hides it from the task) spares the call's recordings list. Each
 * claimed recording Twilio still runs is stopped; the task then records, in one compare-and-set, why
 * (`stopped_by`) and its ended seal. A recording that was merely over is left to the recording-status
 * callback, which sealed it when Twilio reported it.
 */
import type { LogFn } from '../http/log';
import { isTwilioCode, isTwilioNotFound } from '../twilio/errors';
import type { RecordingInfo, TwilioGateway } from '../twilio/gateway';
import { ACTIVE_RECORDING_STATUSES } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import type { RecordingState, StopReason } from '@dual-channel-recording/contract';
import * as attributes from '../rules/attributes';
import type { TaskSeals } from '../rules/seals';
import { isSealedEnded } from '../rules/seals';
import type { SealedLegClaim } from '../rules/task-claims';
import type { TaskReads } from './task-reads';

/** What {@link stopClaimedRecordings} needs from the outside world. */
export interface StopDeps {
  gateway: TwilioGateway;
  seals: TaskSeals;
  now: () => number;
  log: LogFn;
}

/** A claimed recording Twilio still runs on the claimed call. */
export interface RunningClaim {
  claim: SealedLegClaim;
  recording: RecordingInfo;
}

/** Each claimed call's recordings on Twilio (one list per call, every status, shared by the delivery's checks). */
export async function recordingsOfClaims(
  reads: TaskReads,
  claims: readonly SealedLegClaim[],
): Promise<Map<string, RecordingInfo>> {
  const calls = [...new Set(claims.map((c) => c.callSid))];
  const lists = await Promise.all(calls.map((callSid) => reads.recordings(callSid)));
  return new Map(lists.flat().map((r) => [r.sid, r]));
}

/** True when one of these attribute versions holds the Functions' seal that recording `recordingSid` of the task is over. */
export function isSealedOverIn(
  versions: readonly Record<string, unknown>[],
  taskSid: string,
  recordingSid: string,
  seals: TaskSeals,
): boolean {
  return versions.some((version) =>
    isSealedEnded(
      seals,
      taskSid,
      recordingSid,
      attributes.recordingStateFor(version, recordingSid)?.ended_seal,
    ),
  );
}

/**
 * The claimed recordings Twilio still runs: the claims no version seals over, looked up in their
 * calls' recordings (one list per call; none when every claim is sealed over).
 */
export async function runningClaims(
  claims: readonly SealedLegClaim[],
  versions: readonly Record<string, unknown>[],
  taskSid: string,
  reads: TaskReads,
  seals: TaskSeals,
): Promise<RunningClaim[]> {
  const open = claims.filter((c) => !isSealedOverIn(versions, taskSid, c.claim.recording_sid, seals));
  if (open.length === 0) return [];
  const onTwilio = await recordingsOfClaims(reads, open);
  return open.flatMap((claim) => {
    const recording = onTwilio.get(claim.claim.recording_sid);
    if (recording === undefined || recording.callSid !== claim.callSid) return [];
    return ACTIVE_RECORDING_STATUSES.includes(recording.status) ? [{ claim, recording }] : [];
  });
}

/** The recording's entry with its ended seal and why a Function stopped it. */
function stoppedState(
  current: RecordingState | undefined,
  claim: SealedLegClaim,
  endedSeal: string,
  stoppedBy: StopReason,
  at: string,
): RecordingState {
  const base: RecordingState = current ?? {
    call_sid: claim.callSid,
    channel: claim.claim.channel,
    reservation_sid: claim.claim.reservation_sid,
    status: 'in-progress',
    paused: false,
    updated_at: at,
  };
  return { ...base, paused: false, ended_seal: endedSeal, stopped_by: stoppedBy, updated_at: at };
}

/**
 * Stops each running claimed recording for `reason` and, when one was stopped and the task still
 * exists, writes on it why and the ended seal (the task is read for its ETag then, through `reads`).
 * Answers the SIDs it stopped. A recording that ended between the list and the stop (Twilio answers
 * 404 or 21220) was not stopped here, and is not an error.
 */
export async function stopClaimedRecordings(
  taskSid: string,
  running: readonly RunningClaim[],
  reason: StopReason,
  deps: StopDeps & { reads: TaskReads },
): Promise<string[]> {
  const { gateway, reads, seals, log } = deps;
  const stopped: SealedLegClaim[] = [];
  await Promise.all(
    running.map(async ({ claim, recording }) => {
      try {
        await gateway.stopRecording(claim.callSid, recording.sid);
        stopped.push(claim);
        log('recording_stopped', { taskSid, callSid: claim.callSid, recordingSid: recording.sid, reason });
      } catch (error) {
        if (!isTwilioNotFound(error) && !isTwilioCode(error, 21220)) throw error;
      }
    }),
  );
  const stoppedSids = stopped.map((c) => c.claim.recording_sid);
  if (stopped.length === 0) return stoppedSids;
  const task = await reads.task();
  if (task === undefined) return stoppedSids;
  const at = new Date(deps.now()).toISOString();
  try {
    await updateTaskWithRetry(
      gateway,
      taskSid,
      (current) => {
        let next = current.attributes;
        for (const c of stopped) {
          const recordingSid = c.claim.recording_sid;
          const state = attributes.recordingStateFor(next, recordingSid);
          const endedSeal = seals.ended(taskSid, recordingSid);
          next = attributes.withRecordingState(
            next,
            recordingSid,
            stoppedState(state, c, endedSeal, reason, at),
          );
        }
        return next;
      },
      { firstRead: task, onConflict: (attempt) => log('task_attributes_conflict', { taskSid, attempt }) },
    );
  } catch (error) {
    // Twilio already did what mattered; a task deleted meanwhile only loses the bookkeeping.
    if (!isTwilioNotFound(error)) throw error;
  }
  return stoppedSids;
}
