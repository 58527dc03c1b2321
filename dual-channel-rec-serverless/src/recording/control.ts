import { ApiError } from '../http/api-error';
import type { BrowserRequest } from '../http/browser-route';
import type { FlexIdentity } from '../http/flex-token';
import { validateFlexToken } from '../http/flex-token';
import type { LogFn } from '../http/log';
import type { RouteReply } from '../http/route';
import { twilioForRequest } from '../twilio/client';
import type { PauseBehavior } from '../config/settings';
import type { TwilioApiError } from '../twilio/errors';
import { isTwilioCode, isTwilioNotFound } from '../twilio/errors';
import type { TwilioGateway } from '../twilio/gateway';
import { ACTIVE_RECORDING_STATUSES } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import * as attributes from './attributes';
import type { AuditEntry, ControlAction, ControlRecordingResponse } from '@dual-channel-recording/contract';
import * as authorization from './authorization';
import type { ControlRecordingParams } from './params';

/** What {@link controlRecording} needs from the outside world. */
export interface ControlDeps {
  gateway: TwilioGateway;
  validateToken: (token: string) => Promise<FlexIdentity>;
  pauseBehavior: PauseBehavior;
  pauseRoles: readonly string[];
  now: () => number;
  log: LogFn;
}

/** The Twilio recording status each action asks for. */
export const TARGET_STATUS: Readonly<Record<ControlAction, ControlRecordingResponse['status']>> = {
  pause: 'paused',
  resume: 'in-progress',
};

function noRecording(message: string, field: string): ApiError {
  return new ApiError(404, 'no_recording', message, { field });
}

function notLive(message: string, cause?: TwilioApiError): ApiError {
  return new ApiError(409, 'call_not_in_progress', message, {
    field: 'callSid',
    twilioCode: cause?.code,
    moreInfo: cause?.moreInfo,
  });
}

/**
 * Pauses or resumes the recording claimed for a task's leg, and records the action on the task.
 *
 * Round one (concurrent): token validation, the task with its ETag, and the named reservation.
 * Then authorization (the reservation's owner, or a PAUSE_ROLES role), the claim on the leg, the
 * recording's live status from Twilio, the status change, and one If-Match write of the paused flag
 * plus the audit entry. Twilio is changed before the task: if the write then fails, a retry finds
 * Twilio already in the state asked for (changed: false) and repairs the flag on the task.
 */
