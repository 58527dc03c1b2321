/**
 * The recording status callback: the URL create-recording registers, the signature check of what
 * Twilio sends to it, and the parse of its parameters.
 */
import twilio from 'twilio';
import { ApiError } from '../http/api-error';
import type { ParamProblem, Parsed } from '../http/params';
import { sidField } from '../http/params';
import type { FunctionEvent } from '../http/request';
import { singleHeader } from '../http/request';
import type { RouteScope } from '../http/route';
import { publicBase } from '../http/route';
import type { StatusReport } from '../rules/attributes';
import { isLifecycle } from '@dual-channel-recording/contract';
import type { Channel } from '../http/route-params';

/** The task and reservation a status callback is about (carried in the callback URL's query). */
export interface CallbackTarget {
  taskSid: string;
  reservationSid: string;
  /** The party the leg is (`customer` / `worker`); absent in URLs registered before it was added. */
  channel?: Channel;
}

/** Route of the status-callback Function. */
export const STATUS_CALLBACK_PATH = '/recording-status';

/**
 * Query keys create-recording puts in the callback URL, in the order it writes them. Signature
 * checking rebuilds the URL from these in this order, so both sides must use this list.
 */
export const CALLBACK_QUERY_KEYS = ['taskSid', 'reservationSid', 'channel'] as const;

/** One of {@link CALLBACK_QUERY_KEYS}. */
export type CallbackQueryKey = (typeof CALLBACK_QUERY_KEYS)[number];

/**
 * This service's /recording-status URL with the callback query, keys in {@link CALLBACK_QUERY_KEYS}
 * order (other keys are left out). create-recording registers it with Twilio for a task and
 * reservation; the signature check rebuilds it from the query Twilio sent back, because Twilio signs
 * the full URL it requested, query included, followed by each POST parameter name+value sorted by
 * name (HMAC-SHA1 with the account's auth token). The Function cannot see the URL it was called on
 * (the runtime hides proxies' X-Forwarded-* headers and hands over only the merged parameters), so
 * it rebuilds the URL from its own settings: the same base and query order create-recording used.
 * A mismatch (another base, a proxy rewriting the path) fails closed with 403, never open.
 */
export function statusCallbackUrl(base: string, query: Partial<Record<CallbackQueryKey, string>>): string {
  const search = new URLSearchParams();
  for (const key of CALLBACK_QUERY_KEYS) {
    const value = query[key];
    if (value !== undefined) search.append(key, value);
  }
  const text = search.toString();
  return `${base}${STATUS_CALLBACK_PATH}${text === '' ? '' : `?${text}`}`;
}

/** Form parameters as the runtime parsed them (a repeated key becomes a list). */
export type FormParams = Record<string, string | string[]>;

/**
 * Splits the runtime's event back into the callback URL's query and Twilio's POST body. The
 * runtime merges both (and adds `request` for the headers) into one object, but Twilio's signature
 * treats them differently, so they must be separated: our query keys are the ones create-recording
 * wrote ({@link CALLBACK_QUERY_KEYS}); Twilio's own parameters are capitalised and never collide.
 * Answers undefined when a value is neither a string nor a list of strings (not a form body).
 */
export function splitCallbackEvent(
  event: Record<string, unknown>,
): { query: Record<string, string>; body: FormParams } | undefined {
  const query: Record<string, string> = {};
  const body: FormParams = {};
  const queryKeys: readonly string[] = CALLBACK_QUERY_KEYS;
  for (const [key, value] of Object.entries(event)) {
    if (key === 'request') continue;
    if (queryKeys.includes(key)) {
      if (typeof value !== 'string') return undefined;
      query[key] = value;
    } else if (typeof value === 'string') {
      body[key] = value;
    } else if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
      body[key] = value;
    } else {
      return undefined;
    }
  }
  return { query, body };
}

/** True when `X-Twilio-Signature` matches the rebuilt URL and the POST body under the auth token. */
export function verifyCallbackSignature(
  authToken: string,
  signature: string | undefined,
  base: string,
  event: Record<string, unknown>,
): boolean {
  if (signature === undefined || signature === '') return false;
  const split = splitCallbackEvent(event);
  if (!split) return false;
  return twilio.validateRequest(authToken, signature, statusCallbackUrl(base, split.query), split.body);
}

/** Twilio's form body merged with the callback URL's query, as the runtime passes them. */
export type StatusCallbackFields = Record<string, unknown>;

/** The event of /recording-status: the callback's fields plus the request headers. */
export type RecordingStatusEvent = FunctionEvent<StatusCallbackFields>;

/**
 * The recording-status route's authentication: Twilio's signature over the rebuilt URL and the body.
 * Answers 500 naming AUTH_TOKEN when the Function has only an API key (Twilio signs webhooks with the
 * account's auth token, never with an API key's secret), and 403 when the signature is missing or wrong.
 */
