/**
 * The transcript of a completed recording, made once: on `completed`, the recording-status Function
 * asks Voice Intelligence for a transcript with both channels named (participants.ts) and notes the
 * outcome on the task beside the recording's entry (`recordings[RE…].transcript`), or why there is
 * none; a failure is never only logged.
 *
 * Exactly once. Twilio keeps one transcript per recording ("You can only create one Transcript per
 * RecordingSid", Voice Intelligence's Transcript resource page) and lists transcripts by the recording
 * they transcribe (`SourceSid`), so Twilio is the claim: the step asks Twilio first, creates only when
 * Twilio holds none, and after any refusal or lost answer asks again. A retried callback, a replay,
 * or a second writer finds the first transcript; nothing an agent writes on the task can stop or
 * redirect a create (the task's note is never read to decide). Which leg was recorded comes from the
 * callback URL create-recording registered (Twilio signs it), else the Functions' sealed claim.
 *
 * Time. Twilio does not retry a status callback that timed out or failed (its default retry policy
 * is `ct`: a TCP connect or TLS failure only, once), so there is no second chance to count on: the
 * step runs inside the callback, under the request's deadline (twilio/retry.ts: no request starts
 * after 7 s of the 10 s cut). A callback cut before the note is written leaves no note; the audit
 * asks Twilio for the transcript of every completed recording and reports the missing ones.
 */
import type { PauseBehavior } from '../config/settings';
import type { LogFn } from '../http/log';
import * as attributes from '../rules/attributes';
import type { TaskSeals } from '../rules/seals';
import { sealedClaimFor } from '../rules/seals';
import type { StatusCallback } from '../webhooks/recording-status-callback';
import { TwilioApiError, isTwilioNotFound } from '../twilio/errors';
import type { TwilioGateway } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import type {
  RecordingChannel,
  StatusOutcome,
  TranscriptFailure,
  TranscriptOutcome,
  VoiceIntelligenceSettingsResult,
} from '@dual-channel-recording/contract';
import type { IntelligenceGateway, TranscriptInfo } from './intelligence-gateway';
import type { AgentIdentity } from './participants';
import { channelRoles, rolesInChannel, transcriptChannel } from './participants';

/** What {@link transcribeRecording} needs from the outside world. */
export interface TranscribeDeps {
  gateway: TwilioGateway;
  intelligence: IntelligenceGateway;
  seals: TaskSeals;
  log: LogFn;
  now: () => number;
  /** How the Functions pause recordings (offsets of a `skip` recording leave paused time out). */
  pauseBehavior: PauseBehavior;
  /** The admin's setting, read from Flex's configuration. */
  settings: () => Promise<VoiceIntelligenceSettingsResult>;
}

/** What the step did (logged; the task's note says the same). */
export type TranscribeResult = 'off' | 'not_applicable' | 'created' | 'found' | 'failed' | 'task_deleted';

/** Status outcomes of a completed recording the task owns (claimed, replayed, or adopted just now); not `stale`: the task holds `absent`. */
const TASK_RECORDING: readonly StatusOutcome[] = ['recorded', 'duplicate', 'adopted'];
/** Reservation statuses of an agent who took the call. */
const TOOK_THE_CALL = ['accepted', 'wrapping', 'completed'];

/**
 * Makes (or finds) the transcript of a completed recording of the task and notes it on the task.
 * Does nothing unless the admin set `voice_intelligence_service_sid` and the callback reported a
 * completed recording the task owns (`recorded` as the status step answered).
 */
export async function transcribeRecording(
  callback: StatusCallback,
  recorded: StatusOutcome,
  deps: TranscribeDeps,
): Promise<TranscribeResult> {
  if (callback.report?.status !== 'completed' || !TASK_RECORDING.includes(recorded)) return 'not_applicable';
  const { taskSid, recordingSid } = callback;
  const fields = { taskSid, recordingSid };
  let settings: VoiceIntelligenceSettingsResult;
  try {
    settings = await deps.settings();
  } catch (error) {
    return note(callback, failure('', 'settings_unreadable', error, deps), deps);
  }
  if (!settings.ok) return note(callback, failure('', 'invalid_setting', undefined, deps), deps);
  const { serviceSid } = settings;
  if (serviceSid === undefined) return 'off';
  if (callback.report.channels === 1)
    return note(callback, failure(serviceSid, 'not_dual_channel', undefined, deps), deps);

  const leg = await recordedLeg(callback, deps);
  // The agent and Twilio's transcripts are read side by side: one round, not two.
  const [agent, listed] = await Promise.all([
    agentOf(callback, leg, deps),
    deps.intelligence.transcriptsOf(recordingSid).then(
      (list) => ({ list }),
      (error: unknown) => ({ error }),
    ),
  ]);
  const expected = channelRoles(leg);
  const labelledRight = (t: TranscriptInfo): boolean => {
    const roles = rolesInChannel(t.channel);
    return roles !== undefined && roles[0] === expected[0] && roles[1] === expected[1];
  };
  const success = (t: TranscriptInfo): TranscriptOutcome => ({
    status: 'created',
    sid: t.sid,
    service_sid: t.serviceSid,
    channel_roles: [...expected],
    ...(agent ? { agent_identity: agent.identity } : {}),
    pause_behavior: deps.pauseBehavior,
    at: new Date(deps.now()).toISOString(),
  });
  const mislabelled = (t: TranscriptInfo): TranscriptOutcome => ({
    ...failure(t.serviceSid, 'mislabelled_transcript_exists', undefined, deps),
    sid: t.sid,
  });

  if ('list' in listed) {
    const [existing] = listed.list;
    if (existing) {
      deps.log('transcript_found', { ...fields, transcriptSid: existing.sid });
      return note(
        callback,
        labelledRight(existing) ? success(existing) : mislabelled(existing),
        deps,
        'found',
      );
    }
  } else {
    // Twilio could not say: create anyway (it refuses a second transcript), then ask again.
    deps.log('transcript_list_failed', { ...fields, code: codeOf(listed.error) });
  }
  try {
    const start = callback.report.start_time;
    const created = await deps.intelligence.createTranscript({
      serviceSid,
      channel: transcriptChannel(recordingSid, leg, agent),
      customerKey: taskSid,
      ...(start === undefined ? {} : { mediaStartTime: new Date(start).toISOString() }),
    });
    deps.log('transcript_created', { ...fields, transcriptSid: created.sid });
    return note(callback, success(created), deps, 'created');
  } catch (error) {
    deps.log('transcript_create_failed', { ...fields, code: codeOf(error) });
    // Refused (a transcript exists already: another callback won) or the answer was lost after Twilio
    // made it: Twilio's list says which.
    const again = await deps.intelligence.transcriptsOf(recordingSid).catch(() => []);
    const [existing] = again;
    if (existing)
      return note(
        callback,
        labelledRight(existing) ? success(existing) : mislabelled(existing),
        deps,
        'found',
      );
    return note(callback, failure(serviceSid, 'create_failed', error, deps), deps);
  }
}

