import { backoffDelayMs } from '@dual-channel-recording/contract';
import { DeadlineExceededError, TwilioApiError } from '../../src/twilio/errors';
import {
  CLEANUP_BY_MS,
  COMMIT_BY_MS,
  createDeadline,
  DEFAULT_BUDGET_MS,
  DEFAULT_POLICY,
  isRetryable,
  withRetry,
  type Timing,
} from '../../src/twilio/retry';

/** A clock that only moves when the code under test sleeps. */
function fakeTiming(random = 0.5): Timing & { slept: number[]; t: number } {
  const timing = {
    t: 0,
    slept: [] as number[],
    now: () => timing.t,
    sleep: async (ms: number) => {
      timing.slept.push(ms);
      timing.t += ms;
    },
    random: () => random,
  };
  return timing;
}

const rateLimited = () =>
  new TwilioApiError('Too Many Requests', 429, 20429, 'https://www.twilio.com/docs/errors/20429');
const unavailable = () => new TwilioApiError('Service Unavailable', 503, 20503);
const reset = () => new TwilioApiError('socket hang up', 0, undefined, undefined, 'ECONNRESET');

describe('isRetryable', () => {
  it.each([
    ['429', rateLimited(), true],
    ['503', unavailable(), true],
    ['a reset connection', reset(), true],
    ['16114 (recording not ready)', new TwilioApiError('not ready', 400, 16114), true],
    ['400', new TwilioApiError('bad', 400, 21220), false],
    ['404', new TwilioApiError('gone', 404, 20404), false],
    ['412', new TwilioApiError('stale', 412, 20412), false],
    ['a plain Error', new Error('boom'), false],
  ])('%s → %s', (_label, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('backoffDelayMs with the Functions’ policy', () => {
  it('grows exponentially with full jitter and caps at maxDelayMs', () => {
    expect(backoffDelayMs(1, DEFAULT_POLICY, () => 1)).toBe(100);
    expect(backoffDelayMs(2, DEFAULT_POLICY, () => 1)).toBe(200);
    expect(backoffDelayMs(3, DEFAULT_POLICY, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, DEFAULT_POLICY, () => 1)).toBe(800);
    expect(backoffDelayMs(3, DEFAULT_POLICY, () => 0)).toBe(0);
  });
});

describe('withRetry', () => {
  it('retries a 429 burst and a 503 and returns the eventual answer', async () => {
    const timing = fakeTiming();
    const failures = [rateLimited(), rateLimited(), unavailable()];
    const op = jest.fn(async () => {
      const next = failures.shift();
      if (next) throw next;
      return 'ok';
    });
    await expect(withRetry(op, { deadline: createDeadline(7000, timing) })).resolves.toBe('ok');
    expect(op).toHaveBeenCalledTimes(4);
    expect(timing.slept).toEqual([50, 100, 200]);
  });

  it('retries a reset connection', async () => {
    const timing = fakeTiming();
    const op = jest.fn().mockRejectedValueOnce(reset()).mockResolvedValueOnce(1);
    await expect(withRetry(op, { deadline: createDeadline(7000, timing) })).resolves.toBe(1);
  });

  it('does not retry what a retry cannot fix', async () => {
    const timing = fakeTiming();
    const error = new TwilioApiError('not in progress', 400, 21220);
    const op = jest.fn().mockRejectedValue(error);
    await expect(withRetry(op, { deadline: createDeadline(7000, timing) })).rejects.toBe(error);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('throws the last 429 after maxAttempts', async () => {
    const timing = fakeTiming(0);
    const op = jest.fn().mockRejectedValue(rateLimited());
    await expect(withRetry(op, { deadline: createDeadline(7000, timing) })).rejects.toMatchObject({
      status: 429,
    });
    expect(op).toHaveBeenCalledTimes(DEFAULT_POLICY.maxAttempts);
  });

  it('stops before a sleep that would pass the deadline, keeping the last Twilio error', async () => {
    const timing = fakeTiming(1);
    const op = jest.fn().mockRejectedValue(rateLimited());
    const error = await withRetry(op, { deadline: createDeadline(500, timing) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as DeadlineExceededError).lastError?.code).toBe(20429);
    expect(timing.t).toBeLessThanOrEqual(500);
  });

  it('gives up on an attempt that outlives the deadline (fake timers)', async () => {
    jest.useFakeTimers();
    try {
      const deadline = createDeadline(7000);
      const never = new Promise<string>(() => undefined);
      const result = withRetry(() => never, { deadline }).catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(7000);
      expect(await result).toBeInstanceOf(DeadlineExceededError);
    } finally {
      jest.useRealTimers();
    }
  });

  it('runs beforeRetry between attempts (used to look before re-creating)', async () => {
    const timing = fakeTiming();
    const seen: number[] = [];
    const op = jest.fn().mockRejectedValueOnce(reset()).mockResolvedValueOnce('ok');
    await withRetry(op, {
      deadline: createDeadline(7000, timing),
      beforeRetry: async (_e, attempt) => {
        seen.push(attempt);
      },
    });
    expect(seen).toEqual([1]);
  });
});

describe('the deadline’s phases (nothing counts on running past the gateway’s 10 s cut)', () => {
  it('refuses to enter the commit phase once the budget for starting is spent, else extends to COMMIT_BY_MS', () => {
    const timing = fakeTiming();
    const late = createDeadline(DEFAULT_BUDGET_MS, timing);
    timing.t = DEFAULT_BUDGET_MS;
    expect(() => late.enterCommit()).toThrow(DeadlineExceededError);

    timing.t = 0;
    const deadline = createDeadline(DEFAULT_BUDGET_MS, timing);
    timing.t = 6900;
    deadline.enterCommit();
    expect(deadline.remaining()).toBe(COMMIT_BY_MS - 6900);
    deadline.enterCleanup();
    expect(deadline.remaining()).toBe(CLEANUP_BY_MS - 6900);
    expect(CLEANUP_BY_MS).toBeLessThan(10_000);
  });
});
