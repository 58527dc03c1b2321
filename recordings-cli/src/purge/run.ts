/**
 * `purge`: deletes this product's recordings past their retention, skipping those under legal hold,
 * and writes every deletion to the access log (who: this CLI run; why: retention). Retention is the
 * queue's `retention_by_queue` in ui_attributes, else `--older-than`. Only catalogued recordings
 * (catalog.ts: tied by Twilio to a Flex task whose queue TaskRouter recorded) are ever deleted.
 */
import type { AccessLogRecord } from '@dual-channel-recording/contract';
import { parseComplianceSettings } from '@dual-channel-recording/contract';
import { ConfigError } from '../errors';
import { processRecording } from '../process-recording';
import { OutputStore } from '../store';
import { TWILIO_SAMPLE_RATE } from '../verify';
import type { RecordingMeta, TwilioGateway } from '../twilio-gateway';
import { deleteAndLog, logDeletion } from '../access-log/deletions';
import { listHolds } from '../access-log/holds';
import type { SyncLog } from '../access-log/sync-log';
import type { CatalogEntry } from './catalog';
import { readCatalog, refreshCatalog } from './catalog';

/** What `purge` was asked for. */
export interface PurgeQuery {
  olderThanDays: number;
  /** Queue names or WQ SIDs; empty: every queue. */
  queues: string[];
  dryRun: boolean;
  /** Save a verified copy here before each delete (absolute path), as `download --delete-after` does. */
  exportDir: string | null;
}

/** One recording's fate. */
export interface PurgeRow {
  recordingSid: string;
  taskSid: string | null;
  queue: string | null;
  ageDays: number;
  retentionDays: number | null;
  outcome:
    | 'deleted'
    | 'would-delete'
    | 'held'
    | 'not-catalogued'
    | 'export-failed'
    | 'delete-failed'
    | 'deleted-not-logged';
  detail: string;
}

/** The run's report. */
export interface PurgeReport {
  dryRun: boolean;
  rows: PurgeRow[];
  catalogued: number;
  untied: { recordingSid: string; taskSid: string; reason: string }[];
  /** 0 done, 1 a deletion failed or went unlogged. */
  exitCode: 0 | 1;
}

const DAY_MS = 86_400_000;

function retentionOf(
  entry: CatalogEntry,
  byQueue: Readonly<Record<string, number>>,
  fallback: number,
): number {
  return byQueue[entry.queueName] ?? byQueue[entry.queueSid] ?? fallback;
}

function inQueues(entry: CatalogEntry, queues: string[]): boolean {
  return queues.length === 0 || queues.includes(entry.queueName) || queues.includes(entry.queueSid);
}

function deletionRecord(
  recording: RecordingMeta,
  entry: CatalogEntry,
  actor: string,
  at: Date,
): AccessLogRecord {
  return {
    at: at.toISOString(),
    action: 'deletion',
    decision: 'deleted',
    reason: 'retention',
    viewer: null,
    actor,
    recordingSid: recording.sid,
    taskSid: entry.taskSid,
  };
}

