import { burstTimeline } from './timeline';

describe('burstTimeline', () => {
  const input = {
    startedAt: 1000,
    arrivals: [1000, 1010, 1020],
    recordings: [1150, 1260],
    functions: [
      { startAt: 1000, endAt: 1100 },
      { startAt: 1050, endAt: 1100 },
    ],
    twilio: [{ startAt: 1000, endAt: 1400 }],
    minSpanMs: 0,
  };

  it('counts arrivals and recordings cumulatively at the end of each step', () => {
    const timeline = burstTimeline(input, 4);
    expect(timeline.stepMs).toBe(100);
    expect(timeline.steps.map((s) => [s.atMs, s.arrived, s.recorded])).toEqual([
      [100, 3, 0],
      [200, 3, 1],
      [300, 3, 2],
      [400, 3, 2],
    ]);
  });

  it('averages the slots busy over each step, so a half-step invocation counts a half', () => {
    const timeline = burstTimeline(input, 4);
    expect(timeline.steps.map((s) => s.functionsBusy)).toEqual([1.5, 0, 0, 0]);
    expect(timeline.steps.map((s) => s.twilioBusy)).toEqual([1, 1, 1, 1]);
  });

  it("draws up to minSpanMs when that is later than the last event (a limit beyond the burst's end)", () => {
    const timeline = burstTimeline({ ...input, minSpanMs: 800 }, 4);
    expect(timeline.stepMs).toBe(200);
    expect(timeline.steps.at(-1)?.atMs).toBe(800);
  });
});
