/** The bursts of figure 3: Twilio's real limits, and a per-second model (not Twilio's) as a stress case. */
export interface BurstScenario {
  readonly id: 'main' | 'twilio30' | 'calls600' | 'spread10s' | 'rate100' | 'fork';
  readonly label: string;
  readonly calls: number;
  /** First sends spread evenly over this window. */
  readonly windowMs: number;
  /** Twilio REST requests in flight per account (429 / 20429 beyond); null: none. */
  readonly twilioConcurrency: number | null;
  /** The per-second model: 429 beyond this many requests per rolling second; absent: off. */
  readonly ratePerSecond?: number;
}

/**
 * The four runs under Twilio's limits (30 Functions in flight throughout: the gateway's
 * default), then the per-second model as a labelled stress case. `calls` scales the 300-call runs
 * (BENCH_BURST_CALLS); the 600-call run is twice that.
 */
export function burstScenarios(calls: number): BurstScenario[] {
  return [
    {
      id: 'main',
      label: `${calls} in 1 s, 100 in flight`,
      calls,
      windowMs: 1000,
      twilioConcurrency: 100,
    },
    {
      id: 'twilio30',
      label: `${calls} in 1 s, 30 in flight`,
      calls,
      windowMs: 1000,
      twilioConcurrency: 30,
    },
    {
      id: 'calls600',
      label: `${calls * 2} in 1 s, 100 in flight`,
      calls: calls * 2,
      windowMs: 1000,
      twilioConcurrency: 100,
    },
    {
      id: 'spread10s',
      label: `${calls} over 10 s, 100 in flight`,
      calls,
      windowMs: 10_000,
      twilioConcurrency: 100,
    },
    {
      id: 'rate100',
      label: `stress, per-second limit: ${calls} in 1 s, 100 requests/s, no in-flight limit`,
      calls,
      windowMs: 1000,
      twilioConcurrency: null,
      ratePerSecond: 100,
    },
  ];
}
