import { TwilioApiError } from './errors';
import { backoffMs, isRetryable, parseRetryAfter, withRetry } from './retry';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const err = (status: number | null, retryAfterSeconds: number | null = null): TwilioApiError =>
  new TwilioApiError('x', { status, code: status === 429 ? 20429 : null, retryAfterSeconds });

describe('retry', () => {
  it('retries 429, 503 and dropped connections only', () => {
    expect([429, 503, null].map((s) => isRetryable(err(s)))).toEqual([true, true, true]);
    expect([400, 401, 404, 500].map((s) => isRetryable(err(s)))).toEqual([false, false, false, false]);
    expect(isRetryable(new Error('x'))).toBe(false);
  });

  it('honours Retry-After (seconds or HTTP date), capped, with a little jitter', () => {
    expect(backoffMs(1, policy, 0.5, () => 0)).toBe(500);
    expect(backoffMs(1, policy, 60, () => 0)).toBe(1000);
    expect(parseRetryAfter('2')).toBe(2);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 7_000)).toBe(3);
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('backs off with full jitter under a doubling ceiling', () => {
    expect(backoffMs(1, policy, null, () => 0.999)).toBeLessThanOrEqual(100);
    expect(backoffMs(3, policy, null, () => 0.999)).toBeLessThanOrEqual(400);
    expect(backoffMs(3, policy, null, () => 0.999)).toBeGreaterThan(300);
    expect(backoffMs(10, policy, null, () => 0.999)).toBeLessThanOrEqual(1000);
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
