/**
 * Task-attribute merges, as pure functions: where the Flex Insights media entry goes (the contract's
 * `buildMediaEntry` builds it, for every writer), our per-leg claim, and the
 * conference / customer call SID that Flex-initiated outbound tasks lack, each recording's lifecycle
 * and the pause/resume audit trail. The layout and its one parser live in the contract package
 * (`@dual-channel-recording/contract`); this file writes it. Every merge copies only the path it
 * changes; every other attribute, including ones we do not know, survives untouched.
 */
import type {
  ConsentOutcome,
  StopReason,
  ControlLease,
  AuditEntry,
  LegClaim,
  MediaEntry,
  RecordingLifecycle,
  RecordingState,
} from '@dual-channel-recording/contract';
import {
  MAX_AUDIT_ENTRIES,
  PRODUCT_ATTRIBUTE_KEY,
  RECORDING_FACTS,
  hasCallSid,
  isRecord,
  objectAt,
  readProductAttributes,
} from '@dual-channel-recording/contract';
import type { Channel } from '../http/route-params';

type Attributes = Record<string, unknown>;

function appendMedia(existing: unknown, entry: MediaEntry): unknown[] {
  const media = Array.isArray(existing) ? existing : [];
  const already = media.some((item) => isRecord(item) && item.url === entry.url);
  return already ? media : [...media, entry];
}

/** Adds the media entry where Insights looks for this channel (no duplicate for the same recording). */
export function withMedia(
  attributes: Attributes,
  entry: MediaEntry,
  channel: Channel,
  reservationSid: string,
): Attributes {
  if (channel === 'customer') {
    const conversations = objectAt(attributes, 'conversations');
    return {
      ...attributes,
      conversations: { ...conversations, media: appendMedia(conversations.media, entry) },
    };
  }
  const reservations = objectAt(attributes, 'reservation_attributes');
  const reservation = objectAt(reservations, reservationSid);
  return {
    ...attributes,
    reservation_attributes: {
      ...reservations,
      [reservationSid]: { ...reservation, media: appendMedia(reservation.media, entry) },
    },
  };
}

/** Records that `claim.recording_sid` owns the leg `callSid`. */
export function withClaim(attributes: Attributes, callSid: string, claim: LegClaim): Attributes {
  const product = objectAt(attributes, PRODUCT_ATTRIBUTE_KEY);
  const legs = objectAt(product, 'legs');
  return { ...attributes, [PRODUCT_ATTRIBUTE_KEY]: { ...product, legs: { ...legs, [callSid]: claim } } };
}

/** What Flex-initiated outbound tasks lack and we can fill in. */
export interface OutboundFill {
  conferenceSid?: string;
  /** The customer's call SID (never an agent's). */
  customerCallSid?: string;
}

/** Fills `conference.sid` and `call_sid` only where they are missing; existing values win. */
export function withOutboundFill(attributes: Attributes, fill: OutboundFill): Attributes {
  let next = attributes;
  const conference = objectAt(attributes, 'conference');
  if (fill.conferenceSid && typeof conference.sid !== 'string') {
    next = { ...next, conference: { ...conference, sid: fill.conferenceSid } };
  }
  if (fill.customerCallSid && !hasCallSid(attributes)) {
    next = { ...next, call_sid: fill.customerCallSid };
  }
  return next;
}

/** True when the task lacks what {@link withOutboundFill} adds. */
export function needsOutboundFill(attributes: Attributes): { conference: boolean; callSid: boolean } {
  const conference = objectAt(attributes, 'conference');
  return {
    conference: typeof conference.sid !== 'string',
    callSid: !hasCallSid(attributes),
  };
}

/**
 * True when the task's attributes hold anything about the leg: a claim in `legs` (sealed or not) or a
 * `recordings` entry for that call. Then a recording of ours may already run on it, so
 * create-recording looks at the leg's recordings before it creates one. An agent can erase these
 * traces (they can write their own task): what that costs is said in docs/security.md.
 */
export function namesLeg(attributes: Attributes, callSid: string): boolean {
  const product = readProductAttributes(attributes);
  return (
    product.legs[callSid] !== undefined ||
    Object.values(product.recordings).some((recording) => recording.call_sid === callSid)
  );
}

