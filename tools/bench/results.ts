import type { BudgetCheck } from './budgets';
import type { ChartLinks } from './charts/writeCharts';
import type { Calibration } from './burst/calibrate';
import type { BurstFigure } from './burst/runBurst';
import type { BrowserCostRow } from './figures/browserCost';
import type { BundleFigure } from './figures/bundle';
import type { HeadFigure } from './figures/head';
import type { ReactionRow } from './figures/reaction';
import type { RoundTripRow } from './figures/roundTrips';
import type { MachineInfo } from './machine';

/** Everything one bench run measured, ready to render. */
export interface BenchResults {
  readonly startedAt: string;
  readonly durationS: number;
  readonly commit: string;
  readonly machine: MachineInfo;
  /** The run's parameters (calls per figure, latency, ...), shown with the tables. */
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly head: HeadFigure;
  readonly reaction: readonly ReactionRow[];
  readonly roundTrips: readonly RoundTripRow[];
  /** Twilio endpoints of one inbound customer-channel call, with counts. */
  readonly endpoints: ReadonlyArray<{ readonly endpoint: string; readonly count: number }>;
  readonly bursts: readonly BurstFigure[];
  /** One start's cost at no load, measured before the bursts (undefined when no burst ran). */
  readonly calibration: Calibration | undefined;
  readonly browserCost: readonly BrowserCostRow[];
  readonly bundle: BundleFigure;
  readonly budgets: readonly BudgetCheck[];
  /** Problems met while measuring (page errors, a figure that could not run). */
  readonly problems: readonly string[];
  /** The pictures of this run, relative to the report. */
  readonly charts: ChartLinks;
}
