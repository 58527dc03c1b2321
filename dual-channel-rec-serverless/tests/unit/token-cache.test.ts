import { ApiError } from '../../src/http/api-error';
import { validateFlexToken, type FlexIdentity, type ValidateFn } from '../../src/http/flex-token';
import { createTokenCache, tokenCacheKey } from '../../src/http/token-cache';
import { TEST_CONFIG } from '../helpers/config';
import { createDeadline, type Timing } from '../../src/twilio/retry';
import type { Config } from '../../src/config/settings';
import { WORKER } from '../helpers/sids';

const config: Config = TEST_CONFIG;
const instant: Timing = { now: () => 0, sleep: async () => undefined, random: () => 0 };
const alice: FlexIdentity = { workerSid: WORKER, identity: 'alice', roles: ['agent'] };
const T0 = Date.parse('2026-12-07T12:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

/** A clock the test moves by hand. */
function clock(start = T0): { now: () => number; advance: (ms: number) => void } {
  let at = start;
  return { now: () => at, advance: (ms) => (at += ms) };
}

describe('createTokenCache', () => {
  it('answers a kept validation until the expiration (less the skew margin), then forgets it', () => {
    const time = clock();
    const cache = createTokenCache({ now: time.now, skewMs: 10_000 });
    cache.put('token-a', alice, iso(T0 + 60_000));
    expect(cache.get('token-a')).toEqual(alice);
    time.advance(49_999);
    expect(cache.get('token-a')).toEqual(alice);
    time.advance(1);
    expect(cache.get('token-a')).toBeUndefined();
    // Gone for good, even if the clock were to step back.
    time.advance(-20_000);
    expect(cache.get('token-a')).toBeUndefined();
  });

  it.each([
    ['no expiration', undefined],
    ['a null expiration', null],
    ['an unreadable expiration', 'tomorrow'],
    ['an expiration already past', iso(T0 - 1)],
    ['an expiration inside the skew margin', iso(T0 + 5_000)],
  ])('keeps nothing for %s', (_label, expiration) => {
    const cache = createTokenCache({ now: () => T0, skewMs: 10_000 });
    cache.put('token-a', alice, expiration);
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('holds at most maxEntries: expired entries go first, then the oldest', () => {
    const time = clock();
    const cache = createTokenCache({ now: time.now, skewMs: 0, maxEntries: 2 });
    cache.put('short', alice, iso(T0 + 1_000));
    cache.put('long-1', alice, iso(T0 + 60_000));
    time.advance(2_000);
    cache.put('long-2', alice, iso(T0 + 60_000));
    // The expired entry made room: both live entries are kept.
    expect(cache.get('long-1')).toEqual(alice);
    expect(cache.get('long-2')).toEqual(alice);
    cache.put('long-3', alice, iso(T0 + 60_000));
    // Full of live entries: the oldest one is dropped.
    expect(cache.get('long-1')).toBeUndefined();
    expect(cache.get('long-2')).toEqual(alice);
    expect(cache.get('long-3')).toEqual(alice);
  });

  it('keeps nothing when bounded at zero', () => {
    const cache = createTokenCache({ now: () => T0, maxEntries: 0 });
    cache.put('token-a', alice, iso(T0 + 3_600_000));
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('keys entries by the SHA-256 hash of the token, never the token, and hands out copies', () => {
    expect(tokenCacheKey('token-a')).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenCacheKey('token-a')).not.toContain('token-a');
    const set = jest.spyOn(Map.prototype, 'set');
    try {
      const cache = createTokenCache({ now: () => T0 });
      cache.put('secret-flex-token', alice, iso(T0 + 3_600_000));
      const keys = set.mock.calls.map(([key]) => key as unknown);
      expect(keys).toContain(tokenCacheKey('secret-flex-token'));
      expect(JSON.stringify(set.mock.calls)).not.toContain('secret-flex-token');
    } finally {
      set.mockRestore();
    }
    const cache = createTokenCache({ now: () => T0 });
    cache.put('token-a', alice, iso(T0 + 3_600_000));
    cache.get('token-a')?.roles.push('supervisor');
    expect(cache.get('token-a')).toEqual(alice);
    expect(cache.get('token-b')).toBeUndefined();
  });
});

describe('validateFlexToken with a cache', () => {
  const validBody = (expiration: string | null) => ({
    valid: true,
    worker_sid: WORKER,
    identity: 'alice',
    roles: ['agent'],
    expiration,
  });

  it('asks Twilio once per token while the validation has not expired, and again after', async () => {
    const time = clock();
    const cache = createTokenCache({ now: time.now, skewMs: 0 });
    const validate = jest.fn(async () => validBody(iso(T0 + 60_000)));
    const run = (token: string) =>
      validateFlexToken(
        token,
        config,
        createDeadline(7000, instant),
        validate as unknown as ValidateFn,
        cache,
      );
    await expect(run('token-a')).resolves.toEqual(alice);
    await expect(run('token-a')).resolves.toEqual(alice);
    expect(validate).toHaveBeenCalledTimes(1);
    // Another token is its own question.
    await run('token-b');
    expect(validate).toHaveBeenCalledTimes(2);
    time.advance(60_000);
    await run('token-a');
    expect(validate).toHaveBeenCalledTimes(3);
  });

  it('never keeps a refusal: a refused token is asked about every time', async () => {
    const cache = createTokenCache({ now: () => T0 });
    const validate = jest.fn(() => Promise.reject('Access Token expired or expiration date invalid'));
    const run = () =>
      validateFlexToken(
        'token-a',
        config,
        createDeadline(7000, instant),
        validate as unknown as ValidateFn,
        cache,
      );
    await expect(run()).rejects.toBeInstanceOf(ApiError);
    await expect(run()).rejects.toBeInstanceOf(ApiError);
    expect(validate).toHaveBeenCalledTimes(2);
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('never keeps a valid token that names no worker, nor one whose answer has no expiration', async () => {
    const cache = createTokenCache({ now: () => T0 });
    const noWorker = jest.fn(async () => ({ ...validBody(iso(T0 + 3_600_000)), worker_sid: null }));
    await expect(
      validateFlexToken(
        'token-a',
        config,
        createDeadline(7000, instant),
        noWorker as unknown as ValidateFn,
        cache,
      ),
    ).rejects.toBeInstanceOf(ApiError);
    expect(cache.get('token-a')).toBeUndefined();
    const noExpiration = jest.fn(async () => validBody(null));
    await validateFlexToken(
      'token-b',
      config,
      createDeadline(7000, instant),
      noExpiration as unknown as ValidateFn,
      cache,
    );
    await validateFlexToken(
      'token-b',
      config,
      createDeadline(7000, instant),
      noExpiration as unknown as ValidateFn,
      cache,
    );
    expect(noExpiration).toHaveBeenCalledTimes(2);
  });
});
