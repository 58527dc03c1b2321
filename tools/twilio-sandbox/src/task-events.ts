/**
 * TaskRouter's event log (`/v1/Workspaces/{WS}/Events`), as the sandbox keeps it: one event per task
 * and reservation change, kept after the task is deleted (Twilio keeps events and redacts their task
 * attributes after 30 days, per the `StartDate` description in twilio_taskrouter_v1.json). The
 * recordings audit and the playback route read it; the names follow TaskRouter's event types.
 */
import type { Reservation, SandboxState, Task } from './state';

/** One TaskRouter event. */
export interface TaskRouterEvent {
  sid: string;
  accountSid: string;
  workspaceSid: string;
  eventType: string;
  at: Date;
  resourceType: 'task' | 'reservation';
  resourceSid: string;
  taskSid: string;
  reservationSid: string | null;
  workerSid: string | null;
  /** `event_data` as TaskRouter sends it (snake_case; `task_attributes` is a JSON string). */
  data: Record<string, unknown>;
}

/**
 * The task's part of an event's data, by the names of Twilio's Event Streams TaskRouter pages (the
 * `payload` of each example at https://www.twilio.com/docs/events/event-types/taskrouter/task:
 * `task_sid`, `task_attributes`, `task_assignment_status`, …; `task_queue_sid` and `task_queue_name`
 * as TaskRouter's event log names them) with the values as they are after the change the event
 * reports (a `task.wrapup` says `wrapping`).
 */
function taskData(task: Task): Record<string, unknown> {
  return {
    task_sid: task.sid,
    task_attributes: task.attributes,
    task_assignment_status: task.assignmentStatus,
    task_queue_sid: task.queueSid,
    task_queue_name: task.queueName,
    task_channel_unique_name: task.channelName,
    task_date_created: String(Math.floor(task.dateCreated.getTime() / 1000)),
    workspace_sid: task.workspaceSid,
  };
}

function push(
  state: SandboxState,
  task: Task,
  eventType: string,
  reservation: Reservation | undefined,
  at: Date,
): void {
  const event: TaskRouterEvent = {
    sid: state.sids.next('EV'),
    accountSid: task.accountSid,
    workspaceSid: task.workspaceSid,
    eventType,
    at,
    resourceType: reservation ? 'reservation' : 'task',
    resourceSid: reservation?.sid ?? task.sid,
    taskSid: task.sid,
    reservationSid: reservation?.sid ?? null,
    workerSid: reservation?.workerSid ?? null,
    data: {
      ...taskData(task),
      ...(reservation ? { reservation_sid: reservation.sid, worker_sid: reservation.workerSid } : {}),
    },
  };
  state.taskEvents.push(event);
  state.onTaskEvent?.(event);
}

/** Records a task event (`task.created`, `task.updated`, `task.wrapup`, `task.completed`, `task.canceled`). */
export function recordTaskEvent(state: SandboxState, task: Task, eventType: string, at = new Date()): void {
  push(state, task, eventType, undefined, at);
}

/** Records a reservation event (`reservation.created`, `reservation.accepted`, `reservation.wrapup`, …). */
export function recordReservationEvent(
  state: SandboxState,
  reservation: Reservation,
  eventType: string,
  at = new Date(),
): void {
  const task = state.tasks.get(reservation.taskSid);
  if (task) push(state, task, eventType, reservation, at);
}

/** The task event a status change is reported as (TaskRouter's names). */
export const TASK_STATUS_EVENTS: Readonly<Record<string, string>> = {
  wrapping: 'task.wrapup',
  completed: 'task.completed',
  canceled: 'task.canceled',
};

/** The reservation event a status change is reported as (TaskRouter's names). */
export const RESERVATION_STATUS_EVENTS: Readonly<Record<string, string>> = {
  accepted: 'reservation.accepted',
  rejected: 'reservation.rejected',
  timeout: 'reservation.timeout',
  canceled: 'reservation.canceled',
  rescinded: 'reservation.rescinded',
  wrapping: 'reservation.wrapup',
  completed: 'reservation.completed',
};
