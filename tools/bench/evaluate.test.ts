import type { BudgetCheck } from './budgets';
import type { Figures } from './evaluate';
import { evaluateBudgets } from './evaluate';
import type { HeadFigure } from './figures/head';
import type { RoundTripRow } from './figures/roundTrips';
import { headFixture, roundTripFixture } from './testing/fixtures';

const head = (ourShareP99: number): HeadFigure => headFixture([{ flexArrival: 350, ourShare: ourShareP99 }]);

const row = (type: RoundTripRow['type'], channel: string, restPerRecording: number): RoundTripRow =>
  roundTripFixture(type, channel, { 'GET taskrouter /v1/Workspaces/WS…/Tasks/WT…': restPerRecording });

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

  it('judges requests per start on an agent’s later start on the warm instance (at most 7), and names their first start beside it', () => {
    const calibration = {
      starts: 20,
      latencyMs: 100,
      requestsPerStart: 8,
      requestsPerLaterStart: 7,
      connectionsPerStart: 0,
      connectionsPerLaterStart: 0,
      roundsPerStart: 3,
      roundsBeforeCreate: 2,
      maxRoundsBeforeCreate: 2,
      headP50: 200,
      headP99: 300,
      answerP50: 250,
      functionsCpuPerStartMs: undefined,
    };
    const judged = (later: number) =>
      find(
        evaluateBudgets({
          ...figures(250, []),
          calibration: { ...calibration, requestsPerLaterStart: later },
        }),
        'requests per start',
      );
    expect(judged(7).map((c) => [c.measured, c.pass])).toEqual([['7', true]]);
    expect(judged(7)[0].metric).toContain('first start, token validation included: 8');
    expect(judged(8).map((c) => c.pass)).toEqual([false]);
  });
});
