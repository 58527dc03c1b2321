/**
 * The audit's judgement, as a pure function over what Twilio's durable records say about one Flex
 * voice conversation (a TaskRouter voice task): was it recorded, how long was the unrecorded head
 * (connected → recording), and if not recorded, why. A gap whose reason the records do not show is
 * reported as unexplained, and makes the audit fail.
 *
 * A gap is explained only by what an agent cannot write: TaskRouter's events, Twilio's own records
 * (a counted recording's status, the end of a call Twilio ties to the task's conference), the admin's
 * settings, and what the Functions wrote under their seal (a stop reason with its stop seal). An agent
 * can write their own task's attributes and choose those of a task they create, so an explanation
 * found only there (an unsealed `stopped_by`, a lifecycle status, `task.created`'s `call_sid`) leaves
 * the gap unexplained, saying why it was not believed.
 */
import type {
  ExclusionSettings,
  MediaRepair,
  RecordingState,
  StopReason,
} from '@dual-channel-recording/contract';
import { findExclusion } from '@dual-channel-recording/contract';
import type { TaskBinding } from '../task-binding';
import type { RecordingMeta } from '../twilio-gateway';

/** Why a conversation has no recording. */
export type GapReason =
  /** The admin's exclusions (as set now) match the task's queue or attributes. */
  | 'excluded'
  /** The caller hung up before an agent accepted, or before the call could be recorded. */
  | 'caller_hung_up_first'
  /** Twilio failed the recording (absent / failed), with Twilio's error code. */
  | 'recording_failed'
  /** The consent announcement failed and the admin chose to stop the recording. */
  | 'consent_failed'
  /** An agent accepted the live call but no recording was ever started for it. */
  | 'plugin_never_asked';

/**
 * A completed recording's transcript, when the admin has Voice Intelligence on: Twilio holds one
 * with the right roles (`ok`), one with other roles (`mislabelled`), or none, with the reason the
 * recording-status Function noted (`failed`) or no note at all (`missing`: the callback was cut).
 */
export interface TranscriptCheck {
  recordingSid: string;
  status: 'ok' | 'mislabelled' | 'failed' | 'missing';
  transcriptSid: string | null;
  /** The Function's noted reason (`create_failed`, `invalid_setting`, …), when it noted one. */
  reason: string | null;
  twilioCode: number | null;
}

/** The stop reasons that explain a gap (each only under the Functions' stop seal). */
export const EXPLAINING_STOP_REASONS: readonly StopReason[] = ['consent_failed'];

/** A stop reason the log shows on one of the task's recording entries. */
export interface StopFact {
  recordingSid: string;
  reason: StopReason;
  /** The Functions' stop seal verifies for this task, recording, reason and code (an agent cannot make one). */
  sealed: boolean;
  /** Twilio's error code the entry gives with it (the consent announcement's), covered by the seal. */
  twilioCode: number | null;
}

/** A recording found for a task that does not count toward "recorded", and why. */
export interface UnverifiedRecording {
  recordingSid: string;
  why: string;
}

/** What the durable records say about one conversation. */
export interface ConversationFacts {
  taskSid: string;
  /** Epoch ms of `task.created`. */
  createdAt: number;
  /** The task's attributes at creation, or null when TaskRouter redacted them (older than 30 days). */
  createdAttributes: Record<string, unknown> | null;
  queueName: string | undefined;
  queueSid: string | undefined;
  /** Epoch ms of the first `reservation.accepted`, or null when no agent accepted. */
  acceptedAt: number | null;
  /** `task.canceled` was seen. */
  canceled: boolean;
  /**
   * The call `task.created`'s `call_sid` names, as Twilio reports it. `binding` says whether Twilio
   * ties it to the task's conference; it is asked only when the call's end could explain the gap
   * (null otherwise), since the creator of a task may name any call there.
   */
  customerCall: { sid: string; endTime: number | null; binding: TaskBinding | null } | null;
  /** The recordings any claim named, in any attribute write of the log (sealed or not). */
  claimedRecordingSids: readonly string[];
  /** The product's recording states from the task's last attributes in the event log. */
  states: Readonly<Record<string, RecordingState>>;
  /** The explaining stop reasons ({@link EXPLAINING_STOP_REASONS}) on any entry in the log, each with whether its seal verifies. */
  stops: readonly StopFact[];
  /**
   * The recordings that count (claimed ones, and the customer call's), each named by a claim whose
   * seal verifies or of a call Twilio ties to the task.
   */
  recordings: readonly RecordingMeta[];
  /** Recordings found that do not count: agent-writable attributes alone name them. */
  unverifiedRecordings?: readonly UnverifiedRecording[];
  /**
   * Media entries the Event Streams sink found rewritten (a `url_provider` pointing elsewhere, another
   * task's recording) and what it did, from every attribute write in the log.
   */
  mediaRepairs: readonly MediaRepair[];
  /** Claimed recordings Twilio no longer knows (deleted, e.g. after `download --delete-after`). */
  deletedRecordingSids: readonly string[];
  /** The transcripts of the completed recordings (empty when Voice Intelligence is off). */
  transcripts?: readonly TranscriptCheck[];
}

