/**
 * Twilio failures as values: the one Twilio error type of the Functions and the CLI (`TwilioApiError`
 * and its predicates, defined in the contract package and passed on here for the Functions' layers),
 * plus the two ways a request's Twilio work can give up (the deadline passed, the task kept changing).
 */
import type { TwilioApiError } from '@dual-channel-recording/contract';

export {
  TwilioApiError,
  isTwilioCode,
  isTwilioNotFound,
  isTwilioStatus,
  toTwilioApiError,
} from '@dual-channel-recording/contract';

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
