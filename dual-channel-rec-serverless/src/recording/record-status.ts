import type { LogFn } from '../http/log';
import type { RouteReply, RouteRequest } from '../http/route';
import { twilioForRequest } from '../twilio/client';
import { isTwilioNotFound } from '../twilio/errors';
import type { TwilioGateway } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import type { RecordingStatusResponse, StatusOutcome } from '@dual-channel-recording/contract';
import * as attributes from './attributes';
import type { StatusCallback } from './status-callback';

/** What {@link recordStatus} needs from the outside world. */
export interface RecordStatusDeps {
  gateway: TwilioGateway;
  now: () => number;
  log: LogFn;
}

/**
 * Records a verified status callback on the task under the product's key, idempotently: the merge
 * (attributes.mergeRecordingStatus) only moves a status forward, so repeats and out-of-order
 * callbacks change nothing, and nothing is written when nothing changes. Only recordings the task
 * claims are recorded: a recording that lost create-recording's race was stopped, and its callbacks
 * must not make it look like the task's recording.
 */
export async function recordStatus(
  callback: StatusCallback,
  deps: RecordStatusDeps,
): Promise<RecordingStatusResponse> {
  const { recordingSid, report } = callback;
  const reply = (outcome: StatusOutcome): RecordingStatusResponse => {
    deps.log(`callback_${outcome}`, {
      taskSid: callback.taskSid,
      callSid: callback.callSid,
      recordingSid,
      status: callback.recordingStatus,
    });
    return { outcome, recordingSid, status: callback.recordingStatus };
  };
  if (!report) return reply('ignored_status');

  let outcome: StatusOutcome = 'recorded';
  const now = new Date(deps.now()).toISOString();
  try {
    await updateTaskWithRetry(
      deps.gateway,
      callback.taskSid,
      (task) => {
        const current = attributes.recordingStateFor(task.attributes, recordingSid);
        const claim = attributes.claimFor(task.attributes, callback.callSid);
        // Claimed: it has a lifecycle entry (create writes one with its claim), or the leg's claim
        // names it (a claim written before this version, which had no entries).
        if (!current && claim?.recording_sid !== recordingSid) {
          outcome = 'unclaimed';
          return undefined;
        }
        const origin = current ?? {
          call_sid: callback.callSid,
          channel: claim?.channel ?? 'customer',
          reservation_sid: claim?.reservation_sid ?? callback.reservationSid,
        };
        const merged = attributes.mergeRecordingStatus(current, report, origin, now);
        if (!merged.changed) {
          outcome = current?.status === report.status ? 'duplicate' : 'stale';
          return undefined;
        }
        outcome = 'recorded';
        return attributes.withRecordingState(task.attributes, recordingSid, merged.state);
      },
      {
        onConflict: (attempt) => deps.log('task_attributes_conflict', { taskSid: callback.taskSid, attempt }),
      },
    );
  } catch (error) {
    if (!isTwilioNotFound(error)) throw error;
    outcome = 'task_deleted';
  }
  return reply(outcome);
}

/** POST /recording-status's work (after the signature check), with the real Twilio: record the status, 200. */
export async function runRecordingStatus(request: RouteRequest<StatusCallback>): Promise<RouteReply> {
  const { params, config, log } = request;
  const { gateway } = twilioForRequest(config);
  const reply = await recordStatus(params, { gateway, now: () => Date.now(), log });
  return { status: 200, body: reply };
}