/** The audit's verdict on one conversation. */
export interface AuditRow {
  taskSid: string;
  direction: string | null;
  queue: string | null;
  /** ISO 8601 of the first accepted reservation, or null. */
  connectedAt: string | null;
  recorded: boolean;
  recordingSids: string[];
  /** Seconds from connected to the first recording's start (null when unknown). */
  headSeconds: number | null;
  /** Why it was not recorded; null when recorded, or when the records do not say (`unexplained`). */
  gap: { reason: GapReason | null; detail: string; twilioCode: number | null } | null;
  /** Media entries that were not the one this product writes, and what the sink did about each. */
  mediaRepairs: MediaRepair[];
  /** Completed recordings without a rightly labelled transcript (Voice Intelligence on). */
  transcriptProblems: TranscriptCheck[];
}

/** Recording statuses that mean "audio was (or is being) captured". */
export const CAPTURING_STATUSES: readonly string[] = [
  'in-progress',
  'paused',
  'stopped',
  'processing',
  'completed',
];

/** Recording statuses that mean Twilio failed to record. */
export const FAILED_STATUSES: readonly string[] = ['absent', 'failed'];

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Judges one conversation (see the file comment). */
export function classify(facts: ConversationFacts, exclusions: ExclusionSettings): AuditRow {
  const attributes = facts.createdAttributes;
  const row: AuditRow = {
    taskSid: facts.taskSid,
    direction: attributes ? text(attributes.direction) : null,
    queue: facts.queueName ?? null,
    connectedAt: facts.acceptedAt === null ? null : new Date(facts.acceptedAt).toISOString(),
    recorded: false,
    recordingSids: [],
    headSeconds: null,
    gap: null,
    mediaRepairs: [...facts.mediaRepairs],
    transcriptProblems: (facts.transcripts ?? []).filter((t) => t.status !== 'ok'),
  };
  const capturing = facts.recordings.filter((r) => CAPTURING_STATUSES.includes(r.status));
  if (capturing.length > 0 || facts.deletedRecordingSids.length > 0) {
    row.recorded = true;
    row.recordingSids = [...capturing.map((r) => r.sid), ...facts.deletedRecordingSids];
    const starts = capturing.map((r) => r.startTime?.getTime()).filter((t): t is number => t !== undefined);
    if (starts.length > 0 && facts.acceptedAt !== null) {
      row.headSeconds = Math.max(0, Math.round((Math.min(...starts) - facts.acceptedAt) / 100) / 10);
    }
    return row;
  }
  const gap = (reason: GapReason | null, detail: string, twilioCode: number | null = null): AuditRow => ({
    ...row,
    gap: { reason, detail, twilioCode },
  });

  const unverified = facts.unverifiedRecordings ?? [];
  if (unverified.length > 0)
    return gap(
      null,
      `claimed recording not verifiable: ${unverified.map((u) => `${u.recordingSid}: ${u.why}`).join('; ')}`,
    );

  const consentStop = facts.stops.find((s) => s.sealed && s.reason === 'consent_failed');
  if (consentStop)
    return gap(
      'consent_failed',
      `the consent announcement failed and the Functions stopped recording ${consentStop.recordingSid}`,
      consentStop.twilioCode,
    );
  const failed = facts.recordings.find((r) => FAILED_STATUSES.includes(r.status));
  if (failed) return gap('recording_failed', `recording ${failed.sid} is ${failed.status}`, failed.errorCode);
  const unsealed = facts.stops.filter((s) => !s.sealed);
  if (unsealed.length > 0)
    return gap(
      null,
      `stop reason not verifiable: ${unsealed
        .map((s) => `${s.reason} on ${s.recordingSid}`)
        .join(', ')} written without the Functions' seal`,
    );
  const absent = Object.entries(facts.states).filter(([, s]) => s.status === 'absent');
  if (absent.length > 0)
    return gap(
      null,
      `recording failure not verifiable: ${absent
        .map(([sid]) => sid)
        .join(', ')} absent only in the task attributes, Twilio has no such recording of this task`,
    );

  if (attributes !== null) {
    const exclusion = findExclusion(
      { queueName: facts.queueName, queueSid: facts.queueSid, attributes },
      exclusions,
    );
    if (exclusion) {
      const why =
        exclusion.kind === 'queue'
          ? `queue ${exclusion.queue}`
          : `${exclusion.path} = ${String(exclusion.value)}`;
      return gap('excluded', `excluded by ${why} (the exclusions set now)`);
    }
  }
  if (facts.acceptedAt === null) {
    return gap(
      'caller_hung_up_first',
      facts.canceled ? 'the task was canceled before an agent accepted it' : 'no agent accepted the call',
    );
  }
  const call = facts.customerCall;
  if (call !== null && call.endTime !== null && call.endTime <= facts.acceptedAt) {
    if (call.binding?.tied) return gap('caller_hung_up_first', 'the caller hung up as the agent accepted');
    return gap(
      null,
      `caller hang-up not verifiable: call ${call.sid} (task.created's call_sid) ended as the agent accepted, ` +
        `but ${call.binding === null ? 'Twilio was not asked whether it is the task’s' : call.binding.reason}`,
    );
  }
  if (attributes === null)
    return gap(null, 'the task attributes are no longer in TaskRouter’s events (older than 30 days)');
  if (facts.claimedRecordingSids.length === 0) {
    return gap(
      'plugin_never_asked',
      'an agent accepted the live call, and no recording was ever started for it',
    );
  }
  return gap(
    null,
    `the task claims ${facts.claimedRecordingSids.join(', ')} but Twilio has no such recording of this call`,
  );
}
