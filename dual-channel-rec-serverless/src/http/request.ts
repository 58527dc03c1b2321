import type { ServerlessEventObject } from '@twilio-labs/serverless-runtime-types/types';
import { isRecord } from '@dual-channel-recording/contract';

/** Request headers as the runtime passes them (names lowercased; repeated headers become arrays). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** A Function's event: the query and body fields `F` merged by the runtime, plus the request headers. */
export type FunctionEvent<F> = ServerlessEventObject<F, RequestHeaders>;

/** The part of the event carrying the HTTP request (runtime-handler 1.2+; absent in older local servers). */
export interface RequestInfo {
  request?: unknown;
}

const isStringList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * The headers the runtime passed, or undefined when something else stands in their place. The
 * runtime builds the event as `{ request: { headers, cookies }, ...query, ...body }` (runtime-handler's
 * `constructEvent`), so a client parameter named `request` replaces the real headers. What the
 * runtime builds has exactly `headers` (strings, or lists of strings for repeated headers) and
 * `cookies` (strings, or JSON values for cookie-parser's `j:` cookies); anything else is refused
 * rather than read. A deployed Function never sees `Host` (Twilio strips it), so nothing here needs it.
 * A complete forgery (a JSON body, or nested keys in the query string) has the same shape and cannot
 * be told apart: see the README on what the origin check does and does not guarantee.
 */
export function runtimeHeaders(event: RequestInfo): RequestHeaders | undefined {
  const request: unknown = event.request;
  if (!isRecord(request) || Object.keys(request).sort().join(',') !== 'cookies,headers') return undefined;
  const { headers, cookies } = request;
  if (!isRecord(headers) || !isRecord(cookies)) return undefined;
  const wellFormed = Object.values(headers).every((v) => typeof v === 'string' || isStringList(v));
  return wellFormed ? (headers as RequestHeaders) : undefined;
}

/** One request header as a single string (names are lowercase), when the runtime passed it once. */
export function singleHeader(event: RequestInfo, name: string): string | undefined {
  const value = runtimeHeaders(event)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The browser's Origin header, when the client sent one. */
export function requestOrigin(event: RequestInfo): string | undefined {
  const origin = singleHeader(event, 'origin');
  return origin !== '' ? origin : undefined;
}

/** True for a CORS preflight (an OPTIONS request announcing the method it wants to send). */
export function isPreflight(event: RequestInfo): boolean {
  return runtimeHeaders(event)?.['access-control-request-method'] !== undefined;
}
