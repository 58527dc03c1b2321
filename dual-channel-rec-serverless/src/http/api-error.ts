/**
 * Errors as values: every failure a Function answers carries its HTTP status, a snake_case code the
 * plugin branches on, a sentence for people and, when Twilio caused it, Twilio's own code and link.
 * Routes turn these into JSON responses; nothing here is ever passed to `callback(err)`, because the
 * local runtime would print the stack trace into the response.
 */

/** The snake_case reasons our Functions answer with. */
export type ErrorCode =
  | 'invalid_parameter'
  | 'invalid_token'
  | 'origin_not_allowed'
  | 'reservation_not_found'
  | 'reservation_not_owned'
  | 'reservation_not_accepted'
  | 'task_not_found'
  | 'leg_not_in_task'
  | 'leg_channel_mismatch'
  | 'call_not_found'
  | 'call_not_in_progress'
  | 'forbidden'
  | 'no_recording'
  | 'invalid_signature'
  | 'twilio_unavailable'
  | 'twilio_error'
  | 'missing_setting'
  | 'invalid_setting'
  | 'internal_error';

/** The JSON body of every error response (the contract the plugin codes against). */
export interface ErrorBody {
  status: number;
  code: ErrorCode;
  message: string;
  field?: string;
  setting?: string;
  twilioCode?: number;
  moreInfo?: string;
}

/** Fields an {@link ApiError} can carry besides status, code and message. */
export interface ApiErrorDetails {
  field?: string;
  setting?: string;
  twilioCode?: number;
  moreInfo?: string;
  /** Seconds the client should wait before retrying (sent as `Retry-After`). */
  retryAfterSeconds?: number;
}

/** A failure the Function answers as JSON; `name` lets callers tell it apart from crashes. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
  }

  /** The response body, with only the keys that have a value. */
  toBody(): ErrorBody {
    const body: ErrorBody = { status: this.status, code: this.code, message: this.message };
    if (this.details.field !== undefined) body.field = this.details.field;
    if (this.details.setting !== undefined) body.setting = this.details.setting;
    if (this.details.twilioCode !== undefined) body.twilioCode = this.details.twilioCode;
    if (this.details.moreInfo !== undefined) body.moreInfo = this.details.moreInfo;
    return body;
  }
}
