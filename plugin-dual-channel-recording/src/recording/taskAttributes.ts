import type { RecordingChannel } from '../config/recordingConfig';
import { isRecord } from '../json/isRecord';
import type { RecordingState } from './recordingStore';

/**
 * The product's task-attribute key: the Functions keep legs, recordings and the audit trail under it
 * (never inside `conversations.media`).
 */
export const PRODUCT_ATTRIBUTE_KEY = 'dual_channel_recording';

/** Recording lifecycle as the recording-status callback writes it. */
export type RecordingLifecycle = 'in-progress' | 'completed' | 'absent';

/** One recording of the task, read from `attributes.dual_channel_recording`. */
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
  /** `updated_at` in epoch ms; 0 when missing or unreadable. */
  readonly updatedAt: number;
}

type Attributes = Readonly<Record<string, unknown>>;

const objectAt = (parent: unknown, key: string): Record<string, unknown> => {
  const value =
    isRecord(parent) && Object.prototype.hasOwnProperty.call(parent, key) ? parent[key] : undefined;
  return isRecord(value) ? value : {};
};
const stringOr = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const finiteOr = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const channelOf = (value: unknown): RecordingChannel => (value === 'worker' ? 'worker' : 'customer');
const lifecycleOf = (value: unknown): RecordingLifecycle =>
  value === 'completed' || value === 'absent' ? value : 'in-progress';

/**
 * Every recording the task attributes know of. `recordings` (written by create-recording, the
 * status callback and pause/resume) is the source; a `legs` claim without a `recordings` entry
 * (Functions from before pause/resume) still counts as a running, unpaused recording.
 */
export function readRecordingEntries(attributes: Attributes): RecordingEntry[] {
  const ours = objectAt(attributes, PRODUCT_ATTRIBUTE_KEY);
  const entries: RecordingEntry[] = [];
  for (const [recordingSid, raw] of Object.entries(objectAt(ours, 'recordings'))) {
    const callSid = isRecord(raw) ? stringOr(raw.call_sid) : undefined;
    if (!isRecord(raw) || !recordingSid.startsWith('RE') || callSid === undefined) continue;
    const updatedAt = typeof raw.updated_at === 'string' ? Date.parse(raw.updated_at) : NaN;
    entries.push({
      recordingSid,
      callSid,
      channel: channelOf(raw.channel),
      reservationSid: stringOr(raw.reservation_sid),
      status: lifecycleOf(raw.status),
      paused: raw.paused === true,
      durationSeconds: finiteOr(raw.duration),
      errorCode: finiteOr(raw.error_code),
      updatedAt: Number.isNaN(updatedAt) ? 0 : updatedAt,
    });
  }
  for (const [callSid, raw] of Object.entries(objectAt(ours, 'legs'))) {
    const recordingSid = isRecord(raw) ? stringOr(raw.recording_sid) : undefined;
    if (
      !isRecord(raw) ||
      recordingSid === undefined ||
      entries.some((e) => e.recordingSid === recordingSid)
    ) {
      continue;
    }
    entries.push({
      recordingSid,
      callSid,
      channel: channelOf(raw.channel),
      reservationSid: stringOr(raw.reservation_sid),
      status: 'in-progress',
      paused: false,
      durationSeconds: undefined,
      errorCode: undefined,
      updatedAt: 0,
    });
  }
  return entries;
}

/**
 * The recording this reservation's call canvas is about: the one on the leg it already knows
 * (`callSidHint`), else the one its own reservation started (`worker` channel, or the first agent on
 * `customer`), else a `customer` recording another reservation started (one recording spans the whole
 * call, transfers included). Another reservation's `worker` recording is never ours. Among equals a
 * running recording beats a finished one, then the newest update wins.
 */
export function recordingForReservation(
  entries: readonly RecordingEntry[],
  reservationSid: string,
  callSidHint?: string,
): RecordingEntry | undefined {
  const rank = (e: RecordingEntry): number => {
    if (callSidHint !== undefined && e.callSid === callSidHint) return 0;
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
      };
    case 'in-progress':
      return {
        status: entry.paused ? 'paused' : 'recording',
        recordingSid,
        callSid,
        channel,
        alreadyRecording: entry.reservationSid !== undefined && entry.reservationSid !== reservationSid,
      };
  }
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
  if (
    (current.status === 'recording' || current.status === 'paused') &&
    (derived.status === 'recording' || derived.status === 'paused')
  ) {
    const same = derived.recordingSid === current.recordingSid;
    return {
      ...derived,
      alreadyRecording: same ? current.alreadyRecording : derived.alreadyRecording,
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
