import type { CallSample } from '../browser/runCall';
import { defined, median, quantile, ratio } from '../stats';

/** Reaction times of one strategy: leg live in the Flex state → request (or detection). */
export interface ReactionStats {
  readonly n: number;
  readonly median: number | undefined;
  readonly p95: number | undefined;
}

/** Figure 1 for one group of calls: ours and the 100 ms poller side by side. */
export interface ReactionRow {
  readonly group: string;
  readonly ours: ReactionStats;
  readonly baseline: ReactionStats;
  /** median(baseline) / median(ours). */
  readonly speedup: number | undefined;
}

const stats = (values: number[]): ReactionStats => ({
  n: values.length,
  median: median(values),
  p95: quantile(values, 0.95),
});

/** Reaction rows: every reservation of the given calls where both strategies saw the leg. */
export function reactionRow(group: string, samples: readonly CallSample[]): ReactionRow {
  const timelines = samples.flatMap((s) => s.reservations);
  const ours = defined(
    timelines.map((t) =>
      t.legLiveAt === undefined || t.oursRequestAt === undefined ? undefined : t.oursRequestAt - t.legLiveAt,
    ),
  );
  const baseline = defined(
    timelines.map((t) =>
      t.legLiveAt === undefined || t.baselineDetectAt === undefined
        ? undefined
        : t.baselineDetectAt - t.legLiveAt,
    ),
  );
  const row = { group, ours: stats(ours), baseline: stats(baseline) };
  return { ...row, speedup: ratio(row.baseline.median, row.ours.median) };
}
