/**
 * `erase --phone`: one caller's recordings, for a request to erase them. The calls come from the
 * Calls API's `To` / `From` filters; their own recordings from the Recordings API. The tasks of those
 * calls are found in TaskRouter's event log (30 days) and kept only when Twilio ties the caller's call
 * to the task's conference; their other recordings (an agent's leg) only when Twilio ties that
 * recording's own call to the conference too: what an agent wrote in attributes only proposes. The
 * recordings are deleted (never one under legal hold), their media entries removed from the tasks
 * that still exist (with If-Match), each deletion written to the access log, and every call,
 * recording and outcome written to the report.
 */
import {
  isRecord,
  objectAt,
  readProductAttributes,
  recordingSidOfMediaUrl,
} from '@dual-channel-recording/contract';
import { taskAttributesOf } from '../task-event-attributes';
import { bindingOfCall } from '../task-binding';
import type { TaskEventMeta, TwilioGateway } from '../twilio-gateway';
import { deleteAndLog } from '../access-log/deletions';
import { listHolds } from '../access-log/holds';
import type { SyncLog } from '../access-log/sync-log';
import type { ErasureCall, ErasureTwilio } from './twilio-erase';

/** What `erase` was asked for. */
export interface ErasureQuery {
  phone: string;
  since: Date | null;
  until: Date | null;
  dryRun: boolean;
}

/** A recording found for the caller, and what became of it. */
export interface ErasedRecording {
  sid: string;
  callSid: string;
  taskSid: string | null;
  /** How it was found: the caller's own call, or a leg Twilio ties to the caller's task. */
  via: string;
  outcome: 'deleted' | 'would-delete' | 'held' | 'delete-failed' | 'deleted-not-logged';
  detail: string;
}

/** A task of the caller's calls, and its media entries. */
export interface ErasureTask {
  sid: string;
  /** Media entries removed (or that would be). */
  mediaEntries: number;
  outcome: 'updated' | 'would-update' | 'gone' | 'unchanged' | 'update-failed';
}

/** The erasure report (the file the admin answers the request with). */
export interface ErasureReport {
  requestedAt: string;
  phone: string;
  window: { since: string | null; until: string | null };
  dryRun: boolean;
  calls: ErasureCall[];
  recordings: ErasedRecording[];
  tasks: ErasureTask[];
  /** Tasks an event named for a caller's call that Twilio did not tie to it (kept out). */
  untiedTasks: { taskSid: string; callSid: string; reason: string }[];
  exitCode: 0 | 1;
}

const DAY_MS = 86_400_000;

/** The tasks whose events name one of `callSids` (as `call_sid` or in the product's claims). */
function proposedTasks(events: TaskEventMeta[], callSids: Set<string>): Map<string, Set<string>> {
  const byTask = new Map<string, Set<string>>();
  for (const event of events) {
    if (event.taskSid === '') continue;
    const attributes = taskAttributesOf(event);
    const named = new Set<string>();
    if (isRecord(attributes) && typeof attributes.call_sid === 'string') named.add(attributes.call_sid);
    for (const leg of Object.keys(readProductAttributes(attributes).legs)) named.add(leg);
    for (const callSid of named) {
      if (!callSids.has(callSid)) continue;
      byTask.set(event.taskSid, (byTask.get(event.taskSid) ?? new Set()).add(callSid));
    }
  }
  return byTask;
}

/** The recordings the product claimed on a task in its events. */
function claimedRecordings(events: TaskEventMeta[], taskSid: string): Set<string> {
  const out = new Set<string>();
  for (const event of events.filter((e) => e.taskSid === taskSid))
    for (const sid of Object.keys(readProductAttributes(taskAttributesOf(event)).recordings)) out.add(sid);
  return out;
}

/** The attributes without media entries naming `erased` (task level and per reservation). */
export function withoutMedia(
  attributes: Record<string, unknown>,
  erased: Set<string>,
): { attributes: Record<string, unknown>; removed: number } {
  let removed = 0;
  const keep = (media: unknown): unknown => {
    if (!Array.isArray(media)) return media;
    const kept = media.filter((entry) => {
      const sid = isRecord(entry) ? recordingSidOfMediaUrl(entry.url) : null;
      return sid === null || !erased.has(sid);
    });
    removed += media.length - kept.length;
    return kept;
  };
  const next: Record<string, unknown> = { ...attributes };
  if (isRecord(attributes.conversations))
    next.conversations = { ...attributes.conversations, media: keep(attributes.conversations.media) };
  if (isRecord(attributes.reservation_attributes)) {
    next.reservation_attributes = Object.fromEntries(
      Object.entries(attributes.reservation_attributes).map(([wr, value]) => {
        const reservation = objectAt(attributes.reservation_attributes, wr);
        return [
          wr,
          isRecord(value) && 'media' in reservation
            ? { ...reservation, media: keep(reservation.media) }
            : value,
        ];
      }),
    );
  }
  return { attributes: next, removed };
}

