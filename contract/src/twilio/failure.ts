/**
 * What the twilio SDK throws, read once: a `RestException` (or an RFC 9457 exception) carries the
 * HTTP status, Twilio's error code and its page; a request that got no answer carries Node's error
 * code instead. The Functions and the CLI each wrap this in their own error type.
 */
import { NO_ANSWER } from '../retry/retry';

/** A failed Twilio request, as far as its thrower says. */
export interface TwilioFailure {
  readonly message: string;
  /** Twilio's HTTP status, or `NO_ANSWER` (0) when no answer came. */
  readonly status: number;
  /** Twilio's error code (https://www.twilio.com/docs/errors/<code>). */
  readonly code?: number;
  readonly moreInfo?: string;
  /** Node's code for a connection that failed (`ECONNRESET`, …), when no answer came. */
  readonly networkCode?: string;
}

/** Reads whatever the SDK threw into a {@link TwilioFailure}. */
export function readTwilioFailure(error: unknown): TwilioFailure {
  const raw = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message =
    typeof raw.message === 'string' && raw.message !== '' ? raw.message : 'Twilio request failed';
  if (typeof raw.status === 'number') {
    return {
      message,
      status: raw.status,
      ...(typeof raw.code === 'number' ? { code: raw.code } : {}),
      ...(typeof raw.moreInfo === 'string' ? { moreInfo: raw.moreInfo } : {}),
    };
  }
  // No HTTP status: the request never got an answer (the SDK's HTTP client puts Node's code in `code`).
  return { message, status: NO_ANSWER, ...(typeof raw.code === 'string' ? { networkCode: raw.code } : {}) };
}
