/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { TwilioResponse } from '@twilio-labs/serverless-runtime-types/types';
import type { ApiError } from './api-error';

/** A JSON response with the given CORS headers and extra headers (`Twilio.Response` is the runtime's global). */
export function jsonResponse(
  status: number,
  body: object,
  cors: Record<string, string>,
  extraHeaders: Record<string, string> = {},
): TwilioResponse {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  response.appendHeader('Content-Type', 'application/json');
  for (const [name, value] of Object.entries({ ...cors, ...extraHeaders }))
    response.appendHeader(name, value);
  // An object, not a string: the runtime serialises it, and a pre-serialised string would be encoded twice.
  response.setBody(body);
  return response;
}

/** The answer to a preflight: 204 with the CORS headers, or 403 without them for a foreign origin. */
export function preflightResponse(allowed: boolean, cors: Record<string, string>): TwilioResponse {
  const response = new Twilio.Response();
  response.setStatusCode(allowed ? 204 : 403);
  for (const [name, value] of Object.entries(cors)) response.appendHeader(name, value);
  return response;
}

/** An {@link ApiError} as a JSON response; 503 adds Retry-After. */
export function errorResponse(error: ApiError, cors: Record<string, string>): TwilioResponse {
  const extra: Record<string, string> = {};
  if (error.details.retryAfterSeconds !== undefined)
    extra['Retry-After'] = String(error.details.retryAfterSeconds);
  return jsonResponse(error.status, error.toBody(), cors, extra);
}
