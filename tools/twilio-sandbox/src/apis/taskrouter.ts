import { iso8601 } from '../dates';
import { TwilioErrorResponse, notFound } from '../errors';
import { formatEtag, ifMatchSatisfied } from '../etag';
import type { Reservation, SandboxState, Task, Worker } from '../state';
import { nextChangeSeq } from '../state';
import { keepFilters, listMeta, paginate } from './paging';
import type { TaskRouterEvent } from '../task-events';
import { TASK_STATUS_EVENTS, recordTaskEvent } from '../task-events';
import type { ApiHandler, ApiRequest } from './types';

const HOST = 'https://taskrouter.twilio.com';
const TASK_STATUSES = new Set(['pending', 'reserved', 'assigned', 'canceled', 'completed', 'wrapping']);

/** TaskRouter's JSON for a task. */
export function presentTask(t: Task, now: number = Date.now()): Record<string, unknown> {
  const url = `${HOST}/v1/Workspaces/${t.workspaceSid}/Tasks/${t.sid}`;
  return {
    account_sid: t.accountSid,
    age: Math.max(0, Math.floor((now - t.dateCreated.getTime()) / 1000)),
    assignment_status: t.assignmentStatus,
    attributes: t.attributes,
    addons: '{}',
    date_created: iso8601(t.dateCreated),
    date_updated: iso8601(t.dateUpdated),
    task_queue_entered_date: iso8601(t.dateCreated),
    priority: t.priority,
    reason: t.reason,
    sid: t.sid,
    task_queue_sid: t.queueSid,
    task_queue_friendly_name: t.queueName,
    task_channel_sid: t.channelSid,
    task_channel_unique_name: t.channelName,
    timeout: t.timeout,
    workflow_sid: t.workflowSid,
    workflow_friendly_name: t.workflowName,
    workspace_sid: t.workspaceSid,
    url,
    links: {
      task_queue: `${HOST}/v1/Workspaces/${t.workspaceSid}/TaskQueues/${t.queueSid}`,
      workflow: `${HOST}/v1/Workspaces/${t.workspaceSid}/Workflows/${t.workflowSid}`,
      workspace: `${HOST}/v1/Workspaces/${t.workspaceSid}`,
      reservations: `${url}/Reservations`,
    },
    virtual_start_time: iso8601(t.dateCreated),
    ignore_capacity: false,
    routing_target: null,
  };
}

/** TaskRouter's JSON for a reservation. */
export function presentReservation(r: Reservation, worker: Worker | undefined): Record<string, unknown> {
  const url = `${HOST}/v1/Workspaces/${r.workspaceSid}/Tasks/${r.taskSid}/Reservations/${r.sid}`;
  return {
    account_sid: r.accountSid,
    date_created: iso8601(r.dateCreated),
    date_updated: iso8601(r.dateUpdated),
    reservation_status: r.status,
    sid: r.sid,
    task_sid: r.taskSid,
    worker_name: worker?.friendlyName ?? null,
    worker_sid: r.workerSid,
    workspace_sid: r.workspaceSid,
    url,
    links: {
      task: `${HOST}/v1/Workspaces/${r.workspaceSid}/Tasks/${r.taskSid}`,
      worker: `${HOST}/v1/Workspaces/${r.workspaceSid}/Workers/${r.workerSid}`,
      workspace: `${HOST}/v1/Workspaces/${r.workspaceSid}`,
    },
  };
}

/** TaskRouter's JSON for a worker. */
export function presentWorker(w: Worker): Record<string, unknown> {
  const url = `${HOST}/v1/Workspaces/${w.workspaceSid}/Workers/${w.sid}`;
  return {
    account_sid: w.accountSid,
    activity_name: w.activityName,
    activity_sid: w.activitySid,
    attributes: w.attributes,
    available: w.available,
    date_created: iso8601(w.dateCreated),
    date_status_changed: iso8601(w.dateUpdated),
    date_updated: iso8601(w.dateUpdated),
    friendly_name: w.friendlyName,
    sid: w.sid,
    workspace_sid: w.workspaceSid,
    url,
    links: {
      channels: `${url}/Channels`,
      reservations: `${url}/Reservations`,
      workspace: `${HOST}/v1/Workspaces/${w.workspaceSid}`,
    },
  };
}