/** The leg recorded: from the signed callback URL, else the Functions' sealed claim, else customer. */
async function recordedLeg(callback: StatusCallback, deps: TranscribeDeps): Promise<RecordingChannel> {
  if (callback.channel !== undefined) return callback.channel;
  const task = await deps.gateway.fetchTask(callback.taskSid).catch(() => undefined);
  const claim = task && sealedClaimFor(task.attributes, callback.taskSid, callback.callSid, deps.seals);
  return claim?.recording_sid === callback.recordingSid ? claim.channel : 'customer';
}

/**
 * The agent on the agent's channel, by TaskRouter: a worker leg holds the worker of the reservation
 * that started it (from the signed callback URL); a customer leg hears every agent who took the call,
 * so it names one only when one worker did (after a transfer it names none rather than the wrong one).
 * A lookup that fails names nobody: the roles are what matter, and they never depend on it.
 */
async function agentOf(
  callback: StatusCallback,
  leg: RecordingChannel,
  deps: TranscribeDeps,
): Promise<AgentIdentity | undefined> {
  try {
    let workerSid: string | undefined;
    if (leg === 'worker') {
      workerSid = (await deps.gateway.fetchReservation(callback.taskSid, callback.reservationSid)).workerSid;
    } else {
      const workers = new Set(
        (await deps.gateway.listTaskReservations(callback.taskSid))
          .filter((r) => TOOK_THE_CALL.includes(r.status))
          .map((r) => r.workerSid),
      );
      if (workers.size === 1) [workerSid] = [...workers];
    }
    return workerSid === undefined ? undefined : await deps.intelligence.fetchWorkerIdentity(workerSid);
  } catch (error) {
    deps.log('transcript_agent_unknown', { taskSid: callback.taskSid, code: codeOf(error) });
    return undefined;
  }
}

function codeOf(error: unknown): number | undefined {
  return error instanceof TwilioApiError ? (error.code ?? error.status) : undefined;
}

function failure(
  serviceSid: string,
  reason: TranscriptFailure,
  error: unknown,
  deps: TranscribeDeps,
): TranscriptOutcome {
  const code = error instanceof TwilioApiError ? error.code : undefined;
  return {
    status: 'failed',
    service_sid: serviceSid,
    reason,
    ...(code === undefined ? {} : { error_code: code }),
    at: new Date(deps.now()).toISOString(),
  };
}

/** Same outcome as already noted (the time aside): a replay writes nothing. */
function sameOutcome(a: TranscriptOutcome | undefined, b: TranscriptOutcome): boolean {
  return (
    a !== undefined &&
    a.status === b.status &&
    a.sid === b.sid &&
    a.reason === b.reason &&
    a.service_sid === b.service_sid
  );
}

/** Writes the outcome beside the recording's entry (compare-and-set), and answers what was done. */
async function note(
  callback: StatusCallback,
  outcome: TranscriptOutcome,
  deps: TranscribeDeps,
  done: 'created' | 'found' | 'failed' = 'failed',
): Promise<TranscribeResult> {
  const { taskSid, recordingSid } = callback;
  const result: TranscribeResult = outcome.status === 'failed' ? 'failed' : done;
  deps.log(`transcript_${result}`, {
    taskSid,
    recordingSid,
    reason: outcome.reason,
    transcriptSid: outcome.sid,
  });
  try {
    await updateTaskWithRetry(deps.gateway, taskSid, (task) => {
      const state = attributes.recordingStateFor(task.attributes, recordingSid);
      if (!state || sameOutcome(state.transcript, outcome)) return undefined;
      return attributes.withRecordingState(task.attributes, recordingSid, { ...state, transcript: outcome });
    });
  } catch (error) {
    if (!isTwilioNotFound(error)) throw error;
    return 'task_deleted';
  }
  return result;
}
