/**
 * Which recordings are this product's, and which queue each one's task was in: the recording
 * catalog (a Sync Map, `recording-catalog`, in the product's own Sync service), which every purge run
 * extends from what Twilio still holds. TaskRouter's event log (kept 30 days) names the recordings
 * the Functions claimed on each task; a claim is an agent-writable attribute, so it only proposes a
 * recording: it is catalogued once Twilio ties the recording's own call (the Recordings API's, not the
 * claim's) to the task's conference, and the queue is TaskRouter's own field of `task.created`, which
 * an agent cannot write. A recording never tied this way is never catalogued, so never purged.
 */
import { isRecord, isSid, readProductAttributes } from '@dual-channel-recording/contract';
import { taskAttributesOf } from '../task-event-attributes';
import { bindingOfCall } from '../task-binding';
import type { TaskEventMeta, TwilioGateway } from '../twilio-gateway';
import type { SyncLog } from '../access-log/sync-log';

/** The Sync Map of catalogued recordings. */
export const RECORDING_CATALOG_MAP = 'recording-catalog';

/** How far back TaskRouter keeps task attributes in its event log. */
export const EVENT_LOG_DAYS = 30;

/** A catalogued recording: its task and the task's queue, and how Twilio tied them. */
export interface CatalogEntry {
  recordingSid: string;
  taskSid: string;
  queueSid: string;
  queueName: string;
  via: string;
}

function parseEntry(recordingSid: string, data: unknown): CatalogEntry | undefined {
  if (!isRecord(data)) return undefined;
  const { taskSid, queueSid, queueName, via } = data;
  if (typeof taskSid !== 'string' || typeof queueSid !== 'string' || typeof queueName !== 'string')
    return undefined;
  return { recordingSid, taskSid, queueSid, queueName, via: typeof via === 'string' ? via : '' };
}

/** The catalog, by recording SID. */
export async function readCatalog(sync: SyncLog): Promise<Map<string, CatalogEntry>> {
  const out = new Map<string, CatalogEntry>();
  for (const [key, data] of await sync.mapItems(RECORDING_CATALOG_MAP)) {
    const entry = parseEntry(key, data);
    if (entry) out.set(key, entry);
  }
  return out;
}

/** What a catalog refresh found. */
export interface CatalogRefresh {
  added: number;
  /** Recordings a claim proposed that Twilio could not tie to the task (with why). */
  untied: { recordingSid: string; taskSid: string; reason: string }[];
}

/** Catalogues the claimed recordings of the tasks in TaskRouter's event log (the last 30 days). */
export async function refreshCatalog(
  gateway: TwilioGateway,
  sync: SyncLog,
  known: Map<string, CatalogEntry>,
  now: Date,
): Promise<CatalogRefresh> {
  // Past now: the API takes whole seconds, and ending at now would cut off this second's events.
  const events = await gateway.listVoiceTaskEvents(
    new Date(now.getTime() - EVENT_LOG_DAYS * 86_400_000),
    new Date(now.getTime() + 60_000),
  );
  const byTask = new Map<string, TaskEventMeta[]>();
  for (const event of events) {
    if (event.taskSid !== '') byTask.set(event.taskSid, [...(byTask.get(event.taskSid) ?? []), event]);
  }
  const result: CatalogRefresh = { added: 0, untied: [] };
  for (const [taskSid, list] of byTask) {
    const created = list.find((e) => e.eventType === 'task.created');
    const queueSid = created?.data.task_queue_sid;
    const queueName = created?.data.task_queue_name;
    if (typeof queueSid !== 'string' || typeof queueName !== 'string') continue;
    const proposed = new Set<string>();
    for (const event of list)
      for (const sid of Object.keys(readProductAttributes(taskAttributesOf(event)).recordings))
        proposed.add(sid);
    for (const recordingSid of proposed) {
      if (known.has(recordingSid) || !isSid(recordingSid, 'RE')) continue;
      const recording = await gateway.findRecording(recordingSid);
      if (!recording || recording.status === 'deleted') continue;
      const binding = await bindingOfCall(gateway, recording.callSid, taskSid);
      if (!binding.tied) {
        result.untied.push({ recordingSid, taskSid, reason: binding.reason });
        continue;
      }
      const entry: CatalogEntry = { recordingSid, taskSid, queueSid, queueName, via: binding.via };
      await sync.addMapItem(RECORDING_CATALOG_MAP, recordingSid, {
        taskSid,
        queueSid,
        queueName,
        via: binding.via,
      });
      known.set(recordingSid, entry);
      result.added += 1;
    }
  }
  return result;
}
