/**
 * The Insights media entries of a task, checked when it wraps up or completes. An agent can rewrite
 * their task's media entries (`conversations.media`, `reservation_attributes[WR…].media`), and Flex
 * Insights sends the viewer's Flex token to whatever `url_provider` an entry names: an entry pointing
 * at the agent's own server would hand them a supervisor's token. So every `VoiceRecording` entry is
 * held against what only Twilio and the Functions say: the recordings the Functions claimed on this
 * task (sealed claims, task-claims.ts), whose calls Twilio holds them for, each written by the
 * product's one media-entry builder with this service's own playback URL. An entry that differs is
 * rewritten by the builder; one that names no recording of this task is removed; one that is missing
 * is put back. Every change is logged and listed under `dual_channel_recording.media_repairs` (the
 * audit reads it from TaskRouter's event log, so removing it later hides nothing).
 *
 * Entries of other types (Insights' links and embedded media) are left alone: the player sends no
 * token to them.
 */
import type { LogFn } from '../http/log';
import { isTwilioNotFound } from '../twilio/errors';
import type { RecordingInfo, TaskEvent, TaskSnapshot, TwilioGateway } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import type { MediaEntry, MediaRepair } from '@dual-channel-recording/contract';
import {
  MAX_MEDIA_REPAIRS,
  PRODUCT_ATTRIBUTE_KEY,
  isRecord,
  objectAt,
  buildMediaEntry,
  recordingSidOfMediaUrl,
} from '@dual-channel-recording/contract';
import { allInOrder } from './leg-reads';
import type { TaskSeals } from '../rules/seals';
import { recordingsOfClaims } from './stop-claimed';
import type { TaskReads } from './task-reads';
import { eventsOrNone, taskReadsOnce } from './task-reads';
import type { SealedLegClaim } from '../rules/task-claims';
import { attributesInEvents, sealedClaimsIn } from '../rules/task-claims';

type Attributes = Record<string, unknown>;

/** What the check did for one task. */
export type MediaOutcome = 'as_written' | 'repaired' | 'task_gone';

/** The entry the product writes for one claimed recording, and where. */
export interface ExpectedEntry {
  recordingSid: string;
  /** `''` for `conversations.media` (customer channel), `WR…` for `reservation_attributes[WR…].media`. */
  location: string;
  /** The builder's entry; its `start_time` is used only when the task has none for this recording. */
  entry: MediaEntry;
}

/** What {@link repairMediaEntries} needs from the outside world. */
export interface MediaRepairDeps {
  gateway: TwilioGateway;
  seals: TaskSeals;
  now: () => number;
  log: LogFn;
  /** This service's base URL: the entries' `url_provider` is its `/playback-recording`. */
  playbackBase: string;
  /** The task's reads, shared with the delivery's other checks of it (task-reads.ts). */
  reads?: TaskReads;
}

const isVoiceRecording = (item: unknown): item is Attributes =>
  isRecord(item) && item.type === 'VoiceRecording';

/** The media arrays of the task by location (`''` = conversations, `WR…` = that reservation). */
function mediaByLocation(taskAttributes: Attributes): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const media = objectAt(taskAttributes, 'conversations').media;
  if (Array.isArray(media)) out.set('', media);
  const reservations = objectAt(taskAttributes, 'reservation_attributes');
  for (const reservationSid of Object.keys(reservations)) {
    const list = objectAt(reservations, reservationSid).media;
    if (Array.isArray(list)) out.set(reservationSid, list);
  }
  return out;
}

function withMediaAt(taskAttributes: Attributes, location: string, media: unknown[]): Attributes {
  if (location === '') {
    return { ...taskAttributes, conversations: { ...objectAt(taskAttributes, 'conversations'), media } };
  }
  const reservations = objectAt(taskAttributes, 'reservation_attributes');
  return {
    ...taskAttributes,
    reservation_attributes: {
      ...reservations,
      [location]: { ...objectAt(reservations, location), media },
    },
  };
}

/** The same keys and values (an entry is flat JSON: strings, a number, a list of strings). */
function sameEntry(a: Attributes, b: MediaEntry): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/**
 * The pure check: every `VoiceRecording` entry of the attributes against the expected ones. Answers
 * the attributes as they must be (the same object when nothing differs) and what was repaired.
 */
