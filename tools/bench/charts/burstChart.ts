/**
 * Picture of one burst of figure 3 over time: calls arriving and recordings created (cumulative), and
 * the Function and Twilio slots busy, with the Little's-law limit on "the last call is recorded" drawn
 * as a line on both panels and each resource's slots as a line on the lower one.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BurstFigure } from '../burst/runBurst';

/** The series, as the picture names them. */
export const BURST_SERIES = {
  arrived: 'calls arrived',
  recorded: 'recordings created',
  functionsBusy: 'Function invocations in flight',
  twilioBusy: 'Twilio requests in flight',
} as const;

/** The name of the vertical line at the Little's-law limit. */
export const LIMIT_LINE = "Little's-law limit";

/** The Vega-Lite spec of one burst's picture. */
export function burstChartSpec(burst: BurstFigure): TopLevelSpec {
  const { steps } = burst.timeline;
  const calls = steps.flatMap((s) => [
    { ms: s.atMs, series: BURST_SERIES.arrived, value: s.arrived },
    { ms: s.atMs, series: BURST_SERIES.recorded, value: s.recorded },
  ]);
  const slots = steps.flatMap((s) => [
    { ms: s.atMs, series: BURST_SERIES.functionsBusy, value: s.functionsBusy },
    { ms: s.atMs, series: BURST_SERIES.twilioBusy, value: s.twilioBusy },
  ]);
  const capacity = [
    ...(burst.functionSlots === undefined
      ? []
      : [{ series: BURST_SERIES.functionsBusy, slots: burst.functionSlots }]),
    ...(burst.scenario.twilioConcurrency === null
      ? []
      : [{ series: BURST_SERIES.twilioBusy, slots: burst.scenario.twilioConcurrency }]),
  ];
  const limitRule = {
    data: { values: [{ line: LIMIT_LINE, ms: Math.round(burst.littlesLaw.limitMs) }] },
    mark: { type: 'rule' as const, color: '#d62728', strokeWidth: 2, strokeDash: [6, 3] },
    encoding: { x: { field: 'ms', type: 'quantitative' as const } },
  };
  const x = { field: 'ms', type: 'quantitative', title: 'ms from the burst’s start' } as const;
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: Object.values(BURST_SERIES) },
    legend: { labelLimit: 320 },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `Burst: ${burst.scenario.label} (${burst.mode})`,
      subtitle:
        `red dashed: the Little's-law limit on the last recording (${Math.round(burst.littlesLaw.limitMs)} ms, ` +
        `${burst.littlesLaw.binding}); thin lines: the slots; in flight averaged over ${burst.timeline.stepMs} ms steps`,
    },
    vconcat: [
      {
        width: 640,
        height: 180,
        layer: [
          {
            data: { values: calls },
            mark: { type: 'line', interpolate: 'step-after' },
            encoding: { x, y: { field: 'value', type: 'quantitative', title: 'calls' }, color },
          },
          limitRule,
        ],
      },
      {
        width: 640,
        height: 180,
        layer: [
          {
            data: { values: slots },
            mark: { type: 'line' },
            encoding: { x, y: { field: 'value', type: 'quantitative', title: 'in flight' }, color },
          },
          {
            data: { values: capacity },
            mark: { type: 'rule', strokeWidth: 1 },
            encoding: { y: { field: 'slots', type: 'quantitative' }, color },
          },
          limitRule,
        ],
      },
    ],
    resolve: { scale: { color: 'shared' } },
  };
}
