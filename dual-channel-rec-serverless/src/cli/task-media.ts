/**
 * Finds the recordings a TaskRouter task names: Flex Insights media entries in
 * `conversations.media[]` and `reservation_attributes[WR...].media[]`, and the claims our Functions
 * keep under `dual_channel_recording.legs[CA...]` (which survive even if another writer rewrote the
 * media list). Pure: no I/O.
 */
import { isRecord } from '../json/is-record';
import type { ChannelRoles } from './roles';
import { rolesFromInsightsChannels } from './roles';

/** A recording found in task attributes, with channel roles when the attributes say them. */
export interface TaskRecordingRef {
  recordingSid: string;
  roles: ChannelRoles | null;
}

const RECORDING_URL = /\/Recordings\/(RE[0-9a-fA-F]{32})(?:\.[a-z0-9]+)?(?:[?#].*)?$/;

/** The recording SID in an Insights media URL (`https://api.twilio.com/.../Recordings/RE...`). */
export function recordingSidFromUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  return RECORDING_URL.exec(url)?.[1] ?? null;
}

function fromMediaList(media: unknown): TaskRecordingRef[] {
  if (!Array.isArray(media)) return [];
  const out: TaskRecordingRef[] = [];
  for (const entry of media) {
    if (!isRecord(entry) || entry.type !== 'VoiceRecording') continue;
    const recordingSid = recordingSidFromUrl(entry.url);
    if (!recordingSid) continue;
    const channels = rolesFromInsightsChannels(entry.channels);
    out.push({ recordingSid, roles: channels ? { channels, source: 'task-media' } : null });
  }
  return out;
}

function fromClaims(attributes: Record<string, unknown>): TaskRecordingRef[] {
  const claims = attributes.dual_channel_recording;
  const legs = isRecord(claims) ? claims.legs : undefined;
  if (!isRecord(legs)) return [];
  const out: TaskRecordingRef[] = [];
  for (const claim of Object.values(legs)) {
    if (!isRecord(claim) || typeof claim.recording_sid !== 'string') continue;
    if (!/^RE[0-9a-fA-F]{32}$/.test(claim.recording_sid)) continue;
    // The recorded leg's party is on channel 1 (see roles.ts).
    const roles: ChannelRoles | null =
      claim.channel === 'customer'
        ? { channels: ['customer', 'agent'], source: 'task-claim' }
        : claim.channel === 'worker'
          ? { channels: ['agent', 'customer'], source: 'task-claim' }
          : null;
    out.push({ recordingSid: claim.recording_sid, roles });
  }
  return out;
}

/** Every recording the task names, once each; roles from the first entry that states them. */
export function recordingsFromTaskAttributes(attributes: unknown): TaskRecordingRef[] {
  if (!isRecord(attributes)) return [];
  const conversations = attributes.conversations;
  const reservations = attributes.reservation_attributes;
  const all = [
    ...fromMediaList(isRecord(conversations) ? conversations.media : undefined),
    ...(isRecord(reservations)
      ? Object.values(reservations).flatMap((r) => fromMediaList(isRecord(r) ? r.media : undefined))
      : []),
    ...fromClaims(attributes),
  ];
  const bySid = new Map<string, TaskRecordingRef>();
  for (const ref of all) {
    const seen = bySid.get(ref.recordingSid);
    if (!seen) bySid.set(ref.recordingSid, ref);
    else if (!seen.roles && ref.roles) seen.roles = ref.roles;
  }
  return [...bySid.values()];
}
