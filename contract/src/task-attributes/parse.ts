/**
 * The one reader of the task-attribute layout ({@link ./layout}). Task attributes are shared JSON
 * that anyone may write, so nothing is trusted: an entry that does not have the shape our Functions
 * write is left out of what is returned (and a writer that merges leaves it untouched).
 */
import { isSid } from '../credentials/sid';
import { isRecord } from '../json/is-record';
import type {
  AuditEntry,
  ConsentOutcome,
  ControlLease,
  LegClaim,
  MediaEntry,
  MediaRepair,
  RecordingState,
  StopReason,
  TranscriptFailure,
  TranscriptOutcome,
  TranscriptRole,
} from './layout';
import { PRODUCT_ATTRIBUTE_KEY, RECORDING_FACTS, STOP_REASONS, isLifecycle } from './layout';

/** The product's bookkeeping on one task, as far as it parses. */
export interface ProductAttributes {
  /** By call SID (`CA…`). */
  readonly legs: Readonly<Record<string, LegClaim>>;
  /** By recording SID (`RE…`). */
  readonly recordings: Readonly<Record<string, RecordingState>>;
  /** Oldest first. */
  readonly audit: readonly AuditEntry[];
  /** By recording SID: a pause or resume in flight (sealed or not: the Functions verify). */
  readonly leases: Readonly<Record<string, ControlLease>>;
  /** Media entries the Event Streams sink found wrong, oldest first. */
  readonly media_repairs: readonly MediaRepair[];
}

/** An Insights media entry found on the task, and the reservation whose attributes hold it. */
export interface FoundMediaEntry {
  readonly entry: Readonly<Partial<MediaEntry>> & { readonly type: 'VoiceRecording'; readonly url: string };
  /** `WR…` for `reservation_attributes[WR…].media`, undefined for `conversations.media`. */
  readonly reservationSid: string | undefined;
}

/** The object under `key`, or `{}` when there is none (or something else is there). */
export function objectAt(parent: unknown, key: string): Record<string, unknown> {
  const value =
    isRecord(parent) && Object.prototype.hasOwnProperty.call(parent, key) ? parent[key] : undefined;
  return isRecord(value) ? value : {};
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function parseClaim(raw: unknown): LegClaim | undefined {
  if (!isRecord(raw) || typeof raw.recording_sid !== 'string' || raw.recording_sid === '') return undefined;
  const claim: LegClaim = {
    recording_sid: raw.recording_sid,
    // Every claim our Functions write names its channel; a claim that does not is the customer's.
    channel: raw.channel === 'worker' ? 'worker' : 'customer',
    reservation_sid: text(raw.reservation_sid),
  };
  if (typeof raw.seal === 'string') claim.seal = raw.seal;
  return claim;
}

function parseLease(raw: unknown): ControlLease | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || typeof raw.until !== 'number') return undefined;
  if (raw.action !== 'pause' && raw.action !== 'resume') return undefined;
  const lease: ControlLease = { id: raw.id, action: raw.action, until: raw.until };
  if (typeof raw.seal === 'string') lease.seal = raw.seal;
  return lease;
}

function parseMediaRepair(raw: unknown): MediaRepair | undefined {
  if (!isRecord(raw)) return undefined;
  const { outcome } = raw;
  if (outcome !== 'repaired' && outcome !== 'removed' && outcome !== 'not_repaired') return undefined;
  return {
    at: text(raw.at),
    recording_sid: text(raw.recording_sid),
    reservation_sid: text(raw.reservation_sid),
    problem: text(raw.problem),
    outcome,
  };
}

function isStopReason(value: unknown): value is StopReason {
  return typeof value === 'string' && (STOP_REASONS as readonly string[]).includes(value);
}

function parseRecording(recordingSid: string, raw: unknown): RecordingState | undefined {
  if (!recordingSid.startsWith('RE') || !isRecord(raw) || !isLifecycle(raw.status)) return undefined;
  const state: RecordingState = {
    call_sid: text(raw.call_sid),
    channel: raw.channel === 'worker' ? 'worker' : 'customer',
    reservation_sid: text(raw.reservation_sid),
    status: raw.status,
    paused: raw.paused === true,
    updated_at: text(raw.updated_at),
  };
  for (const key of RECORDING_FACTS) {
    const value = raw[key];
    if (typeof value === 'number' && Number.isFinite(value)) state[key] = value;
  }
  const consent = parseConsent(raw.consent);
  if (consent) state.consent = consent;
  if (isStopReason(raw.stopped_by)) state.stopped_by = raw.stopped_by;
  if (typeof raw.ended_seal === 'string') state.ended_seal = raw.ended_seal;
  if (typeof raw.stop_seal === 'string') state.stop_seal = raw.stop_seal;
  const transcript = parseTranscript(raw.transcript);
  if (transcript) state.transcript = transcript;
  return state;
}

const TRANSCRIPT_FAILURES: readonly TranscriptFailure[] = [
  'create_failed',
  'mislabelled_transcript_exists',
  'invalid_setting',
  'settings_unreadable',
  'not_dual_channel',
];

