/**
 * One recording, start to finish: skip if already saved and verified on disk; else fetch its
 * metadata, download dual channel (or mono, saying why), verify, split per party if asked, save, and
 * only then delete it from Twilio if asked. A delete needs two proofs: the saved `<RE>.wav`, read
 * back, passes the same verification as a fresh download (saved-copy.ts), and a recording that only
 * a task's attributes named has a call Twilio ties to that task (task-binding.ts). Any failure
 * before the delete leaves the recording in Twilio untouched.
 */
import { isTwilioNotFound, isTwilioStatus } from '@dual-channel-recording/contract';
import type { FailureReport } from './errors';
import {
  DeleteFailedError,
  NotOfTaskError,
  RecordingNotReadyError,
  VerificationError,
  failureReportOf,
} from './errors';
import type { ChannelRoles } from './roles';
import { DEFAULT_ROLES } from './roles';
import { savedAudioProblems } from './saved-copy';
import type { OutputStore, PendingFile, Sidecar } from './store';
import { fileNames } from './store';
import { bindingOfCall } from './task-binding';
import type { RecordingMeta, TwilioGateway } from './twilio-gateway';
import type { Expectation } from './verify';
import { verifyWav } from './verify';
import { inspectWav, splitChannels } from './wav';

/** A recording to process, with what is already known about it. */
export interface RecordingJob {
  recordingSid: string;
  /** Channel roles from task metadata; null when nothing says (the default is then assumed). */
  roles: ChannelRoles | null;
  /** Metadata already listed (time-range runs), saving a fetch. */
  meta?: RecordingMeta;
  /**
   * Named on the command line by its SID or its time range: the user chose this recording, so
   * `--delete-after` may delete it once its copy verifies.
   */
  explicit: boolean;
  /**
   * The tasks (`--task`) whose attributes name it. Attributes an agent can write prove nothing: a
   * recording only they name is deleted only when Twilio ties its call to one of these tasks.
   */
  tasks: string[];
}

/** Per-run options that shape each recording's processing. */
export interface ProcessOptions {
  split: boolean;
  deleteAfter: boolean;
  /** Required sample rate, or null for any. */
  sampleRate: number | null;
}

/** How one recording ended. */
export interface RecordingResult {
  recordingSid: string;
  outcome: 'downloaded' | 'skipped' | 'failed';
  /** Saved file names (inside the output folder). */
  files: string[];
  channels: number | null;
  durationSeconds: number | null;
  sampleRate: number | null;
  /** Why the file is mono, when dual channel was not available. */
  fallback: string | null;
  roles: ChannelRoles | null;
  deleted: boolean;
  error: FailureReport | null;
  /** With `--transcripts`: the transcript file written, or why there is none. */
  transcript?: { file: string; transcriptSid: string; sentences: number } | { error: string };
}

/** What {@link processRecording} needs. */
export interface ProcessDeps {
  gateway: TwilioGateway;
  store: OutputStore;
  options: ProcessOptions;
  /** Warnings a user should see even in `--json` mode (fallbacks). */
  warn: (message: string) => void;
}

function fromSidecar(sidecar: Sidecar, outcome: RecordingResult['outcome']): RecordingResult {
  return {
    recordingSid: sidecar.recordingSid,
    outcome,
    files: sidecar.files.map((f) => f.name),
    channels: sidecar.channels,
    durationSeconds: sidecar.durationSeconds,
    sampleRate: sidecar.sampleRate,
    fallback: sidecar.fallback,
    roles: sidecar.roles
      ? { channels: sidecar.roles.channels, source: sidecar.roles.source as ChannelRoles['source'] }
      : null,
    deleted: sidecar.deletedFromTwilio,
    error: null,
  };
}

function failed(recordingSid: string, error: FailureReport, partial?: RecordingResult): RecordingResult {
  return {
    recordingSid,
    outcome: 'failed',
    files: partial?.files ?? [],
    channels: partial?.channels ?? null,
    durationSeconds: partial?.durationSeconds ?? null,
    sampleRate: partial?.sampleRate ?? null,
    fallback: partial?.fallback ?? null,
    roles: partial?.roles ?? null,
    deleted: false,
    error,
  };
}

