/**
 * Progress on stderr: a cli-progress bar on a terminal, one line per recording otherwise (CI logs,
 * pipes), nothing with --json or --no-progress. stdout stays for the result.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { RecordingResult } from './process-recording';

/** Receives the run's progress. */
export interface ProgressReporter {
  start(total: number): void;
  done(result: RecordingResult): void;
  /** A message that must not be garbled by the bar. */
  log(message: string): void;
  stop(): void;
}

function line(result: RecordingResult): string {
  if (result.outcome === 'failed')
    return `✗ ${result.recordingSid} failed (${result.error?.reason}): ${result.error?.message}`;
  const what = result.outcome === 'skipped' ? 'already verified' : 'downloaded';
  const deleted = result.deleted ? ', deleted from Twilio' : '';
  return `✓ ${result.recordingSid} ${what} (${result.channels} ch, ${result.durationSeconds?.toFixed(1)} s${deleted})`;
}

/** Chooses the reporter for this run. */
export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): ProgressReporter {
  if (!enabled) {
    return {
      start: () => undefined,
      done: () => undefined,
      log: (m) => void stream.write(`${m}\n`),
      stop: () => undefined,
    };
  }
  if (!stream.isTTY) {
    let count = 0;
    let total = 0;
    return {
      start: (n) => void (total = n),
      done: (r) => void stream.write(`[${++count}/${total}] ${line(r)}\n`),
      log: (m) => void stream.write(`${m}\n`),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { stream, format: 'recordings [{bar}] {value}/{total} | eta {eta_formatted}{last}', hideCursor: true },
    Presets.shades_classic,
  );
  return {
    start: (n) => bar.start(n, 0, { last: '' }),
    done: (r) => bar.increment(1, { last: ` ${r.recordingSid} ${r.outcome}` }),
    // Clear the bar's line, print, let the bar redraw on its next tick.
    log: (m) => void stream.write(`\r\x1b[K${m}\n`),
    stop: () => bar.stop(),
  };
}
