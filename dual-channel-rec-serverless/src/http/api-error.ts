/**
 * Errors as values: every failure a Function answers carries its HTTP status, a snake_case code the
 * plugin branches on, a sentence for people and, when Twilio caused it, Twilio's own code and link.
 * The codes, their statuses and the body are the contract package's (`ERROR_STATUS`, `ErrorBody`):
 * code throws a refusal by its code alone, and the status is read from the contract here, nowhere else.
 * Routes turn these into JSON responses; nothing here is ever passed to `callback(err)`, because the
 * local runtime would print the stack trace into the response.
 */
import type { ErrorBody, ErrorCode, ErrorStatus, Exclusion } from '@dual-channel-recording/contract';
import { ERROR_STATUS } from '@dual-channel-recording/contract';

/** Fields an {@link ApiError} can carry besides status, code and message. */
export interface ApiErrorDetails {
  exclusion?: Exclusion;
  field?: string;
  setting?: string;
  twilioCode?: number;
  moreInfo?: string;
  /** Seconds the client should wait before retrying (sent as `Retry-After`). */
  retryAfterSeconds?: number;
}

/** A failure the Function answers as JSON; `name` lets callers tell it apart from crashes. */
export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'ApiError';

  /** The HTTP status the contract gives {@link code}: the one place a code becomes a status. */
  readonly status: ErrorStatus<C>;
  readonly code: C;

  constructor(
    code: C,
    message: string,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
    this.code = code;
  }

  /** The response body, with only the keys that have a value. */
  toBody(): ErrorBody {
    const body: ErrorBody = { status: this.status, code: this.code, message: this.message };
    if (this.details.field !== undefined) body.field = this.details.field;
    if (this.details.setting !== undefined) body.setting = this.details.setting;
    if (this.details.twilioCode !== undefined) body.twilioCode = this.details.twilioCode;
    if (this.details.moreInfo !== undefined) body.moreInfo = this.details.moreInfo;
    if (this.details.exclusion !== undefined) body.exclusion = this.details.exclusion;
    return body;
  }
}
