/**
 * Event Streams, as the sandbox plays it: one webhook sink per account (control API `setEventSink`)
 * with the TaskRouter event types it is subscribed to. Each TaskRouter event the sandbox records is
 * POSTed to the sink as a JSON array holding one CloudEvent, in the shape Twilio's event type pages
 * show (`specversion`, `type` `com.twilio.taskrouter.<event>`, `data` with the TaskRouter payload under
 * `payload`), with the Basic credentials of the sink's URL sent on the request. Deliveries go one at a
 * time in the order the events happened; each is recorded with the answer it got. Twilio's batching,
 * retries and at-least-once redelivery are not played.
 */
import { send } from './callbacks';
import type { SandboxState } from './state';
import type { TaskRouterEvent } from './task-events';

/** The CloudEvent type Event Streams gives a TaskRouter event type (`task.wrapup` → …`.task.wrapup`). */
export const taskRouterCloudEventType = (eventType: string): string => `com.twilio.taskrouter.${eventType}`;

/** A webhook sink and its subscription. */
export interface EventSink {
  /** The sink's destination; credentials in the URL (`https://user:pass@host/…`) are sent as Basic auth. */
  url: string;
  /** Subscribed CloudEvent types (`com.twilio.taskrouter.reservation.wrapup`, …). */
  types: string[];
}

/** One delivery to a sink, as tests read it. */
export interface EventDelivery {
  at: string;
  type: string;
  taskSid: string;
  /** The sink's HTTP status, or null when the request failed. */
  responseStatus: number | null;
  error: string | null;
}

/** The CloudEvent Event Streams delivers for a TaskRouter event. */
export function cloudEventFor(event: TaskRouterEvent): Record<string, unknown> {
  const at = event.at.toISOString();
  const data = event.data;
  return {
    specversion: '1.0',
    type: taskRouterCloudEventType(event.eventType),
    source: `/v1/Workspaces/${event.workspaceSid}/${event.resourceType === 'task' ? 'Tasks' : 'Reservations'}/${event.resourceSid}`,
    id: event.sid,
    dataschema: 'https://events-schemas.twilio.com/TaskRouter.WDSEvent/4',
    datacontenttype: 'application/json',
    time: at,
    data: {
      sid: event.sid,
      account_sid: event.accountSid,
      timestamp: at,
      level: 'INFO',
      group: event.resourceType,
      product_name: 'TaskRouter',
      payload_type: 'application/json',
      payload: {
        ...data,
        sid: event.sid,
        eventtype: event.eventType,
        account_sid: event.accountSid,
        timestamp: at,
        // TaskRouter's payload carries the attributes as a JSON string.
        task_attributes: JSON.stringify(data.task_attributes ?? {}),
      },
    },
  };
}

/** POSTs a delivery, with the URL's credentials as Basic auth and left out of the request line. */
function post(url: URL, body: string): Promise<number> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Twilio-Event-Streams',
  };
  if (url.username !== '') {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.Authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  const target = new URL(url.toString());
  target.username = '';
  target.password = '';
  return send(target, 'POST', headers, body);
}

/** Delivers the sandbox's TaskRouter events to the account's sink, one after another. */
export class EventStreams {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly state: SandboxState) {
    state.onTaskEvent = (event) => this.enqueue(event);
  }

  private enqueue(event: TaskRouterEvent): void {
    const sink = this.state.eventSinks.get(event.accountSid);
    const type = taskRouterCloudEventType(event.eventType);
    if (!sink || !sink.types.includes(type)) return;
    const body = JSON.stringify([cloudEventFor(event)]);
    this.queue = this.queue.then(async () => {
      const record: EventDelivery = {
        at: new Date().toISOString(),
        type,
        taskSid: event.taskSid,
        responseStatus: null,
        error: null,
      };
      try {
        record.responseStatus = await post(new URL(sink.url), body);
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      this.state.eventDeliveries.push(record);
    });
  }

  /** Resolves once every delivery queued so far has been answered. */
  settled(): Promise<void> {
    return this.queue;
  }
}
