/**
 * Shapes shared by the in-page probe (page/probe.ts, page/baseline.ts, compiled into the Flex
 * page as init scripts) and the Node side that reads them back. Types only: nothing here runs.
 */
import type * as FlexAdapter from 'plugin-dual-channel-recording/src/flex-hooks/flexAdapter';
import type * as Legs from 'plugin-dual-channel-recording/src/recording/legs';
import type { RecordingChannel } from '@dual-channel-recording/contract';
import type { TaskLike } from 'plugin-dual-channel-recording/src/recording/types';

/** Who created a timer, from the stack of the call that created it. */
export type TimerOwner = 'plugin' | 'baseline' | 'page';

/** The timer APIs the probe wraps. */
export type TimerKind = 'setTimeout' | 'setInterval' | 'requestAnimationFrame';

/** One timer creation or one timer callback firing (a wake-up), in page time (performance.now()). */
export interface TimerEvent {
  readonly kind: TimerKind;
  readonly event: 'create' | 'fire';
  readonly owner: TimerOwner;
  readonly at: number;
}

/** One fetch the page made, in page time. */
export interface FetchEvent {
  readonly url: string;
  readonly startAt: number;
  /** When the response headers arrived (undefined while pending or if it failed). */
  endAt?: number;
  readonly status?: number;
}

/** What the probe learnt about one reservation, in page time. */
export interface ReservationTimeline {
  readonly reservationSid: string;
  readonly taskSid: string;
  /** Flex's `taskAccepted` event. */
  acceptedAt?: number;
  /** The first store change showing the reservation accepted (real Flex emits `taskAccepted` first). */
  acceptedInStoreAt?: number;
  /** The first store change after which the plugin's own `selectLeg` names the configured leg. */
  legLiveAt?: number;
  legCallSid?: string;
  /** Our plugin's fetch to create-recording left (window.fetch was called). */
  oursRequestAt?: number;
  oursResponseAt?: number;
  /** The 100 ms poller found the same leg (where a polling plugin would call fetch). */
  baselineDetectAt?: number;
  /** Interval callbacks the poller ran for this reservation. */
  baselineTicks: number;
}

/** Everything the probe hands back to Node. */
export interface ProbeSnapshot {
  /** `performance.timeOrigin`: page time + this = epoch milliseconds. */
  readonly timeOrigin: number;
  readonly timers: readonly TimerEvent[];
  readonly fetches: readonly FetchEvent[];
  readonly reservations: readonly ReservationTimeline[];
}

/** The plugin's pure modules the probe evaluates, transpiled from src/ into the page. */
export interface ProbeModules {
  readonly legs: typeof Legs;
  readonly adapter: typeof FlexAdapter;
}

/** Settings the Node side bakes into the probe script. */
export interface ProbeConfig {
  readonly channel: RecordingChannel;
  /** Path fragment of the production bundle, to attribute timers to the plugin. */
  readonly bundlePath: string;
  /** sourceURL of the baseline script, to attribute its timers. */
  readonly baselineSource: string;
  /** sourceURL of the probe script, whose own frames are skipped when attributing. */
  readonly probeSource: string;
  /** The poller's period and bound (the public plugins' 100 ms and 60 s). */
  readonly pollMs: number;
  readonly pollLimitMs: number;
}

/** The Flex surface the probe reads: Flex's Manager (store + events). */
export interface ProbeManager {
  readonly store: {
    getState(): Parameters<typeof FlexAdapter.callSnapshot>[0];
    subscribe(listener: () => void): () => void;
  };
  readonly events: { addListener(event: string, listener: (task: TaskLike) => void): void };
}

/** The probe's API on `window.__dcrBench`, used by the baseline script and read by Node. */
export interface ProbeApi {
  readonly config: ProbeConfig;
  readonly modules: ProbeModules;
  /** Runs `listener` once the page installs `window.Twilio.Flex` (before the plugin bundle loads). */
  onFlex(listener: (manager: ProbeManager) => void): void;
  /** The timeline of a reservation, created on first use. */
  timeline(task: Pick<TaskLike, 'sid' | 'taskSid'>): ReservationTimeline;
  /** Page time. */
  now(): number;
  snapshot(): ProbeSnapshot;
}

/** The window property holding the probe's API. */
export const PROBE_GLOBAL = '__dcrBench';
