import type { Page } from 'playwright-core';

import type { ProbeApi, ProbeSnapshot, ReservationTimeline, TimerEvent } from './probeTypes';
import { PROBE_GLOBAL } from './probeTypes';

/** A reservation timeline with every time in epoch milliseconds (comparable across pages and Node). */
export type EpochTimeline = ReservationTimeline;

/** A probe snapshot with every time converted to epoch milliseconds. */
export interface EpochSnapshot {
  readonly timers: readonly TimerEvent[];
  readonly fetches: ProbeSnapshot['fetches'];
  readonly reservations: readonly EpochTimeline[];
}

const shift = (value: number | undefined, by: number): number | undefined =>
  value === undefined ? undefined : value + by;

/** Reads the probe of one page and converts its page times to epoch time. */
export async function readProbe(page: Page): Promise<EpochSnapshot> {
  const raw = await page.evaluate((name) => {
    // The probe's init script put it there (probe.ts); this function runs in the page.
    const probe = Reflect.get(window, name) as ProbeApi | undefined;
    if (!probe) throw new Error('the bench probe is not installed in this page');
    return probe.snapshot();
  }, PROBE_GLOBAL);
  const by = raw.timeOrigin;
  return {
    timers: raw.timers.map((t) => ({ ...t, at: t.at + by })),
    fetches: raw.fetches.map((f) => ({ ...f, startAt: f.startAt + by, endAt: shift(f.endAt, by) })),
    reservations: raw.reservations.map((r) => ({
      ...r,
      acceptedAt: shift(r.acceptedAt, by),
      acceptedInStoreAt: shift(r.acceptedInStoreAt, by),
      legLiveAt: shift(r.legLiveAt, by),
      oursRequestAt: shift(r.oursRequestAt, by),
      oursResponseAt: shift(r.oursResponseAt, by),
      baselineDetectAt: shift(r.baselineDetectAt, by),
    })),
  };
}