/** True when a done recording still lacks what this run asks for (split files). */
function lacksRequested(sidecar: Sidecar, options: ProcessOptions): boolean {
  return options.split && sidecar.channels === 2 && !sidecar.files.some((f) => f.role === 'customer');
}

/** What a copy of the recording must be, from the Recordings API (and this run's options). */
function expectationOf(meta: RecordingMeta, channels: number, deps: ProcessDeps): Expectation {
  return { channels, durationSeconds: meta.durationSeconds, sampleRate: deps.options.sampleRate };
}

/**
 * Throws {@link NotOfTaskError} unless the user named the recording, or Twilio ties its call to one
 * of the tasks that named it (the task's conference had the call as a participant).
 */
async function requireTaskTie(deps: ProcessDeps, job: RecordingJob, meta: RecordingMeta): Promise<void> {
  if (job.explicit) return;
  const reasons: string[] = [];
  for (const taskSid of job.tasks) {
    const binding = await bindingOfCall(deps.gateway, meta.callSid, taskSid);
    if (binding.tied) return;
    reasons.push(binding.reason);
  }
  throw new NotOfTaskError(
    `saved, but kept in Twilio: only task attributes (which an agent can write) name it, and ` +
      `${reasons.join('; ') || 'no task named it'}. Name it by its SID to delete it anyway.`,
  );
}

/** Deletes from Twilio once the copy on disk verified: only a recording whose call is the task's. */
async function deleteVerified(
  deps: ProcessDeps,
  job: RecordingJob,
  meta: RecordingMeta,
  sidecar: Sidecar,
): Promise<Sidecar> {
  await requireTaskTie(deps, job, meta);
  return deleteAfterSave(deps, sidecar);
}

/** The recording's metadata, or null when Twilio no longer has it (a run deleted it before it could note so). */
async function fetchUnlessGone(deps: ProcessDeps, sid: string): Promise<RecordingMeta | null> {
  try {
    return await deps.gateway.fetchRecording(sid);
  } catch (err) {
    if (isTwilioNotFound(err)) return null;
    throw err;
  }
}

/** What became of a saved recording on a rerun with `--delete-after`. */
type SavedCopyOutcome =
  | { kind: 'deleted'; sidecar: Sidecar }
  /** Its copy does not verify, or it is not completed: download (and judge) it afresh. */
  | { kind: 'download'; meta: RecordingMeta };

/**
 * A rerun with `--delete-after` of a recording whose sidecar and files check out: deletes it when
 * the saved audio verifies against the API, else has it downloaded again. Twilio no longer holding
 * it only updates the sidecar, once the copy verifies against what the sidecar says.
 */
async function deleteSavedCopy(
  deps: ProcessDeps,
  job: RecordingJob,
  existing: Sidecar,
): Promise<SavedCopyOutcome> {
  const sid = job.recordingSid;
  const meta = job.meta ?? (await fetchUnlessGone(deps, sid));
  if (meta === null) {
    const problems = await savedAudioProblems(deps.store, sid, {
      channels: existing.channels,
      durationSeconds: existing.durationSeconds,
      sampleRate: deps.options.sampleRate,
    });
    if (problems.length > 0) {
      throw new VerificationError(
        `${sid} is no longer in Twilio and the saved copy does not verify: ${problems.join('; ')}`,
      );
    }
    return { kind: 'deleted', sidecar: await deps.store.markDeleted(existing) };
  }
  if (meta.status !== 'completed') return { kind: 'download', meta };
  const problems = await savedAudioProblems(deps.store, sid, expectationOf(meta, meta.channels, deps));
  if (problems.length > 0) {
    deps.warn(`${sid}: the saved copy does not verify (${problems.join('; ')}): downloading it again`);
    return { kind: 'download', meta };
  }
  return { kind: 'deleted', sidecar: await deleteVerified(deps, job, meta, existing) };
}

async function deleteAfterSave(deps: ProcessDeps, sidecar: Sidecar): Promise<Sidecar> {
  try {
    await deps.gateway.deleteRecording(sidecar.recordingSid);
  } catch (err) {
    // Already gone (deleted by a run that was interrupted before it could note it): nothing to do.
    if (!isTwilioNotFound(err)) {
      const cause = failureReportOf(err);
      throw new DeleteFailedError(
        `saved and verified, but delete failed (kept in Twilio): ${cause.message}`,
        cause,
      );
    }
  }
  return deps.store.markDeleted(sidecar);
}

