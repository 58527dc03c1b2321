/** What the gateway has done since it started (or since the last reset). */
export interface GatewayCounters {
  /** Invocations handed to the Functions. */
  admitted: number;
  /** Invocations that answered within the time limit. */
  completed: number;
  /** Requests answered 429 because `maxConcurrency` invocations were in flight. */
  rejectedBusy: number;
  /** Invocations cut at `timeoutMs` and answered 504. */
  timedOut: number;
  /** Invocations the Functions never answered (connection refused or broken), answered 502. */
  failed: number;
  /** Requests answered 431 for their headers. */
  rejectedHeaders: number;
  /** Requests answered 413 for their body. */
  rejectedBody: number;
  /** Function responses replaced by 431 (headers) or 502 (body) for their size. */
  rejectedResponses: number;
  /** Preflights the gateway answered itself. */
  preflights: number;
  /** Invocations in flight now. */
  inFlight: number;
  /** The most invocations in flight at once. */
  peakInFlight: number;
}

/** Fresh counters; `inFlight` survives a reset because those invocations are still running. */
export function emptyCounters(inFlight = 0): GatewayCounters {
  return {
    admitted: 0,
    completed: 0,
    rejectedBusy: 0,
    timedOut: 0,
    failed: 0,
    rejectedHeaders: 0,
    rejectedBody: 0,
    rejectedResponses: 0,
    preflights: 0,
    inFlight,
    peakInFlight: inFlight,
  };
}
