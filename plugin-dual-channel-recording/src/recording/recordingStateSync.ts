import type { RecordingStore } from './recordingStore';
import type { ReportOnce } from './reportOnce';
import { callSidOf, deriveRecordingState, reconcileState, sameState } from './taskAttributes';
import type { CallTaskTest, SubscribableStore, TaskLike } from './types';

/** What the recording-state sync reads and whom it tells. */
export interface RecordingStateSyncDeps<S> {
  /** The Flex (Redux) store. */
  readonly flexStore: SubscribableStore<S>;
  /** This worker's reservations in a state snapshot (`flex.worker.tasks`). */
  readonly tasks: (state: S) => Iterable<TaskLike>;
  /** Flex's call test: only calls have recordings to follow. */
  readonly isCallTask: CallTaskTest;
  readonly store: RecordingStore;
  /** False when the config is invalid or recording is off: the recorder then says why. */
  readonly canRecord: boolean;
  /** Starts the recorder for an accepted call it has not seen (idempotent: it ignores repeats). */
  readonly adopt: (task: TaskLike) => void;
  /**
   * Where an error in the scan goes. The scan runs inside Flex's dispatch: anything it throws would
   * reach whoever dispatched (Flex's listeners) and skip the store's later subscribers (the screen).
   */
  readonly report: ReportOnce;
}

/**
 * Keeps the recording store in step with the task attributes. On start and on every Flex store
 * change it scans `flex.worker.tasks`: an accepted voice task seen for the first time (after a page
 * reload Flex does not emit taskAccepted again) gets the state its attributes hold, or the recorder
 * when they hold none; a task whose attributes changed (status callback, another tab) is reconciled.
 * Returns the function that stops it.
 */
export function syncRecordingStates<S>(deps: RecordingStateSyncDeps<S>): () => void {
  const { store } = deps;
  /** The last attributes and status seen per reservation. */
  const seen = new Map<string, { attributes: TaskLike['attributes']; status: string }>();

  /** Reservations whose attributes arrived while a recorder flow was still waiting or starting. */
  const deferred = new Set<string>();

  const apply = (reservationSid: string, attributes: TaskLike['attributes']): void => {
    const current = store.get(reservationSid);
    const derived = deriveRecordingState(attributes, reservationSid, callSidOf(current));
    if (derived !== undefined && (current?.status === 'waiting_for_leg' || current?.status === 'starting')) {
      deferred.add(reservationSid);
      return;
    }
    deferred.delete(reservationSid);
    const next = reconcileState(current, derived);
    if (next !== undefined && !sameState(next, current)) store.set(reservationSid, next);
  };

  /** Follows one task; throws whatever Flex's call test or our own logic throws for it. */
  const follow = (task: TaskLike, present: Set<string>): void => {
    // Flex's call test asks every registered task channel (other plugins' too) about the task.
    if (!deps.isCallTask(task)) return;
    present.add(task.sid);
    const before = seen.get(task.sid);
    if (before && before.attributes === task.attributes && before.status === task.status) return;
    seen.set(task.sid, { attributes: task.attributes, status: task.status });
    if (
      before === undefined &&
      task.status === 'accepted' &&
      (!deps.canRecord || deriveRecordingState(task.attributes, task.sid) === undefined)
    ) {
      deps.adopt(task);
    }
    apply(task.sid, task.attributes);
  };

  const scan = (): void => {
    const present = new Set<string>();
    try {
      for (const task of deps.tasks(deps.flexStore.getState())) {
        try {
          follow(task, present);
        } catch (error) {
          // One task that cannot be read stops nothing else: the other tasks are still followed.
          present.add(task.sid);
          deps.report('following a task', error);
        }
      }
    } catch (error) {
      deps.report('reading the tasks', error);
      return;
    }
    for (const sid of [...seen.keys()]) {
      if (present.has(sid)) continue;
      seen.delete(sid);
      deferred.delete(sid);
    }
  };

  // Attributes that arrived while the recorder flow was in charge (another tab paused before this
  // one's create-recording answered) apply once the flow has written its result. Only then: attributes
  // seen earlier must not overwrite a newer answer (the pause Function answers before Flex shows the
  // attributes it wrote).
  const stopStore = store.subscribe((reservationSid) => {
    const last = seen.get(reservationSid);
    const now = store.get(reservationSid);
    if (!deferred.has(reservationSid) || !last || now === undefined) return;
    if (now.status === 'waiting_for_leg' || now.status === 'starting') return;
    apply(reservationSid, last.attributes);
  });
  const stopFlex = deps.flexStore.subscribe(scan);
  scan();
  return () => {
    stopFlex();
    stopStore();
  };
}
