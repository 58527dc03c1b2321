import type {
  CallbackRecord,
  RecordingView,
  RequestLogEntry,
  SandboxClient,
} from '@dual-channel-recording/twilio-sandbox';
import { SID_DIGITS } from '@dual-channel-recording/contract';
import type { RecordingChannel } from '@dual-channel-recording/contract';
import type { EpochSnapshot, EpochTimeline } from '../page/readProbe';
import { readProbe } from '../page/readProbe';
import type { FetchEvent, TimerEvent } from '../page/probeTypes';
import type { CallType, ScenarioPages } from './scenarios';
import { runScenario } from './scenarios';
import { waitUntilAccountQuiet } from './settle';

/** Everything measured about one call placed through the browser, times in epoch milliseconds. */
export interface CallSample {
  readonly type: CallType;
  readonly channel: RecordingChannel;
  readonly startedAt: number;
  readonly endedAt: number;
  /**
   * Both parties connected: the page's accept (inbound, transfer) or the customer's answer
   * (outbound) was confirmed by the sandbox. Undefined for internal calls (placed connected).
   */
  readonly connectedAt: number | undefined;
  /** Reservations that first appeared in this call, from every page. */
  readonly reservations: readonly EpochTimeline[];
  /** The plugin's create-recording fetches. */
  readonly createFetches: readonly FetchEvent[];
  /** Timer events of every page during the call. */
  readonly timers: readonly TimerEvent[];
  /** Recordings created during the call. */
  readonly recordings: readonly RecordingView[];
  /** Twilio REST requests the sandbox saw during the call (the Functions' and nobody else's). */
  readonly requests: readonly RequestLogEntry[];
  readonly callbacks: readonly CallbackRecord[];
  /** False when the account did not go quiet (sink deliveries, requests in flight) within the bound. */
  readonly settled: boolean;
}

/** What stays between calls: which reservations and recordings are already accounted for. */
export interface CallCursor {
  readonly seenReservations: Set<string>;
  readonly seenRecordings: Set<string>;
}

const ACCEPT_URL = new RegExp(`/api/reservations/WR${SID_DIGITS}/accept$`);
const ANSWER_URL = new RegExp(`/api/tasks/WT${SID_DIGITS}/answer$`);

/** Twilio requests only: the page server's own media fetches go to the sandbox's address directly. */
const isTwilio = (entry: RequestLogEntry): boolean => entry.host.endsWith('twilio.com');

/** The time both parties were connected, from the page's confirmed accept / answer requests. */
function connectedAt(type: CallType, fetches: readonly FetchEvent[]): number | undefined {
  const pattern = type === 'outbound' ? ANSWER_URL : type === 'internal' ? undefined : ACCEPT_URL;
  if (!pattern) return undefined;
  return fetches.find((f) => pattern.test(new URL(f.url, 'http://page').pathname))?.endAt;
}

/** Places one call of `type`, then reads the probes, the sandbox's request log and its recordings. */
export async function runCall(
  type: CallType,
  channel: RecordingChannel,
  pages: ScenarioPages,
  sandbox: SandboxClient,
  cursor: CallCursor,
): Promise<CallSample> {
  const lastSeq = (await sandbox.requests()).reduce((max, r) => Math.max(max, r.seq), 0);
  const startedAt = Date.now();
  await runScenario(type, pages);
  const recordings = (await sandbox.recordings()).filter((r) => !cursor.seenRecordings.has(r.sid));
  const mine = new Set(recordings.map((r) => r.sid));
  // The hang-up awaited the callbacks; this only guards against a slow Function answer.
  const callbacks = await sandbox.waitForCallbacks(
    (all) => all.filter((c) => mine.has(c.recordingSid)).every((c) => c.responseStatus !== null || c.error),
    10_000,
  );
  // The sink's work after the hang-up belongs to this call's count (the "whole life").
  const settled = await waitUntilAccountQuiet(sandbox);
  const endedAt = Date.now();
  const requests = (await sandbox.requests(lastSeq)).filter(isTwilio);
  const probes: EpochSnapshot[] = [await readProbe(pages.alice.page)];
  if (pages.bob) probes.push(await readProbe(pages.bob.page));

  const inWindow = (at: number | undefined): boolean => at !== undefined && at >= startedAt && at <= endedAt;
  const fetches = probes.flatMap((p) => p.fetches).filter((f) => inWindow(f.startAt));
  const reservations = probes
    .flatMap((p) => p.reservations)
    .filter((r) => !cursor.seenReservations.has(r.reservationSid));
  reservations.forEach((r) => cursor.seenReservations.add(r.reservationSid));
  recordings.forEach((r) => cursor.seenRecordings.add(r.sid));
  return {
    type,
    channel,
    startedAt,
    endedAt,
    connectedAt: connectedAt(type, fetches),
    reservations,
    createFetches: fetches.filter((f) => f.url.endsWith('/create-recording')),
    timers: probes.flatMap((p) => p.timers).filter((t) => inWindow(t.at)),
    recordings,
    requests,
    callbacks: callbacks.filter((c) => mine.has(c.recordingSid)),
    settled,
  };
}
