/**
 * POST /task-events: TaskRouter's events, delivered by an Event Streams webhook sink (a JSON array
 * of CloudEvents). Event Streams is how a Function hears about tasks without taking over Flex's own
 * callbacks: a workspace has one `EventCallbackUrl` (an integration may own it) and Flex owns its
 * conference's status callbacks, while an account may have many sinks and subscriptions. The sink
 * authenticates with HTTP Basic credentials in its destination URL (`https://events:<password>@…`,
 * Event Streams sends them on every request); the route compares them with `EVENTS_SINK_PASSWORD`.
 *
 * Only the task SID is taken from an event: everything the decision needs is read from Twilio
 * (last-agent.ts), so a replayed, reordered or forged event can at most trigger a check.
 */
import { timingSafeEqual } from 'node:crypto';
import { ApiError } from '../http/api-error';
import type { Parsed } from '../http/params';
import type { FunctionEvent } from '../http/request';
import { singleHeader } from '../http/request';
import type { RouteReply, RouteRequest, RouteScope } from '../http/route';
import { twilioForRequest } from '../twilio/client';
import { isRecord } from '@dual-channel-recording/contract';
import { createFlexUiAttributesCache, flexSettingsFor } from './flex-settings';
import type { LastAgentOutcome } from './last-agent';
import { stopIfLastAgentLeft } from './last-agent';

/** The user name of the sink's Basic credentials. */
export const SINK_USER = 'events';

/** TaskRouter event types after which the call may be over for the last agent. */
export const AGENT_LEFT_EVENT_TYPES: readonly string[] = [
  'reservation.wrapup',
  'reservation.completed',
  'task.wrapup',
  'task.completed',
  'task.canceled',
];

/** The tasks to check, from one delivery. */
export interface TaskEventsDelivery {
  taskSids: string[];
}

/** The raw event: the runtime spreads a JSON array body into keys "0", "1", … */
export type TaskEventsFields = Record<string, unknown>;

const TASK_SID = /^WT[0-9a-fA-F]{32}$/;

/** `com.twilio.taskrouter.task.wrapup` → `task.wrapup` (Event Streams names TaskRouter events so). */
export function taskRouterEventType(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  return type.startsWith('com.twilio.taskrouter.') ? type.slice('com.twilio.taskrouter.'.length) : type;
}

function taskSidOf(data: unknown): string | undefined {
  if (!isRecord(data)) return undefined;
  const payload = isRecord(data.payload) ? data.payload : data;
  const sid = payload.task_sid ?? payload.TaskSid;
  return typeof sid === 'string' && TASK_SID.test(sid) ? sid : undefined;
}

/**
 * Reads the CloudEvents of a delivery (keys "0", "1", … of the runtime's event) and keeps the task
 * SIDs of the event types that matter; other event types are accepted and ignored (a sink may carry
 * more subscriptions). A delivery with no CloudEvent at all is 400.
 */
export function parseTaskEventsDelivery(event: TaskEventsFields): Parsed<TaskEventsDelivery> {
  const cloudEvents = Object.keys(event)
    .filter((key) => /^\d+$/.test(key))
    .map((key) => event[key]);
  if (cloudEvents.length === 0 || !cloudEvents.every(isRecord)) {
    return {
      ok: false,
      problem: { field: 'body', reason: 'must be a JSON array of CloudEvents (Event Streams)' },
    };
  }
  const taskSids = new Set<string>();
  for (const cloudEvent of cloudEvents) {
    const type = taskRouterEventType((cloudEvent as Record<string, unknown>).type);
    const sid = taskSidOf((cloudEvent as Record<string, unknown>).data);
    if (type !== undefined && AGENT_LEFT_EVENT_TYPES.includes(type) && sid) taskSids.add(sid);
  }
  return { ok: true, params: { taskSids: [...taskSids] } };
}

/** The sink's Basic credentials must be `events:<EVENTS_SINK_PASSWORD>` (500 when the setting is unset). */
export function verifySinkCredentials(event: FunctionEvent<TaskEventsFields>, scope: RouteScope): void {
  const password = scope.config.eventsSinkPassword;
  if (password === undefined) {
    throw new ApiError(
      500,
      'missing_setting',
      'EVENTS_SINK_PASSWORD is required to accept TaskRouter events',
      {
        setting: 'EVENTS_SINK_PASSWORD',
      },
    );
  }
  const header = singleHeader(event, 'authorization') ?? '';
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  const given = Buffer.from(basic ? Buffer.from(basic[1], 'base64').toString('utf8') : '');
  const expected = Buffer.from(`${SINK_USER}:${password}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    scope.log('sink_credentials_rejected', { reason: header === '' ? 'missing' : 'mismatch' });
    throw new ApiError(401, 'invalid_credentials', 'The Event Streams sink credentials are missing or wrong');
  }
}

const warmUiAttributes = createFlexUiAttributesCache();

/** POST /task-events's work: check every task the delivery names; 200 with each outcome. */
export async function runTaskEvents(request: RouteRequest<TaskEventsDelivery>): Promise<RouteReply> {
  const { params, config, log } = request;
  const outcomes: Record<string, LastAgentOutcome> = {};
  for (const taskSid of params.taskSids) {
    // One deadline per task: a delivery can name several, and each check stands alone.
    const { gateway } = twilioForRequest(config);
    const flex = flexSettingsFor(() => warmUiAttributes(gateway, Date.now(), config.exclusionsCacheMs));
    outcomes[taskSid] = await stopIfLastAgentLeft(taskSid, {
      gateway,
      complianceSettings: () => flex.compliance(),
      now: () => Date.now(),
      log,
    });
  }
  return { status: 200, body: { outcomes } };
}
