import type { PageStateResponse } from '../sandboxView';
import type { SandboxMirror } from './sandboxMirror';

/** The sandbox as this page last read it, kept in step with Flex through the mirror. */
export interface StateFeed {
  /** First read: what TaskRouter already holds goes into Flex's WORKER_INIT. */
  start(): Promise<void>;
  /** Re-reads the sandbox and hands the differences to Flex (serialised: overlapping calls coalesce). */
  refresh(): Promise<void>;
  /** The last state read. */
  latest(): PageStateResponse | undefined;
  /** Called after every applied read. */
  subscribe(listener: () => void): () => void;
}

/**
 * Flex hears of TaskRouter changes over a websocket; the sandbox has none, so the page re-reads it when
 * the page server says it changed (server/sandboxWatcher.ts) and the mirror turns the difference into
 * Twilio's events. Reads never overlap, and a change announced during a read causes one more read.
 */
export function createStateFeed(
  mirror: SandboxMirror,
  fetchState: () => Promise<PageStateResponse>,
): StateFeed {
  const listeners = new Set<() => void>();
  let latest: PageStateResponse | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let started = false;
  let missed = false;
  const applied = (state: PageStateResponse): void => {
    latest = state;
    [...listeners].forEach((listener) => listener());
  };

  const refresh = (): Promise<void> => {
    // During the first read: read again once it is in.
    if (!started) {
      missed = true;
      return Promise.resolve();
    }
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const state = await fetchState();
        mirror.apply(state);
        applied(state);
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    async start() {
      const state = await fetchState();
      mirror.load(state);
      applied(state);
      started = true;
      if (missed) await refresh();
    },
    refresh,
    latest: () => latest,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
