/**
 * What the Functions write into TaskRouter task attributes and who reads it: the Flex Insights media
 * entry (Insights plays it, the CLI names channels from it) and the product's own bookkeeping under
 * `dual_channel_recording` (the plugin's indicator, the CLI, and the Functions themselves read it).
 */
import type { RecordingChannel } from '../http/bodies';
import { SID_DIGITS } from '../credentials/sid';

/** A Flex Insights media entry (https://www.twilio.com/docs/flex/developer/insights/custom-media-attached-conversations). */
export interface MediaEntry {
  type: 'VoiceRecording';
  /** The recording's REST URL without an extension ({@link insightsMediaUrl}). */
  url: string;
  /**
   * Epoch milliseconds of the recording's start. Both public Flex recording plugins write epoch
   * milliseconds and Insights plays those; one Twilio page shows ISO 8601, but a number is what the
   * existing tooling and reports already read, and it cannot be misparsed across time zones.
   */
  start_time: number;
  /** Insights' party names per channel, first channel first ({@link insightsChannelsFor}). */
  channels: string[];
  /**
   * Where the Insights player asks for a playable link ({@link playbackUrlProvider}: this product's
   * playback-recording Function, which authorizes the viewer's Flex token). Always written: without
   * it Insights loads `url` with no credentials, which fails once the account enforces HTTP auth on
   * media. Built by `buildMediaEntry` (media-entry.ts), the one builder every writer uses.
   */
  url_provider: string;
}

/**
 * What became of the consent announcement at a start (or resume): played to the customer, refused by
 * Twilio, or not required by the admin's rule for this task (its queue, or the call's direction as
 * Twilio reports it). Written whenever an announcement is configured, so the audit sees every start.
 */
export interface ConsentOutcome {
  status: 'announced' | 'failed' | 'not_required';
  /** The recording start, or a resume after a pause. */
  on: 'start' | 'resume';
  /** The call's direction as Twilio reports it; `unknown` when it could not be read (then announced). */
  direction?: CallDirectionFact;
  /** ISO 8601. */
  at: string;
  /** Twilio's error code when the announcement could not be asked for. */
  error_code?: number;
  /** The admin chose to stop the recording when the announcement fails, and it was stopped. */
  recording_stopped?: boolean;
}

/** The call's direction as the consent rule read it from Twilio's call resource. */
export type CallDirectionFact = 'inbound' | 'outbound' | 'unknown';

/**
 * Why the Functions stopped a recording themselves (not the agent, not the call's end): the call is
 * over for every agent, the consent announcement failed, or the task was transferred into a queue
 * the admin excludes from recording.
 */
export type StopReason = 'last_agent_left' | 'consent_failed' | 'excluded_transfer';

/** Every {@link StopReason}. */
export const STOP_REASONS: readonly StopReason[] = ['last_agent_left', 'consent_failed', 'excluded_transfer'];

/**
 * The task-attribute key under which this product keeps its own bookkeeping: `legs` (which recording
 * owns each call leg, {@link LegClaim}), `recordings` (each recording's lifecycle, {@link RecordingState}),
 * `audit` (the pause/resume trail, {@link AuditEntry}) and `leases` (a pause or resume in flight,
 * {@link ControlLease}). Flex and Insights never read it. An agent can write their own task's
 * attributes, so none of it authorizes anything: the Functions decide from Twilio, and what steers
 * them (claims, leases, the end of a recording) carries a `seal` only the Functions can make (an
 * HMAC with a key the Functions alone hold, over the fact and the task it belongs to); an entry whose
 * seal does not verify is ignored by the Functions. The plugin and the CLI read the same entries
 * without verifying them (they hold no key), so for them the entries only say what the task says.
 */
export const PRODUCT_ATTRIBUTE_KEY = 'dual_channel_recording';

/** `legs[CA…]`: which recording owns a call leg; the compare-and-set target for idempotent starts. */
export interface LegClaim {
  recording_sid: string;
  channel: RecordingChannel;
  /** The reservation that started it ('' when an old claim lacks it). */
  reservation_sid: string;
  /** The Functions' seal over the task, the leg and this claim (absent on claims written before seals). */
  seal?: string;
}