/** Downloads with RequestedChannels=2, or mono with the reason when dual channel is not available. */
async function download(
  deps: ProcessDeps,
  meta: RecordingMeta,
): Promise<{ data: Buffer; channels: 1 | 2; fallback: string | null }> {
  if (meta.channels !== 2) {
    return {
      data: await deps.gateway.downloadMedia(meta.sid, 1),
      channels: 1,
      fallback: `recorded with ${meta.channels} channel(s): dual channel is not available, saved mono`,
    };
  }
  try {
    return { data: await deps.gateway.downloadMedia(meta.sid, 2), channels: 2, fallback: null };
  } catch (err) {
    // Twilio refuses a dual-channel presentation of some recordings with 400 (16113 on Twilio).
    if (!isTwilioStatus(err, 400)) throw err;
    const code = err.code === undefined ? '' : ` ${err.code}`;
    return {
      data: await deps.gateway.downloadMedia(meta.sid, 1),
      channels: 1,
      fallback: `Twilio refused dual channel (HTTP 400${code}: ${err.message}), saved mono`,
    };
  }
}

/** Processes one recording; never throws: failures come back as a `failed` result with a reason. */
export async function processRecording(job: RecordingJob, deps: ProcessDeps): Promise<RecordingResult> {
  const sid = job.recordingSid;
  const { options, store } = deps;
  let saved: Sidecar | null = null;
  try {
    let known = job.meta;
    const existing = await store.readVerified(sid);
    if (existing && !lacksRequested(existing, options)) {
      if (!options.deleteAfter || existing.deletedFromTwilio) return fromSidecar(existing, 'skipped');
      saved = existing;
      const outcome = await deleteSavedCopy(deps, job, existing);
      if (outcome.kind === 'deleted') return fromSidecar(outcome.sidecar, 'skipped');
      saved = null;
      known = outcome.meta;
    }
    await store.cleanPartials(sid);

    const meta = known ?? (await deps.gateway.fetchRecording(sid));
    if (meta.status !== 'completed') throw new RecordingNotReadyError(sid, meta.status);

    const got = await download(deps, meta);
    if (got.fallback) deps.warn(`${sid}: ${got.fallback}`);
    const info = verifyWav(inspectWav(got.data), expectationOf(meta, got.channels, deps), `${sid} download`);

    const roles = got.channels === 2 ? (job.roles ?? DEFAULT_ROLES) : null;
    const files: PendingFile[] = [
      {
        name: fileNames.audio(sid),
        role: got.channels === 2 ? 'stereo' : 'mono',
        channels: got.channels,
        data: got.data,
      },
    ];
    if (options.split && roles) {
      const parts = splitChannels(got.data);
      parts.forEach((data, i) => {
        const role = roles.channels[i];
        // Each part must be the same audio, one channel of it: same rate, same length.
        verifyWav(
          inspectWav(data),
          { channels: 1, durationSeconds: info.durationSeconds, sampleRate: info.sampleRate },
          `${sid} ${role} channel`,
        );
        files.push({ name: fileNames.party(sid, role), role, channels: 1, data });
      });
    } else if (options.split) {
      deps.warn(`${sid}: mono audio cannot be split per party; saved ${fileNames.audio(sid)} only`);
    }

    saved = await store.save(
      {
        recordingSid: sid,
        accountSid: deps.gateway.accountSid,
        durationSeconds: info.durationSeconds,
        sampleRate: info.sampleRate,
        channels: got.channels,
        fallback: got.fallback,
        roles: roles ? { channels: roles.channels, source: roles.source } : null,
        verifiedAt: new Date().toISOString(),
        deletedFromTwilio: false,
      },
      files,
    );
    if (options.deleteAfter) {
      // The file as the disk holds it, verified as the download was: the one gate before any delete.
      const problems = await savedAudioProblems(store, sid, expectationOf(meta, got.channels, deps));
      if (problems.length > 0) {
        throw new VerificationError(`${sid} saved copy: ${problems.join('; ')} (kept in Twilio)`);
      }
      saved = await deleteVerified(deps, job, meta, saved);
    }
    return fromSidecar(saved, 'downloaded');
  } catch (err) {
    return failed(sid, failureReportOf(err), saved ? fromSidecar(saved, 'failed') : undefined);
  }
}
