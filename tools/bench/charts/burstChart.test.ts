import type { BurstFigure } from '../burst/runBurst';
import { burstTimeline } from '../burst/timeline';
import { BURST_SERIES, burstChartSpec } from './burstChart';
import { svgItems } from './readSvg';
import { renderSvg } from './renderSvg';

/** A burst of three calls over 400 ms in 4 steps, 30 Function slots, 100 Twilio slots, limit 350 ms. */
function burst(twilioConcurrency: number | null): BurstFigure {
  const timeline = burstTimeline(
    {
      startedAt: 0,
      arrivals: [0, 10, 20],
      recordings: [150, 260, 330],
      functions: [{ startAt: 0, endAt: 330 }],
      twilio: [{ startAt: 0, endAt: 400 }],
      minSpanMs: 0,
    },
    4,
  );
  return {
    scenario: { id: 'main', label: '3 in 1 s', calls: 3, windowMs: 20, twilioConcurrency },
    mode: 'in-process',
    spreadMs: 20,
    verdict: {
      calls: 3,
      recordedOnce: 3,
      duplicates: 0,
      unrecorded: 0,
      orphans: 0,
      attributesLost: 0,
      stoppedExtra: 0,
    },
    attempts: 3,
    durationP50: 300,
    durationP99: 330,
    results: { created: 3 },
    statuses: { '201': 3 },
    twilioRequests: 21,
    twilio429: 0,
    minimumRequests: 21,
    invocations: 3,
    gateway429: 0,
    gateway504: 0,
    peakFunctions: 3,
    peakTwilio: 3,
    meanFunctionsBusy: 1,
    invocationP50: 300,
    functionsCpuMs: 30,
    benchCpuMs: 30,
    cpuStallMs: 0,
    measuredWorkBoundMs: 30,
    lastRecordedMs: 330,
    littlesLaw: {
      functionBoundMs: 70,
      twilioBoundMs: 21,
      arrivalBoundMs: 350,
      limitMs: 350,
      binding: 'arrivals',
    },
    headP50: 240,
    headP99: 310,
    maxWindowShare: 0.01,
    callbacksFailed: 0,
    wallMs: 400,
    functionSlots: 30,
    timeline,
  };
}

describe('burstChartSpec', () => {
  it('draws arrivals, recordings and both resources busy as one line each', async () => {
    const items = svgItems(await renderSvg(burstChartSpec(burst(100))));
    const lines = items.filter((i) => i.mark === 'line mark').map((i) => i.fields.series);
    expect(lines.sort()).toEqual(Object.values(BURST_SERIES).sort());
  });

  it("draws the Little's-law limit as a line on both panels, and each resource's slots", async () => {
    const items = svgItems(await renderSvg(burstChartSpec(burst(100))));
    const rules = items.filter((i) => i.mark === 'rule mark');
    expect(rules.filter((r) => r.fields.ms !== undefined).map((r) => Number(r.fields.ms))).toEqual([
      350, 350,
    ]);
    expect(
      rules.filter((r) => r.fields.slots !== undefined).map((r) => [r.fields.series, r.fields.slots]),
    ).toEqual([
      [BURST_SERIES.functionsBusy, '30'],
      [BURST_SERIES.twilioBusy, '100'],
    ]);
  });

  it('draws no Twilio slot line when the burst had no in-flight limit (the old per-second model)', async () => {
    const items = svgItems(await renderSvg(burstChartSpec(burst(null))));
    const slots = items.filter((i) => i.mark === 'rule mark' && i.fields.slots !== undefined);
    expect(slots.map((r) => r.fields.series)).toEqual([BURST_SERIES.functionsBusy]);
  });
});
