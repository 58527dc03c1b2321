/**
 * Twilio's published limits on a deployed Function ("Functions and Assets: Limits"; "Headers and
 * cookies → Limitations") and on an Event Streams webhook sink. The Functions derive their time
 * budgets from these, and the local gateway enforces them; KB and MB are read as 1024 and 1024² bytes.
 */

/** What Twilio's Functions gateway allows one service and one invocation. */
export const FUNCTION_LIMITS = {
  /** An invocation still running after this long is cut (504) and its process may be killed. */
  executionMs: 10_000,
  /** Invocations of one service in flight at once; one more is answered 429. */
  concurrentInvocations: 30,
  /** Largest request body (413 beyond). */
  requestBodyBytes: 1024 * 1024,
  /** Largest response body. */
  responseBodyBytes: 4 * 1024 * 1024,
  /** Largest header section, headers and cookies as sent (431 beyond). */
  headerBytes: 15 * 1024,
  /** Most headers plus cookies (431 beyond). */
  headerCount: 90,
} as const;

/** How long Event Streams waits for a webhook sink's answer before it counts the delivery as failed. */
export const EVENT_STREAMS_SINK_TIMEOUT_MS = 5000;
