/**
 * Stopping the task's own recordings, once a rule of the Event Streams sink decided they must stop
 * (the last agent left, the task was transferred into an excluded queue). Only recordings the
 * Functions claimed on the task (sealed claims, task-claims.ts) are touched: a recording someone else
 * started on the same call is theirs. Each claimed recording Twilio still runs is stopped; the task
 * then records, in one compare-and-set, why (`stopped_by`) and the ended seal of every claimed
 * recording that is over, so later events about the task cost no Twilio request.
 */
import type { LogFn } from '../http/log';
import { isTwilioCode, isTwilioNotFound } from '../twilio/errors';
import type { RecordingInfo, TaskSnapshot, TwilioGateway } from '../twilio/gateway';
import { ACTIVE_RECORDING_STATUSES } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import type { RecordingState, StopReason } from '@dual-channel-recording/contract';
import * as attributes from '../rules/attributes';
import type { TaskSeals } from '../rules/seals';
import { isSealedEnded } from '../rules/seals';
import type { SealedLegClaim } from '../rules/task-claims';

/** What {@link stopClaimedRecordings} needs from the outside world. */
export interface StopDeps {
  gateway: TwilioGateway;
  seals: TaskSeals;
  now: () => number;
  log: LogFn;
}

/** Each claimed call's recordings on Twilio (one list per call, every status). */
export async function recordingsOfClaims(
  gateway: TwilioGateway,
  claims: readonly SealedLegClaim[],
): Promise<Map<string, RecordingInfo>> {
  const calls = [...new Set(claims.map((c) => c.callSid))];
  const lists = await Promise.all(
    calls.map((callSid) =>
      gateway
        .listCallRecordings(callSid)
        .catch((e: unknown) => (isTwilioNotFound(e) ? [] : Promise.reject(e))),
    ),
  );
  return new Map(lists.flat().map((r) => [r.sid, r]));
}

/** The recording's entry with its ended seal (and `stopped_by` when a Function stopped it). */
function endedState(
  current: RecordingState | undefined,
  claim: SealedLegClaim,
  endedSeal: string,
  stoppedBy: StopReason | undefined,
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
  const state: RecordingState = { ...base, paused: false, ended_seal: endedSeal, updated_at: at };
  if (stoppedBy !== undefined) state.stopped_by = stoppedBy;
  return state;
}

/**
 * Stops every claimed recording Twilio still runs, for `reason`, and seals on the task (when it still
 * exists) which ones are over. Answers the SIDs it stopped. A recording that ended between the list
 * and the stop (Twilio answers 404 or 21220) counts as over, not as an error.
 */
export async function stopClaimedRecordings(
  task: TaskSnapshot | undefined,
  taskSid: string,
  claims: readonly SealedLegClaim[],
  reason: StopReason,
  deps: StopDeps,
): Promise<string[]> {
  const { gateway, seals, log } = deps;
  const onTwilio = await recordingsOfClaims(gateway, claims);
  const stopped: string[] = [];
  const over: SealedLegClaim[] = [];
  await Promise.all(
    claims.map(async (claim) => {
      const recording = onTwilio.get(claim.claim.recording_sid);
      if (recording === undefined || recording.callSid !== claim.callSid) return;
      if (!ACTIVE_RECORDING_STATUSES.includes(recording.status)) {
        over.push(claim);
        return;
      }
      try {
        await gateway.stopRecording(claim.callSid, recording.sid);
        stopped.push(recording.sid);
        log('recording_stopped', { taskSid, callSid: claim.callSid, recordingSid: recording.sid, reason });
      } catch (error) {
        if (!isTwilioNotFound(error) && !isTwilioCode(error, 21220)) throw error;
        over.push(claim);
      }
    }),
  );
  const toSeal = [
    ...claims.filter((c) => stopped.includes(c.claim.recording_sid)).map((c) => ({ c, stoppedBy: reason })),
    ...over.map((c) => ({ c, stoppedBy: undefined })),
  ];
  if (task === undefined || toSeal.length === 0) return stopped;
  const at = new Date(deps.now()).toISOString();
  try {
    await updateTaskWithRetry(
      gateway,
      taskSid,
      (current) => {
        let next = current.attributes;
        let changed = false;
        for (const { c, stoppedBy } of toSeal) {
          const recordingSid = c.claim.recording_sid;
          const state = attributes.recordingStateFor(next, recordingSid);
          if (stoppedBy === undefined && isSealedEnded(seals, taskSid, recordingSid, state?.ended_seal))
            continue;
          const endedSeal = seals.ended(taskSid, recordingSid);
          next = attributes.withRecordingState(
            next,
            recordingSid,
            endedState(state, c, endedSeal, stoppedBy, at),
          );
          changed = true;
        }
        return changed ? next : undefined;
      },
      { firstRead: task, onConflict: (attempt) => log('task_attributes_conflict', { taskSid, attempt }) },
    );
  } catch (error) {
    // Twilio already did what mattered; a task deleted meanwhile only loses the bookkeeping.
    if (!isTwilioNotFound(error)) throw error;
  }
  return stopped;
}
