import type { LogFn } from '../http/log';
import type { RouteReply, RouteRequest } from '../http/route';
import { isTwilioNotFound } from '../twilio/errors';
import type { TwilioGateway } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import { transcribeAfterStatus } from '../transcripts/after-status';
import { requestContext } from './request-context';
import type { RecordingStatusResponse, StatusOutcome } from '@dual-channel-recording/contract';
import { buildMediaEntry } from '@dual-channel-recording/contract';
import * as attributes from '../rules/attributes';
import { STATUS_RANK } from '../rules/attributes';
import type { TaskSeals } from '../rules/seals';
import { sealedClaim, sealedClaimFor } from '../rules/seals';
import type { StatusCallback } from '../webhooks/recording-status-callback';

/** What {@link recordStatus} needs from the outside world. */
export interface RecordStatusDeps {
  gateway: TwilioGateway;
  /** This service's public base URL: an adopted recording's `url_provider` is its playback route. */
  serviceBaseUrl: string;
  now: () => number;
  log: LogFn;
  /** The Functions' seals: claims count only when sealed; an ended recording gets its ended seal. */
  seals: TaskSeals;
}

/**
 * Records a verified status callback on the task under the product's key, idempotently: the merge
 * (attributes.mergeRecordingStatus) only moves a status forward, so repeats and out-of-order
 * callbacks change nothing, and nothing is written when nothing changes. Only recordings the task
 * claims are recorded: a recording that lost create-recording's race was stopped, and its callbacks
 * must not make it look like the task's recording. A terminal status (completed, absent) also
 * writes the recording's ended seal: the Event Streams sink then knows from the task alone that this
 * recording is over, and asks Twilio nothing about it.
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
  let endedOrphan: Promise<boolean> | undefined;
  // Read at most once, and only for a recording nobody claimed on a leg without a claim.
  const isEndedOrphan = (): Promise<boolean> => (endedOrphan ??= isOrphanOfEndedCall(callback, deps.gateway));
  try {
    await updateTaskWithRetry(
      deps.gateway,
      callback.taskSid,
      async (task) => {
        const current = attributes.recordingStateFor(task.attributes, recordingSid);
        // An unsealed claim (an agent's) neither names a recording nor keeps an orphan from adoption.
        const claim = sealedClaimFor(task.attributes, callback.taskSid, callback.callSid, deps.seals);
        // Claimed: it has a lifecycle entry (create writes one with its claim), or the leg's claim
        // names it (a claim written before this version, which had no entries).
        if (!current && claim?.recording_sid !== recordingSid) {
          if (claim === undefined && (await isEndedOrphan())) {
            outcome = 'adopted';
            return adopt(task.attributes, callback, deps);
          }
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
        const state =
          STATUS_RANK[merged.state.status] > 0
            ? { ...merged.state, ended_seal: deps.seals.ended(callback.taskSid, recordingSid) }
            : merged.state;
        return attributes.withRecordingState(task.attributes, recordingSid, state);
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

/**
 * True for a completed recording, still stored, of a call that has ended, registered with its channel:
 * a recording nobody named ran the whole call. A recording stopped while its call goes on was stopped
 * on purpose (a Function that could not name it), and is left alone.
 */
async function isOrphanOfEndedCall(callback: StatusCallback, gateway: TwilioGateway): Promise<boolean> {
  if (callback.report?.status !== 'completed' || callback.channel === undefined) return false;
  const [call, recording] = await Promise.all([
    gateway.fetchCall(callback.callSid).catch((error: unknown) => {
      if (isTwilioNotFound(error)) return undefined;
      throw error;
    }),
    gateway.fetchRecording(callback.callSid, callback.recordingSid),
  ]);
  return recording !== undefined && call?.status !== 'in-progress';
}

/** The claim, media entry and lifecycle entry create-recording would have written, with the callback's facts. */
function adopt(
  taskAttributes: Record<string, unknown>,
  callback: StatusCallback,
  deps: RecordStatusDeps,
): Record<string, unknown> {
  const channel = callback.channel ?? 'customer';
  const now = new Date(deps.now()).toISOString();
  const start = callback.report?.start_time;
  const withClaim = attributes.mergeRecording(taskAttributes, {
    callSid: callback.callSid,
    claim: sealedClaim(deps.seals, callback.taskSid, callback.callSid, {
      recording_sid: callback.recordingSid,
      channel,
      reservation_sid: callback.reservationSid,
    }),
    entry: buildMediaEntry({
      accountSid: deps.gateway.accountSid,
      recordingSid: callback.recordingSid,
      taskSid: callback.taskSid,
      channel,
      startedAt: start === undefined ? null : new Date(start),
      now: deps.now(),
      serviceBaseUrl: deps.serviceBaseUrl,
    }),
    fill: {},
    updatedAt: now,
  });
  const origin = { call_sid: callback.callSid, channel, reservation_sid: callback.reservationSid };
  const current = attributes.recordingStateFor(withClaim, callback.recordingSid);
  const merged = attributes.mergeRecordingStatus(
    current,
    callback.report ?? { status: 'completed' },
    origin,
    now,
  );
  return attributes.withRecordingState(withClaim, callback.recordingSid, {
    ...merged.state,
    ended_seal: deps.seals.ended(callback.taskSid, callback.recordingSid),
  });
}

/** POST /recording-status's work (after the signature check), with the real Twilio: record the status, 200. */
export async function runRecordingStatus(request: RouteRequest<StatusCallback>): Promise<RouteReply> {
  const { params, config, log } = request;
  const { gateway, deadline, seals, flex, publicBase } = requestContext(request);
  const reply = await recordStatus(params, {
    gateway,
    serviceBaseUrl: publicBase,
    now: () => Date.now(),
    log,
    seals,
  });
  // Voice Intelligence, when the admin turned it on: after the status, never instead of it.
  await transcribeAfterStatus({
    callback: params,
    outcome: reply.outcome,
    config,
    gateway,
    deadline,
    seals,
    log,
    flex,
  });
  return { status: 200, body: reply };
}
