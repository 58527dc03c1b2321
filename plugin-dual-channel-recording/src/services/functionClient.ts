import type { BrowserRoute, RetryPolicy } from '@dual-channel-recording/contract';
import {
  RetryWindowClosedError,
  isErrorCode,
  isRecord,
  parseRetryAfterMs,
  retry,
} from '@dual-channel-recording/contract';
import { FunctionError, MissingTokenError, NetworkError } from '../api/errors';
import { DEFAULT_RETRY_POLICY } from './retry';
import type { Exclusion } from '@dual-channel-recording/contract';

/** What a Function client needs from its surroundings; tests pass fakes, the plugin passes the browser's. */
export interface FunctionClientOptions {
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

/** Turns a 2xx body into the route's typed answer, throwing ResponseFormatError when it cannot. */
export type ParseSuccess<T> = (status: number, body: unknown) => T;

/** A request body as it travels (the Flex token is added by the poster). */
export type RequestBody = Readonly<Record<string, unknown>>;

/**
 * The body of one try: the same for every try, or built per try from its number for a route whose
 * body says which try it is. The number counts the tries the Function may have run: 1 for the first,
 * then one more after each try but those the Functions' gateway refused with 429 (Twilio's limit on
 * concurrent executions: the Function never ran; the Functions themselves never answer 429, see the
 * contract's ERROR_STATUS), so a retry after a refusal still says 1.
 */
export type BodyOfAttempt = RequestBody | ((attempt: number) => RequestBody);

/** POSTs `body` (plus the Flex token) to `<baseUrl>/<route>` and parses the success answer. */
export type PostFunction = <T>(
  route: BrowserRoute,
  body: BodyOfAttempt,
  parse: ParseSuccess<T>,
) => Promise<T>;

/** The value when it is a string. */
export const optionalString = (value: unknown): string | undefined =>
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
  const retryAfterMs = parseRetryAfterMs(response.headers.get('Retry-After'), now);
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
    code: isErrorCode(body.code) ? body.code : `http_${response.status}`,
    message: optionalString(body.message) ?? (response.statusText || `HTTP ${response.status}`),
    field: optionalString(body.field),
    twilioCode: typeof body.twilioCode === 'number' ? body.twilioCode : undefined,
    moreInfo: optionalString(body.moreInfo),
    retryAfterMs,
    exclusion: toExclusion(body.exclusion),
  });
}

/** The `exclusion` of a `recording_excluded` body, when it has the documented shape. */
export function toExclusion(value: unknown): Exclusion | undefined {
  if (!isRecord(value)) return undefined;
  if (value.kind === 'queue' && typeof value.queue === 'string') return { kind: 'queue', queue: value.queue };
  const { path, value: matched } = value;
  const scalar =
    typeof matched === 'string' ||
    typeof matched === 'boolean' ||
    (typeof matched === 'number' && Number.isFinite(matched));
  if (value.kind === 'attribute' && typeof path === 'string' && scalar) {
    return { kind: 'attribute', path, value: matched };
  }
  return undefined;
}

/**
 * True for the Functions gateway's refusal (429: more concurrent executions than Twilio allows), an
 * answer that proves the Function never ran. The Functions answer no error code with 429.
 */
function refusedByGateway(error: unknown): boolean {
  return error instanceof FunctionError && error.status === 429;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The transport every Function client shares: the Flex token in the body (`Token`), JSON both ways,
 * the body built per try when the route asks for it ({@link BodyOfAttempt}),
 * retries of 429, 503, 504 and network failures with jittered backoff (Retry-After plus jitter) within
 * the policy's time window (`services/retry.ts` says who retries what, and why); any other
 * error is final and thrown as a typed Error subclass carrying the Function's code and message.
 */
export function createFunctionPoster(options: FunctionClientOptions): PostFunction {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  const postOnce = async <T>(url: string, body: RequestBody, parse: ParseSuccess<T>): Promise<T> => {
    const token = options.getToken();
    if (!token) throw new MissingTokenError();
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ Token: token, ...body }),
      });
    } catch (error) {
      throw new NetworkError(url, error);
    }
    let answer: unknown;
    try {
      answer = await readJson(response);
    } catch (error) {
      // The connection dropped while the body was streaming.
      throw new NetworkError(url, error);
    }
    if (!response.ok) throw toFunctionError(response, answer, now());
    return parse(response.status, answer);
  };

  return (route, body, parse) => {
    const url = `${options.baseUrl}/${route}`;
    const bodyOf = (attempt: number): RequestBody => (typeof body === 'function' ? body(attempt) : body);
    // Earlier tries the Function may have run (every answer but the gateway's 429, and no answer).
    let mayHaveRun = 0;
    const tryOnce = async () => {
      try {
        return await postOnce(url, bodyOf(mayHaveRun + 1), parse);
      } catch (error) {
        if (!refusedByGateway(error)) mayHaveRun += 1;
        throw error;
      }
    };
    return retry(tryOnce, {
      policy,
      retryable: (error) =>
        (error instanceof FunctionError || error instanceof NetworkError) && error.retryable,
      retryAfterMs: (error) => (error instanceof FunctionError ? error.retryAfterMs : undefined),
      sleep,
      random,
      now,
    }).catch((error: unknown) => {
      // The window closed: the caller gets the Function's last answer, as after the last attempt.
      throw error instanceof RetryWindowClosedError ? error.lastError : error;
    });
  };
}