/** Applies one write to a task: new attributes and/or status, a new revision, a history entry. */
export function writeTask(
  task: Task,
  change: {
    attributes?: string;
    assignmentStatus?: Task['assignmentStatus'];
    reason?: string;
    priority?: number;
  },
  by: 'api' | 'control',
  now: number = Date.now(),
  events?: SandboxState,
): void {
  const statusBefore = task.assignmentStatus;
  if (change.attributes !== undefined) task.attributes = change.attributes;
  if (change.assignmentStatus !== undefined) task.assignmentStatus = change.assignmentStatus;
  if (change.reason !== undefined) task.reason = change.reason;
  if (change.priority !== undefined) task.priority = change.priority;
  task.revision += 1;
  task.dateUpdated = new Date(now);
  task.history.push({
    at: task.dateUpdated.toISOString(),
    seq: nextChangeSeq(),
    revision: task.revision,
    by,
    attributes: task.attributes,
    assignmentStatus: task.assignmentStatus,
  });
  if (events) {
    if (change.attributes !== undefined) recordTaskEvent(events, task, 'task.updated', task.dateUpdated);
    const statusEvent = TASK_STATUS_EVENTS[task.assignmentStatus];
    if (task.assignmentStatus !== statusBefore && statusEvent)
      recordTaskEvent(events, task, statusEvent, task.dateUpdated);
  }
}

/** TaskRouter handlers: tasks (ETag / If-Match), their reservations, workers. */
export function createTaskRouterHandlers(state: SandboxState): Record<string, ApiHandler> {
  const workspace = (req: ApiRequest): string => {
    const ws = state.workspaces.get(req.pathParams.WorkspaceSid);
    if (!ws || ws.accountSid !== req.account.sid) throw notFound(req.pathname);
    return ws.sid;
  };
  const task = (req: ApiRequest, sid: string): Task => {
    const ws = workspace(req);
    const found = state.tasks.get(sid);
    if (!found || found.workspaceSid !== ws) throw notFound(req.pathname);
    return found;
  };
  const etag = (t: Task): Record<string, string> => ({ ETag: formatEtag(t.revision) });
  // Twilio's compare-and-set on tasks: a write with a stale If-Match fails with 412 and changes nothing.
  const requireIfMatch = (req: ApiRequest, t: Task): void => {
    const ifMatch = req.headers['if-match'];
    if (!ifMatchSatisfied(Array.isArray(ifMatch) ? ifMatch[0] : ifMatch, t.revision)) {
      throw new TwilioErrorResponse(
        412,
        20412,
        'Precondition Failed: the ETag does not match the current version of the task',
      );
    }
  };

  return {
    FetchTask: (req) => {
      const t = task(req, req.pathParams.Sid);
      return { status: 200, body: presentTask(t), headers: etag(t) };
    },

    UpdateTask: (req) => {
      const t = task(req, req.pathParams.Sid);
      requireIfMatch(req, t);
      const b = req.body;
      let attributes: string | undefined;
      if (b.Attributes !== undefined) {
        attributes = String(b.Attributes);
        let parsed: unknown;
        try {
          parsed = JSON.parse(attributes);
        } catch {
          throw new TwilioErrorResponse(400, 20001, 'Attributes must be a valid JSON object');
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          throw new TwilioErrorResponse(400, 20001, 'Attributes must be a valid JSON object');
        }
      }
      const status = b.AssignmentStatus;
      if (status !== undefined && !TASK_STATUSES.has(String(status))) {
        throw new TwilioErrorResponse(400, 20001, `Invalid AssignmentStatus ${String(status)}`);
      }
      writeTask(
        t,
        {
          attributes,
          assignmentStatus: status === undefined ? undefined : (String(status) as Task['assignmentStatus']),
          reason: typeof b.Reason === 'string' ? b.Reason : undefined,
          priority: typeof b.Priority === 'number' ? b.Priority : undefined,
        },
        'api',
        Date.now(),
        state,
      );
      return { status: 200, body: presentTask(t), headers: etag(t) };
    },

    DeleteTask: (req) => {
      const t = task(req, req.pathParams.Sid);
      requireIfMatch(req, t);
      state.tasks.delete(t.sid);
      return { status: 204 };
    },

    ListTaskReservation: (req) => {
      const t = task(req, req.pathParams.TaskSid);
      const q = req.query;
      const all = [...state.reservations.values()]
        .filter((r) => r.taskSid === t.sid)
        .filter((r) => q.ReservationStatus === undefined || r.status === q.ReservationStatus)
        .filter((r) => q.WorkerSid === undefined || r.workerSid === q.WorkerSid)
        .sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime() || a.sid.localeCompare(b.sid))
        .map((r) => presentReservation(r, state.workers.get(r.workerSid)));
      const page = paginate(all, q, keepFilters(q, ['ReservationStatus', 'WorkerSid']));
      return {
        status: 200,
        body: { reservations: page.items, meta: listMeta(HOST, req.pathname, 'reservations', page) },
      };
    },

    ListEvent: (req) => {
      const ws = workspace(req);
      const q = req.query;
      const now = Date.now();
      // Twilio's default window is the last 15 minutes (`Minutes`), unless StartDate/EndDate say otherwise.
      const minutes = typeof q.Minutes === 'number' ? q.Minutes : undefined;
      const start =
        typeof q.StartDate === 'string'
          ? Date.parse(q.StartDate)
          : now - (minutes ?? (q.EndDate === undefined ? 15 : 43_200)) * 60_000;
      const end = typeof q.EndDate === 'string' ? Date.parse(q.EndDate) : Number.POSITIVE_INFINITY;
      const all = state.taskEvents
        .filter((e) => e.workspaceSid === ws)
        .filter((e) => e.at.getTime() >= start && e.at.getTime() <= end)
        .filter((e) => q.TaskSid === undefined || e.taskSid === q.TaskSid)
        .filter((e) => q.ReservationSid === undefined || e.reservationSid === q.ReservationSid)
        .filter((e) => q.WorkerSid === undefined || e.workerSid === q.WorkerSid)
        .filter((e) => q.EventType === undefined || e.eventType === q.EventType)
        .filter((e) => q.TaskChannel === undefined || e.data.task_channel_unique_name === q.TaskChannel)
        .sort((a, b) => b.at.getTime() - a.at.getTime() || b.sid.localeCompare(a.sid))
        .map((e) => presentEvent(e));
      const filters = [
        'TaskSid',
        'ReservationSid',
        'WorkerSid',
        'EventType',
        'StartDate',
        'EndDate',
        'Minutes',
        'TaskChannel',
      ];
      const page = paginate(all, q, keepFilters(q, filters));
      return {
        status: 200,
        body: { events: page.items, meta: listMeta(HOST, req.pathname, 'events', page) },
      };
    },

    FetchTaskReservation: (req) => {
      const t = task(req, req.pathParams.TaskSid);
      const r = state.reservations.get(req.pathParams.Sid);
      if (!r || r.taskSid !== t.sid) throw notFound(req.pathname);
      return { status: 200, body: presentReservation(r, state.workers.get(r.workerSid)) };
    },

    FetchWorker: (req) => {
      const ws = workspace(req);
      const w = state.workers.get(req.pathParams.Sid);
      if (!w || w.workspaceSid !== ws) throw notFound(req.pathname);
      return { status: 200, body: presentWorker(w) };
    },
  };
}

