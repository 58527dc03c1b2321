import { FaultInjector } from './faults';

const target = {
  method: 'POST',
  api: 'api' as const,
  path: '/2010-04-01/Accounts/AC1/Calls/CA1/Recordings.json',
};

describe('FaultInjector', () => {
  it('hits only matching requests, for the next N times', () => {
    const f = new FaultInjector();
    f.addRule({ method: 'POST', api: 'api', path: 'Recordings\\.json$', status: 503, times: 2 });
    expect(f.decide({ ...target, method: 'GET' }).error).toBeUndefined();
    expect(f.decide(target).error).toEqual({ status: 503, code: 20503, message: 'Service Unavailable' });
    expect(f.decide(target).error?.status).toBe(503);
    expect(f.decide(target).error).toBeUndefined();
  });

  it('applies a rate with the injected random source', () => {
    const rolls = [0.1, 0.9];
    const f = new FaultInjector(() => rolls.shift() ?? 0.9);
    f.addRule({ status: 429, rate: 0.5 });
    expect(f.decide(target).error?.code).toBe(20429);
    expect(f.decide(target).error).toBeUndefined();
  });

  it('adds rule and global latency, and drops', () => {
    const f = new FaultInjector();
    f.setGlobalLatency(10);
    f.addRule({ latencyMs: 50, drop: true });
    expect(f.decide(target)).toMatchObject({ latencyMs: 60, drop: true });
  });

  it('limits requests per rolling second with 429 / 20429', () => {
    let now = 1000;
    const f = new FaultInjector(Math.random, () => now);
    f.setRateLimit(2);
    expect(f.decide(target).error).toBeUndefined();
    expect(f.decide(target).error).toBeUndefined();
    expect(f.decide(target).error).toMatchObject({ status: 429, code: 20429 });
    now += 1000;
    expect(f.decide(target).error).toBeUndefined();
  });

  it('refuses a rate outside 0..1', () => {
    expect(() => new FaultInjector().addRule({ status: 503, rate: 2 })).toThrow();
  });
});
