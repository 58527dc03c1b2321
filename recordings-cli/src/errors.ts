/**
 * Errors of the recordings CLI, as values with a name and the fields callers branch on. Twilio's
 * own error code travels with every failure that came from Twilio, so a script can react to it.
 */

/** Base class: every CLI failure has a short machine-readable `reason`. */
export abstract class CliError extends Error {
  abstract readonly reason: string;
  /** Twilio's error code when Twilio answered the failure (https://www.twilio.com/docs/errors/<code>). */
  readonly code: number | null = null;
  /** HTTP status when the failure was an HTTP answer. */
  readonly status: number | null = null;
}

/** The command line could not be understood. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  readonly reason = 'usage';
}

/** Configuration (credentials, workspace, region) is missing or malformed. */
export class ConfigError extends CliError {
  override readonly name = 'ConfigError';
  readonly reason = 'config';
}

/** Twilio answered an error (or the connection to it failed: status `NO_ANSWER`, 0). */
export class TwilioApiError extends CliError {
  override readonly name = 'TwilioApiError';
  readonly reason = 'twilio-api';
  override readonly code: number | null;
  /** Twilio's HTTP status, or `NO_ANSWER` (0) when no answer came (reset, refused, timeout). */
  override readonly status: number;
  readonly moreInfo: string | null;
  /** Milliseconds Twilio asked us to wait (`Retry-After`), when it said so. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    fields: {
      status: number;
      code?: number | null;
      moreInfo?: string | null;
      retryAfterMs?: number | undefined;
    },
  ) {
    super(message);
    this.status = fields.status;
    this.code = fields.code ?? null;
    this.moreInfo = fields.moreInfo ?? null;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/** The recording exists but has no media to download yet (or any more). */
export class RecordingNotReadyError extends CliError {
  override readonly name = 'RecordingNotReadyError';
  readonly reason = 'not-completed';

  constructor(
    readonly recordingSid: string,
    readonly recordingStatus: string,
  ) {
    super(`${recordingSid} is ${recordingStatus}, not completed: no media to download yet`);
  }
}

/** The downloaded audio is not what the API says the recording is. */
export class VerificationError extends CliError {
  override readonly name = 'VerificationError';
  readonly reason = 'verification-failed';
}

/** The recording was saved and verified, but deleting it from Twilio failed (files are kept). */
export class DeleteFailedError extends CliError {
  override readonly name = 'DeleteFailedError';
  readonly reason = 'delete-failed';
  override readonly code: number | null;
  override readonly status: number | null;

  constructor(message: string, cause: CliError) {
    super(message);
    this.code = cause.code;
    this.status = cause.status;
  }
}

/**
 * The recording was named only by a task's attributes, and Twilio does not tie its call to that
 * task: it is saved but never deleted (attributes an agent can write are no proof of whose it is).
 */
export class NotOfTaskError extends CliError {
  override readonly name = 'NotOfTaskError';
  readonly reason = 'not-of-task';
}

/** Writing the files failed (disk full, permissions...). */
export class StorageError extends CliError {
  override readonly name = 'StorageError';
  readonly reason = 'storage';
}

/** Something we did not foresee; still reported per recording rather than crashing the run. */
export class UnexpectedError extends CliError {
  override readonly name = 'UnexpectedError';
  readonly reason = 'unexpected';
}

/** Wraps anything thrown into a {@link CliError} so every failure reports a reason. */
export function asCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  return new UnexpectedError(err instanceof Error ? err.message : String(err));
}
