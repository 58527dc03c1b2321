import { webhookRoute } from '../http/webhook-route';
import { runTaskEvents } from '../routes/task-events';
import { parseTaskEventsDelivery, verifySinkCredentials } from '../webhooks/task-events-delivery';

/**
 * POST /task-events: TaskRouter events from an Event Streams webhook sink (HTTP Basic credentials in
 * the sink's URL). After an agent's part ends, stops the task's customer-leg recording once the call
 * is over for the last agent (`stop_on_last_agent_leave`, on by default), never on a transfer.
 */
export const handler = webhookRoute({
  name: 'task-events',
  authenticate: verifySinkCredentials,
  parse: parseTaskEventsDelivery,
  run: runTaskEvents,
});
