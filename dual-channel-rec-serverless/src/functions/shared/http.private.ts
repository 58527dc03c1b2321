/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { TwilioResponse } from '@twilio-labs/serverless-runtime-types/types';
import type * as Errors from './errors.private';
import type * as Retry from './retry.private';

// Deployed Functions live at paths Twilio chooses, so private code is found through Runtime.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(key: string): T => require(Runtime.getFunctions()[key].path) as T;
const { ApiError, TwilioApiError, DeadlineExceededError } = load<typeof Errors>('shared/errors');
const { isRetryable } = load<typeof Retry>('shared/retry');

/** Request headers as the runtime passes them (names lowercased; repeated headers become arrays). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The part of the event carrying the HTTP request (runtime-handler 1.2+; absent in older local servers). */
export interface RequestInfo {
  request?: unknown;
}

const ALLOWED_METHODS = 'POST, OPTIONS';
// The plugin sends JSON or form bodies; nothing else is needed, so nothing else is allowed.
const ALLOWED_HEADERS = 'Content-Type';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The headers the runtime passed, or undefined when something else stands in their place. The
 * runtime builds the event as `{ request: { headers, cookies }, ...query, ...body }`, so a client
 * parameter named `request` silently replaces the real headers (found by tests/adversarial,
 * 2026-11). A real request object has exactly those two keys, and its headers always hold Host
 * (HTTP/1.1 requires it); anything else is refused rather than read.
 */
export function runtimeHeaders(event: RequestInfo): RequestHeaders | undefined {
  const request: unknown = event.request;
  if (!isRecord(request) || Object.keys(request).sort().join(',') !== 'cookies,headers') return undefined;
  const { headers, cookies } = request;
  if (!isRecord(headers) || !isRecord(cookies) || typeof headers.host !== 'string') return undefined;
  return headers as RequestHeaders;
}

/** The browser's Origin header, when the client sent one. */
export function requestOrigin(event: RequestInfo): string | undefined {
  const origin = runtimeHeaders(event)?.origin;
  return typeof origin === 'string' && origin !== '' ? origin : undefined;
}

/** True for a CORS preflight (an OPTIONS request announcing the method it wants to send). */
export function isPreflight(event: RequestInfo): boolean {
  return runtimeHeaders(event)?.['access-control-request-method'] !== undefined;
}

/**
 * Decides the CORS answer for a request. A browser origin outside the list gets no CORS headers (and
 * the route refuses to act); a request without Origin (server-to-server, or a local runtime that does
 * not pass headers) is answered for the first allowed origin, which no other site can read.
 */
export function corsFor(
  origin: string | undefined,
  allowedOrigins: string[],
): { allowed: boolean; headers: Record<string, string> } {
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return { allowed: false, headers: { Vary: 'Origin' } };
  }
  return {
    allowed: true,
    headers: {
      'Access-Control-Allow-Origin': origin ?? allowedOrigins[0],
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
      // The answer depends on Origin, so caches must not hand one origin's answer to another.
      Vary: 'Origin',
    },
  };
}

/** A JSON response with the given CORS headers and extra headers. */
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

/** An {@link Errors.ApiError} as a JSON response; 503 adds Retry-After. */
export function errorResponse(error: Errors.ApiError, cors: Record<string, string>): TwilioResponse {
  const extra: Record<string, string> = {};
  if (error.details.retryAfterSeconds !== undefined)
    extra['Retry-After'] = String(error.details.retryAfterSeconds);
  return jsonResponse(error.status, error.toBody(), cors, extra);
}

// Clients should come back soon, but not at once: one second is inside Twilio's usual 429 window.
const DEFAULT_RETRY_AFTER_SECONDS = 1;

function unavailable(message: string, last: Errors.TwilioApiError | undefined): Errors.ApiError {
  return new ApiError(503, 'twilio_unavailable', message, {
    twilioCode: last?.code,
    moreInfo: last?.moreInfo,
    retryAfterSeconds: Math.max(DEFAULT_RETRY_AFTER_SECONDS, Math.ceil(last?.retryAfterSeconds ?? 0)),
  });
}

/** Maps any failure to the error the client sees; unknown failures become a bare 500. */
export function toApiError(error: unknown): Errors.ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DeadlineExceededError) {
    return unavailable(
      'Twilio did not answer in time; the recording was not confirmed, try again',
      error.lastError,
    );
  }
  if (error instanceof TwilioApiError) {
    if (error.code === 21220) {
      return new ApiError(
        409,
        'call_not_in_progress',
        'The call is no longer in progress, so Twilio cannot record it (the caller or agent hung up before recording started)',
        { field: 'callSid', twilioCode: error.code, moreInfo: error.moreInfo },
      );
    }
    if (isRetryable(error))
      return unavailable('Twilio is busy or unreachable right now; try again shortly', error);
    if (error.status === 401 || error.status === 403) {
      return new ApiError(
        502,
        'twilio_error',
        "Twilio refused the Function's credentials; check ACCOUNT_SID and AUTH_TOKEN (or API_KEY and API_SECRET)",
        {
          twilioCode: error.code,
          moreInfo: error.moreInfo,
        },
      );
    }
    return new ApiError(502, 'twilio_error', `Twilio answered an unexpected error (HTTP ${error.status})`, {
      twilioCode: error.code,
      moreInfo: error.moreInfo,
    });
  }
  return new ApiError(500, 'internal_error', 'The Function failed unexpectedly');
}
