/**
 * What the Functions wrote into task attributes, read with the contract package's one parser (see
 * the plugin README's contract): `dual_channel_recording.{legs, recordings, audit}` and the Flex
 * Insights media entries. An entry the Functions wrote in another shape does not parse, so a test
 * asking for it fails.
 */
import type { AuditEntry, FoundMediaEntry, RecordingState } from '@dual-channel-recording/contract';
import { readMediaEntries, readProductAttributes } from '@dual-channel-recording/contract';

type Attributes = Readonly<Record<string, unknown>>;

/** What the task attributes hold about one recording, or undefined. */
export function recordingAttributes(
  attributes: Attributes,
  recordingSid: string,
): RecordingState | undefined {
  return readProductAttributes(attributes).recordings[recordingSid];
}

/** The pause/resume audit trail, oldest first. */
export function auditTrail(attributes: Attributes): readonly AuditEntry[] {
  return readProductAttributes(attributes).audit;
}

/** The recording claimed for a call leg (`dual_channel_recording.legs[CA…].recording_sid`). */
export function claimedRecording(attributes: Attributes, callSid: string): string | undefined {
  return readProductAttributes(attributes).legs[callSid]?.recording_sid;
}

/**
 * The VoiceRecording media entries Flex Insights reads: `conversations.media` for the customer
 * channel, `reservation_attributes[WR…].media` for an agent's own leg.
 */
export function voiceMedia(attributes: Attributes, reservationSid?: string): FoundMediaEntry['entry'][] {
  return readMediaEntries(attributes)
    .filter((found) => found.reservationSid === reservationSid)
    .map((found) => found.entry);
}
