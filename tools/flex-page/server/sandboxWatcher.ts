import type { SandboxClient, StateView } from '@dual-channel-recording/twilio-sandbox';

/** Options for {@link watchSandbox}. */
export interface WatchOptions {
  /** Called when something a page shows changed in the sandbox. */
  readonly onChange: () => void;
  /** Whether anyone is listening (no page open: no polling). */
  readonly active: () => boolean;
  /** Time between two looks (default 150 ms). */
  readonly intervalMs?: number;
}

/** A running watcher. */
export interface SandboxWatcher {
  stop(): void;
}

/**
 * What the pages show of the sandbox, as one comparable string: tasks (an ETag moves on every
 * attribute write, by a Function or a concurrent writer), reservations, call legs and recordings.
 */
export function digestOf(state: Pick<StateView, 'tasks' | 'reservations' | 'calls' | 'recordings'>): string {
  return JSON.stringify([
    state.tasks.map((t) => [t.sid, t.etag, t.assignmentStatus]),
    state.reservations.map((r) => [r.sid, r.status]),
    state.calls.map((c) => [c.sid, c.status]),
    state.recordings.map((r) => [r.sid, r.status, r.deleted, r.durationSeconds]),
  ]);
}

/**
 * Flex hears of task changes through TaskRouter's websocket; the sandbox has no change feed, so the
 * page server looks at it every `intervalMs` while a page is open and tells the pages when
 * something they show changed: a Function's attribute write (create-recording, pause/resume, the
 * status callback), a concurrent writer, a hang-up made through the sandbox directly. Looks never
 * overlap; a failed look (the sandbox is stopping) is skipped.
 */
export function watchSandbox(sandbox: SandboxClient, options: WatchOptions): SandboxWatcher {
  const intervalMs = options.intervalMs ?? 150;
  let last: string | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const look = async (): Promise<void> => {
    if (!options.active()) {
      last = undefined;
      return;
    }
    const digest = digestOf(await sandbox.state());
    if (last !== undefined && digest !== last) options.onChange();
    last = digest;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      look()
        .catch(() => undefined)
        .finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
