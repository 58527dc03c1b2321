import type { RecordingChannel, RecordingLifecycle, StopReason } from '@dual-channel-recording/contract';
import { isRecord, readProductAttributes } from '@dual-channel-recording/contract';
import type { RecordingState } from './recordingStore';

/** One recording of the task, as the plugin's state logic reads it from `attributes.dual_channel_recording`. */
export interface RecordingEntry {
  readonly recordingSid: string;
  readonly callSid: string;
  readonly channel: RecordingChannel;
  /** The reservation that started it (for `customer`, the first agent's). */
  readonly reservationSid: string | undefined;
  readonly status: RecordingLifecycle;
  readonly paused: boolean;
  readonly durationSeconds: number | undefined;
  readonly errorCode: number | undefined;
  /** The consent announcement the Functions played for it failed (`consent.status`). */
  readonly consentFailed: boolean;
  /** The Functions stopped it themselves, and why (`stopped_by`). */
  readonly stoppedBy: StopReason | undefined;
  /** `updated_at` in epoch ms; 0 when missing or unreadable. */
  readonly updatedAt: number;
}

type Attributes = Readonly<Record<string, unknown>>;

const nonEmpty = (value: string): string | undefined => (value === '' ? undefined : value);

/**
 * Every recording the task attributes know of, read by the contract package's one parser.
 * `recordings` (written by create-recording, the status callback and pause/resume) is the source; a
 * `legs` claim without a `recordings` entry (Functions from before pause/resume) still counts as a
 * running, unpaused recording. An entry without the leg it records is of no use here and left out.
 */
export function readRecordingEntries(attributes: Attributes): RecordingEntry[] {
  const { legs, recordings } = readProductAttributes(attributes);
  const entries: RecordingEntry[] = [];
  for (const [recordingSid, state] of Object.entries(recordings)) {
    if (state.call_sid === '') continue;
    const updatedAt = Date.parse(state.updated_at);
    entries.push({
      recordingSid,
      callSid: state.call_sid,
      channel: state.channel,
      reservationSid: nonEmpty(state.reservation_sid),
      status: state.status,
      paused: state.paused,
      durationSeconds: state.duration,
      errorCode: state.error_code,
      consentFailed: state.consent?.status === 'failed',
      stoppedBy: state.stopped_by,
      updatedAt: Number.isNaN(updatedAt) ? 0 : updatedAt,
    });
  }
  for (const [callSid, claim] of Object.entries(legs)) {
    if (entries.some((e) => e.recordingSid === claim.recording_sid)) continue;
    entries.push({
      recordingSid: claim.recording_sid,
      callSid,
      channel: claim.channel,
      reservationSid: nonEmpty(claim.reservation_sid),
      status: 'in-progress',
      paused: false,
      durationSeconds: undefined,
      errorCode: undefined,
      consentFailed: false,
      stoppedBy: undefined,
      updatedAt: 0,
    });
  }
  return entries;
}

/**
 * The recording this reservation's call canvas is about: the one on the leg it already knows
 * (`callSidHint`), else the one its own reservation started (`worker` channel, or the first agent on
 * `customer`), else a `customer` recording another reservation started (one recording spans the whole
 * call, transfers included). This reservation's running recording on the hinted one's channel ranks
 * with it. Another reservation's `worker` recording is never ours. Among equals a
 * running recording beats a finished one, then the newest update wins.
 */
export function recordingForReservation(
  entries: readonly RecordingEntry[],
  reservationSid: string,
  callSidHint?: string,
): RecordingEntry | undefined {
  const hinted = entries.find((e) => callSidHint !== undefined && e.callSid === callSidHint);
  const rank = (e: RecordingEntry): number => {
    if (callSidHint !== undefined && e.callSid === callSidHint) return 0;
    // This reservation's running recording on the hinted one's channel is as much "ours": after Join
    // Call the hint may still name the leg that left, whose recording completed.
    if (
      hinted &&
      e.reservationSid === reservationSid &&
      e.channel === hinted.channel &&
      e.status === 'in-progress'
    )
      return 0;
    if (e.reservationSid === reservationSid) return 1;
    return e.channel === 'customer' ? 2 : Infinity;
  };
  return entries
    .filter((e) => rank(e) !== Infinity)
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        Number(b.status === 'in-progress') - Number(a.status === 'in-progress') ||
        b.updatedAt - a.updatedAt,
    )[0];
}

/**
 * The state of this reservation's recording as the task attributes tell it, or undefined when they
 * hold none for it. Used after a page reload (Flex does not emit taskAccepted again) and whenever the
 * attributes change (the status callback wrote completed/absent, another tab paused).
 */
