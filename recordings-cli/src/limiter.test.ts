import { Limiter, forEachLimited } from './limiter';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('Limiter', () => {
  it('never runs more than its limit at once, and runs everything', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limiter.run(async () => {
          peak = Math.max(peak, ++active);
          await tick();
          active--;
          return i;
        }),
      ),
    );
    expect(results).toEqual([...Array(10).keys()]);
    expect(peak).toBe(3);
    expect(limiter.peak).toBe(3);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('forEachLimited', () => {
  it('stops starting items once the signal aborts', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    await forEachLimited(
      [1, 2, 3, 4],
      1,
      async (n) => {
        seen.push(n);
        if (n === 2) controller.abort();
        await tick();
      },
      controller.signal,
    );
    expect(seen).toEqual([1, 2]);
  });
});
