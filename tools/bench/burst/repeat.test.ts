import type { BurstFigure } from './runBurst';
import { lastOverLimit, medianRun } from './repeat';

/** A burst figure with only what the median looks at (and a name to tell runs apart). */
function run(lastRecordedMs: number | undefined, name: string): BurstFigure {
  return { lastRecordedMs, littlesLaw: { limitMs: 4000 }, mode: name } as unknown as BurstFigure;
}

describe('medianRun', () => {
  it('reports the run whose last recording over the limit is the median, with every ratio in run order', () => {
    const chosen = medianRun([run(5520, 'slow'), run(4720, 'fast'), run(4800, 'middle')]);
    expect(chosen.mode).toBe('middle');
    expect(chosen.repeatRatios).toEqual([1.38, 1.18, 1.2]);
  });

  it('takes the lower middle of an even count, and counts a run with no recording as the worst', () => {
    expect(medianRun([run(undefined, 'none'), run(4800, 'a'), run(4400, 'b'), run(5000, 'c')]).mode).toBe(
      'a',
    );
    expect(medianRun([run(undefined, 'none'), run(undefined, 'none too'), run(4000, 'one')]).mode).toBe(
      'none',
    );
    expect(lastOverLimit(run(undefined, 'x'))).toBeUndefined();
  });

  it('reports a single run as it is', () => {
    const chosen = medianRun([run(4400, 'only')]);
    expect(chosen.mode).toBe('only');
    expect(chosen.repeatRatios).toEqual([1.1]);
    expect(() => medianRun([])).toThrow();
  });
});
