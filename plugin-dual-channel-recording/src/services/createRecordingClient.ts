import type { RecordingChannel } from '../recording/types';
import { FunctionError, MissingTokenError, NetworkError, ResponseFormatError } from './errors';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, parseRetryAfter } from './retry';

/** What the plugin asks the `create-recording` Function to record. */
export interface CreateRecordingRequest {
  readonly taskSid: string;
  readonly reservationSid: string;
  readonly callSid: string;
  readonly channel: RecordingChannel;
}

/** The Function's success body (201 new recording, 200 `alreadyRecording: true`). */
export interface CreateRecordingResponse {
  readonly recordingSid: string;
  readonly callSid: string;
  readonly channel: RecordingChannel;
  readonly status: string;
  readonly startTime: string | number | null;
  readonly mediaUrl: string | null;
  readonly alreadyRecording: boolean;
}

/** Starts (or finds) the recording of one call leg. */
export type CreateRecording = (request: CreateRecordingRequest) => Promise<CreateRecordingResponse>;

/** What the client needs from its surroundings; tests pass fakes, the plugin passes the browser's. */
export interface CreateRecordingClientOptions {
  /** e.g. https://x-1234-dev.twil.io (see config's normalizeServerlessDomain). */
  readonly baseUrl: string;
  /** The worker's current Flex token, read at every attempt because Flex refreshes it. */
  readonly getToken: () => string | undefined;
  readonly fetch: typeof fetch;
  readonly retry?: RetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function toFunctionError(response: Response, body: unknown, now: number): FunctionError {
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), now);
  if (!isRecord(body)) {
    const message = typeof body === 'string' && body.length < 300 ? body : response.statusText;
    return new FunctionError({
      status: response.status,
      code: `http_${response.status}`,
      message: message || `HTTP ${response.status}`,
      retryAfterMs,
    });
  }
  return new FunctionError({
    status: response.status,
    code: optionalString(body.code) ?? `http_${response.status}`,
    message: optionalString(body.message) ?? (response.statusText || `HTTP ${response.status}`),
    field: optionalString(body.field),
    twilioCode: typeof body.twilioCode === 'number' ? body.twilioCode : undefined,
    moreInfo: optionalString(body.moreInfo),
    retryAfterMs,
  });
}

function toSuccess(status: number, body: unknown): CreateRecordingResponse {
  if (!isRecord(body)) throw new ResponseFormatError(status, 'body is not a JSON object');
  const { recordingSid, callSid, channel, alreadyRecording } = body;
  if (typeof recordingSid !== 'string' || !recordingSid.startsWith('RE')) {
    throw new ResponseFormatError(status, 'recordingSid is missing');
  }
  if (typeof callSid !== 'string') throw new ResponseFormatError(status, 'callSid is missing');
  if (channel !== 'customer' && channel !== 'worker') throw new ResponseFormatError(status, 'bad channel');
  if (typeof alreadyRecording !== 'boolean')
    throw new ResponseFormatError(status, 'alreadyRecording is missing');
  const startTime = body.startTime;
  return {
    recordingSid,
    callSid,
    channel,
    alreadyRecording,
    status: optionalString(body.status) ?? 'in-progress',
    startTime: typeof startTime === 'string' || typeof startTime === 'number' ? startTime : null,
    mediaUrl: optionalString(body.mediaUrl) ?? null,
  };
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client for POST `<baseUrl>/create-recording`. Retries 429, 503 and network failures with
 * jittered backoff (honouring Retry-After); any other error is final and thrown as a typed Error
 * subclass carrying the Function's code and message.
 */
export function createRecordingClient(options: CreateRecordingClientOptions): CreateRecording {
  const url = `${options.baseUrl}/create-recording`;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  const attempt = async (request: CreateRecordingRequest): Promise<CreateRecordingResponse> => {
    const token = options.getToken();
    if (!token) throw new MissingTokenError();
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ Token: token, ...request }),
      });
    } catch (error) {
      throw new NetworkError(url, error);
    }
    let body: unknown;
    try {
      body = await readJson(response);
    } catch (error) {
      // The connection dropped while the body was streaming.
      throw new NetworkError(url, error);
    }
    if (!response.ok) throw toFunctionError(response, body, now());
    return toSuccess(response.status, body);
  };

  return async (request) => {
    for (let n = 1; ; n += 1) {
      try {
        return await attempt(request);
      } catch (error) {
        const retryable =
          error instanceof NetworkError || (error instanceof FunctionError && error.retryable);
        if (!retryable || n >= policy.maxAttempts) throw error;
        const retryAfterMs = error instanceof FunctionError ? error.retryAfterMs : undefined;
        await sleep(backoffDelayMs(n, policy, random, retryAfterMs));
      }
    }
  };
}
