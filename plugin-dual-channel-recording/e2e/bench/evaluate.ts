import type { BudgetCheck } from './budgets';
import { checkLimit } from './budgets';
import type { BurstFigure } from './burst/runBurst';
import type { BrowserCostRow } from './figures/browserCost';
import type { BundleFigure } from './figures/bundle';
import type { HeadFigure } from './figures/head';
import type { ReactionRow } from './figures/reaction';
import type { RoundTripRow } from './figures/roundTrips';
import { ms } from './stats';

/** The figures the budgets are checked against. */
export interface Figures {
  readonly head: HeadFigure;
  readonly reaction: readonly ReactionRow[];
  readonly roundTrips: readonly RoundTripRow[];
  /** The burst in the mode the budget is judged on (closest to deployed Functions). */
  readonly burst: BurstFigure | undefined;
  readonly browserCost: readonly BrowserCostRow[];
  readonly bundle: BundleFigure;
}

const maxOf = (values: ReadonlyArray<number | undefined>): number | undefined => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
};

/** Checks every budget of the issue; a figure that could not be measured is n/a, not a pass. */
export function evaluateBudgets(f: Figures): BudgetCheck[] {
  const all = f.reaction.find((r) => r.group === 'all calls');
  const seq = maxOf(f.roundTrips.map((r) => r.sequentialBeforeCreate));
  const rest = maxOf(f.roundTrips.map((r) => r.restPerRecording));
  const burst = f.burst?.verdict;
  const share = burst && burst.calls > 0 ? (burst.recordedOnce / burst.calls) * 100 : undefined;
  const wakeUps = f.browserCost.reduce((sum, r) => sum + r.oursWakeUpsTotal, 0);
  const waits = f.browserCost.reduce((sum, r) => sum + r.waits, 0);
  return [
    checkLimit(
      { figure: '0', metric: 'head of the conversation, p99', measured: ms(f.head.p99), goal: '≤ 400 ms' },
      f.head.p99,
      400,
    ),
    checkLimit(
      {
        figure: '1',
        metric: 'reaction speed-up, median poller / median ours',
        measured: all?.speedup === undefined ? 'n/a' : `${all.speedup.toFixed(1)}×`,
        goal: '≥ 10×',
      },
      all?.speedup,
      10,
      true,
    ),
    checkLimit(
      {
        figure: '2',
        metric: 'sequential Twilio requests before the create (worst call type)',
        measured: String(seq ?? 'n/a'),
        goal: '≤ 2',
      },
      seq,
      2,
    ),
    checkLimit(
      {
        figure: '2',
        metric: 'Twilio REST calls per recorded call, happy path (worst median over types)',
        measured: rest === undefined ? 'n/a' : String(rest),
        goal: '≤ 6',
      },
      rest,
      6,
    ),
    checkLimit(
      {
        figure: '3',
        metric: `burst: share recorded exactly once (${f.burst?.mode ?? 'not run'})`,
        measured: share === undefined ? 'n/a' : `${share.toFixed(1)} %`,
        goal: '100 %',
      },
      share,
      100,
      true,
    ),
    checkLimit(
      { figure: '3', metric: 'burst: duplicates', measured: String(burst?.duplicates ?? 'n/a'), goal: '0' },
      burst?.duplicates,
      0,
    ),
    checkLimit(
      {
        figure: '3',
        metric: 'burst: attributes lost',
        measured: String(burst?.attributesLost ?? 'n/a'),
        goal: '0',
      },
      burst?.attributesLost,
      0,
    ),
    checkLimit(
      {
        figure: '3',
        metric: 'burst: Function duration p99',
        measured: ms(f.burst?.durationP99),
        goal: '< 10 s',
      },
      f.burst?.durationP99,
      9999,
    ),
    checkLimit(
      {
        figure: '4',
        metric: 'plugin polling wake-ups while waiting for the leg',
        measured: waits > 0 ? `${wakeUps} over ${waits} waits` : 'n/a',
        goal: '0',
      },
      waits > 0 ? wakeUps : undefined,
      0,
    ),
    checkLimit(
      {
        figure: '5',
        metric: 'production bundle, gzip',
        measured: `${(f.bundle.gzip / 1024).toFixed(1)} KB`,
        goal: '≤ 30 KB',
      },
      f.bundle.gzip,
      30 * 1024,
    ),
  ];
}
