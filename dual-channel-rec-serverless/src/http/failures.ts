import { DeadlineExceededError, TaskContentionError, TwilioApiError } from '../twilio/errors';
import { isRetryable } from '../twilio/retry';
import { ApiError } from './api-error';

// Clients should come back soon, but not at once: one second is inside Twilio's usual 429 window.
// Twilio's own answers carry no Retry-After the SDK would hand on, so this is always the hint.
const RETRY_AFTER_SECONDS = 1;

function unavailable(message: string, last: TwilioApiError | undefined): ApiError {
  return new ApiError('twilio_unavailable', message, {
    twilioCode: last?.code,
    moreInfo: last?.moreInfo,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

/** Maps any failure to the error the client sees; unknown failures become a bare 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DeadlineExceededError) {
    return unavailable(
      'Twilio did not answer in time; the recording was not confirmed, try again',
      error.lastError,
    );
  }
  if (error instanceof TaskContentionError) {
    return unavailable('The task kept changing while it was being updated; try again', undefined);
  }
  if (error instanceof TwilioApiError) {
    if (error.code === 21220) {
      return new ApiError(
        'call_not_in_progress',
        'The call is no longer in progress, so Twilio cannot record it (the caller or agent hung up before recording started)',
        { field: 'callSid', twilioCode: error.code, moreInfo: error.moreInfo },
      );
    }
    if (isRetryable(error))
      return unavailable('Twilio is busy or unreachable right now; try again shortly', error);
    if (error.status === 401 || error.status === 403) {
      return new ApiError(
        'twilio_error',
        "Twilio refused the Function's credentials; check ACCOUNT_SID and AUTH_TOKEN (or API_KEY and API_SECRET)",
        {
          twilioCode: error.code,
          moreInfo: error.moreInfo,
        },
      );
    }
    return new ApiError('twilio_error', `Twilio answered an unexpected error (HTTP ${error.status})`, {
      twilioCode: error.code,
      moreInfo: error.moreInfo,
    });
  }
  return new ApiError('internal_error', 'The Function failed unexpectedly');
}
