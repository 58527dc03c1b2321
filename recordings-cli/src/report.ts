/** The run's result for people (text) and for scripts (`--json`). */
import type { RecordingResult } from './process-recording';
import type { SourceProblem } from './sources';

/** Everything a run produced. */
export interface RunReport {
  ok: boolean;
  exitCode: number;
  outDir: string;
  summary: {
    total: number;
    downloaded: number;
    skipped: number;
    failed: number;
    deleted: number;
    retries: number;
  };
  recordings: RecordingResult[];
  sourceProblems: SourceProblem[];
  interrupted: boolean;
}

/** Counts outcomes. */
export function summarise(results: RecordingResult[], retries: number): RunReport['summary'] {
  return {
    total: results.length,
    downloaded: results.filter((r) => r.outcome === 'downloaded').length,
    skipped: results.filter((r) => r.outcome === 'skipped').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
    deleted: results.filter((r) => r.deleted).length,
    retries,
  };
}

/** The JSON document `--json` prints. */
export function toJson(report: RunReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** A short human summary; failures listed one per line with their reason. */
export function toText(report: RunReport): string {
  const s = report.summary;
  const lines = [
    `${s.total} recording(s): ${s.downloaded} downloaded, ${s.skipped} already verified, ${s.failed} failed, ${s.deleted} deleted from Twilio → ${report.outDir}`,
  ];
  for (const p of report.sourceProblems)
    lines.push(`  ✗ ${p.source}: ${p.message}${p.code === null ? '' : ` (Twilio ${p.code})`}`);
  for (const r of report.recordings) {
    if (r.outcome !== 'failed' || !r.error) continue;
    const code = r.error.code === null ? '' : ` (Twilio ${r.error.code})`;
    lines.push(`  ✗ ${r.recordingSid} ${r.error.reason}: ${r.error.message}${code}`);
  }
  if (report.interrupted)
    lines.push('Interrupted: rerun the same command to resume (verified recordings are skipped).');
  return lines.join('\n') + '\n';
}
