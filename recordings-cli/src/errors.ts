/**
 * Errors of the recordings CLI, as values with a name and the fields callers branch on, and what a
 * run reports of any failure ({@link failureReportOf}). A failed Twilio request is the contract's
 * `TwilioApiError`, shared with the Functions; it gets its reason (`twilio-api`) here, where failures
 * are reported, and Twilio's own error code travels with it so a script can react to it.
 */
import { TwilioApiError } from '@dual-channel-recording/contract';

/** What a run reports of one failure (a recording's `error`, the reason on stderr). */
export interface FailureReport {
  /** Short and machine-readable: a {@link CliError}'s reason, `twilio-api`, or `unexpected`. */
  reason: string;
  message: string;
  /** Twilio's error code when Twilio answered the failure (https://www.twilio.com/docs/errors/<code>). */
  code: number | null;
  /** HTTP status when the failure was an HTTP answer (`NO_ANSWER`, 0, when Twilio never answered). */
  status: number | null;
}

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

  constructor(message: string, cause: FailureReport) {
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

/** The reason reported for a failed Twilio request (Twilio's status and code go with it). */
const TWILIO_API_REASON = 'twilio-api';

/**
 * What a run reports of anything thrown: a {@link CliError} as it is, a {@link TwilioApiError} with
 * Twilio's status and code, anything else as `unexpected`, so every failure reports a reason.
 */
export function failureReportOf(err: unknown): FailureReport {
  if (err instanceof CliError) {
    return { reason: err.reason, message: err.message, code: err.code, status: err.status };
  }
  if (err instanceof TwilioApiError) {
    return { reason: TWILIO_API_REASON, message: err.message, code: err.code ?? null, status: err.status };
  }
  return {
    reason: 'unexpected',
    message: err instanceof Error ? err.message : String(err),
    code: null,
    status: null,
  };
}