export function deriveRecordingState(
  attributes: Attributes,
  reservationSid: string,
  callSidHint?: string,
): RecordingState | undefined {
  const entry = recordingForReservation(readRecordingEntries(attributes), reservationSid, callSidHint);
  if (!entry) return undefined;
  const { recordingSid, callSid, channel } = entry;
  switch (entry.status) {
    case 'absent':
      return {
        status: 'not_recorded',
        reason: {
          kind: 'absent',
          recordingSid,
          ...(entry.errorCode === undefined ? {} : { errorCode: entry.errorCode }),
        },
      };
    case 'completed':
      return {
        status: 'completed',
        recordingSid,
        callSid,
        channel,
        ...(entry.durationSeconds === undefined ? {} : { durationSeconds: entry.durationSeconds }),
        ...(entry.stoppedBy === undefined ? {} : { stoppedBy: entry.stoppedBy }),
      };
    case 'in-progress':
      return {
        status: entry.paused ? 'paused' : 'recording',
        recordingSid,
        callSid,
        channel,
        alreadyRecording: entry.reservationSid !== undefined && entry.reservationSid !== reservationSid,
        ...(entry.consentFailed ? { consentFailed: true } : {}),
      };
  }
}

/**
 * The running (or paused) recording this reservation itself started, as the task attributes name it,
 * when there is one on a leg other than `endedCallSids`: another tab of the same agent already asked
 * for it, so this tab has nothing to ask. A recording another reservation started (a transfer's
 * `customer` recording) does not count: the Function decides about continuing it.
 */
export function ownRunningRecording(
  attributes: Attributes,
  reservationSid: string,
  endedCallSids: ReadonlySet<string> = new Set(),
): RecordingState | undefined {
  const own = readRecordingEntries(attributes).find(
    (e) => e.reservationSid === reservationSid && e.status === 'in-progress' && !endedCallSids.has(e.callSid),
  );
  return own && deriveRecordingState(attributes, reservationSid, own.callSid);
}

/**
 * The running (or paused) `customer` recording the task attributes name on the customer leg
 * `callSid`, whichever reservation started it, as this reservation shows it: a transfer's second agent
 * continues the recording the first agent started (one recording spans the call), so there is nothing
 * to ask for. A finished one (completed, absent) does not count: that leg may need a new recording.
 */
export function runningCustomerRecording(
  attributes: Attributes,
  reservationSid: string,
  callSid: string,
): RecordingState | undefined {
  const running = readRecordingEntries(attributes).some(
    (e) => e.channel === 'customer' && e.callSid === callSid && e.status === 'in-progress',
  );
  return running ? deriveRecordingState(attributes, reservationSid, callSid) : undefined;
}

/** The call leg a state is about, when it knows one (the hint for {@link deriveRecordingState}). */
export function callSidOf(state: RecordingState | undefined): string | undefined {
  switch (state?.status) {
    case 'starting':
    case 'recording':
    case 'paused':
    case 'completed':
      return state.callSid;
    default:
      return undefined;
  }
}

/** The recording a finished state is final for (completed, or absent). */
function finishedRecordingSid(state: RecordingState): string | undefined {
  if (state.status === 'completed') return state.recordingSid;
  if (state.status === 'not_recorded' && state.reason.kind === 'absent') return state.reason.recordingSid;
  return undefined;
}

/**
 * Merges what the task attributes say (`derived`) into what this browser knows (`current`):
 * - nothing derived, or a recorder flow still waiting/starting: keep current (the flow decides);
 * - a decision of this browser's config (excluded, disabled, invalid settings, internal call's
 *   receiving side): keep it, so the pause button stays hidden;
 * - a finished recording (completed, absent) is not revived by an older in-progress write;
 * - otherwise the attributes win (another tab paused, the callback wrote completed/absent, a failed
 *   start that the server did complete), keeping a request in flight and the transfer flag.
 */
export function reconcileState(
  current: RecordingState | undefined,
  derived: RecordingState | undefined,
): RecordingState | undefined {
  if (derived === undefined || current === undefined) return derived ?? current;
  switch (current.status) {
    case 'waiting_for_leg':
    case 'starting':
      return current;
    case 'not_recorded':
      if (current.reason.kind !== 'call_ended' && current.reason.kind !== 'absent') return current;
      break;
    default:
      break;
  }
  const finished = finishedRecordingSid(current);
  if (finished !== undefined && (derived.status === 'recording' || derived.status === 'paused')) {
    if (derived.recordingSid === finished) return current;
  }
  const derivedFinished = finishedRecordingSid(derived);
  if (
    (current.status === 'recording' || current.status === 'paused') &&
    derivedFinished !== undefined &&
    derivedFinished !== current.recordingSid
  ) {
    // Another recording of this reservation finished (the leg it recorded left, Join Call): it does not
    // end the one running now, whose entry the attributes may not hold yet.
    return current;
  }
  if (
    (current.status === 'recording' || current.status === 'paused') &&
    (derived.status === 'recording' || derived.status === 'paused')
  ) {
    // The attributes name the reservation that started the recording, so their flag wins: the Function's
    // `alreadyRecording` is also true when another tab of this same reservation asked first.
    return {
      ...derived,
      ...(current.pending === undefined ? {} : { pending: current.pending }),
    };
  }
  return derived;
}

/** Structural equality of two states (plain data), so unchanged attributes cause no re-render. */
export function sameState(a: RecordingState | undefined, b: RecordingState | undefined): boolean {
  const canonical = (value: unknown): unknown =>
    isRecord(value)
      ? Object.fromEntries(
          Object.keys(value)
            .filter((k) => value[k] !== undefined)
            .sort()
            .map((k) => [k, canonical(value[k])]),
        )
      : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
