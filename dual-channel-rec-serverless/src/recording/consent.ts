/**
 * The consent announcement: when a recording starts (and, if the admin asks, when it resumes), the
 * customer hears the admin's announcement. A step the start and resume flows call once they know
 * they changed something: create-recording only from the request whose recording won the task's
 * compare-and-set (never `alreadyRecording`, never the race's loser, never a retry that found the
 * recording running), resume only from the request that resumed Twilio's recording under the lease.
 *
 * It is played with the Conference Participant API's `AnnounceUrl` to the customer's participant
 * alone: the customer stays in Flex's conference (redirecting the customer's call to new TwiML would
 * take it out of the conference, and out of Flex). The outcome is written on the task
 * (`recordings[RE…].consent`, shown to the agent); a failure stops the recording only when the admin
 * set `consent_announcement.stop_recording_on_failure`.
 */
import type { LogFn } from '../http/log';
import { TwilioApiError, isTwilioNotFound } from '../twilio/errors';
import type { TaskSnapshot, TwilioGateway } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import type {
  CallDirection,
  ComplianceSettings,
  ConsentOutcome,
  ConsentResult,
} from '@dual-channel-recording/contract';
import { consentApplies } from '@dual-channel-recording/contract';
import * as attributes from './attributes';
import type { RecordingOrigin } from './attributes';
import { customerCallSid } from './leg-reads';
import type { Channel } from './params';

/** What the step needs to know about the recording it announces. */
export interface ConsentTarget {
  task: TaskSnapshot;
  /** The task's conference (the customer's participant is in it); internal calls have none. */
  conferenceSid: string | undefined;
  /** The recorded leg and its channel. */
  callSid: string;
  channel: Channel;
  recordingSid: string;
  origin: RecordingOrigin;
  on: ConsentOutcome['on'];
}

/** What the step needs from the outside world. */
export interface ConsentDeps {
  gateway: TwilioGateway;
  now: () => number;
  log: LogFn;
}

function directionOf(task: TaskSnapshot): CallDirection | undefined {
  const direction = task.attributes.direction;
  return direction === 'inbound' || direction === 'outbound' ? direction : undefined;
}

/**
 * Announces consent to the customer when the settings ask for it on this task, records the outcome on
 * the task, and stops the recording on failure when the admin chose that. Answers what happened, or
 * undefined when no announcement applies (off, another queue or direction, a resume without
 * `on_resume`, an internal call).
 */
export async function announceConsent(
  target: ConsentTarget,
  settings: ComplianceSettings,
  deps: ConsentDeps,
): Promise<ConsentResult | undefined> {
  const announcement = settings.consentAnnouncement;
  if (!announcement || target.conferenceSid === undefined) return undefined;
  if (target.on === 'resume' && !announcement.onResume) return undefined;
  const { task } = target;
  if (
    !consentApplies(announcement, {
      queueName: task.queueName,
      queueSid: task.queueSid,
      direction: directionOf(task),
    })
  )
    return undefined;

  const { gateway, log } = deps;
  let failure: TwilioApiError | undefined;
  try {
    const customer = await customerCallSid(target.conferenceSid, target, gateway);
    if (customer === undefined) {
      failure = new TwilioApiError('The customer is not in the conference', 404, 20404);
    } else {
      await gateway.announceToParticipant(target.conferenceSid, customer, announcement.url);
    }
  } catch (error) {
    if (!(error instanceof TwilioApiError)) throw error;
    failure = error;
  }

  const outcome: ConsentOutcome = {
    status: failure ? 'failed' : 'announced',
    on: target.on,
    at: new Date(deps.now()).toISOString(),
  };
  if (failure?.code !== undefined) outcome.error_code = failure.code;
  if (failure && announcement.stopRecordingOnFailure) {
    outcome.recording_stopped = await gateway.stopRecording(target.callSid, target.recordingSid).then(
      () => true,
      () => false,
    );
  }
  log(failure ? 'consent_failed' : 'consent_announced', {
    taskSid: task.sid,
    recordingSid: target.recordingSid,
    on: target.on,
    twilioCode: failure?.code,
    recordingStopped: outcome.recording_stopped,
  });
  await recordOutcome(target, outcome, deps);
  const result: { -readonly [K in keyof ConsentResult]: ConsentResult[K] } = { status: outcome.status };
  if (outcome.error_code !== undefined) result.twilioCode = outcome.error_code;
  if (outcome.recording_stopped !== undefined) result.recordingStopped = outcome.recording_stopped;
  return result;
}

/** Writes the outcome into `recordings[RE…].consent` (compare-and-set; a deleted task is only logged). */
async function recordOutcome(
  target: ConsentTarget,
  outcome: ConsentOutcome,
  deps: ConsentDeps,
): Promise<void> {
  try {
    await updateTaskWithRetry(deps.gateway, target.task.sid, (task) =>
      attributes.withConsent(
        task.attributes,
        target.recordingSid,
        target.origin,
        outcome,
        new Date(deps.now()).toISOString(),
      ),
    );
  } catch (error) {
    if (!isTwilioNotFound(error)) throw error;
    deps.log('consent_not_recorded_task_gone', {
      taskSid: target.task.sid,
      recordingSid: target.recordingSid,
    });
  }
}
