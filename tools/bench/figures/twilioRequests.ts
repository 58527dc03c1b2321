import type { RequestLogEntry } from '@dual-channel-recording/twilio-sandbox';

/** The recording-create request: POST /2010-04-01/Accounts/AC…/Calls/CA…/Recordings.json. */
export const isCreateRecording = (r: RequestLogEntry): boolean =>
  r.method === 'POST' && /\/Calls\/CA[0-9a-fA-F]{32}\/Recordings\.json$/.test(r.path);

/** When the sandbox finished answering a request (epoch ms). */
export const endOf = (r: RequestLogEntry): number => r.atMs + r.durationMs;

/** The request's method and path with SIDs shortened to their prefix ("GET /v1/…/Tasks/WT…"). */
export const endpointOf = (r: RequestLogEntry): string =>
  `${r.method} ${r.host.split('.')[0]} ${r.path.replace(/\b([A-Z]{2})[0-9a-fA-F]{32}\b/g, '$1…')}`;

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