export async function controlRecording(
  action: ControlAction,
  params: ControlRecordingParams,
  token: string,
  deps: ControlDeps,
): Promise<ControlRecordingResponse> {
  const { gateway, log } = deps;
  const tokenCheck = deps.validateToken(token);
  const reads = Promise.all([
    gateway
      .fetchTask(params.taskSid)
      .catch((e: unknown) =>
        Promise.reject(
          isTwilioNotFound(e)
            ? noRecording(
                `Task ${params.taskSid} was not found (tasks are deleted soon after they complete)`,
                'taskSid',
              )
            : e,
        ),
      ),
    params.reservationSid === undefined
      ? Promise.resolve(undefined)
      : gateway.fetchReservation(params.taskSid, params.reservationSid).catch((e: unknown) =>
          // Not on this task (or gone): for authorization that is the same as not the caller's.
          isTwilioNotFound(e) ? undefined : Promise.reject(e),
        ),
  ] as const);
  // If the token fails we answer without waiting for the reads; keep their rejection from surfacing.
  reads.catch(() => undefined);

  const worker = await tokenCheck;
  const [task, reservation] = await reads;
  const grant = authorization.authorizeControl(worker, params, reservation, deps.pauseRoles);
  const claim = attributes.claimFor(task.attributes, params.callSid);
  if (!claim) {
    throw noRecording(
      `No recording is claimed for call ${params.callSid} on task ${params.taskSid} (never started, or the call is excluded from recording)`,
      'callSid',
    );
  }
  authorization.checkClaimForGrant(claim, grant, params.callSid);

  const recordingSid = claim.recording_sid;
  const recording = await gateway.fetchRecording(params.callSid, recordingSid);
  if (!recording)
    throw noRecording(`Recording ${recordingSid} of call ${params.callSid} no longer exists`, 'callSid');
  if (!ACTIVE_RECORDING_STATUSES.includes(recording.status)) {
    throw notLive(
      `Recording ${recordingSid} is ${recording.status}: the call ended, so there is nothing to ${action}`,
    );
  }

  const target = TARGET_STATUS[action];
  const changed = recording.status !== target;
  if (changed) {
    try {
      await gateway.setRecordingStatus(params.callSid, recordingSid, target, deps.pauseBehavior);
    } catch (error) {
      if (isTwilioCode(error, 21220)) {
        throw notLive(
          `Call ${params.callSid} is no longer in progress (hung up), so its recording cannot be ${action}d`,
          error,
        );
      }
      if (isTwilioNotFound(error)) throw noRecording(`Recording ${recordingSid} no longer exists`, 'callSid');
      throw error;
    }
  }

  const at = new Date(deps.now()).toISOString();
  const paused = target === 'paused';
  const audit: AuditEntry = {
    action,
    recording_sid: recordingSid,
    call_sid: params.callSid,
    by: { worker_sid: worker.workerSid, identity: worker.identity, roles: worker.roles },
    at,
  };
  try {
    const written = await updateTaskWithRetry(
      gateway,
      params.taskSid,
      (current) => {
        const state = attributes.recordingStateFor(current.attributes, recordingSid);
        // A no-op whose flag already matches writes nothing. One that finds the flag wrong (an
        // earlier request changed Twilio, then lost its write) repairs it, with this request's audit
        // entry: the trail then shows who asked for the state the recording is in.
        if (!changed && state?.paused === paused) return undefined;
        return attributes.withPauseAction(current.attributes, {
          recordingSid,
          origin: {
            call_sid: params.callSid,
            channel: claim.channel,
            reservation_sid: claim.reservation_sid,
          },
          paused,
          audit,
        });
      },
      {
        firstRead: task,
        onConflict: (attempt) => log('task_attributes_conflict', { taskSid: params.taskSid, attempt }),
      },
    );
    log(changed ? `recording_${action}d` : `recording_already_${target}`, {
      taskSid: params.taskSid,
      callSid: params.callSid,
      recordingSid,
      workerSid: worker.workerSid,
      grant: grant.kind === 'role' ? `role:${grant.role}` : 'owner',
      taskWritten: written.written,
    });
  } catch (error) {
    // Twilio already did what was asked; a task deleted meanwhile only loses the flag and the trail.
    if (!isTwilioNotFound(error)) throw error;
    log('task_gone_after_change', { taskSid: params.taskSid, recordingSid, action });
  }
  return { recordingSid, callSid: params.callSid, status: target, changed };
}

async function runControl(
  action: ControlAction,
  request: BrowserRequest<ControlRecordingParams>,
): Promise<RouteReply> {
  const { params, token, config, log } = request;
  const { gateway, deadline } = twilioForRequest(config);
  const body = await controlRecording(action, params, token, {
    gateway,
    validateToken: (value) => validateFlexToken(value, config, deadline),
    pauseBehavior: config.pauseBehavior,
    pauseRoles: config.pauseRoles,
    now: () => Date.now(),
    log,
  });
  return { status: 200, body };
}

/** POST /pause-recording's work, with the real Twilio: pause the leg's recording, 200. */
export function runPauseRecording(request: BrowserRequest<ControlRecordingParams>): Promise<RouteReply> {
  return runControl('pause', request);
}

/** POST /resume-recording's work, with the real Twilio: resume the leg's recording, 200. */
export function runResumeRecording(request: BrowserRequest<ControlRecordingParams>): Promise<RouteReply> {
  return runControl('resume', request);
}