/** A recording's lifecycle as the task shows it: create-recording writes in-progress, callbacks advance it. */
export type RecordingLifecycle = 'in-progress' | 'completed' | 'absent';

/** Every {@link RecordingLifecycle}. */
export const RECORDING_LIFECYCLES: readonly RecordingLifecycle[] = ['in-progress', 'completed', 'absent'];

/** True when `value` is a {@link RecordingLifecycle}. */
export function isLifecycle(value: unknown): value is RecordingLifecycle {
  return typeof value === 'string' && (RECORDING_LIFECYCLES as readonly string[]).includes(value);
}

/** `recordings[RE…]`: what the plugin's indicator and reports read. */
export interface RecordingState {
  call_sid: string;
  channel: RecordingChannel;
  reservation_sid: string;
  status: RecordingLifecycle;
  paused: boolean;
  /** Seconds, once Twilio knows it (completed). */
  duration?: number;
  channels?: number;
  /** Epoch milliseconds, like the media entry's start_time. */
  start_time?: number;
  /** Twilio's error code for an absent recording (16101 too short, 16102 silent, as twilio.com/docs/api/errors names them, ...). */
  error_code?: number;
  /** The last consent announcement (start, or resume when configured). */
  consent?: ConsentOutcome;
  /** Set when a Function stopped the recording itself, and why. */
  stopped_by?: StopReason;
  /**
   * The Functions' seal over the task, the recording, `stopped_by` and (for `consent_failed`) the
   * consent's Twilio error code: a stop reason without one is an agent's, and explains nothing.
   */
  stop_seal?: string;
  /** The Voice Intelligence transcript of the completed recording, when the admin turned it on. */
  transcript?: TranscriptOutcome;
  /**
   * The Functions' seal saying the recording is over (a status callback reported it completed or
   * absent, or a Function stopped it or found it ended): lets the Event Streams sink skip a task
   * without asking Twilio.
   */
  ended_seal?: string;
  /** ISO 8601 time of the last change ('' when missing). */
  updated_at: string;
}

/** Who a recording channel holds, as a transcript names it (Voice Intelligence's `Customer` / `Agent`). */
export type TranscriptRole = 'customer' | 'agent';

/** Why the Functions have no transcript for a completed recording (`failed`). */
export type TranscriptFailure =
  /** Twilio refused or never answered the create, and holds no transcript of the recording. */
  | 'create_failed'
  /** Twilio holds a transcript of the recording with other channel labels (auto-transcription, another tool). */
  | 'mislabelled_transcript_exists'
  /** `voice_intelligence_service_sid` does not parse: fix it in Flex's ui_attributes. */
  | 'invalid_setting'
  /** Flex's configuration (where the setting lives) could not be read in time. */
  | 'settings_unreadable'
  /** The recording is not dual-channel: nothing separates customer from agent. */
  | 'not_dual_channel';

/**
 * `recordings[RE…].transcript`: the Voice Intelligence transcript the recording-status Function made
 * (or found: Twilio keeps one per recording) on `completed`, or why there is none. Informational:
 * the Functions and the CLI ask Twilio (transcripts by source SID) before they trust it.
 */
export interface TranscriptOutcome {
  status: 'created' | 'failed';
  /** `GT…`, when created. */
  sid?: string;
  /** The Intelligence Service (`GA…`) it was asked of. */
  service_sid: string;
  /** The role of channel 1, then channel 2, as sent in the transcript's `participants`. */
  channel_roles?: TranscriptRole[];
  /** The agent's identity named in `participants` (TaskRouter's worker), when one agent is known. */
  agent_identity?: string;
  /**
   * How paused time appears in the audio the sentences' offsets count in: `skip` (cut out: offsets
   * are positions in the recording, not time since the call started) or `silence` (kept as silence).
   */
  pause_behavior?: 'skip' | 'silence';
  /** Why there is none (`failed`). */
  reason?: TranscriptFailure;
  /** Twilio's error code when Twilio refused. */
  error_code?: number;
  /** ISO 8601. */
  at: string;
}

