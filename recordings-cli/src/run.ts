/** Runs `download`: resolve the recordings, process them with bounded concurrency, report. */
import path from 'node:path';
import type { DownloadOptions } from './args';
import { ExitCode } from './exit-codes';
import { forEachLimited } from './limiter';
import type { RecordingResult } from './process-recording';
import { processRecording } from './process-recording';
import type { ProgressReporter } from './progress';
import type { RunReport } from './report';
import { summarise } from './report';
import { resolveJobs } from './sources';
import { OutputStore } from './store';
import { readTranscript } from './transcripts';
import type { TwilioGateway } from './twilio-gateway';

/** What {@link runDownload} needs from outside. */
export interface RunDeps {
  gateway: TwilioGateway;
  progress: ProgressReporter;
  cwd: string;
  /** Aborted on Ctrl-C: no new recording starts; those in flight finish. */
  signal: AbortSignal;
  /** Retries so far (the gateway counts them). */
  retries: () => number;
}

/** Downloads, verifies, splits and deletes per the options; never throws for a recording's failure. */
export async function runDownload(options: DownloadOptions, deps: RunDeps): Promise<RunReport> {
  const outDir = path.resolve(deps.cwd, options.outDir);
  const store = new OutputStore(outDir);
  await store.init();
  const { jobs, problems } = await resolveJobs(options, deps.gateway);

  const results: RecordingResult[] = new Array<RecordingResult>(jobs.length);
  deps.progress.start(jobs.length);
  await forEachLimited(
    jobs,
    options.concurrency,
    async (job, index) => {
      // Before the recording is processed: --delete-after may delete it, and Twilio does not say
      // whether a transcript outlives its recording (assumed not).
      const transcript = options.transcripts ? await transcriptOf(job.recordingSid, store, deps) : undefined;
      const result = await processRecording(job, {
        gateway: deps.gateway,
        store,
        options: { split: options.split, deleteAfter: options.deleteAfter, sampleRate: options.sampleRate },
        warn: (message) => deps.progress.log(`! ${message}`),
      });
      if (transcript) result.transcript = transcript;
      results[index] = result;
      deps.progress.done(result);
    },
    deps.signal,
  );
  deps.progress.stop();

  const finished = results.filter((r): r is RecordingResult => r !== undefined);
  const interrupted = deps.signal.aborted && finished.length < jobs.length;
  const summary = summarise(finished, deps.retries());
  const transcriptFailed = finished.some((r) => r.transcript !== undefined && 'error' in r.transcript);
  // A task or range that could not be read makes the run incomplete even if the rest went well.
  const sourceFailed = problems.length > 0;
  const exitCode = interrupted
    ? ExitCode.Interrupted
    : sourceFailed
      ? ExitCode.Source
      : summary.failed > 0 || transcriptFailed
        ? ExitCode.RecordingsFailed
        : ExitCode.Ok;
  return {
    ok: exitCode === ExitCode.Ok,
    exitCode,
    outDir,
    summary,
    recordings: finished,
    sourceProblems: problems,
    interrupted,
  };
}

/** Writes the recording's transcript beside its audio, or says why not (shown on stderr too). */
async function transcriptOf(
  recordingSid: string,
  store: OutputStore,
  deps: RunDeps,
): Promise<NonNullable<RecordingResult['transcript']>> {
  try {
    const transcript = await readTranscript(deps.gateway, recordingSid);
    const file = await store.saveTranscript(recordingSid, JSON.stringify(transcript, null, 2) + '\n');
    return { file, transcriptSid: transcript.transcriptSid, sentences: transcript.sentences.length };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.progress.log(`! ${recordingSid}: no transcript written: ${message}`);
    return { error: message };
  }
}
