import {
  NO_ANSWER,
  RetryWindowClosedError,
  backoffDelayMs,
  isRetryableStatus,
  parseRetryAfterMs,
  retry,
} from './retry';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelayMs', () => {
  it('is a random share of a doubling cap, never above maxDelayMs', () => {
    expect(backoffDelayMs(1, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('takes Retry-After as a floor, with the policy’s jitter on top, capped', () => {
    expect(backoffDelayMs(1, policy, () => 0, 500)).toBe(500);
    expect(backoffDelayMs(1, policy, () => 0, 60_000)).toBe(1000);
    expect(backoffDelayMs(3, policy, () => 1, 10)).toBe(400);
    expect(backoffDelayMs(1, { ...policy, retryAfterJitterMs: 100 }, () => 0.5, 500)).toBe(550);
  });

  it('lets a Retry-After plus jitter wait longer than the backoff cap up to maxRetryAfterMs', () => {
    const short = { ...policy, maxDelayMs: 200, retryAfterJitterMs: 1000, maxRetryAfterMs: 3000 };
    expect(backoffDelayMs(1, short, () => 0.5, 1000)).toBe(1500);
    expect(backoffDelayMs(1, short, () => 1, 10_000)).toBe(3000);
    // Without a Retry-After the short cap holds.
    expect(backoffDelayMs(9, short, () => 1)).toBe(200);
  });

  it('spreads clients told the same Retry-After over the jitter instead of one instant', () => {
    const spread = { ...policy, retryAfterJitterMs: 1000, maxRetryAfterMs: 5000 };
    const waits = Array.from({ length: 100 }, (_, i) => backoffDelayMs(1, spread, () => i / 100, 1000));
    expect(new Set(waits).size).toBe(100);
    expect(Math.min(...waits)).toBe(1000);
    expect(Math.max(...waits)).toBeLessThan(2000);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('2', 0)).toBe(2000);
    expect(parseRetryAfterMs('0.5', 0)).toBe(500);
    expect(parseRetryAfterMs(new Date(10_000).toUTCString(), 7_000)).toBe(3000);
    expect(parseRetryAfterMs(new Date(1_000).toUTCString(), 7_000)).toBe(0);
    expect(parseRetryAfterMs(null, 0)).toBeUndefined();
    expect(parseRetryAfterMs('soon', 0)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries no answer, 429 and 503 only', () => {
    expect([NO_ANSWER, 429, 503].map(isRetryableStatus)).toEqual([true, true, true]);
    expect([400, 401, 404, 409, 500, 502].map(isRetryableStatus)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('retry', () => {
  const failing = (status: number) => Object.assign(new Error('x'), { status });
  const base = {
    policy,
    retryable: (error: unknown) =>
      error instanceof Error && isRetryableStatus((error as Error & { status: number }).status),
    random: () => 1,
  };

  it('returns the first success, waiting between attempts', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const value = await retry(async () => (++calls < 3 ? Promise.reject(failing(503)) : 'ok'), {
      ...base,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(value).toBe('ok');
    expect(sleeps).toEqual([100, 200]);
  });

  it('throws the last failure after the last attempt, and a final failure at once', async () => {
    let calls = 0;
    const sleep = async (): Promise<void> => undefined;
    await expect(
      retry(
        async () => {
          calls++;
          throw failing(429);
        },
        { ...base, sleep },
      ),
    ).rejects.toMatchObject({ status: 429 });
    expect(calls).toBe(4);
    calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw failing(404);
        },
        { ...base, sleep },
      ),
    ).rejects.toMatchObject({ status: 404 });
    expect(calls).toBe(1);
  });

  it('honours Retry-After and tells the observer before each wait', async () => {
    const events: number[] = [];
    let calls = 0;
    await retry(async () => (++calls < 2 ? Promise.reject(failing(429)) : 'ok'), {
      ...base,
      random: () => 0,
      retryAfterMs: () => 700,
      sleep: async () => undefined,
      onRetry: (event) => events.push(event.delayMs),
    });
    expect(events).toEqual([700]);
  });

  it('is bounded by elapsed time when the policy has a window, not by a count', async () => {
    let clock = 0;
    let calls = 0;
    const error = await retry(
      async () => {
        calls += 1;
        clock += 10; // each attempt takes 10 ms
        return Promise.reject(failing(429));
      },
      {
        ...base,
        policy: { maxAttempts: Infinity, baseDelayMs: 100, maxDelayMs: 100, maxElapsedMs: 1000 },
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryWindowClosedError);
    // 10 ms attempt + 100 ms wait per round: the tenth attempt ends at 1000 ms, and no wait fits after it.
    expect(calls).toBe(10);
    expect(clock).toBe(1000);
  });

  it('stops when the next wait does not fit in the time left, carrying the last failure', async () => {
    const error = await retry(async () => Promise.reject(failing(503)), {
      ...base,
      sleep: async () => undefined,
      timeLeftMs: () => 50,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryWindowClosedError);
    expect((error as RetryWindowClosedError).lastError).toMatchObject({ status: 503 });
  });
});