export function checkMediaEntries(
  taskAttributes: Attributes,
  expected: readonly ExpectedEntry[],
  at: string,
): { attributes: Attributes; repairs: MediaRepair[] } {
  const repairs: MediaRepair[] = [];
  const found = mediaByLocation(taskAttributes);
  const locations = new Set([...found.keys(), ...expected.map((e) => e.location)]);
  let next = taskAttributes;
  for (const location of locations) {
    const media = found.get(location) ?? [];
    const kept: unknown[] = [];
    const placed = new Set<string>();
    let changed = false;
    for (const item of media) {
      if (!isVoiceRecording(item)) {
        kept.push(item);
        continue;
      }
      const recordingSid = recordingSidOfMediaUrl(item.url) ?? '';
      const wanted = expected.find((e) => e.location === location && e.recordingSid === recordingSid);
      const repair = (problem: string, outcome: MediaRepair['outcome']): void => {
        repairs.push({ at, recording_sid: recordingSid, reservation_sid: location, problem, outcome });
        changed = true;
      };
      if (wanted === undefined) {
        repair(
          recordingSid === ''
            ? 'a VoiceRecording entry that names no Twilio recording'
            : 'a VoiceRecording entry for a recording this task did not record here',
          'removed',
        );
        continue;
      }
      if (placed.has(recordingSid)) {
        repair('a second entry for the same recording', 'removed');
        continue;
      }
      placed.add(recordingSid);
      // start_time is the one field Twilio's records may not settle (and it sends no token anywhere).
      const startTime = typeof item.start_time === 'number' ? item.start_time : wanted.entry.start_time;
      const rebuilt: MediaEntry = { ...wanted.entry, start_time: startTime };
      if (!sameEntry(item, rebuilt)) {
        repair(
          item.url_provider !== rebuilt.url_provider
            ? 'url_provider is not this service’s playback URL for the recording'
            : 'the entry differs from the one this product writes',
          'repaired',
        );
        kept.push(rebuilt);
      } else {
        kept.push(item);
      }
    }
    for (const wanted of expected.filter((e) => e.location === location && !placed.has(e.recordingSid))) {
      repairs.push({
        at,
        recording_sid: wanted.recordingSid,
        reservation_sid: location,
        problem: 'the entry for a recording of this task was missing',
        outcome: 'repaired',
      });
      kept.push(wanted.entry);
      changed = true;
    }
    if (changed) next = withMediaAt(next, location, kept);
  }
  return { attributes: next, repairs };
}

/** The entries the product writes for the claimed recordings (with Twilio's start times when known). */
export function expectedEntries(
  claims: readonly SealedLegClaim[],
  onTwilio: ReadonlyMap<string, RecordingInfo> | undefined,
  taskSid: string,
  accountSid: string,
  playbackBase: string,
  now: number,
): ExpectedEntry[] {
  return claims
    .filter((c) => {
      // Only recordings Twilio holds for the claimed call (when Twilio was asked).
      if (onTwilio === undefined) return true;
      const r = onTwilio.get(c.claim.recording_sid);
      return r === undefined || r.callSid === c.callSid;
    })
    .map((c) => {
      const recordingSid = c.claim.recording_sid;
      const startTime = onTwilio?.get(recordingSid)?.startTime ?? null;
      return {
        recordingSid,
        location: c.claim.channel === 'customer' ? '' : c.claim.reservation_sid,
        entry: buildMediaEntry({
          accountSid,
          recordingSid,
          taskSid,
          channel: c.claim.channel,
          startedAt: startTime,
          now,
          serviceBaseUrl: playbackBase,
        }),
      };
    });
}

function withRepairs(taskAttributes: Attributes, repairs: readonly MediaRepair[]): Attributes {
  const product = objectAt(taskAttributes, PRODUCT_ATTRIBUTE_KEY);
  const previous = Array.isArray(product.media_repairs) ? product.media_repairs : [];
  return {
    ...taskAttributes,
    [PRODUCT_ATTRIBUTE_KEY]: {
      ...product,
      media_repairs: [...previous, ...repairs].slice(-MAX_MEDIA_REPAIRS),
    },
  };
}

/**
 * Checks the task's media entries against Twilio and the sealed claims, and repairs what differs
 * (one compare-and-set). Reads: the task, its event log (claims an agent removed from the task),
 * and each claimed call's recordings.
 */
export async function repairMediaEntries(
  taskSid: string,
  eventAttributes: Attributes | undefined,
  deps: MediaRepairDeps,
): Promise<MediaOutcome> {
  const { gateway, log } = deps;
  const reads = deps.reads ?? taskReadsOnce(gateway, taskSid);
  const [task, events] = await allInOrder<[TaskSnapshot | undefined, TaskEvent[]]>([
    reads.task(),
    eventsOrNone(reads),
  ]);
  if (task === undefined) {
    log('media_check', { taskSid, outcome: 'task_gone' });
    return 'task_gone';
  }
  const claims = sealedClaimsIn(
    [task.attributes, eventAttributes, ...attributesInEvents(events)],
    taskSid,
    deps.seals,
    log,
  );
  const onTwilio = await recordingsOfClaims(reads, claims);
  const expected = expectedEntries(
    claims,
    onTwilio,
    taskSid,
    gateway.accountSid,
    deps.playbackBase,
    deps.now(),
  );
  let repairs: MediaRepair[] = [];
  try {
    await updateTaskWithRetry(
      gateway,
      taskSid,
      (current) => {
        const checked = checkMediaEntries(current.attributes, expected, new Date(deps.now()).toISOString());
        repairs = checked.repairs;
        return repairs.length === 0 ? undefined : withRepairs(checked.attributes, repairs);
      },
      { firstRead: task, onConflict: (attempt) => log('task_attributes_conflict', { taskSid, attempt }) },
    );
  } catch (error) {
    if (!isTwilioNotFound(error)) throw error;
    log('media_check', { taskSid, outcome: 'task_gone' });
    return 'task_gone';
  }
  for (const repair of repairs) {
    log('media_entry_repaired', {
      taskSid,
      recordingSid: repair.recording_sid,
      reservationSid: repair.reservation_sid,
      outcome: repair.outcome,
      problem: repair.problem,
    });
  }
  log('media_check', { taskSid, outcome: repairs.length > 0 ? 'repaired' : 'as_written' });
  return repairs.length > 0 ? 'repaired' : 'as_written';
}
