/** Twilio's JSON error body, as every Twilio REST API answers it. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/**
 * An error the sandbox answers to a Twilio API request, in Twilio's error format (not the contract's
 * TwilioApiError, which is a client's reading of such an answer).
 */
export class TwilioErrorResponse extends Error {
  override readonly name = 'TwilioErrorResponse';

  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  /** The body Twilio would send for this error. */
  toBody(): TwilioErrorBody {
    return twilioErrorBody(this.status, this.code, this.message);
  }
}

/** A defect in the sandbox itself (for example a response that violates Twilio's schema). */
export class SandboxDefectError extends Error {
  override readonly name = 'SandboxDefectError';
}

/** Builds Twilio's error body `{code, message, more_info, status}`. */
export function twilioErrorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** 404 / 20404 for an unknown or deleted resource, worded like Twilio. */
export function notFound(path: string): TwilioErrorResponse {
  return new TwilioErrorResponse(404, 20404, `The requested resource ${path} was not found`);
}
