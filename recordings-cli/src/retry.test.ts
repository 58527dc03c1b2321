import { NO_ANSWER, backoffDelayMs, parseRetryAfterMs } from '@dual-channel-recording/contract';
import { TwilioApiError } from '@dual-channel-recording/contract';
import { DEFAULT_RETRY, isRetryable, withRetry } from './retry';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, retryAfterJitterMs: 100 };
const err = (status: number, retryAfterMs?: number): TwilioApiError =>
  new TwilioApiError('x', status, status === 429 ? 20429 : undefined, undefined, undefined, retryAfterMs);

describe('retry', () => {
  it('retries 429, 503 and dropped connections only', () => {
    expect([429, 503, NO_ANSWER].map((s) => isRetryable(err(s)))).toEqual([true, true, true]);
    expect([400, 401, 404, 500].map((s) => isRetryable(err(s)))).toEqual([false, false, false, false]);
    expect(isRetryable(new Error('x'))).toBe(false);
  });

  it('honours Retry-After (seconds or HTTP date), capped, with a little jitter', () => {
    expect(backoffDelayMs(1, policy, () => 0, 500)).toBe(500);
    expect(backoffDelayMs(1, policy, () => 0, 60_000)).toBe(1000);
    expect(backoffDelayMs(1, policy, () => 0.5, 500)).toBe(550);
    expect(parseRetryAfterMs('2', 0)).toBe(2000);
    expect(parseRetryAfterMs(new Date(10_000).toUTCString(), 7_000)).toBe(3000);
    expect(parseRetryAfterMs(null, 0)).toBeUndefined();
    expect(DEFAULT_RETRY.retryAfterJitterMs).toBe(DEFAULT_RETRY.baseDelayMs);
  });

  it('backs off with full jitter under a doubling ceiling', () => {
    expect(backoffDelayMs(1, policy, () => 0.999)).toBeLessThanOrEqual(100);
    expect(backoffDelayMs(3, policy, () => 0.999)).toBeLessThanOrEqual(400);
    expect(backoffDelayMs(3, policy, () => 0.999)).toBeGreaterThan(300);
    expect(backoffDelayMs(10, policy, () => 0.999)).toBeLessThanOrEqual(1000);
  });

  it('waits what Retry-After asked for between attempts', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await withRetry(
      async () => (++calls < 2 ? Promise.reject(err(429, 700)) : 'ok'),
      policy,
      undefined,
      async (ms) => void sleeps.push(ms),
      () => 0,
    );
    expect(sleeps).toEqual([700]);
  });

  it('gives up after the last attempt and never retries a 404', async () => {
    const sleeps: number[] = [];
    const sleep = async (ms: number): Promise<void> => void sleeps.push(ms);
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err(429);
        },
        policy,
        undefined,
        sleep,
      ),
    ).rejects.toThrow(TwilioApiError);
    expect(calls).toBe(4);
    expect(sleeps).toHaveLength(3);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err(404);
        },
        policy,
        undefined,
        sleep,
      ),
    ).rejects.toThrow(TwilioApiError);
    expect(calls).toBe(1);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const value = await withRetry(
      async () => (++calls < 3 ? Promise.reject(err(503)) : 'ok'),
      policy,
      undefined,
      async () => undefined,
    );
    expect(value).toBe('ok');
  });
});
