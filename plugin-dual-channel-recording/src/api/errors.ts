import { NO_ANSWER, isRetryableStatus } from '@dual-channel-recording/contract';
import type { ErrorCode, Exclusion } from '@dual-channel-recording/contract';

/**
 * The code a {@link FunctionError} carries: one of the contract's codes, so a branch on a code the
 * contract renames or drops fails to compile, or `http_<status>` when the body named none it knows.
 */
export type FunctionErrorCode = ErrorCode | `http_${number}`;

/** The Function answered with an error body (`{ status, code, message, field?, twilioCode?, moreInfo? }`). */
export class FunctionError extends Error {
  override readonly name = 'FunctionError';
  /** HTTP status of the response. */
  readonly status: number;
  /** The Function's snake_case error code, e.g. `call_not_in_progress`; `http_<status>` if the body had none. */
  readonly code: FunctionErrorCode;
  readonly field: string | undefined;
  readonly twilioCode: number | undefined;
  readonly moreInfo: string | undefined;
  /** Milliseconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;
  /** `recording_excluded`: the exclusion the Function found. */
  readonly exclusion: Exclusion | undefined;

  constructor(init: {
    status: number;
    code: FunctionErrorCode;
    message: string;
    field?: string | undefined;
    twilioCode?: number | undefined;
    moreInfo?: string | undefined;
    retryAfterMs?: number | undefined;
    exclusion?: Exclusion | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.twilioCode = init.twilioCode;
    this.moreInfo = init.moreInfo;
    this.retryAfterMs = init.retryAfterMs;
    this.exclusion = init.exclusion;
  }

  /**
   * 429, 503 and 504 are worth another try; every other 4xx/5xx is final. 504 is Twilio's gateway
   * cutting a Function at 10 s: every route is idempotent, so trying again cannot record twice.
   */
  get retryable(): boolean {
    return isRetryableStatus(this.status) || this.status === 504;
  }
}

/** The request never got an HTTP answer (offline, DNS, connection reset, CORS). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  /** No HTTP answer: the contract's `NO_ANSWER` (0), as the browser reports it. */
  readonly status = NO_ANSWER;
  readonly url: string;
  readonly underlying: unknown;

  constructor(url: string, cause: unknown) {
    super(`Could not reach ${url}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.url = url;
    this.underlying = cause;
  }

  /** A request that got no answer is worth another try (the contract's one rule for no answer). */
  get retryable(): boolean {
    return isRetryableStatus(this.status);
  }
}

/** The Function answered 2xx with a body that is not the documented success shape. */
export class ResponseFormatError extends Error {
  override readonly name = 'ResponseFormatError';
  readonly status: number;

  constructor(status: number, detail: string) {
    super(`Unexpected response (HTTP ${status}): ${detail}`);
    this.status = status;
  }
}

/** Flex has no token for this session, so the Function could not authenticate the call. */
export class MissingTokenError extends Error {
  override readonly name = 'MissingTokenError';

  constructor() {
    super('No Flex token is available for this session');
  }
}
