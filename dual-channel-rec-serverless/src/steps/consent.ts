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
 * set `consent_announcement.stop_recording_on_failure`, and that stop is written with the Functions'
 * stop seal (`stopped_by` and the error code, seals.ts): the audit explains a gap by no other.
 *
 * Whether the rule applies is decided from Twilio's facts: TaskRouter's queue fields and the
 * direction of the customer's call resource, never the task's `direction` attribute (an agent can
 * remove or flip it). A direction that cannot be read is announced (fail closed). Whenever an
 * announcement is configured, the outcome is written, `not_required` included, so the audit sees
 * every start.
 */
import type { LogFn } from '../http/log';
import { TwilioApiError, isTwilioNotFound } from '../twilio/errors';
import type { CallInfo, TaskSnapshot, TwilioGateway } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import type {
  CallDirectionFact,
  ComplianceSettings,
  ConsentOutcome,
  ConsentResult,
} from '@dual-channel-recording/contract';
import { consentDecision } from '@dual-channel-recording/contract';
import * as attributes from '../rules/attributes';
import type { TaskSeals } from '../rules/seals';
import type { RecordingOrigin } from '../rules/attributes';
import { customerCall } from './leg-reads';
import type { Channel } from '../http/route-params';

/** What the step needs to know about the recording it announces. */
export interface ConsentTarget {
  task: TaskSnapshot;
  /** The task's conference (the customer's participant is in it); internal calls have none. */
  conferenceSid: string | undefined;
  /** The recorded leg (as Twilio reported it) and its channel. */
  callSid: string;
  call: CallInfo;
  /**
   * The customer's call when this request already read it from Twilio (the conference's one phone
   * leg, found for an outbound task's `call_sid`): its direction is not asked for again.
   */
  customer?: CallInfo | undefined;
  channel: Channel;
  recordingSid: string;
  origin: RecordingOrigin;
  on: ConsentOutcome['on'];
}

/** What the step needs from the outside world. */
export interface ConsentDeps {
  gateway: TwilioGateway;
  /** Seals a stop the step made (`stopped_by: consent_failed`), so the audit can trust the reason. */
  seals: TaskSeals;
  now: () => number;
  log: LogFn;
}

/**
 * The direction of the customer's call as Twilio's call resource says it: a call that reached Twilio
 * is `inbound`; one Twilio placed (`outbound-api`, `outbound-dial`: Flex dialling the customer) is
 * `outbound`; anything else, or no call, is `unknown`.
 */
export function callDirection(call: CallInfo | undefined): CallDirectionFact {
  if (call === undefined) return 'unknown';
  if (call.direction === 'inbound') return 'inbound';
  if (call.direction.startsWith('outbound')) return 'outbound';
  return 'unknown';
}

/**
 * Announces consent to the customer when the settings ask for it on this task, records the outcome on
 * the task (`not_required` too), and stops the recording on failure when the admin chose that.
 * Answers what was played or refused, or undefined when nothing was played (off, a resume without
 * `on_resume`, an internal call, or the rule leaves the task out).
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
  const { gateway, log } = deps;
  // The customer's call: the recorded leg itself on the customer channel, else the conference's one
  // phone leg. A read that fails leaves it unknown, and an unknown direction is announced.
  const customer =
    target.channel === 'customer'
      ? target.call
      : (target.customer ??
        (await customerCall(target.conferenceSid, target, gateway).catch((error: unknown) => {
          if (error instanceof TwilioApiError) return undefined;
          throw error;
        })));
  const direction = callDirection(customer);
  const decision = consentDecision(announcement, {
    queueName: task.queueName,
    queueSid: task.queueSid,
    direction,
  });
  const at = new Date(deps.now()).toISOString();
  if (decision !== 'announce') {
    log('consent_not_required', { taskSid: task.sid, recordingSid: target.recordingSid, reason: decision });
    await recordOutcome(target, { status: 'not_required', on: target.on, direction, at }, deps);
    return undefined;
  }

  let failure: TwilioApiError | undefined;
  try {
    if (customer === undefined) {
      failure = new TwilioApiError('The customer is not in the conference', 404, 20404);
    } else {
      await gateway.announceToParticipant(target.conferenceSid, customer.sid, announcement.url);
    }
  } catch (error) {
    if (!(error instanceof TwilioApiError)) throw error;
    failure = error;
  }

  const outcome: ConsentOutcome = {
    status: failure ? 'failed' : 'announced',
    on: target.on,
    direction,
    at,
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
  const result: { -readonly [K in keyof ConsentResult]: ConsentResult[K] } = {
    status: failure ? 'failed' : 'announced',
  };
  if (outcome.error_code !== undefined) result.twilioCode = outcome.error_code;
  if (outcome.recording_stopped !== undefined) result.recordingStopped = outcome.recording_stopped;
  return result;
}

/**
 * Writes the outcome into `recordings[RE…].consent`, a stop with its seal (compare-and-set; a deleted
 * task is only logged).
 */
async function recordOutcome(
  target: ConsentTarget,
  outcome: ConsentOutcome,
  deps: ConsentDeps,
): Promise<void> {
  const stopSeal = outcome.recording_stopped
    ? deps.seals.stopped(target.task.sid, target.recordingSid, {
        reason: 'consent_failed',
        twilioCode: outcome.error_code,
      })
    : undefined;
  try {
    await updateTaskWithRetry(deps.gateway, target.task.sid, (task) =>
      attributes.withConsent(
        task.attributes,
        target.recordingSid,
        target.origin,
        outcome,
        new Date(deps.now()).toISOString(),
        stopSeal,
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