function parseTranscript(raw: unknown): TranscriptOutcome | undefined {
  if (!isRecord(raw) || (raw.status !== 'created' && raw.status !== 'failed')) return undefined;
  const outcome: TranscriptOutcome = {
    status: raw.status,
    service_sid: text(raw.service_sid),
    at: text(raw.at),
  };
  if (typeof raw.sid === 'string' && isSid(raw.sid, 'GT')) outcome.sid = raw.sid;
  const roles = raw.channel_roles;
  if (Array.isArray(roles) && roles.every((r): r is TranscriptRole => r === 'customer' || r === 'agent'))
    outcome.channel_roles = roles;
  if (typeof raw.agent_identity === 'string') outcome.agent_identity = raw.agent_identity;
  if (raw.pause_behavior === 'skip' || raw.pause_behavior === 'silence')
    outcome.pause_behavior = raw.pause_behavior;
  if (TRANSCRIPT_FAILURES.includes(raw.reason as TranscriptFailure))
    outcome.reason = raw.reason as TranscriptFailure;
  if (typeof raw.error_code === 'number' && Number.isFinite(raw.error_code))
    outcome.error_code = raw.error_code;
  return outcome;
}

function parseConsent(raw: unknown): ConsentOutcome | undefined {
  if (!isRecord(raw)) return undefined;
  const { status } = raw;
  if (status !== 'announced' && status !== 'failed' && status !== 'not_required') return undefined;
  const outcome: ConsentOutcome = {
    status,
    on: raw.on === 'resume' ? 'resume' : 'start',
    at: text(raw.at),
  };
  if (raw.direction === 'inbound' || raw.direction === 'outbound' || raw.direction === 'unknown')
    outcome.direction = raw.direction;
  if (typeof raw.error_code === 'number' && Number.isFinite(raw.error_code))
    outcome.error_code = raw.error_code;
  if (raw.recording_stopped === true) outcome.recording_stopped = true;
  return outcome;
}

function parseAudit(raw: unknown): AuditEntry | undefined {
  if (!isRecord(raw) || (raw.action !== 'pause' && raw.action !== 'resume') || !isRecord(raw.by))
    return undefined;
  const { by } = raw;
  const roles = Array.isArray(by.roles)
    ? by.roles.filter((role): role is string => typeof role === 'string')
    : [];
  const duplicates = Array.isArray(raw.duplicates_paused)
    ? raw.duplicates_paused.filter((sid): sid is string => typeof sid === 'string' && isSid(sid, 'RE'))
    : [];
  return {
    action: raw.action,
    recording_sid: text(raw.recording_sid),
    call_sid: text(raw.call_sid),
    by: {
      ...(typeof by.worker_sid === 'string' ? { worker_sid: by.worker_sid } : {}),
      identity: text(by.identity),
      roles,
    },
    at: text(raw.at),
    ...(duplicates.length > 0 ? { duplicates_paused: duplicates } : {}),
  };
}

function parsedEntries<T>(
  raw: Record<string, unknown>,
  parse: (key: string, value: unknown) => T | undefined,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(raw)) {
    const parsed = parse(key, value);
    if (parsed !== undefined) out[key] = parsed;
  }
  return out;
}

/**
 * Reads `dual_channel_recording.{legs, recordings, audit, leases, media_repairs}` from a task's
 * attributes (any JSON value).
 */
export function readProductAttributes(attributes: unknown): ProductAttributes {
  const product = objectAt(attributes, PRODUCT_ATTRIBUTE_KEY);
  const audit = Array.isArray(product.audit) ? product.audit : [];
  const repairs = Array.isArray(product.media_repairs) ? product.media_repairs : [];
  return {
    legs: parsedEntries(objectAt(product, 'legs'), (_callSid, raw) => parseClaim(raw)),
    recordings: parsedEntries(objectAt(product, 'recordings'), parseRecording),
    audit: audit.map(parseAudit).filter((entry): entry is AuditEntry => entry !== undefined),
    leases: parsedEntries(objectAt(product, 'leases'), (_recordingSid, raw) => parseLease(raw)),
    media_repairs: repairs.map(parseMediaRepair).filter((entry): entry is MediaRepair => entry !== undefined),
  };
}

function voiceRecordings(media: unknown, reservationSid: string | undefined): FoundMediaEntry[] {
  if (!Array.isArray(media)) return [];
  const found: FoundMediaEntry[] = [];
  for (const raw of media) {
    if (!isRecord(raw) || raw.type !== 'VoiceRecording' || typeof raw.url !== 'string') continue;
    const entry: FoundMediaEntry['entry'] = {
      type: 'VoiceRecording',
      url: raw.url,
      ...(typeof raw.start_time === 'number' ? { start_time: raw.start_time } : {}),
      ...(Array.isArray(raw.channels) && raw.channels.every((name) => typeof name === 'string')
        ? { channels: raw.channels as string[] }
        : {}),
      ...(typeof raw.url_provider === 'string' ? { url_provider: raw.url_provider } : {}),
    };
    found.push({ entry, reservationSid });
  }
  return found;
}

/**
 * Every Insights `VoiceRecording` entry on the task: `conversations.media[]` first, then each
 * `reservation_attributes[WR…].media[]` (where worker-channel recordings go).
 */
export function readMediaEntries(attributes: unknown): FoundMediaEntry[] {
  const reservations = objectAt(attributes, 'reservation_attributes');
  return [
    ...voiceRecordings(objectAt(attributes, 'conversations').media, undefined),
    ...Object.keys(reservations).flatMap((reservationSid) =>
      voiceRecordings(objectAt(reservations, reservationSid).media, reservationSid),
    ),
  ];
}

/**
 * True when the task names its customer's call (`call_sid`, a non-empty string). A Flex-initiated
 * outbound task does not: the Functions fill it, and the plugin sends `customerCallSid` only then, so
 * both judge it by this one test.
 */
export function hasCallSid(attributes: Readonly<Record<string, unknown>>): boolean {
  return typeof attributes.call_sid === 'string' && attributes.call_sid !== '';
}
