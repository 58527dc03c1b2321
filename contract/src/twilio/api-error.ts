/**
 * The one Twilio error type of the Functions and the CLI: a failed Twilio request with the fields
 * Twilio's REST error body gives (`{ "code": 20404, "message": "…", "more_info":
 * "https://www.twilio.com/docs/errors/20404", "status": 404 }`), or status `NO_ANSWER` (0) with Node's
 * code when no answer came. What the twilio SDK throws (a `RestException`, an RFC 9457
 * `TwilioServiceException`, a network error) and what a plain HTTP answer says are both read into it
 * here, once; callers branch on it with the predicates below.
 */
import { isRecord } from '../json/is-record';
import { NO_ANSWER } from '../retry/retry';

/** A failed Twilio request: Twilio's status, error code, message and error page. */
export class TwilioApiError extends Error {
  override readonly name = 'TwilioApiError';

  constructor(
    message: string,
    /** HTTP status Twilio answered, or `NO_ANSWER` (0) when no answer arrived (reset, timeout). */
    readonly status: number,
    /** Twilio's error code (https://www.twilio.com/docs/errors/<code>). */
    readonly code?: number,
    /** The error's page, Twilio's `more_info`. */
    readonly moreInfo?: string,
    /** Node's code for a connection that failed, e.g. ECONNRESET (only with status `NO_ANSWER`). */
    readonly networkCode?: string,
    /** Milliseconds Twilio asked callers to wait (`Retry-After`), when the answer said so. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Reads whatever the twilio SDK threw into a {@link TwilioApiError}. A failure with no HTTP status
 * never got an answer: it keeps Node's code, and one without a code is read as the dropped connection
 * it almost always is (`ECONNRESET`), so the retry rules treat it alike.
 */
export function toTwilioApiError(thrown: unknown): TwilioApiError {
  if (thrown instanceof TwilioApiError) return thrown;
  const raw = isRecord(thrown) ? thrown : {};
  const message =
    typeof raw.message === 'string' && raw.message !== '' ? raw.message : 'Twilio request failed';
  if (typeof raw.status === 'number') {
    return new TwilioApiError(
      message,
      raw.status,
      typeof raw.code === 'number' ? raw.code : undefined,
      typeof raw.moreInfo === 'string' ? raw.moreInfo : undefined,
    );
  }
  // No HTTP status: the SDK's HTTP client puts Node's code in `code`.
  const networkCode = typeof raw.code === 'string' ? raw.code : 'ECONNRESET';
  return new TwilioApiError(message, NO_ANSWER, undefined, undefined, networkCode);
}

/**
 * Reads an HTTP error answer from Twilio into a {@link TwilioApiError}: its status, and the code,
 * message and page of Twilio's error body when the body is one (a proxy's HTML page is not; then
 * `fallbackMessage` says what failed).
 */
export function twilioErrorOfAnswer(
  answer: { status: number; body: unknown; retryAfterMs?: number | undefined },
  fallbackMessage: string,
): TwilioApiError {
  const body = isRecord(answer.body) ? answer.body : {};
  return new TwilioApiError(
    typeof body.message === 'string' && body.message !== '' ? body.message : fallbackMessage,
    answer.status,
    typeof body.code === 'number' ? body.code : undefined,
    typeof body.more_info === 'string' ? body.more_info : undefined,
    undefined,
    answer.retryAfterMs,
  );
}

/** True when a value is a {@link TwilioApiError} with the given Twilio error code. */
export function isTwilioCode(error: unknown, code: number): error is TwilioApiError {
  return error instanceof TwilioApiError && error.code === code;
}

/** True when a value is a {@link TwilioApiError} with the given HTTP status (`NO_ANSWER` for none). */
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
