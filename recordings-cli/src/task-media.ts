/**
 * Finds the recordings a TaskRouter task names: Flex Insights media entries in
 * `conversations.media[]` and `reservation_attributes[WR...].media[]`, and the claims our Functions
 * keep under `dual_channel_recording.legs[CA...]` (which survive even if another writer rewrote the
 * media list). The attributes are read by the contract's one parser. Pure: no I/O.
 */
import {
  insightsChannelsFor,
  isSid,
  readMediaEntries,
  readProductAttributes,
  recordingSidOfMediaUrl,
} from '@dual-channel-recording/contract';
import type { ChannelRoles } from './roles';
import { rolesFromInsightsChannels } from './roles';

/** A recording found in task attributes, with channel roles when the attributes say them. */
export interface TaskRecordingRef {
  recordingSid: string;
  roles: ChannelRoles | null;
}

function fromMedia(attributes: unknown): TaskRecordingRef[] {
  const out: TaskRecordingRef[] = [];
  for (const { entry } of readMediaEntries(attributes)) {
    const recordingSid = recordingSidOfMediaUrl(entry.url);
    if (!recordingSid) continue;
    const channels = rolesFromInsightsChannels(entry.channels);
    out.push({ recordingSid, roles: channels ? { channels, source: 'task-media' } : null });
  }
  return out;
}

function fromClaims(attributes: unknown): TaskRecordingRef[] {
  const out: TaskRecordingRef[] = [];
  for (const claim of Object.values(readProductAttributes(attributes).legs)) {
    if (!isSid(claim.recording_sid, 'RE')) continue;
    // The claim's channel says whose leg was recorded, so which party is on channel 1 (see roles.ts).
    const channels = rolesFromInsightsChannels(insightsChannelsFor(claim.channel));
    out.push({ recordingSid: claim.recording_sid, roles: channels && { channels, source: 'task-claim' } });
  }
  return out;
}

/** Every recording the task names, once each; roles from the first entry that states them. */
export function recordingsFromTaskAttributes(attributes: unknown): TaskRecordingRef[] {
  const bySid = new Map<string, TaskRecordingRef>();
  for (const ref of [...fromMedia(attributes), ...fromClaims(attributes)]) {
    const seen = bySid.get(ref.recordingSid);
    if (!seen) bySid.set(ref.recordingSid, ref);
    else if (!seen.roles && ref.roles) seen.roles = ref.roles;
  }
  return [...bySid.values()];
}
