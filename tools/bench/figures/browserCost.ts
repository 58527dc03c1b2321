import type { CallSample } from '../browser/runCall';
import type { CallType } from '../browser/scenarios';
import type { TimerEvent, TimerOwner } from '../page/probeTypes';
import { defined, mean, median } from '../stats';

/** Figure 4 for one call type: timers per accepted call while waiting for the leg, by strategy. */
export interface BrowserCostRow {
  readonly type: CallType;
  /** Accepted reservations measured. */
  readonly waits: number;
  /** Median wait: taskAccepted → our request. */
  readonly waitMs: number | undefined;
  /** Per accepted call: timers the plugin created / timer callbacks of the plugin that ran. */
  readonly oursCreated: number | undefined;
  readonly oursWakeUps: number | undefined;
  /** The same for the 100 ms poller over its own wait (taskAccepted → detection). */
  readonly baselineCreated: number | undefined;
  readonly baselineWakeUps: number | undefined;
  /** Every plugin timer callback that ran during any wait (the budget: 0). */
  readonly oursWakeUpsTotal: number;
}

const count = (
  timers: readonly TimerEvent[],
  owner: TimerOwner,
  event: TimerEvent['event'],
  from: number,
  to: number,
): number =>
  timers.filter((t) => t.owner === owner && t.event === event && t.at >= from && t.at <= to).length;

/** Figure 4 row for the samples of one call type. */
export function browserCostRow(type: CallType, samples: readonly CallSample[]): BrowserCostRow {
  const waits = samples.flatMap((s) =>
    s.reservations
      .filter((r) => r.acceptedAt !== undefined && r.oursRequestAt !== undefined)
      // The wait starts at the first sign of the accept: the plugin may react to the store change
      // that precedes Flex's taskAccepted event.
      .map((r) => ({
        sample: s,
        r,
        from: Math.min(r.acceptedAt ?? 0, r.acceptedInStoreAt ?? Infinity),
        ours: r.oursRequestAt ?? 0,
      })),
  );
  const ours = waits.map(({ sample, from, ours: to }) => ({
    created: count(sample.timers, 'plugin', 'create', from, to),
    fired: count(sample.timers, 'plugin', 'fire', from, to),
  }));
  const baseline = waits
    .filter(({ r }) => r.baselineDetectAt !== undefined)
    .map(({ sample, from, r }) => ({
      created: count(sample.timers, 'baseline', 'create', from, r.baselineDetectAt ?? from),
      fired: count(sample.timers, 'baseline', 'fire', from, r.baselineDetectAt ?? from),
    }));
  return {
    type,
    waits: waits.length,
    waitMs: median(defined(waits.map((w) => Math.max(0, w.ours - w.from)))),
    oursCreated: mean(ours.map((o) => o.created)),
    oursWakeUps: mean(ours.map((o) => o.fired)),
    baselineCreated: mean(baseline.map((b) => b.created)),
    baselineWakeUps: mean(baseline.map((b) => b.fired)),
    oursWakeUpsTotal: ours.reduce((sum, o) => sum + o.fired, 0),
  };
}
