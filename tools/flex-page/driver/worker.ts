import { FlexActionType } from './actionTypes';
import type { ConferenceListeners } from './conferences';
import type { DriverStore, FlexUi } from './flexUi';
import type { VoiceChannel } from './interactions';
import type { ReservationStatus, SdkOutgoingTransfer, SdkReservation, SdkWorker } from './taskRouterSdk';

/** Reservation events of the TaskRouter SDK that Flex follows (`initReservationListeners`). */
export type ReservationEvent =
  'accepted' | 'rejected' | 'timeout' | 'canceled' | 'rescinded' | 'completed' | 'wrapup';

const STATUS_AFTER: Readonly<Record<ReservationEvent, ReservationStatus>> = {
  accepted: 'accepted',
  rejected: 'rejected',
  timeout: 'timeout',
  canceled: 'canceled',
  rescinded: 'rescinded',
  completed: 'completed',
  wrapup: 'wrapping',
};

type FlexTask = ReturnType<FlexUi['TaskHelper']['getTaskByTaskSid']>;
type TaskRouterTaskClass = new (reservation: SdkReservation) => NonNullable<FlexTask>;

/** Outbound-call cancel codes Flex names in a notification (`OutboundCalling.handleOutboundTaskCancelledEvent`). */
const OUTBOUND_CANCEL_NOTIFICATIONS: Readonly<Record<number, string>> = {
  45305: 'OutboundCallCanceledNoAnswer',
  45303: 'OutboundCallCanceledBusy',
};

/**
 * Port of Flex 2.17.1's WorkerState listener (`WorkerListener`: `handleReservationCreated`,
 * `handleReservationUpdated`, `handleTaskUpdated`, `initAndLoadReservations`), which turns TaskRouter SDK
 * events into Flex events and `WORKER_*` actions, in Flex's order: on `accepted`, Flex emits
 * `taskUpdated` and `taskAccepted` first and dispatches `WORKER_UPDATE_RESERVATION` after, then starts the
 * conference listener. The tasks in the store are Flex's own `TaskRouterTask`, built by Flex's reducer.
 */
export class WorkerFeed {
  private taskClass: TaskRouterTaskClass | undefined;

  constructor(
    private readonly flex: FlexUi,
    private readonly store: DriverStore,
    private readonly events: FlexEventsEmitter,
    private readonly conferences: ConferenceListeners,
    private readonly channelOf: (taskSid: string) => VoiceChannel | undefined,
  ) {}

  /** `initAndLoadReservations`: `WORKER_INIT` with the worker's reservations, then their conferences. */
  workerReady(worker: SdkWorker): void {
    const tasks = new Map([...worker.reservations.values()].map((r) => [r.sid, this.wrap(r)]));
    this.store.dispatch({
      type: FlexActionType.workerInit,
      payload: {
        listener: this,
        source: worker,
        activity: worker.activity,
        activities: worker.activities,
        attributes: worker.attributes,
        tasks,
      },
    });
    tasks.forEach((task) => {
      if (this.flex.TaskHelper.isCallTask(task)) this.listen(task.sourceObject as SdkReservation);
    });
  }

  /** `handleReservationCreated`: added to the store at once; `taskReceived` after the voice check. */
  reservationCreated(worker: SdkWorker, reservation: SdkReservation): void {
    worker.reservations.set(reservation.sid, reservation);
    this.store.dispatch({ type: FlexActionType.addReservation, payload: reservation });
    // Flex awaits ensureVoiceClientRegistered() before telling listeners about the new task.
    void Promise.resolve().then(() => {
      const task = this.wrap(reservation);
      this.events.emitTaskReceived(task);
      const initialOutbound = this.flex.TaskHelper.isInitialOutboundAttemptTask(task);
      if (!initialOutbound && !task.incomingTransferObject) {
        this.flex.Notifications.showNotification(this.flex.NotificationIds.IncomingTask, { task });
      }
    });
  }

