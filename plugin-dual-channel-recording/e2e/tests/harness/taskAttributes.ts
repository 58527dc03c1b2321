/**
 * Typed reads of what the Functions write into task attributes (see the plugin README's contract):
 * `dual_channel_recording.{legs, recordings, audit}` and the Flex Insights media entries.
 */
import { isRecord } from '@dual-channel-recording/contract';

type Attributes = Readonly<Record<string, unknown>>;

const objectAt = (parent: unknown, key: string): Record<string, unknown> => {
  const value = isRecord(parent) ? parent[key] : undefined;
  return isRecord(value) ? value : {};
};
const arrayAt = (parent: unknown, key: string): unknown[] => {
  const value = isRecord(parent) ? parent[key] : undefined;
  return Array.isArray(value) ? value : [];
};

/** `dual_channel_recording.recordings[RE…]` as the Functions write it. */
export interface RecordingAttributes {
  readonly status?: unknown;
  readonly paused?: unknown;
  readonly call_sid?: unknown;
  readonly duration?: unknown;
  readonly error_code?: unknown;
}

/** One `dual_channel_recording.audit` entry. */
export interface AuditEntry {
  readonly action: unknown;
  readonly recording_sid: unknown;
  readonly by: Readonly<Record<string, unknown>>;
}

/** A Flex Insights media entry (`conversations.media[]` or `reservation_attributes[WR].media[]`). */
export interface MediaEntry {
  readonly type: unknown;
  readonly url: string;
}

/** What the task attributes hold about one recording, or undefined. */
export function recordingAttributes(
  attributes: Attributes,
  recordingSid: string,
): RecordingAttributes | undefined {
  const entry = objectAt(objectAt(attributes, 'dual_channel_recording'), 'recordings')[recordingSid];
  return isRecord(entry) ? entry : undefined;
}

/** The pause/resume audit trail. */
export function auditTrail(attributes: Attributes): AuditEntry[] {
  return arrayAt(objectAt(attributes, 'dual_channel_recording'), 'audit').flatMap((entry) =>
    isRecord(entry)
      ? [{ action: entry.action, recording_sid: entry.recording_sid, by: objectAt(entry, 'by') }]
      : [],
  );
}

/** The recording claimed for a call leg (`dual_channel_recording.legs[CA…].recording_sid`). */
export function claimedRecording(attributes: Attributes, callSid: string): string | undefined {
  const claim = objectAt(objectAt(attributes, 'dual_channel_recording'), 'legs')[callSid];
  return isRecord(claim) && typeof claim.recording_sid === 'string' ? claim.recording_sid : undefined;
}

/**
 * The VoiceRecording media entries Flex Insights reads: `conversations.media` for the customer
 * channel, `reservation_attributes[WR…].media` for an agent's own leg.
 */
export function voiceMedia(attributes: Attributes, reservationSid?: string): MediaEntry[] {
  const media =
    reservationSid === undefined
      ? arrayAt(objectAt(attributes, 'conversations'), 'media')
      : arrayAt(objectAt(objectAt(attributes, 'reservation_attributes'), reservationSid), 'media');
  return media.flatMap((entry) =>
    isRecord(entry) && entry.type === 'VoiceRecording' && typeof entry.url === 'string'
      ? [{ type: entry.type, url: entry.url }]
      : [],
  );
}
