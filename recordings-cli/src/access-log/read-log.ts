/**
 * `access-log`: the entries of a window, filtered by recording and viewer, with the chain verified
 * over every month the window touches (a filter hides entries from the listing, never from the check).
 */
import type { AccessLogEntry, ChainBreak } from '@dual-channel-recording/contract';
import {
  accessLogListName,
  accessLogListsBetween,
  parseAccessLogEntry,
  verifyAccessLog,
} from '@dual-channel-recording/contract';
import type { SyncLog } from './sync-log';

/** What `access-log` was asked for. */
export interface AccessLogQuery {
  since: Date;
  until: Date;
  recordingSids: string[];
  /** Viewer identities or worker SIDs (WK…). */
  viewers: string[];
}

/** The answer: the matching entries and the state of the chain. */
export interface AccessLogReport {
  entries: AccessLogEntry[];
  /** Entries read and checked (all of the window's months). */
  checked: number;
  breaks: ChainBreak[];
  duplicates: number;
  /** Exit code: 0 intact, 1 a break. */
  exitCode: 0 | 1;
}

function matches(entry: AccessLogEntry, query: AccessLogQuery): boolean {
  const at = Date.parse(entry.at);
  if (at < query.since.getTime() || at > query.until.getTime()) return false;
  if (query.recordingSids.length > 0 && !query.recordingSids.includes(entry.recordingSid ?? '')) return false;
  if (query.viewers.length > 0) {
    const viewer = entry.viewer;
    if (!viewer || !(query.viewers.includes(viewer.identity) || query.viewers.includes(viewer.workerSid)))
      return false;
  }
  return true;
}

/** Reads the window's months, verifies the chain (against the month before and the head), filters. */
export async function readAccessLog(sync: SyncLog, query: AccessLogQuery): Promise<AccessLogReport> {
  const lists = accessLogListsBetween(query.since, query.until);
  const [head, ...months] = await Promise.all([
    sync.readHead(),
    ...lists.map((name) => sync.listItems(name)),
  ]);
  const items = months.flat();
  // The entry before the window's first month, so a deleted first entry shows too.
  const firstMonth = new Date(Date.UTC(query.since.getUTCFullYear(), query.since.getUTCMonth(), 1));
  const previousMonth = accessLogListName(new Date(firstMonth.getTime() - 1));
  const before = parseAccessLogEntry(await sync.newestItem(previousMonth));
  // The head names the last entry written: checked when the window reaches its month.
  const headInWindow = head.last !== undefined && lists.includes(accessLogListName(new Date(head.last.at)));
  const verdict = await verifyAccessLog(items, {
    ...(before ? { before } : {}),
    ...(headInWindow && head.last ? { head: { seq: head.last.seq, hash: head.last.hash } } : {}),
  });
  return {
    entries: verdict.entries.filter((entry) => matches(entry, query)),
    checked: verdict.entries.length,
    breaks: [...verdict.breaks],
    duplicates: verdict.duplicates,
    exitCode: verdict.breaks.length > 0 ? 1 : 0,
  };
}

/** The report as text: one line per entry, then the chain's verdict. */
export function accessLogToText(report: AccessLogReport): string {
  const lines = report.entries.map((e) => {
    const who = e.viewer
      ? `${e.viewer.identity} (${e.viewer.workerSid}; ${e.viewer.roles.join(',') || 'no roles'})`
      : (e.actor ?? 'unknown viewer');
    return `${e.at}  #${e.seq}  ${e.action} ${e.decision} (${e.reason})  ${e.recordingSid ?? '-'}  task ${e.taskSid ?? '-'}  by ${who}`;
  });
  lines.push(`${report.entries.length} entries listed, ${report.checked} checked.`);
  if (report.duplicates > 0)
    lines.push(`${report.duplicates} exact duplicate(s) of an entry (a retried write), not a break.`);
  if (report.breaks.length === 0) lines.push('Chain intact.');
  for (const b of report.breaks) lines.push(`CHAIN BROKEN at #${b.seq} (${b.kind}): ${b.detail}`);
  return `${lines.join('\n')}\n`;
}

/** The report as one JSON document. */
export function accessLogToJson(report: AccessLogReport): string {
  return `${JSON.stringify({ ok: report.exitCode === 0, ...report }, null, 2)}\n`;
}
