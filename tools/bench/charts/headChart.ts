/**
 * Picture of figure 0: the head of the conversation of every call as a distribution, split where the
 * plugin can first act: Flex's own conference arrival (connected → leg live in Flex's state), then
 * our share (leg live → recording created), with our share's budget drawn as a line.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { HeadFigure } from '../figures/head';
import { quantile } from '../stats';

/** The parts, top to bottom, as the picture names them. */
export const HEAD_PARTS = {
  flexArrival: "Flex's arrival",
  ourShare: 'our share',
  head: 'head',
} as const;

/** Our share's budget (p99 below it), drawn as a line. */
export interface HeadBudget {
  readonly ourShareP99BelowMs: number;
}

/** The Vega-Lite spec of figure 0's picture. */
export function headChartSpec(head: HeadFigure, budget: HeadBudget): TopLevelSpec {
  const order = Object.values(HEAD_PARTS);
  const perPart = {
    [HEAD_PARTS.flexArrival]: head.perCall.map((c) => c.flexArrival),
    [HEAD_PARTS.ourShare]: head.perCall.map((c) => c.ourShare),
    [HEAD_PARTS.head]: head.perCall.map((c) => c.flexArrival + c.ourShare),
  };
  const calls = Object.entries(perPart).flatMap(([part, values]) => values.map((ms) => ({ part, ms })));
  const p99s = Object.entries(perPart).flatMap(([part, values]) => {
    const p99 = quantile(values, 0.99);
    return p99 === undefined ? [] : [{ part, p99 }];
  });
  const y = { field: 'part', type: 'nominal', title: null, sort: order } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `Head of the conversation, ${head.calls} inbound calls (one tick per call)`,
      subtitle: [
        "Flex's arrival: connected → leg live in Flex's state (Flex's conference loading); " +
          'our share: leg live → recording created',
        "head = Flex's arrival + our share; diamond: p99; red line: our share's budget (p99 below it)",
      ],
    },
    width: 640,
    layer: [
      {
        data: { values: calls },
        mark: { type: 'tick', opacity: 0.6, thickness: 1.5 },
        encoding: {
          x: { field: 'ms', type: 'quantitative', title: 'ms' },
          y,
          color: { field: 'part', type: 'nominal', sort: order, legend: null },
        },
      },
      {
        data: { values: p99s },
        mark: { type: 'point', shape: 'diamond', filled: true, size: 90, color: 'black' },
        encoding: { x: { field: 'p99', type: 'quantitative' }, y },
      },
      {
        data: { values: [{ part: HEAD_PARTS.ourShare, budget: budget.ourShareP99BelowMs }] },
        mark: { type: 'rule', color: '#d62728', strokeWidth: 2 },
        encoding: { x: { field: 'budget', type: 'quantitative' } },
      },
    ],
  };
}