  /** `handleReservationUpdated`: the SDK already changed the status; Flex emits, then dispatches. */
  reservationEvent(worker: SdkWorker, reservation: SdkReservation, event: ReservationEvent): void {
    reservation.status = STATUS_AFTER[event];
    reservation.dateUpdated = new Date();
    const incoming = this.flex.Notifications.activeNotifications.find(
      (n) =>
        n.id === this.flex.NotificationIds.IncomingTask &&
        (n.context as { task?: { sid?: string } })?.task?.sid === reservation.sid,
    );
    if (incoming) this.flex.Notifications.dismissNotification(incoming);
    const task = this.wrap(reservation);
    this.events.emitTaskUpdated(task, 'updated');
    this.events.emitTaskUpdated(task, event);
    switch (event) {
      case 'wrapup':
        this.store.dispatch({ type: FlexActionType.updateReservation, payload: reservation });
        break;
      case 'accepted':
        this.store.dispatch({ type: FlexActionType.updateReservation, payload: reservation });
        if (this.flex.TaskHelper.isLiveCall(task)) this.listen(reservation);
        break;
      default: {
        if (event === 'canceled' && this.flex.TaskHelper.isOutboundCallTask(task)) {
          this.showOutboundCanceled(reservation);
        }
        this.conferences.stopListening(reservation.task.sid, `worker${reservation.sid}`);
        this.store.dispatch({ type: FlexActionType.deleteReservation, payload: reservation });
        worker.reservations.delete(reservation.sid);
      }
    }
  }

  /** `handleTaskUpdated` (the SDK task's `updated`: new attributes): dispatched unless the reservation ended. */
  taskUpdated(reservation: SdkReservation, attributes: Record<string, unknown>): void {
    reservation.task.attributes = attributes;
    reservation.task.dateUpdated = new Date();
    if (['completed', 'rejected', 'timeout', 'canceled', 'rescinded'].includes(reservation.status)) return;
    this.store.dispatch({ type: FlexActionType.updateReservation, payload: reservation });
  }

  /**
   * The SDK task's `transferInitiated` (this agent transfers the task out): Flex's `handleTaskUpdated`
   * with `updated`, then `ConferenceListenerManager.initOutboundTransfer`.
   */
  transferInitiated(reservation: SdkReservation, transfer: SdkOutgoingTransfer): void {
    this.taskUpdated(reservation, reservation.task.attributes);
    this.conferences.initOutboundTransfer(transfer);
  }

  /** A new `TaskRouterTask` over the reservation, as Flex builds one for each event. */
  wrap(reservation: SdkReservation): NonNullable<FlexTask> {
    return new (this.taskRouterTaskClass())(reservation);
  }

  private listen(reservation: SdkReservation): void {
    const channel = this.channelOf(reservation.task.sid);
    if (channel) this.conferences.startListening(reservation.task.sid, reservation.sid, channel);
  }

  private showOutboundCanceled(reservation: SdkReservation): void {
    const code = reservation.canceledReasonCode;
    if (code === undefined) return;
    const id = OUTBOUND_CANCEL_NOTIFICATIONS[code];
    if (id !== undefined) this.flex.Notifications.showNotification(id);
    else this.flex.Notifications.showNotification('OutboundCallCanceledGeneric', { reasonCode: code });
  }

  /**
   * Flex's `TaskRouterTask` class is not exported; its reducer builds one for `WORKER_ADD_RESERVATION`.
   * Running the reducer as the pure function it is, on a throw-away state, hands us the class.
   */
  private taskRouterTaskClass(): TaskRouterTaskClass {
    if (this.taskClass) return this.taskClass;
    const probe = { sid: 'WRprobe', task: { sid: 'WTprobe' } };
    const state = this.flex.FlexReducer(undefined as never, {
      type: FlexActionType.addReservation,
      payload: probe,
    });
    const task = state.worker.tasks.get(probe.sid);
    if (!task) throw new Error('Flex reducer did not build a task for WORKER_ADD_RESERVATION');
    this.taskClass = task.constructor as TaskRouterTaskClass;
    return this.taskClass;
  }
}

/** The FlexEvents emit methods the listener calls (Flex's `FlexEventEmitter`, reached through `manager.events`). */
export interface FlexEventsEmitter {
  emitTaskReceived(task: unknown): void;
  emitTaskUpdated(task: unknown, event: string): void;
  emitTokenUpdated(tokenPayload: unknown): void;
  emitPluginsInitialized(): void;
}
