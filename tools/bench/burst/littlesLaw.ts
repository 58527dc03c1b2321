/**
 * The physical limit a burst is judged against (Little's law: work in flight = arrival rate × time in
 * the system, so N starts that each hold a slot for S seconds need at least N·S / slots seconds).
 */

/** What one start costs, measured with no load, and the limits it runs under. */
export interface StartCost {
  /** Sequential Twilio rounds of one start, the token's and the task write's included. */
  readonly roundsPerStart: number;
  /** Sequential rounds before the create request. */
  readonly roundsBeforeCreate: number;
  /** Twilio requests of one start. */
  readonly requestsPerStart: number;
  /** The sandbox's latency per Twilio request. */
  readonly latencyMs: number;
}

/** The burst's shape and the two concurrency limits. */
export interface BurstShape {
  readonly calls: number;
  /** The first sends are spread evenly over this window. */
  readonly windowMs: number;
  /** Function invocations in flight at once (the gateway's cap). */
  readonly functionSlots: number;
  /** Twilio REST requests in flight at once; null: no limit. */
  readonly twilioSlots: number | null;
}

/** The lower bound on "the last call is recorded", and which term sets it. */
export interface LittlesLawLimit {
  /** N · rounds · latency / Function slots: the Function-seconds of work over the slots. */
  readonly functionBoundMs: number;
  /** N · requests · latency / Twilio slots: the Twilio-request-seconds over the slots (0 without a limit). */
  readonly twilioBoundMs: number;
  /** The last call arrives at the end of the window and needs its rounds up to the create. */
  readonly arrivalBoundMs: number;
  readonly limitMs: number;
  readonly binding: 'Function slots' | 'Twilio slots' | 'arrivals';
}

/**
 * The earliest the last of `shape.calls` starts can be recorded: no schedule beats the busiest
 * resource's work divided by its slots, nor the last arrival plus its own rounds up to the create.
 * Counts only latency (the sandbox's per-request time), never CPU, so it is a true lower bound.
 */
export function littlesLawLimit(cost: StartCost, shape: BurstShape): LittlesLawLimit {
  const functionBoundMs = (shape.calls * cost.roundsPerStart * cost.latencyMs) / shape.functionSlots;
  const twilioBoundMs =
    shape.twilioSlots === null
      ? 0
      : (shape.calls * cost.requestsPerStart * cost.latencyMs) / shape.twilioSlots;
  const arrivalBoundMs = shape.windowMs + (cost.roundsBeforeCreate + 1) * cost.latencyMs;
  const limitMs = Math.max(functionBoundMs, twilioBoundMs, arrivalBoundMs);
  const binding =
    limitMs === functionBoundMs ? 'Function slots' : limitMs === twilioBoundMs ? 'Twilio slots' : 'arrivals';
  return { functionBoundMs, twilioBoundMs, arrivalBoundMs, limitMs, binding };
}
