/**
 * Twilio failures as values: what the SDK threw (RestException, an RFC 9457 exception, a network
 * error) normalised into one type that keeps Twilio's status, code and link, plus the two ways a
 * request's Twilio work can give up (the deadline passed, the task kept changing).
 */

/** A Twilio REST failure, normalised from the SDK's RestException or a network error. */
export class TwilioApiError extends Error {
  override readonly name = 'TwilioApiError';

  constructor(
    message: string,
    /** HTTP status Twilio answered, or 0 when no response arrived (reset, timeout). */
    readonly status: number,
    readonly code?: number,
    readonly moreInfo?: string,
    /** Node's error code for a failed connection, e.g. ECONNRESET. */
    readonly networkCode?: string,
  ) {
    super(message);
  }
}

/** Thrown when the request's time budget ran out before Twilio answered usefully. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';

  constructor(
    message: string,
    /** The last Twilio failure seen before the deadline, if any. */
    readonly lastError?: TwilioApiError,
  ) {
    super(message);
  }
}

/** Thrown when every compare-and-set round on a task lost to another writer (412 each time). */
export class TaskContentionError extends Error {
  override readonly name = 'TaskContentionError';

  constructor(
    readonly taskSid: string,
    /** How many writes were tried. */
    readonly attempts: number,
  ) {
    super(`Task ${taskSid} kept changing during ${attempts} attempts to update it`);
  }
}

/** True when a value is a {@link TwilioApiError} with the given Twilio error code. */
export function isTwilioCode(error: unknown, code: number): error is TwilioApiError {
  return error instanceof TwilioApiError && error.code === code;
}

/** True when a value is a {@link TwilioApiError} with the given HTTP status. */
export function isTwilioStatus(error: unknown, status: number): error is TwilioApiError {
  return error instanceof TwilioApiError && error.status === status;
}

/**
 * True when Twilio answered 404: the task, reservation, call or recording asked for does not exist
 * (tasks vanish about 5 minutes after they complete; recordings when deleted).
 */
export function isTwilioNotFound(error: unknown): error is TwilioApiError {
  return isTwilioStatus(error, 404);
}
