/**
 * One recording, start to finish: skip if already verified on disk; else fetch its metadata, download
 * dual channel (or mono, saying why), verify, split per party if asked, save, and only then delete it
 * from Twilio if asked. Any failure before the save leaves the recording in Twilio untouched.
 */
import type { CliError } from './errors';
import { DeleteFailedError, RecordingNotReadyError, TwilioApiError, asCliError } from './errors';
import type { ChannelRoles } from './roles';
import { DEFAULT_ROLES } from './roles';
import type { OutputStore, PendingFile, Sidecar } from './store';
import { fileNames } from './store';
import type { RecordingMeta, TwilioGateway } from './twilio-gateway';
import { verifyWav } from './verify';
import { inspectWav, splitChannels } from './wav';

/** A recording to process, with what is already known about it. */
export interface RecordingJob {
  recordingSid: string;
  /** Channel roles from task metadata; null when nothing says (the default is then assumed). */
  roles: ChannelRoles | null;
  /** Metadata already listed (time-range runs), saving a fetch. */
  meta?: RecordingMeta;
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
  error: { reason: string; message: string; code: number | null; status: number | null } | null;
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

function failed(recordingSid: string, err: CliError, partial?: RecordingResult): RecordingResult {
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
    error: { reason: err.reason, message: err.message, code: err.code, status: err.status },
  };
}

/** True when a done recording still lacks what this run asks for (split files). */
function lacksRequested(sidecar: Sidecar, options: ProcessOptions): boolean {
  return options.split && sidecar.channels === 2 && !sidecar.files.some((f) => f.role === 'customer');
}

async function deleteAfterSave(deps: ProcessDeps, sidecar: Sidecar): Promise<Sidecar> {
  try {
    await deps.gateway.deleteRecording(sidecar.recordingSid);
  } catch (err) {
    // Already gone (deleted by a run that was interrupted before it could note it): nothing to do.
    if (!(err instanceof TwilioApiError && err.status === 404)) {
      const cause = asCliError(err);
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
    if (!(err instanceof TwilioApiError && err.status === 400)) throw err;
    const code = err.code === null ? '' : ` ${err.code}`;
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
    const existing = await store.readVerified(sid);
    if (existing && !lacksRequested(existing, options)) {
      if (options.deleteAfter && !existing.deletedFromTwilio) {
        saved = existing;
        return fromSidecar(await deleteAfterSave(deps, existing), 'skipped');
      }
      return fromSidecar(existing, 'skipped');
    }
    await store.cleanPartials(sid);

    const meta = job.meta ?? (await deps.gateway.fetchRecording(sid));
    if (meta.status !== 'completed') throw new RecordingNotReadyError(sid, meta.status);

    const got = await download(deps, meta);
    if (got.fallback) deps.warn(`${sid}: ${got.fallback}`);
    const info = verifyWav(
      inspectWav(got.data),
      { channels: got.channels, durationSeconds: meta.durationSeconds, sampleRate: options.sampleRate },
      `${sid} download`,
    );

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
    if (options.deleteAfter) saved = await deleteAfterSave(deps, saved);
    return fromSidecar(saved, 'downloaded');
  } catch (err) {
    return failed(sid, asCliError(err), saved ? fromSidecar(saved, 'failed') : undefined);
  }
}
