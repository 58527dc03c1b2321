import type { BudgetCheck } from './budgets';
import type { Figures } from './evaluate';
import { evaluateBudgets } from './evaluate';
import type { HeadFigure } from './figures/head';
import type { RoundTripRow } from './figures/roundTrips';

function head(ourShareP99: number): HeadFigure {
  return {
    calls: 1,
    p50: 600,
    p99: 350 + ourShareP99,
    max: 350 + ourShareP99,
    flexArrivalP50: 350,
    flexArrivalP99: 350,
    ourShareP50: ourShareP99,
    ourShareP99,
    pieces: { head: 600, flexEvent: 350, plugin: 5, toFunction: 20, rounds: 200, create: 100 },
    perCall: [{ flexArrival: 350, ourShare: ourShareP99 }],
  };
}

function row(type: RoundTripRow['type'], channel: string, restPerRecording: number): RoundTripRow {
  return {
    type,
    channel,
    calls: 3,
    recordingsPerCall: 1,
    sequentialBeforeCreate: 2,
    requestsBeforeCreate: 6,
    restPerRecording,
    restPerRecordingMax: restPerRecording,
    restPerRecordingMean: restPerRecording,
    endpointsPerRecording: [],
  };
}

function figures(ourShareP99: number, roundTrips: RoundTripRow[]): Figures {
  return {
    head: head(ourShareP99),
    reaction: [],
    roundTrips,
    bursts: [],
    calibration: undefined,
    browserCost: [],
    bundle: { files: [], raw: 0, gzip: 0 },
  };
}

const find = (checks: BudgetCheck[], part: string): BudgetCheck[] =>
  checks.filter((c) => c.metric.includes(part));

describe('evaluateBudgets (issue 23 goals)', () => {
  it('holds our share of the head, p99, strictly under 300 ms', () => {
    expect(find(evaluateBudgets(figures(299, [])), 'our share').map((c) => c.pass)).toEqual([true]);
    expect(find(evaluateBudgets(figures(300, [])), 'our share').map((c) => c.pass)).toEqual([false]);
  });

  it('judges REST calls per recorded call for every call type by its worse channel, at most 12', () => {
    const checks = evaluateBudgets(
      figures(250, [
        row('inbound', 'customer', 12),
        row('inbound', 'worker', 11),
        row('transfer', 'customer', 42),
        row('transfer', 'worker', 12),
      ]),
    );
    const rest = find(checks, 'REST calls per recorded call');
    expect(rest.map((c) => [c.metric.split(':')[0], c.measured, c.pass])).toEqual([
      ['inbound', '12 (customer)', true],
      ['outbound', 'n/a', undefined],
      ['internal', 'n/a', undefined],
      ['transfer', '42 (customer)', false],
    ]);
  });
});