/** The whole write for one recording: claim, lifecycle entry, media entry and outbound fill, in one compare-and-set. */
export function mergeRecording(
  attributes: Attributes,
  input: {
    callSid: string;
    claim: LegClaim;
    entry: MediaEntry;
    fill: OutboundFill;
    /** The write's time. */
    updatedAt: string;
  },
): Attributes {
  const withLeg = withClaim(attributes, input.callSid, input.claim);
  const { recording_sid: recordingSid } = input.claim;
  const current = recordingStateFor(withLeg, recordingSid);
  const merged = mergeRecordingStatus(
    current,
    { status: 'in-progress', start_time: input.entry.start_time },
    { call_sid: input.callSid, channel: input.claim.channel, reservation_sid: input.claim.reservation_sid },
    input.updatedAt,
  );
  // The paused flag belongs to pause/resume (see control.ts): a start never sets it. Setting it from
  // Twilio's status read before this write could say "paused" after a resume already went through;
  // an existing flag is kept, and a new entry says "not paused" (the safe direction) until the next
  // pause or resume.
  const state = {
    ...merged.state,
    paused: merged.state.status === 'in-progress' && (current?.paused ?? false),
  };
  const withState = withRecordingState(withLeg, recordingSid, state);
  const withEntry = withMedia(withState, input.entry, input.claim.channel, input.claim.reservation_sid);
  return withOutboundFill(withEntry, input.fill);
}

/** Which leg a recording belongs to: fills a state entry a callback creates for a claimed recording. */
export type RecordingOrigin = Pick<RecordingState, 'call_sid' | 'channel' | 'reservation_sid'>;

/** What one status report (create or callback) says about a recording. */
export interface StatusReport {
  status: RecordingLifecycle;
  duration?: number;
  channels?: number;
  start_time?: number;
  error_code?: number;
}

/**
 * Precedence of lifecycle statuses. Callbacks repeat and arrive out of order, so a status may only
 * move forward: in-progress (0) before the terminal completed / absent (1). A report of lower rank
 * is stale and ignored; between the two terminal statuses the first one written wins, because a
 * recording ends only once and a contradicting report is the anomaly.
 */
export const STATUS_RANK: Readonly<Record<RecordingLifecycle, number>> = {
  'in-progress': 0,
  completed: 1,
  absent: 1,
};

/** The recording's lifecycle entry, if the task holds a well-formed one. */
export function recordingStateFor(attributes: Attributes, recordingSid: string): RecordingState | undefined {
  return readProductAttributes(attributes).recordings[recordingSid];
}

/** Sets the recording's lifecycle entry, keeping every other recording and key. */
export function withRecordingState(
  attributes: Attributes,
  recordingSid: string,
  state: RecordingState,
): Attributes {
  const product = objectAt(attributes, PRODUCT_ATTRIBUTE_KEY);
  const recordings = objectAt(product, 'recordings');
  return {
    ...attributes,
    [PRODUCT_ATTRIBUTE_KEY]: { ...product, recordings: { ...recordings, [recordingSid]: state } },
  };
}

function sameState(a: RecordingState, b: RecordingState): boolean {
  return (
    a.status === b.status &&
    a.paused === b.paused &&
    a.call_sid === b.call_sid &&
    a.channel === b.channel &&
    a.reservation_sid === b.reservation_sid &&
    RECORDING_FACTS.every((key) => a[key] === b[key])
  );
}

/**
 * Applies a status report to the current entry under {@link STATUS_RANK}. Same rank: the report's
 * known fields refresh the entry (a replay changes nothing). Higher rank: the status advances and a
 * terminal recording is no longer paused. Lower rank, or the other terminal status: stale, ignored.
 * `changed` is false when the entry would stay as it is, so callers can skip the write altogether.
 */