/** Runs the purge. */
export async function runPurge(
  query: PurgeQuery,
  deps: { gateway: TwilioGateway; sync: SyncLog; actor: string; now?: Date },
): Promise<PurgeReport> {
  const { gateway, sync, actor } = deps;
  const now = deps.now ?? new Date();
  const settings = parseComplianceSettings(await gateway.fetchFlexUiAttributes());
  if (!settings.ok) {
    const [first] = settings.problems;
    throw new ConfigError(`the Flex setting ${first.setting} ${first.reason ?? first.kind}`);
  }
  const byQueue = settings.settings.retentionByQueue;
  const catalog = await readCatalog(sync);
  const refresh = await refreshCatalog(gateway, sync, catalog, now);
  const held = new Set((await listHolds(sync)).map((h) => h.sid));
  const shortest = Math.min(query.olderThanDays, ...Object.values(byQueue));
  const candidates = await gateway.listRecordings({
    since: null,
    until: new Date(now.getTime() - shortest * DAY_MS),
  });

  const store = query.exportDir === null ? null : new OutputStore(query.exportDir);
  await store?.init();
  const rows: PurgeRow[] = [];
  for (const recording of candidates.sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime())) {
    const ageDays = Math.floor((now.getTime() - recording.dateCreated.getTime()) / DAY_MS);
    const entry = catalog.get(recording.sid);
    if (!entry) {
      if (query.queues.length === 0 && ageDays >= query.olderThanDays) {
        rows.push({
          recordingSid: recording.sid,
          taskSid: null,
          queue: null,
          ageDays,
          retentionDays: null,
          outcome: 'not-catalogued',
          detail: 'not shown to be a recording of a Flex task of this product: kept',
        });
      }
      continue;
    }
    if (!inQueues(entry, query.queues)) continue;
    const retentionDays = retentionOf(entry, byQueue, query.olderThanDays);
    if (recording.dateCreated.getTime() > now.getTime() - retentionDays * DAY_MS) continue;
    const row: PurgeRow = {
      recordingSid: recording.sid,
      taskSid: entry.taskSid,
      queue: entry.queueName,
      ageDays,
      retentionDays,
      outcome: 'would-delete',
      detail: '',
    };
    rows.push(row);
    if (held.has(recording.sid) || held.has(entry.taskSid)) {
      row.outcome = 'held';
      row.detail = `legal hold on ${held.has(recording.sid) ? recording.sid : entry.taskSid}`;
      continue;
    }
    if (query.dryRun) continue;
    const recordOf = () => deletionRecord(recording, entry, actor, new Date());
    if (store) {
      // download --delete-after's path: saved, read back and verified against the API, then deleted.
      const saved = await processRecording(
        { recordingSid: recording.sid, roles: null, meta: recording, explicit: true, tasks: [] },
        {
          gateway,
          store,
          options: { split: false, deleteAfter: true, sampleRate: TWILIO_SAMPLE_RATE },
          warn: () => undefined,
        },
      );
      if (!saved.deleted) {
        row.outcome = saved.error?.reason === 'delete-failed' ? 'delete-failed' : 'export-failed';
        row.detail = `kept in Twilio: ${saved.error?.message ?? 'the copy was not verified'}`;
        continue;
      }
      Object.assign(row, await logDeletion(sync, recordOf()));
    } else {
      Object.assign(row, await deleteAndLog(gateway, recording.sid, sync, recordOf));
    }
  }
  const failed = rows.some((r) =>
    ['delete-failed', 'deleted-not-logged', 'export-failed'].includes(r.outcome),
  );
  return {
    dryRun: query.dryRun,
    rows,
    catalogued: refresh.added,
    untied: refresh.untied,
    exitCode: failed ? 1 : 0,
  };
}

/** The report as text: one line per recording, then a summary an admin can read in a workflow run. */
export function purgeToText(report: PurgeReport): string {
  const lines = report.rows.map(
    (r) =>
      `${r.outcome.padEnd(18)} ${r.recordingSid}  task ${r.taskSid ?? '-'}  queue ${r.queue ?? '-'}  ${r.ageDays} days old` +
      `${r.retentionDays === null ? '' : ` (kept ${r.retentionDays})`}${r.detail ? `  ${r.detail}` : ''}`,
  );
  const count = (o: PurgeRow['outcome']) => report.rows.filter((r) => r.outcome === o).length;
  lines.push(
    `${report.dryRun ? 'Dry run: nothing deleted. ' : ''}` +
      `${count(report.dryRun ? 'would-delete' : 'deleted')} ${report.dryRun ? 'would be deleted' : 'deleted'}, ` +
      `${count('held')} held, ${count('not-catalogued')} not catalogued, ` +
      `${count('export-failed') + count('delete-failed') + count('deleted-not-logged')} failed; ${report.catalogued} newly catalogued, ` +
      `${report.untied.length} claimed but not tied by Twilio.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The report as one JSON document. */
export function purgeToJson(report: PurgeReport): string {
  return `${JSON.stringify({ ok: report.exitCode === 0, ...report }, null, 2)}\n`;
}
