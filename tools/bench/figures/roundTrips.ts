import type { RequestLogEntry } from '@dual-channel-recording/twilio-sandbox';
import type { CallSample } from '../browser/runCall';
import type { CallType } from '../browser/scenarios';
import { median } from '../stats';
import { endOf, endpointOf, isConfigurationRefresh, isCreateRecording, roundsBefore } from './twilioRequests';

/** Figure 2 for one call type and channel. */
export interface RoundTripRow {
  readonly type: CallType;
  readonly channel: string;
  readonly calls: number;
  /** Recordings per call (a worker-channel transfer makes two). */
  readonly recordingsPerCall: number | undefined;
  /** The most sequential rounds seen before a create request. */
  readonly sequentialBeforeCreate: number | undefined;
  /** Median number of Twilio requests a create-recording call made before its create request. */
  readonly requestsBeforeCreate: number | undefined;
  /**
   * Median Twilio requests per recorded call over the whole call (create, callbacks, hang-up),
   * without the Functions' timed Flex configuration refresh (counted apart: one per warm instance
   * per cache period, landing on whichever call comes first, see isConfigurationRefresh).
   */
  readonly restPerRecording: number | undefined;
  /** The largest per-recording count seen, without the timed refresh as above. */
  readonly restPerRecordingMax: number | undefined;
  /** The timed Flex configuration refreshes that landed among these calls' requests. */
  readonly configurationRefreshes: number;
  /** All requests of the recorded calls over all their recordings, refreshes included (what the endpoints below add up to). */
  readonly restPerRecordingMean: number | undefined;
  /** The same mean split by endpoint, largest first. */
  readonly endpointsPerRecording: ReadonlyArray<{ readonly endpoint: string; readonly perRecording: number }>;
}

/** The Twilio requests made while one create-recording request was in flight, and its create. */
interface CreateWindow {
  readonly requests: readonly RequestLogEntry[];
  readonly create: RequestLogEntry | undefined;
}

function createWindows(sample: CallSample): CreateWindow[] {
  return sample.createFetches.map((f) => {
    // 2 ms of slack: page and sandbox clocks are the same system clock, read in different processes.
    const requests = sample.requests.filter(
      (r) => r.atMs >= f.startAt - 2 && (f.endAt === undefined || r.atMs <= f.endAt),
    );
    return { requests, create: requests.find(isCreateRecording) };
  });
}

/** Figure 2 row for the samples of one call type and channel. */
export function roundTripRow(type: CallType, channel: string, samples: readonly CallSample[]): RoundTripRow {
  const windows = samples.flatMap(createWindows).filter((w) => w.create !== undefined);
  const sequential = windows.map((w) => (w.create ? roundsBefore(w.create, w.requests) : 0));
  const before = windows.map((w) => w.requests.filter((r) => w.create && endOf(r) <= w.create.atMs).length);
  const recorded = samples.filter((s) => s.recordings.length > 0);
  const perRecording = recorded.map(
    (s) => s.requests.filter((r) => !isConfigurationRefresh(r)).length / s.recordings.length,
  );
  const recordings = recorded.reduce((sum, s) => sum + s.recordings.length, 0);
  const endpoints = countEndpoints(recorded.flatMap((s) => s.requests));
  return {
    type,
    channel,
    calls: samples.length,
    recordingsPerCall: median(samples.map((s) => s.recordings.length)),
    sequentialBeforeCreate: sequential.length > 0 ? Math.max(...sequential) : undefined,
    requestsBeforeCreate: median(before),
    restPerRecording: median(perRecording),
    restPerRecordingMax: perRecording.length > 0 ? Math.max(...perRecording) : undefined,
    configurationRefreshes: samples.reduce((n, s) => n + s.requests.filter(isConfigurationRefresh).length, 0),
    restPerRecordingMean:
      recordings > 0 ? recorded.reduce((sum, s) => sum + s.requests.length, 0) / recordings : undefined,
    endpointsPerRecording:
      recordings > 0
        ? endpoints.map((e) => ({ endpoint: e.endpoint, perRecording: e.count / recordings }))
        : [],
  };
}

/** How often each endpoint occurs among `requests`, largest first (ties in order of first use). */
function countEndpoints(requests: readonly RequestLogEntry[]): Array<{ endpoint: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(endpointOf(r), (counts.get(endpointOf(r)) ?? 0) + 1);
  return [...counts].map(([endpoint, count]) => ({ endpoint, count })).sort((a, b) => b.count - a.count);
}

/** The Twilio endpoints one call used, with how often (for the write-up's breakdown). */
export function endpointBreakdown(sample: CallSample): Array<{ endpoint: string; count: number }> {
  return countEndpoints(sample.requests);
}