export function mergeRecordingStatus(
  current: RecordingState | undefined,
  report: StatusReport,
  origin: RecordingOrigin,
  now: string,
): { state: RecordingState; changed: boolean } {
  if (current) {
    const stale =
      STATUS_RANK[report.status] < STATUS_RANK[current.status] ||
      (STATUS_RANK[report.status] === STATUS_RANK[current.status] && report.status !== current.status);
    if (stale) return { state: current, changed: false };
  }
  const base: RecordingState = current ?? {
    ...origin,
    status: report.status,
    paused: false,
    updated_at: now,
  };
  const next: RecordingState = { ...base, status: report.status };
  for (const key of RECORDING_FACTS) {
    const value = report[key];
    if (value !== undefined) next[key] = value;
  }
  if (STATUS_RANK[report.status] > 0) next.paused = false;
  if (current && sameState(current, next)) return { state: current, changed: false };
  return { state: { ...next, updated_at: now }, changed: true };
}

/** Appends a pause or resume to the audit trail (the last {@link MAX_AUDIT_ENTRIES} are kept). */
export function withAudit(attributes: Attributes, entry: AuditEntry): Attributes {
  const product = objectAt(attributes, PRODUCT_ATTRIBUTE_KEY);
  const trail = Array.isArray(product.audit) ? product.audit : [];
  return {
    ...attributes,
    [PRODUCT_ATTRIBUTE_KEY]: { ...product, audit: [...trail, entry].slice(-MAX_AUDIT_ENTRIES) },
  };
}

/** The recording's lease (`leases[RE…]`, the contract's {@link ControlLease}, seal included), if well-formed. */
export function leaseFor(attributes: Attributes, recordingSid: string): ControlLease | undefined {
  return readProductAttributes(attributes).leases[recordingSid];
}

/** Sets (or, with undefined, removes) the recording's lease, keeping every other key. */
export function withLease(
  attributes: Attributes,
  recordingSid: string,
  lease: ControlLease | undefined,
): Attributes {
  const product = objectAt(attributes, PRODUCT_ATTRIBUTE_KEY);
  const leases = { ...objectAt(product, 'leases') };
  if (lease) leases[recordingSid] = lease;
  else delete leases[recordingSid];
  return { ...attributes, [PRODUCT_ATTRIBUTE_KEY]: { ...product, leases } };
}

/**
 * Sets the paused flag of a recording, creating its entry from `origin` when the task has none. A
 * recording that has ended is never paused.
 */
export function withPausedFlag(
  attributes: Attributes,
  input: { recordingSid: string; origin: RecordingOrigin; paused: boolean; at: string },
): Attributes {
  const current = recordingStateFor(attributes, input.recordingSid);
  const base: RecordingState = current ?? {
    ...input.origin,
    status: 'in-progress',
    paused: false,
    updated_at: input.at,
  };
  const state: RecordingState = {
    ...base,
    paused: base.status === 'in-progress' && input.paused,
    updated_at: input.at,
  };
  return withRecordingState(attributes, input.recordingSid, state);
}

/**
 * Records a consent announcement's outcome on the recording's entry (creating the entry from `origin`
 * when the task has none); a failure that stopped the recording says so in `stopped_by`, with
 * `stopSeal` (the Functions' stop seal over that reason and the outcome's error code, seals.ts).
 */
export function withConsent(
  attributes: Attributes,
  recordingSid: string,
  origin: RecordingOrigin,
  outcome: ConsentOutcome,
  at: string,
  stopSeal?: string,
): Attributes {
  const current = recordingStateFor(attributes, recordingSid);
  const base: RecordingState = current ?? { ...origin, status: 'in-progress', paused: false, updated_at: at };
  const state: RecordingState = { ...base, consent: outcome, updated_at: at };
  if (outcome.recording_stopped) {
    state.stopped_by = 'consent_failed';
    if (stopSeal === undefined) delete state.stop_seal;
    else state.stop_seal = stopSeal;
  }
  return withRecordingState(attributes, recordingSid, state);
}

/** Marks a recording the Functions stopped themselves, and why (the call is over for every agent). */
export function withStoppedBy(
  attributes: Attributes,
  recordingSid: string,
  origin: RecordingOrigin,
  reason: StopReason,
  at: string,
): Attributes {
  const current = recordingStateFor(attributes, recordingSid);
  const base: RecordingState = current ?? { ...origin, status: 'in-progress', paused: false, updated_at: at };
  return withRecordingState(attributes, recordingSid, {
    ...base,
    paused: false,
    stopped_by: reason,
    updated_at: at,
  });
}