/** The optional numeric facts of a {@link RecordingState}. */
export const RECORDING_FACTS = ['duration', 'channels', 'start_time', 'error_code'] as const;

/**
 * `leases[RE…]`: the pause or resume that holds the right to change a recording's pause state. The
 * Functions take it with a compare-and-set before they ask Twilio anything and give it back (with
 * the paused flag) in their last write, so `paused` is never true while Twilio records. `until`
 * (epoch ms) frees the lease of a holder that died.
 */
export interface ControlLease {
  id: string;
  action: 'pause' | 'resume';
  until: number;
  /** The Functions' seal over the task, the recording and this lease: a lease without one is not a Function's. */
  seal?: string;
}

/** What the Event Streams sink did about a media entry that was not the one this product writes. */
export type MediaRepairOutcome = 'repaired' | 'removed' | 'not_repaired';

/**
 * `media_repairs[]`: a media entry the Event Streams sink found different from what Twilio's records
 * and this service's own playback URL say (a `url_provider` pointing elsewhere, a recording that is
 * not one of the task's), and what it did. TaskRouter's event log keeps every attribute write, so the
 * audit finds these even if an agent removes them later.
 */
export interface MediaRepair {
  /** ISO 8601. */
  at: string;
  /** The recording the entry named ('' when its URL names none). */
  recording_sid: string;
  /** `WR…` for `reservation_attributes[WR…].media`, '' for `conversations.media`. */
  reservation_sid: string;
  /** What differed, in words (never the entry's URLs, which may carry a token). */
  problem: string;
  outcome: MediaRepairOutcome;
}

/** Media repairs kept on the task (the oldest go first; every repair is also logged). */
export const MAX_MEDIA_REPAIRS = 25;

/** `audit[]`: one pause or resume. */
export interface AuditEntry {
  action: 'pause' | 'resume';
  recording_sid: string;
  call_sid: string;
  by: { worker_sid?: string; identity: string; roles: string[] };
  /** ISO 8601. */
  at: string;
  /**
   * A pause's other recordings of the leg that it paused too (`RE…`): the product's own duplicates
   * of `recording_sid` (a sealed claim of the task named each), left paused by a resume. Absent when
   * there were none.
   */
  duplicates_paused?: string[];
}

/**
 * Audit entries kept on the task. TaskRouter caps the size of task attributes (whitespace counted),
 * so the trail cannot grow without bound; the oldest entries go first, and every action is also
 * logged by the Function, which is the complete record.
 */
export const MAX_AUDIT_ENTRIES = 25;

/** The playback-recording Function's URL for a recording of a task: the media entry's `url_provider`. */
export function playbackUrlProvider(functionsBaseUrl: string, recordingSid: string, taskSid: string): string {
  const query = `recordingSid=${encodeURIComponent(recordingSid)}&taskSid=${encodeURIComponent(taskSid)}`;
  return `${functionsBaseUrl.replace(/\/+$/, '')}/playback-recording?${query}`;
}

/** The Insights URL of a recording (the REST resource, as Insights expects, without an extension). */
export function insightsMediaUrl(accountSid: string, recordingSid: string): string {
  return `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}`;
}

const RECORDING_URL = new RegExp(`/Recordings/(RE${SID_DIGITS})(?:\\.[a-z0-9]+)?(?:[?#].*)?$`);

/** The recording SID in an Insights media URL ({@link insightsMediaUrl}, an extension or query allowed). */
export function recordingSidOfMediaUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  return RECORDING_URL.exec(url)?.[1] ?? null;
}

/**
 * Insights' channel names in recording order. A dual-channel recording of a leg puts that leg's own
 * audio on the first channel and what it hears on the second: for the customer's leg that is
 * customer, then everyone else ("others"); for an agent's leg the agent comes first.
 */
export function insightsChannelsFor(channel: RecordingChannel): string[] {
  return channel === 'customer' ? ['customer', 'others'] : ['others', 'customer'];
}