/** Runs the erasure (or, with `dryRun`, finds and reports without changing anything). */
export async function runErasure(
  query: ErasureQuery,
  deps: { gateway: TwilioGateway; erasure: ErasureTwilio; sync: SyncLog; actor: string; now?: Date },
): Promise<ErasureReport> {
  const { gateway, erasure, sync } = deps;
  const now = deps.now ?? new Date();
  const calls = await erasure.callsOf(query.phone, { since: query.since, until: query.until });
  const callSids = new Set(calls.map((c) => c.sid));
  const found = new Map<string, Omit<ErasedRecording, 'outcome' | 'detail'>>();
  for (const c of calls)
    for (const r of await gateway.listCallRecordings(c.sid))
      found.set(r.sid, {
        sid: r.sid,
        callSid: c.sid,
        taskSid: null,
        via: 'a recording of the caller’s call',
      });

  const events = await gateway.listVoiceTaskEvents(
    new Date(now.getTime() - 30 * DAY_MS),
    new Date(now.getTime() + 60_000),
  );
  const untiedTasks: ErasureReport['untiedTasks'] = [];
  const tasks: string[] = [];
  for (const [taskSid, named] of proposedTasks(events, callSids)) {
    let tied = false;
    for (const callSid of named) {
      const binding = await bindingOfCall(gateway, callSid, taskSid);
      if (binding.tied) tied = true;
      else untiedTasks.push({ taskSid, callSid, reason: binding.reason });
    }
    if (!tied) continue;
    tasks.push(taskSid);
    for (const recordingSid of claimedRecordings(events, taskSid)) {
      const known = found.get(recordingSid);
      if (known) {
        known.taskSid = taskSid;
        continue;
      }
      const recording = await gateway.findRecording(recordingSid);
      if (!recording || recording.status === 'deleted') continue;
      const binding = await bindingOfCall(gateway, recording.callSid, taskSid);
      if (binding.tied)
        found.set(recordingSid, {
          sid: recordingSid,
          callSid: recording.callSid,
          taskSid,
          via: `a leg of the caller’s task (${binding.via})`,
        });
    }
  }

  const held = new Set((await listHolds(sync)).map((h) => h.sid));
  const recordings: ErasedRecording[] = [];
  for (const r of found.values()) {
    const row: ErasedRecording = { ...r, outcome: 'would-delete', detail: '' };
    recordings.push(row);
    const hold = [r.sid, r.taskSid].find((sid) => sid !== null && held.has(sid));
    if (hold) {
      row.outcome = 'held';
      row.detail = `legal hold on ${hold}`;
      continue;
    }
    if (query.dryRun) continue;
    const deletion = await deleteAndLog(gateway, r.sid, sync, () => ({
      at: new Date().toISOString(),
      action: 'deletion',
      decision: 'deleted',
      reason: 'erasure',
      viewer: null,
      actor: deps.actor,
      recordingSid: r.sid,
      taskSid: r.taskSid,
    }));
    Object.assign(row, deletion);
  }

  const erased = new Set(
    recordings.filter((r) => r.outcome === 'deleted' || r.outcome === 'would-delete').map((r) => r.sid),
  );
  const taskRows: ErasureTask[] = [];
  for (const taskSid of tasks) taskRows.push(await clearTask(erasure, taskSid, erased, query.dryRun));

  const failed =
    recordings.some((r) => r.outcome === 'delete-failed' || r.outcome === 'deleted-not-logged') ||
    taskRows.some((t) => t.outcome === 'update-failed');
  return {
    requestedAt: now.toISOString(),
    phone: query.phone,
    window: { since: query.since?.toISOString() ?? null, until: query.until?.toISOString() ?? null },
    dryRun: query.dryRun,
    calls,
    recordings,
    tasks: taskRows,
    untiedTasks,
    exitCode: failed ? 1 : 0,
  };
}

/** Removes the erased recordings' media entries from a task that still exists (If-Match, re-read on 412). */
async function clearTask(
  erasure: ErasureTwilio,
  taskSid: string,
  erased: Set<string>,
  dryRun: boolean,
): Promise<ErasureTask> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const task = await erasure.fetchTask(taskSid);
    if (!task) return { sid: taskSid, mediaEntries: 0, outcome: 'gone' };
    const { attributes, removed } = withoutMedia(task.attributes, erased);
    if (removed === 0) return { sid: taskSid, mediaEntries: 0, outcome: 'unchanged' };
    if (dryRun) return { sid: taskSid, mediaEntries: removed, outcome: 'would-update' };
    if (await erasure.updateTask(taskSid, attributes, task.etag))
      return { sid: taskSid, mediaEntries: removed, outcome: 'updated' };
  }
  return { sid: taskSid, mediaEntries: 0, outcome: 'update-failed' };
}

/** The number as printed on a terminal or in a CI log: all but the last two digits hidden. */
export function maskedPhone(phone: string): string {
  return `${phone.slice(0, 2)}${'•'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-2)}`;
}

/** The summary printed on stdout: SIDs and outcomes, never the number itself. */
export function erasureSummary(report: ErasureReport, reportFile: string): string {
  const lines = [
    `${report.dryRun ? 'Dry run: nothing changed. ' : ''}Erasure for ${maskedPhone(report.phone)}: ${report.calls.length} calls, ${report.recordings.length} recordings, ${report.tasks.length} tasks.`,
    ...report.recordings.map(
      (r) =>
        `${r.outcome.padEnd(18)} ${r.sid}  call ${r.callSid}  task ${r.taskSid ?? '-'}${r.detail ? `  ${r.detail}` : ''}`,
    ),
    ...report.tasks.map((t) => `${t.outcome.padEnd(18)} ${t.sid}  ${t.mediaEntries} media entries`),
    `Report (with the number, keep it as the request's record): ${reportFile}`,
  ];
  return `${lines.join('\n')}\n`;
}
