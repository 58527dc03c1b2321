/**
 * What an Event Streams webhook sink receives, for tests that post deliveries themselves: a
 * TaskRouter event from the sandbox's event log (the same record `GET /Workspaces/{WS}/Events`
 * serves), wrapped as a CloudEvent in the shape of Twilio's event type pages
 * (https://www.twilio.com/docs/events/event-types/taskrouter/task: `specversion`, `type`
 * `com.twilio.taskrouter.<event>`, `id`, `data.payload` with `task_sid`, `task_attributes` as a JSON
 * string, `task_queue_sid`, …), and a POST of one delivery with the sink's Basic credentials.
 */
import type { Stack } from '@dual-channel-recording/local-stack';
import { withStack } from './stack';
import type { Reply } from './functions-http';
import { postFunction } from './functions-http';

/** The sink password the tests configure (`EVENTS_SINK_PASSWORD`). */
export const SINK_PASSWORD = 'sink-password-0123456789abcdef';

/** The `Authorization` header Event Streams sends for a sink URL carrying `events:<password>@`. */
export const SINK_AUTH = `Basic ${Buffer.from(`events:${SINK_PASSWORD}`).toString('base64')}`;

/** The sink URL an admin gives Event Streams: the task-events route with the password in it. */
export function sinkUrl(stack: Stack): string {
  return stack.functionsUrl.replace('://', `://events:${SINK_PASSWORD}@`) + '/task-events';
}

/**
 * One local stack for the test file, with the Functions in process, the sink's password set and the
 * exclusions never cached; handed to `use` once started, its sandbox reset before each test.
 */
export function withSinkStack(use: (stack: Stack) => void): void {
  withStack(use, { env: { EXCLUSIONS_CACHE_SECONDS: '0', EVENTS_SINK_PASSWORD: SINK_PASSWORD } });
}

interface LoggedEvent {
  sid: string;
  event_type: string;
  event_date: string;
  event_data: Record<string, unknown>;
}

async function taskEvents(stack: Stack, taskSid: string): Promise<LoggedEvent[]> {
  const auth = Buffer.from(`${stack.accountSid}:${stack.authToken}`).toString('base64');
  const url = `${stack.sandboxUrl}/v1/Workspaces/${stack.workspaceSid}/Events?TaskSid=${taskSid}&Minutes=600&PageSize=1000`;
  const res = await fetch(url, { headers: { Authorization: `Basic ${auth}` } });
  if (!res.ok) throw new Error(`event log: HTTP ${res.status}`);
  return ((await res.json()) as { events: LoggedEvent[] }).events;
}

/** A CloudEvent as Event Streams delivers a TaskRouter event. */
export function asCloudEvent(event: LoggedEvent): Record<string, unknown> {
  return {
    specversion: '1.0',
    type: `com.twilio.taskrouter.${event.event_type}`,
    source: `/v1/Workspaces/${String(event.event_data.workspace_sid)}/Tasks/${String(event.event_data.task_sid)}`,
    id: event.sid,
    dataschema: 'https://events-schemas.twilio.com/TaskRouter.WDSEvent/4',
    datacontenttype: 'application/json',
    time: event.event_date,
    data: {
      sid: event.sid,
      timestamp: event.event_date,
      product_name: 'TaskRouter',
      payload_type: 'application/json',
      payload: { ...event.event_data, sid: event.sid, eventtype: event.event_type },
    },
  };
}

/** The CloudEvent of the task's latest TaskRouter event of `eventType` (it must have happened). */
export async function cloudEventOf(
  stack: Stack,
  taskSid: string,
  eventType: string,
): Promise<Record<string, unknown>> {
  const latest = (await taskEvents(stack, taskSid)).find((e) => e.event_type === eventType);
  if (!latest) throw new Error(`task ${taskSid} has no ${eventType} event`);
  return asCloudEvent(latest);
}

/** POSTs one delivery to /task-events as a webhook sink does: an array of CloudEvents, or one. */
export function deliver(
  stack: Stack,
  body: Record<string, unknown> | Record<string, unknown>[],
  auth: string | null = SINK_AUTH,
): Promise<Reply> {
  return postFunction(stack, '/task-events', body as unknown as Record<string, unknown>, {
    origin: null,
    headers: auth ? { Authorization: auth } : {},
  });
}

/** Delivers the task's latest event of `eventType`, as Event Streams would. */
export async function deliverLatest(stack: Stack, taskSid: string, eventType: string): Promise<Reply> {
  return deliver(stack, [await cloudEventOf(stack, taskSid, eventType)]);
}
