import { SID_DIGITS } from '@dual-channel-recording/contract';
import type { RequestLogEntry } from '@dual-channel-recording/twilio-sandbox';

/** A call's recording-create path; the call SID captured. */
const CREATE_RECORDING_PATH = new RegExp(`/Calls/(CA${SID_DIGITS})/Recordings\\.json$`);

/** Any SID in a path, its prefix captured. */
const ANY_SID = new RegExp(`\\b([A-Z]{2})${SID_DIGITS}\\b`, 'g');

/** The recording-create request: POST /2010-04-01/Accounts/AC…/Calls/CA…/Recordings.json. */
export const isCreateRecording = (r: RequestLogEntry): boolean =>
  r.method === 'POST' && CREATE_RECORDING_PATH.test(r.path);

/** The call a recording-create request records (undefined for any other request's path). */
export const recordedCallSid = (r: RequestLogEntry): string | undefined =>
  CREATE_RECORDING_PATH.exec(r.path)?.[1];

/**
 * The Functions' timed read of the admin's Flex configuration (`GET flex-api /v1/Configuration`): a
 * warm instance keeps it for EXCLUSIONS_CACHE_SECONDS (30 s by default), so it is paid by whichever
 * request comes first after that, whatever the call: one per instance per period, not one per call.
 */
export const isConfigurationRefresh = (r: RequestLogEntry): boolean =>
  r.method === 'GET' && r.host.startsWith('flex-api.') && /\/v1\/Configuration$/.test(r.path);

/** When the sandbox finished answering a request (epoch ms). */
export const endOf = (r: RequestLogEntry): number => r.atMs + r.durationMs;

/** The request's method and path with SIDs shortened to their prefix ("GET /v1/…/Tasks/WT…"). */
export const endpointOf = (r: RequestLogEntry): string =>
  `${r.method} ${r.host.split('.')[0]} ${r.path.replace(ANY_SID, '$1…')}`;

/**
 * How many sequential rounds lead up to (and exclude) `target`: a request belongs to round
 * 1 + the highest round of the requests that ended before it started (so concurrent requests share
 * a round). Only `candidates` that ended before `target` started count.
 */
export function roundsBefore(target: RequestLogEntry, candidates: readonly RequestLogEntry[]): number {
  const before = candidates
    .filter((r) => r.seq !== target.seq && endOf(r) <= target.atMs)
    .sort((a, b) => a.atMs - b.atMs);
  const round = new Map<number, number>();
  for (const r of before) {
    const previous = before.filter((q) => endOf(q) <= r.atMs).map((q) => round.get(q.seq) ?? 0);
    round.set(r.seq, 1 + Math.max(0, ...previous));
  }
  return Math.max(0, ...round.values());
}
