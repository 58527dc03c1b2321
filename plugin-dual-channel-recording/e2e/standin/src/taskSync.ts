import type { FlexStandIn } from './flex.js';
import type { StandInTask } from './flexSurface.js';
import type { StandInStateResponse } from './sandboxView.js';
import type { Me } from './taskModel.js';
import { buildTasks, myLegOf } from './taskModel.js';

/** Flex's event for a reservation that left the screen, by the reservation's final status. */
const GONE_EVENTS: Readonly<Record<string, string>> = {
  completed: 'taskCompleted',
  canceled: 'taskCanceled',
  rescinded: 'taskRescinded',
  timeout: 'taskTimeout',
  rejected: 'taskRejected',
};

/** A task's content without its timestamps (which the stand-in stamps at every read). */
function contentOf(task: StandInTask): string {
  return JSON.stringify({ ...task, dateCreated: 0, dateUpdated: 0 });
}

/**
 * As in Flex, a task whose content is unchanged keeps its object, and one whose attributes (or
 * status, conference) changed is a new object with new `attributes`: plugins compare by identity.
 */
export function keepUnchanged(
  before: ReadonlyMap<string, StandInTask>,
  after: ReadonlyMap<string, StandInTask>,
): Map<string, StandInTask> {
  return new Map(
    [...after].map(([sid, task]) => {
      const previous = before.get(sid);
      return [sid, previous && contentOf(previous) === contentOf(task) ? previous : task];
    }),
  );
}

/**
 * The agent desktop's selection after a change: a task this tab just accepted becomes selected (Flex's
 * AcceptTask selects it); a selected task that left the screen is unselected.
 */
export function nextSelection(
  selected: string | undefined,
  before: ReadonlyMap<string, StandInTask>,
  after: ReadonlyMap<string, StandInTask>,
  acceptedHere: ReadonlySet<string>,
): string | undefined {
  const justAccepted = [...after.values()].find(
    (t) => t.status === 'accepted' && before.get(t.sid)?.status !== 'accepted' && acceptedHere.has(t.sid),
  );
  if (justAccepted) return justAccepted.sid;
  return selected !== undefined && after.has(selected) ? selected : undefined;
}

/** Keeps the stand-in's Flex state in step with the sandbox, and emits Flex's task events. */
export interface TaskSync {
  /** Re-reads the sandbox and applies the differences (serialised: overlapping calls coalesce). */
  refresh(): Promise<void>;
  /** This tab answered the reservation: its voice "device" holds the call (`flex.phone.activeCall`). */
  markAcceptedHere(reservationSid: string): void;
  /** The agent selects a task in the task list (`flex.view.selectedTaskSid`). */
  select(reservationSid: string): void;
  /** The last sandbox state read. */
  latest(): StandInStateResponse | undefined;
  /** Called after every applied refresh. */
  subscribe(listener: () => void): () => void;
}

/** Creates the sync for one agent's page. */
export function createTaskSync(
  standIn: FlexStandIn,
  me: Me,
  fetchState: () => Promise<StandInStateResponse>,
): TaskSync {
  const acceptedHere = new Set<string>();
  const listeners = new Set<() => void>();
  let latest: StandInStateResponse | undefined;
  let initial = true;
  let running: Promise<void> | undefined;
  let again = false;

  const apply = (state: StandInStateResponse): void => {
    const { flex } = standIn.store.getState();
    const before = flex.worker.tasks;
    const tasks = keepUnchanged(before, buildTasks(state, me, Date.now()));
    const selectedTaskSid = nextSelection(flex.view.selectedTaskSid, before, tasks, acceptedHere);
    const withCall = [...tasks.values()].find((t) => acceptedHere.has(t.sid) && t.status === 'accepted');
    const activeCallSid = withCall ? myLegOf(state.sandbox, withCall, me) : undefined;
    const conferenceStates = new Map(
      [...tasks.values()].flatMap((t) =>
        t.conference ? [[t.taskSid, { source: t.conference }] as const] : [],
      ),
    );
    // The store changes before the events fire: listeners (the plugin) read the task from it.
    standIn.store.update((s) => ({
      flex: {
        ...s.flex,
        worker: { ...s.flex.worker, tasks },
        conferences: { states: conferenceStates },
        phone: activeCallSid ? { activeCall: { parameters: { CallSid: activeCallSid } } } : {},
        view: { ...s.flex.view, selectedTaskSid },
      },
    }));
    latest = state;
    if (!initial) emitTransitions(before, tasks, state);
    initial = false;
    [...listeners].forEach((listener) => listener());
  };

  const emitTransitions = (
    before: ReadonlyMap<string, StandInTask>,
    after: ReadonlyMap<string, StandInTask>,
    state: StandInStateResponse,
  ): void => {
    for (const task of after.values()) {
      const previous = before.get(task.sid)?.status;
      if (previous === undefined && task.status === 'pending') standIn.events.emit('taskReceived', task);
      if (task.status === 'accepted' && previous !== 'accepted') standIn.events.emit('taskAccepted', task);
      if (task.status === 'wrapping' && previous !== 'wrapping') standIn.events.emit('taskWrapup', task);
    }
    for (const task of before.values()) {
      if (after.has(task.sid)) continue;
      const finalStatus = state.sandbox.reservations.find((r) => r.sid === task.sid)?.status ?? 'canceled';
      standIn.events.emit(GONE_EVENTS[finalStatus] ?? 'taskCanceled', task);
      acceptedHere.delete(task.sid);
    }
  };

  const refresh = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        apply(await fetchState());
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    refresh,
    markAcceptedHere: (reservationSid) => acceptedHere.add(reservationSid),
    select(reservationSid) {
      if (!standIn.store.getState().flex.worker.tasks.has(reservationSid)) return;
      standIn.store.update((s) => ({
        flex: { ...s.flex, view: { ...s.flex.view, selectedTaskSid: reservationSid } },
      }));
    },
    latest: () => latest,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