export function verifyStatusCallbackRequest(event: RecordingStatusEvent, scope: RouteScope): void {
  const { authToken } = scope.config.credentials;
  if (authToken === undefined) {
    throw new ApiError(
      'missing_setting',
      'AUTH_TOKEN is required to verify the signature of Twilio status callbacks',
      { setting: 'AUTH_TOKEN' },
    );
  }
  const signature = singleHeader(event, 'x-twilio-signature');
  const base = publicBase(scope.config, scope.context);
  if (!verifyCallbackSignature(authToken, signature, base, event)) {
    scope.log('signature_rejected', { reason: signature === undefined ? 'missing' : 'mismatch' });
    throw new ApiError('invalid_signature', 'X-Twilio-Signature is missing or does not match this request');
  }
}

/** A parsed recording status callback. */
export interface StatusCallback extends CallbackTarget {
  recordingSid: string;
  callSid: string;
  /** Twilio's RecordingStatus as sent (unknown ones are answered and ignored). */
  recordingStatus: string;
  report?: StatusReport;
}

/** An integer field Twilio sends: absent, or digits within `[min, max]`; anything else is refused by name. */
type IntRead = { ok: true; value: number | undefined } | { ok: false; problem: ParamProblem };

function intField(event: StatusCallbackFields, field: string, min: number, max: number): IntRead {
  const raw = event[field];
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  // At most 9 digits before Number(): a 400-digit value must not become Infinity (stored as null).
  if (typeof raw !== 'string' || !/^-?\d{1,9}$/.test(raw)) {
    return { ok: false, problem: { field, reason: `${field} must be an integer from ${min} to ${max}` } };
  }
  const value = Number(raw);
  if (value < min || value > max) {
    return { ok: false, problem: { field, reason: `${field} must be an integer from ${min} to ${max}` } };
  }
  return { ok: true, value };
}

/** Twilio ends a call after 24 hours at most, so no recording is longer. */
export const MAX_RECORDING_SECONDS = 86_400;

// Recordings started after 2000 and before 2200: anything else is not a start time Twilio sent.
const EARLIEST_START_MS = Date.UTC(2000, 0, 1);
const LATEST_START_MS = Date.UTC(2200, 0, 1);

/** Parses a signed callback; answers the first problem (field named) when Twilio's fields are not as documented. */
export function parseStatusCallback(event: StatusCallbackFields): Parsed<StatusCallback> {
  const fields: [keyof StatusCallback, string, string, string][] = [
    ['taskSid', 'taskSid', 'WT', 'a TaskRouter task SID'],
    ['reservationSid', 'reservationSid', 'WR', 'a TaskRouter reservation SID'],
    ['recordingSid', 'RecordingSid', 'RE', 'a recording SID'],
    ['callSid', 'CallSid', 'CA', 'a call SID'],
  ];
  const values: Record<string, string> = {};
  for (const [name, field, prefix, what] of fields) {
    const result = sidField(event, field, prefix, what);
    if ('problem' in result) return { ok: false, problem: result.problem };
    values[name] = result.value;
  }
  const status = event.RecordingStatus;
  if (typeof status !== 'string' || status === '') {
    return { ok: false, problem: { field: 'RecordingStatus', reason: 'RecordingStatus is required' } };
  }
  const { channel } = event;
  if (channel !== undefined && channel !== 'customer' && channel !== 'worker') {
    return { ok: false, problem: { field: 'channel', reason: 'channel must be customer or worker' } };
  }
  const callback: StatusCallback = {
    taskSid: values.taskSid,
    reservationSid: values.reservationSid,
    ...(channel === undefined ? {} : { channel }),
    recordingSid: values.recordingSid,
    callSid: values.callSid,
    recordingStatus: status,
  };
  if (!isLifecycle(status)) return { ok: true, params: callback };
  const report: StatusReport = { status };
  // Twilio sends -1 while the duration is unknown (in-progress): that is "no value", not a duration.
  const duration = intField(event, 'RecordingDuration', -1, MAX_RECORDING_SECONDS);
  if (!duration.ok) return duration;
  if (duration.value !== undefined && duration.value >= 0) report.duration = duration.value;
  const channels = intField(event, 'RecordingChannels', 1, 2);
  if (!channels.ok) return channels;
  if (channels.value !== undefined) report.channels = channels.value;
  // RFC 2822 (e.g. "Mon, 01 Jan 2026 10:00:00 +0000"); stored as epoch ms like the media entry.
  const rawStart = event.RecordingStartTime;
  if (rawStart !== undefined && rawStart !== '') {
    const start = typeof rawStart === 'string' ? Date.parse(rawStart) : NaN;
    if (!Number.isFinite(start) || start < EARLIEST_START_MS || start >= LATEST_START_MS) {
      return {
        ok: false,
        problem: { field: 'RecordingStartTime', reason: 'RecordingStartTime must be an RFC 2822 date' },
      };
    }
    report.start_time = start;
  }
  // Twilio's error codes have five digits; 0 means none.
  const errorCode = intField(event, 'ErrorCode', 0, 99_999);
  if (!errorCode.ok) return errorCode;
  if (errorCode.value !== undefined && errorCode.value > 0) report.error_code = errorCode.value;
  callback.report = report;
  return { ok: true, params: callback };
}
