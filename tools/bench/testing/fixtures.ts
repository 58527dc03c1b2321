/** Small fixed figures for the bench's unit tests (the chart builders and the budgets). */
import type { HeadFigure, HeadSplit } from '../figures/head';
import { headSplitStats } from '../figures/head';
import type { RoundTripRow } from '../figures/roundTrips';

/** A head figure over `perCall`, its percentiles computed as the bench does; the pieces are fixed. */
export function headFixture(perCall: readonly HeadSplit[]): HeadFigure {
  const stats = headSplitStats(perCall);
  return {
    ...stats,
    pieces: {
      head: stats.p50,
      flexEvent: stats.flexArrivalP50,
      plugin: 5,
      toFunction: 20,
      rounds: 200,
      create: 100,
    },
  };
}

/** A round-trip row of one recording per call whose requests per recorded call are `perEndpoint`. */
export function roundTripFixture(
  type: RoundTripRow['type'],
  channel: string,
  perEndpoint: Readonly<Record<string, number>>,
): RoundTripRow {
  const total = Object.values(perEndpoint).reduce((a, b) => a + b, 0);
  return {
    type,
    channel,
    calls: 3,
    recordingsPerCall: 1,
    sequentialBeforeCreate: 2,
    requestsBeforeCreate: 6,
    restPerRecording: total,
    restPerRecordingMax: total,
    configurationRefreshes: 0,
    restPerRecordingMean: total,
    endpointsPerRecording: Object.entries(perEndpoint).map(([endpoint, perRecording]) => ({
      endpoint,
      perRecording,
    })),
  };
}
