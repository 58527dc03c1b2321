/**
 * A burst over time, for its picture: cumulative arrivals and recordings, and the Function and Twilio
 * slots busy, on one time axis from the burst's start.
 */

/** Something that held a slot from `startAt` to `endAt` (epoch ms). */
export interface BusyInterval {
  readonly startAt: number;
  readonly endAt: number;
}

/** What the burst's timeline is drawn from (epoch ms throughout). */
export interface TimelineInput {
  /** The burst's start: every time on the axis is measured from here. */
  readonly startedAt: number;
  /** Each call's first send. */
  readonly arrivals: readonly number[];
  /** Each call's recording created (its first successful create answered). */
  readonly recordings: readonly number[];
  /** The attempts the Functions ran (the gateway's own 429s excluded). */
  readonly functions: readonly BusyInterval[];
  /** The Twilio requests the sandbox served. */
  readonly twilio: readonly BusyInterval[];
  /** Draw at least this far (ms from the start), so a limit beyond the last event still shows. */
  readonly minSpanMs: number;
}

/** One step of the timeline. */
export interface TimelineStep {
  /** The step's end, ms from the burst's start. */
  readonly atMs: number;
  /** Calls that had sent their first request by the step's end. */
  readonly arrived: number;
  /** Calls recorded by the step's end. */
  readonly recorded: number;
  /** Function invocations in flight, averaged over the step (a peak shorter than a step is flattened). */
  readonly functionsBusy: number;
  /** Twilio requests in flight, averaged over the step. */
  readonly twilioBusy: number;
}

/** The burst's timeline at a fixed step. */
export interface BurstTimeline {
  readonly stepMs: number;
  readonly steps: readonly TimelineStep[];
}

/** The mean number of `intervals` in flight over [from, to). */
function meanBusy(intervals: readonly BusyInterval[], from: number, to: number): number {
  let covered = 0;
  for (const i of intervals) covered += Math.max(0, Math.min(i.endAt, to) - Math.max(i.startAt, from));
  return covered / (to - from);
}

/**
 * Cuts the burst into about `steps` equal steps (whole milliseconds, at least 1 ms) from its start to
 * its last event or `minSpanMs`, whichever is later, and tallies each.
 */
export function burstTimeline(input: TimelineInput, steps = 200): BurstTimeline {
  const ends = [
    ...input.arrivals,
    ...input.recordings,
    ...input.functions.map((i) => i.endAt),
    ...input.twilio.map((i) => i.endAt),
  ];
  const spanMs = Math.max(input.minSpanMs, ...ends.map((at) => at - input.startedAt), 1);
  const stepMs = Math.max(1, Math.ceil(spanMs / steps));
  const count = Math.ceil(spanMs / stepMs);
  const upTo = (times: readonly number[], at: number): number =>
    times.filter((t) => t - input.startedAt <= at).length;
  return {
    stepMs,
    steps: Array.from({ length: count }, (_, k) => {
      const atMs = (k + 1) * stepMs;
      const from = input.startedAt + k * stepMs;
      const to = input.startedAt + atMs;
      return {
        atMs,
        arrived: upTo(input.arrivals, atMs),
        recorded: upTo(input.recordings, atMs),
        functionsBusy: meanBusy(input.functions, from, to),
        twilioBusy: meanBusy(input.twilio, from, to),
      };
    }),
  };
}
