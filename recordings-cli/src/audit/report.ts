/** The audit's result for people (a table) and for scripts (`--json`), in the download command's style. */
import { ExitCode } from '../exit-codes';
import type { AuditRow } from './classify';

/** Everything an audit produced. */
export interface AuditReport {
  ok: boolean;
  exitCode: number;
  window: { since: string; until: string };
  summary: {
    conversations: number;
    recorded: number;
    /** Not recorded, for a reason the records show. */
    explainedGaps: number;
    /** Not recorded, and the records do not say why: these fail the audit. */
    unexplainedGaps: number;
    /** Tasks whose media entry the sink had to repair or remove (every one repaired). */
    mediaRepaired: number;
    /** Tasks with a media entry the sink could not repair: these fail the audit. */
    mediaNotRepaired: number;
    /** Completed recordings without a rightly labelled transcript (Voice Intelligence on): these fail the audit. */
    transcriptProblems: number;
    /** Median and longest unrecorded head (connected → recording), seconds. */
    headSeconds: { median: number | null; max: number | null };
  };
  conversations: AuditRow[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Summarises the rows; any gap without a reason makes the exit code 1. */
export function buildAuditReport(rows: AuditRow[], since: Date, until: Date): AuditReport {
  const heads = rows.map((r) => r.headSeconds).filter((h): h is number => h !== null);
  const unexplained = rows.filter((r) => r.gap !== null && r.gap.reason === null).length;
  const notRepaired = rows.filter((r) => r.mediaRepairs.some((m) => m.outcome === 'not_repaired')).length;
  const transcriptProblems = rows.reduce((n, r) => n + r.transcriptProblems.length, 0);
  const exitCode =
    unexplained > 0
      ? ExitCode.UnexplainedGaps
      : notRepaired > 0
        ? ExitCode.UnrepairedMedia
        : transcriptProblems > 0
          ? ExitCode.TranscriptProblems
          : ExitCode.Ok;
  return {
    ok: exitCode === ExitCode.Ok,
    exitCode,
    window: { since: since.toISOString(), until: until.toISOString() },
    summary: {
      conversations: rows.length,
      recorded: rows.filter((r) => r.recorded).length,
      explainedGaps: rows.filter((r) => r.gap !== null && r.gap.reason !== null).length,
      unexplainedGaps: unexplained,
      mediaRepaired: rows.filter((r) => r.mediaRepairs.length > 0).length - notRepaired,
      mediaNotRepaired: notRepaired,
      transcriptProblems,
      headSeconds: { median: median(heads), max: heads.length > 0 ? Math.max(...heads) : null },
    },
    conversations: rows,
  };
}

/** The JSON document `audit --json` prints. */
export function auditToJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** A summary line, one table row per conversation (unexplained gaps marked ✗), then each media repair. */
export function auditToText(report: AuditReport): string {
  const s = report.summary;
  const head =
    s.headSeconds.median === null
      ? ''
      : `; unrecorded head median ${s.headSeconds.median} s, max ${s.headSeconds.max} s`;
  const lines = [
    `${s.conversations} voice conversation(s) ${report.window.since} → ${report.window.until}: ${s.recorded} recorded, ${s.explainedGaps} not recorded for a known reason, ${s.unexplainedGaps} not recorded without a reason${head}`,
  ];
  const table = [
    ['', 'TASK', 'DIRECTION', 'QUEUE', 'CONNECTED', 'RECORDED', 'HEAD', 'REASON'],
    ...report.conversations.map((r) => [
      r.gap !== null && r.gap.reason === null ? '✗' : ' ',
      r.taskSid,
      r.direction ?? '-',
      r.queue ?? '-',
      r.connectedAt ?? '-',
      r.recorded ? r.recordingSids.join(',') : 'no',
      r.headSeconds === null ? '-' : `${r.headSeconds} s`,
      r.gap === null
        ? ''
        : `${r.gap.reason ?? 'unexplained'}: ${r.gap.detail}${r.gap.twilioCode === null ? '' : ` (Twilio ${r.gap.twilioCode})`}`,
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  for (const row of table)
    lines.push(
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    );
  const repairs = report.conversations.flatMap((r) => r.mediaRepairs.map((m) => ({ task: r.taskSid, ...m })));
  if (repairs.length > 0) {
    lines.push(
      '',
      `Media entries not as this product wrote them: ${s.mediaRepaired} task(s) repaired, ${s.mediaNotRepaired} not repaired`,
    );
    for (const m of repairs)
      lines.push(
        `${m.outcome === 'not_repaired' ? '✗' : ' '} ${m.task}  ${m.recording_sid || '-'}  ${m.at}  ${m.outcome}: ${m.problem}`,
      );
  }
  const transcripts = report.conversations.flatMap((r) =>
    r.transcriptProblems.map((t) => ({ task: r.taskSid, ...t })),
  );
  if (transcripts.length > 0) {
    lines.push('', `Completed recordings without a rightly labelled transcript: ${transcripts.length}`);
    for (const t of transcripts)
      lines.push(
        `✗ ${t.task}  ${t.recordingSid}  ${t.status}${t.reason === null ? '' : `: ${t.reason}`}${t.twilioCode === null ? '' : ` (Twilio ${t.twilioCode})`}${t.transcriptSid === null ? '' : ` ${t.transcriptSid}`}`,
      );
  }
  return lines.join('\n') + '\n';
}