/** TaskRouter's JSON for an event (`taskrouter.v1.workspace.event`). */
export function presentEvent(e: TaskRouterEvent): Record<string, unknown> {
  const resource =
    e.resourceType === 'task'
      ? `${HOST}/v1/Workspaces/${e.workspaceSid}/Tasks/${e.taskSid}`
      : `${HOST}/v1/Workspaces/${e.workspaceSid}/Tasks/${e.taskSid}/Reservations/${e.resourceSid}`;
  return {
    account_sid: e.accountSid,
    actor_sid: e.workerSid ?? e.accountSid,
    actor_type: e.workerSid ? 'worker' : 'account',
    actor_url: e.workerSid
      ? `${HOST}/v1/Workspaces/${e.workspaceSid}/Workers/${e.workerSid}`
      : `https://api.twilio.com/2010-04-01/Accounts/${e.accountSid}.json`,
    description: `${e.resourceType === 'task' ? 'Task' : 'Reservation'} ${e.resourceSid} ${e.eventType.split('.')[1]}`,
    event_data: e.data,
    event_date: iso8601(e.at),
    event_date_ms: e.at.getTime(),
    event_type: e.eventType,
    resource_sid: e.resourceSid,
    resource_type: e.resourceType === 'task' ? 'Task' : 'Reservation',
    resource_url: resource,
    sid: e.sid,
    source: 'twilio',
    source_ip_address: '127.0.0.1',
    url: `${HOST}/v1/Workspaces/${e.workspaceSid}/Events/${e.sid}`,
    workspace_sid: e.workspaceSid,
  };
}
