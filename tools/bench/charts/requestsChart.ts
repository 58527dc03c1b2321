/**
 * Picture of figure 2: Twilio requests per recorded call (whole life, the sink's included) for each
 * call type and channel, each bar split by endpoint, with the budget drawn as a line.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RoundTripRow } from '../figures/roundTrips';

/** The budget on requests per recorded call, drawn as a line. */
export interface RequestsBudget {
  readonly perRecordedCallAtMost: number;
}

/**
 * An endpoint as the legend shows it: method, host and the path after the account or workspace
 * ("GET taskrouter Tasks/WT…"), so a legend of a dozen endpoints stays readable.
 */
export function shortEndpoint(endpoint: string): string {
  return endpoint
    .replace(/\/2010-04-01\/Accounts\/AC…/, '')
    .replace(/\/v1\/Workspaces\/WS…/, '')
    .replace(/\/v1\/Accounts\/AC…/, '')
    .replace(/\.json$/, '')
    .replace(/ \//, ' ');
}

/** The bar of one call type and channel. */
export const groupOf = (row: Pick<RoundTripRow, 'type' | 'channel'>): string =>
  `${row.type} / ${row.channel}`;

/** The Vega-Lite spec of figure 2's picture. */
export function requestsChartSpec(rows: readonly RoundTripRow[], budget: RequestsBudget): TopLevelSpec {
  const values = rows.flatMap((row) =>
    row.endpointsPerRecording.map((e) => ({
      group: groupOf(row),
      endpoint: shortEndpoint(e.endpoint),
      requests: Math.round(e.perRecording * 100) / 100,
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: 'Twilio requests per recorded call, whole life (create, callbacks, Event Streams sink)',
      subtitle: `mean over the calls of each type and channel, split by endpoint; red dashed line: the budget (≤ ${budget.perRecordedCallAtMost})`,
    },
    width: 640,
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'group', type: 'nominal', title: null, sort: rows.map(groupOf) },
          x: { field: 'requests', type: 'quantitative', stack: 'zero', title: 'requests per recorded call' },
          color: {
            field: 'endpoint',
            type: 'nominal',
            scale: { scheme: 'tableau20' },
            legend: { orient: 'bottom', columns: 2, labelLimit: 320 },
          },
          order: { field: 'requests', sort: 'descending' },
        },
      },
      {
        data: { values: [{ budget: budget.perRecordedCallAtMost }] },
        mark: { type: 'rule', color: '#d62728', strokeWidth: 3, strokeDash: [6, 3] },
        encoding: { x: { field: 'budget', type: 'quantitative' } },
      },
    ],
  };
}
