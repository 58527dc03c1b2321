/**
 * What an Event Streams webhook sink delivers to POST /task-events, read and authenticated before
 * the route does anything: the sink's HTTP Basic credentials (`events:<EVENTS_SINK_PASSWORD>`, sent
 * on every request from the destination URL), and the delivery's CloudEvents, a JSON array or a
 * single one, each read into a {@link SinkEvent}.
 */
import { timingSafeEqual } from 'node:crypto';
import { isRecord, isSid } from '@dual-channel-recording/contract';
import { ApiError } from '../http/api-error';
import type { Parsed } from '../http/params';
import type { FunctionEvent } from '../http/request';
import { singleHeader } from '../http/request';
import type { RouteScope } from '../http/route';
import { parseEventAttributes } from '../rules/task-claims';

/** The user name of the sink's Basic credentials. */
export const SINK_USER = 'events';

/** One CloudEvent as the route reads it. */
export interface SinkEvent {
  /** The CloudEvent `id` (Twilio: two events are the same event when their ids are). */
  id: string | undefined;
  /** TaskRouter's event type (`task.wrapup`), or the CloudEvent type when it is not TaskRouter's. */
  type: string;
  taskSid: string | undefined;
  /** The task attributes the event carried, when readable (agent-writable: hints only). */
  attributes: Record<string, unknown> | undefined;
  /** Epoch ms of the event (CloudEvent `time`), 0 when missing. */
  at: number;
  /**
   * TaskRouter's own fields of the payload (the task's assignment status and queue at the event, not
   * agent-writable), each undefined when the event does not carry it or it does not read as one.
   */
  taskStatus: string | undefined;
  queueSid: string | undefined;
  queueName: string | undefined;
}

/** The events of one delivery. */
export interface TaskEventsDelivery {
  events: SinkEvent[];
}

/** The raw event: a JSON array body arrives as keys "0", "1", …; a single CloudEvent as its own keys. */
export type TaskEventsFields = Record<string, unknown>;

/** `com.twilio.taskrouter.task.wrapup` → `task.wrapup` (Event Streams names TaskRouter events so). */
export function taskRouterEventType(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  return type.startsWith('com.twilio.taskrouter.') ? type.slice('com.twilio.taskrouter.'.length) : type;
}

function payloadOf(data: unknown): Record<string, unknown> {
  if (!isRecord(data)) return {};
  return isRecord(data.payload) ? data.payload : data;
}

/** TaskRouter's task assignment statuses (the Task resource's `assignment_status` enum). */
const TASK_STATUSES: readonly string[] = [
  'pending',
  'reserved',
  'assigned',
  'canceled',
  'completed',
  'wrapping',
];

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * One CloudEvent. The payload's field names are those of Twilio's Event Streams TaskRouter event
 * pages (https://www.twilio.com/docs/events/event-types/taskrouter/task, the `payload` of each
 * example: `task_sid`, `task_attributes` as a JSON string, `task_assignment_status`, `task_queue_sid`,
 * `task_queue_name`), the same names TaskRouter's event log gives its `event_data`.
 */
function readEvent(cloudEvent: Record<string, unknown>): SinkEvent {
  const payload = payloadOf(cloudEvent.data);
  const sid = payload.task_sid ?? payload.TaskSid;
  const time = typeof cloudEvent.time === 'string' ? Date.parse(cloudEvent.time) : Number.NaN;
  const status = nonEmpty(payload.task_assignment_status);
  const queueSid = nonEmpty(payload.task_queue_sid);
  return {
    id: typeof cloudEvent.id === 'string' && cloudEvent.id !== '' ? cloudEvent.id : undefined,
    type: taskRouterEventType(cloudEvent.type) ?? '',
    taskSid: typeof sid === 'string' && isSid(sid, 'WT') ? sid : undefined,
    attributes: parseEventAttributes(payload.task_attributes),
    at: Number.isNaN(time) ? 0 : time,
    taskStatus: status !== undefined && TASK_STATUSES.includes(status) ? status : undefined,
    queueSid: queueSid !== undefined && isSid(queueSid, 'WQ') ? queueSid : undefined,
    queueName: nonEmpty(payload.task_queue_name),
  };
}

/**
 * Reads a delivery: a JSON array of CloudEvents (the runtime spreads it into keys "0", "1", …) or a
 * single CloudEvent (its keys are the event's own). A body that is neither is 400: it is not an Event
 * Streams delivery, and a discard is its right answer.
 */
export function parseTaskEventsDelivery(event: TaskEventsFields): Parsed<TaskEventsDelivery> {
  const indexed = Object.keys(event).filter((key) => /^\d+$/.test(key));
  const cloudEvents =
    indexed.length > 0
      ? indexed.map((key) => event[key])
      : typeof event.specversion === 'string' && typeof event.type === 'string'
        ? [event]
        : [];
  if (cloudEvents.length === 0 || !cloudEvents.every(isRecord)) {
    return {
      ok: false,
      problem: {
        field: 'body',
        reason: 'must be a CloudEvent or a JSON array of CloudEvents (Event Streams)',
      },
    };
  }
  return { ok: true, params: { events: cloudEvents.map((e) => readEvent(e as Record<string, unknown>)) } };
}

/** The sink's Basic credentials must be `events:<EVENTS_SINK_PASSWORD>` (500 when the setting is unset). */
export function verifySinkCredentials(event: FunctionEvent<TaskEventsFields>, scope: RouteScope): void {
  const password = scope.config.eventsSinkPassword;
  if (password === undefined) {
    throw new ApiError('missing_setting', 'EVENTS_SINK_PASSWORD is required to accept TaskRouter events', {
      setting: 'EVENTS_SINK_PASSWORD',
    });
  }
  const header = singleHeader(event, 'authorization') ?? '';
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  const given = Buffer.from(basic ? Buffer.from(basic[1], 'base64').toString('utf8') : '');
  const expected = Buffer.from(`${SINK_USER}:${password}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    scope.log('sink_credentials_rejected', { reason: header === '' ? 'missing' : 'mismatch' });
    throw new ApiError('invalid_credentials', 'The Event Streams sink credentials are missing or wrong');
  }
}
