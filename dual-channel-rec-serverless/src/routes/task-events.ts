/**
 * POST /task-events: TaskRouter's events, delivered by an Event Streams webhook sink. Event Streams is
 * how a Function hears about tasks without taking over Flex's own callbacks: a workspace has one
 * `EventCallbackUrl` (an integration may own it) and Flex owns its conference's status callbacks,
 * while an account may have many sinks and subscriptions. The sink authenticates with HTTP Basic
 * credentials in its destination URL (`https://events:<password>@…`, Event Streams sends them on
 * every request); webhooks/task-events-delivery.ts compares them with `EVENTS_SINK_PASSWORD`.
 *
 * How Twilio delivers, and so how this route answers (Twilio's pages, quoted in the README):
 * delivery is at least once and may be out of order (deduplicate on the CloudEvent `id`); the sink
 * must answer within 5 seconds; 429 and 5xx are retried with backoff for up to four hours, any other
 * 4xx discards the event for good. So: a duplicate or an event of no interest answers 2xx; work that
 * did not finish (Twilio busy, the budget spent) answers 503, never 2xx and never another 4xx, and the
 * redelivery does it (every check is idempotent); the tasks of a delivery are checked concurrently
 * under one budget ({@link SINK_BUDGET_MS}) well inside Twilio's 5 seconds. A delivery is a JSON array
 * of CloudEvents or a single one.
 *
 * Per task, three checks, each run only when the event's type calls for it: the last-agent stop
 * (last-agent.ts, on the task-level end events), the stop at a transfer into an excluded queue
 * (queue-transfer.ts), and the media-entry repair at wrap-up (media-repair.ts), which the attributes
 * the event carried may show needless (event-hints.ts; never a stop: an agent can delete a claim from
 * their attributes). Each stop asks for the admin's settings first and reads nothing from Twilio when
 * its rule is off. What TaskRouter wrote into the events (the task's status and queue, never the
 * agent-writable attributes) spares the task read; the claims come from TaskRouter's event log. The
 * checks of one task share its reads (task-reads.ts): the task, its event log and each claimed call's
 * recordings are read at most once per delivery.
 */
import { toApiError } from '../http/failures';
import type { LogFn } from '../http/log';
import type { RouteReply, RouteRequest } from '../http/route';
import { EVENT_STREAMS_SINK_TIMEOUT_MS } from '@dual-channel-recording/contract';
import { hintsFrom } from '../steps/event-hints';
import type { LastAgentOutcome } from '../steps/last-agent';
import { ENDED_TASK_STATUSES, stopIfLastAgentLeft } from '../steps/last-agent';
import type { MediaOutcome } from '../steps/media-repair';
import { repairMediaEntries } from '../steps/media-repair';
import type { EventFacts, QueueSeen } from '../steps/event-facts';
import type { QueueTransferOutcome } from '../steps/queue-transfer';
import { stopIfInExcludedQueue } from '../steps/queue-transfer';
import type { TaskSeals } from '../rules/seals';
import type { TaskReads } from '../steps/task-reads';
import { taskReadsOnce } from '../steps/task-reads';
import { requestContext } from './request-context';
import type { SinkEvent, TaskEventsDelivery } from '../webhooks/task-events-delivery';

/**
 * TaskRouter event types after which the call may be over for the last agent: the task's own end.
 * Reservation events add nothing: the call is never over while the task is not wrapping, completed or
 * canceled (last-agent.ts, stillHeldBy), and each move into one of those is one of these events.
 */
export const AGENT_LEFT_EVENT_TYPES: readonly string[] = ['task.wrapup', 'task.completed', 'task.canceled'];

/** TaskRouter event types after which the task's media entries are checked (it wrapped up or ended). */
export const TASK_END_EVENT_TYPES: readonly string[] = ['task.wrapup', 'task.completed', 'task.canceled'];

/** TaskRouter event types after which the task may be in an excluded queue (a transfer into it). */
export const QUEUE_EVENT_TYPES: readonly string[] = ['task-queue.entered', 'reservation.accepted'];

/** Every event type the route acts on; a sink subscribed to more gets 2xx for the others. */
export const SUBSCRIBED_EVENT_TYPES: readonly string[] = [
  ...new Set([...AGENT_LEFT_EVENT_TYPES, ...TASK_END_EVENT_TYPES, ...QUEUE_EVENT_TYPES]),
];

/**
 * The time the tasks of a delivery get, from the request's start: Event Streams waits
 * {@link EVENT_STREAMS_SINK_TIMEOUT_MS} for the answer, and two seconds are kept for the Functions
 * gateway, the network, a cold start and the answer itself (which can leave after the budget).
 */
export const SINK_BUDGET_MS = EVENT_STREAMS_SINK_TIMEOUT_MS - 2000;

/** Tasks checked at once: each check has up to five Twilio requests in flight, on an account's ~100. */
export const SINK_CONCURRENCY = 10;

/** What the route did for one task. */
export interface TaskOutcomes {
  stop?: LastAgentOutcome;
  queue?: QueueTransferOutcome;
  media?: MediaOutcome;
}

/** The checks one task needs from a delivery, and the events they answer for. */
interface TaskWork {
  taskSid: string;
  stop: boolean;
  queue: boolean;
  media: boolean;
  /** The latest attributes the delivery's events carried for the task. */
  attributes: Record<string, unknown> | undefined;
  attributesAt: number;
  /** The statuses the task's end events carried (undefined for one that carried none). */
  endStatuses: (string | undefined)[];
  /** The queues the queue events carried (undefined for one that carried no SID or no name). */
  queues: (QueueSeen | undefined)[];
  eventIds: string[];
}

/**
 * What the task's events said, for the checks: the end events' status (an ended one wins, since a
 * task never leaves wrapping, completed or canceled for a live status; undefined when one carried
 * none), and the queues the queue events named (undefined when one named none).
 */
export function factsOf(work: TaskWork): EventFacts {
  const ended = work.endStatuses.find((s) => s !== undefined && ENDED_TASK_STATUSES.includes(s));
  const taskStatus = ended ?? (work.endStatuses.includes(undefined) ? undefined : work.endStatuses.at(-1));
  const queues = work.queues.includes(undefined) ? undefined : (work.queues as QueueSeen[]);
  return { attributes: work.attributes, taskStatus, queues };
}

/**
 * CloudEvent ids this warm instance has done the work of (a bounded memory: the oldest go first).
 * Dedupe here only saves requests: a duplicate on another instance is checked again, which the
 * checks make harmless.
 */
export class RecentEventIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True when the event's work was done here. */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Remembers a done event. */
  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }
}

/** The tasks of a delivery and what each needs, duplicates and events of no interest left out. */
export function planDelivery(
  events: readonly SinkEvent[],
  done: RecentEventIds,
): { work: TaskWork[]; duplicates: number; ignored: number } {
  const byTask = new Map<string, TaskWork>();
  const seen = new Set<string>();
  let duplicates = 0;
  let ignored = 0;
  for (const event of events) {
    if (event.id !== undefined && (done.has(event.id) || seen.has(event.id))) {
      duplicates += 1;
      continue;
    }
    if (event.id !== undefined) seen.add(event.id);
    const stop = AGENT_LEFT_EVENT_TYPES.includes(event.type);
    const queue = QUEUE_EVENT_TYPES.includes(event.type);
    const media = TASK_END_EVENT_TYPES.includes(event.type);
    if (event.taskSid === undefined || !(stop || queue || media)) {
      ignored += 1;
      if (event.id !== undefined) done.add(event.id);
      continue;
    }
    const work = byTask.get(event.taskSid) ?? {
      taskSid: event.taskSid,
      stop: false,
      queue: false,
      media: false,
      attributes: undefined,
      attributesAt: Number.NEGATIVE_INFINITY,
      endStatuses: [],
      queues: [],
      eventIds: [],
    };
    work.stop ||= stop;
    work.queue ||= queue;
    work.media ||= media;
    if (event.attributes !== undefined && event.at >= work.attributesAt) {
      work.attributes = event.attributes;
      work.attributesAt = event.at;
    }
    if (stop) work.endStatuses.push(event.taskStatus);
    if (queue) {
      work.queues.push(
        event.queueSid !== undefined && event.queueName !== undefined
          ? { sid: event.queueSid, name: event.queueName }
          : undefined,
      );
    }
    if (event.id !== undefined) work.eventIds.push(event.id);
    byTask.set(event.taskSid, work);
  }
  return { work: [...byTask.values()], duplicates, ignored };
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** What the checks of one delivery need from the outside world. */
export interface SinkDeps {
  seals: TaskSeals;
  accountSid: string;
  playbackBase: string;
  log: LogFn;
  /** The three checks (last-agent.ts, queue-transfer.ts, media-repair.ts), bound to one gateway. */
  stop: (taskSid: string, facts: EventFacts) => Promise<LastAgentOutcome>;
  queue: (taskSid: string, facts: EventFacts) => Promise<QueueTransferOutcome>;
  media: (taskSid: string, attributes: Record<string, unknown> | undefined) => Promise<MediaOutcome>;
  /** Resolves when the delivery's budget is spent. */
  budgetSpent: Promise<void>;
}

/** One task's checks: both stops whenever the event calls for them, the media repair unless the event's attributes show it needless. */
async function checkTask(work: TaskWork, deps: SinkDeps): Promise<TaskOutcomes> {
  const hints = hintsFrom(work.attributes, work.taskSid, deps.seals, {
    accountSid: deps.accountSid,
    playbackBase: deps.playbackBase,
  });
  const outcomes: TaskOutcomes = {};
  const facts = factsOf(work);
  const [stop, queue, media] = await Promise.all([
    work.stop ? deps.stop(work.taskSid, facts) : undefined,
    work.queue ? deps.queue(work.taskSid, facts) : undefined,
    work.media ? (hints.mediaDiffers ? deps.media(work.taskSid, work.attributes) : 'as_written') : undefined,
  ] as const);
  if (stop !== undefined) outcomes.stop = stop;
  if (queue !== undefined) outcomes.queue = queue;
  if (media !== undefined) outcomes.media = media;
  return outcomes;
}

/** The answer to a delivery, from its plan and the checks' results. */
export interface DeliveryAnswer {
  status: 200 | 500 | 503;
  body: {
    tasks: Record<string, TaskOutcomes>;
    duplicates: number;
    ignored: number;
    /** Tasks whose checks did not finish (Twilio busy, the budget spent): the redelivery does them. */
    unfinished?: string[];
    code?: string;
    setting?: string;
  };
}

/**
 * Checks every task of a delivery within the budget and answers: 200 when every check finished
 * (duplicates and events of no interest included), 503 when one did not (Twilio's retries bring the
 * delivery back; work already done is remembered or finds nothing left), 500 naming the setting when
 * the admin's settings do not parse (retried until they are fixed, as Twilio retries 5xx).
 */
export async function answerDelivery(
  delivery: TaskEventsDelivery,
  done: RecentEventIds,
  deps: SinkDeps,
): Promise<DeliveryAnswer> {
  const plan = planDelivery(delivery.events, done);
  const tasks: Record<string, TaskOutcomes> = {};
  const failures = new Map<string, unknown>();
  const all = eachLimited(plan.work, SINK_CONCURRENCY, async (work) => {
    try {
      tasks[work.taskSid] = await checkTask(work, deps);
      for (const id of work.eventIds) done.add(id);
    } catch (error) {
      failures.set(work.taskSid, error);
      const apiError = toApiError(error);
      deps.log('task_check_failed', {
        taskSid: work.taskSid,
        status: apiError.status,
        code: apiError.code,
        twilioCode: apiError.details.twilioCode,
        detail: error instanceof Error ? error.name : typeof error,
      });
    }
  });
  await Promise.race([all, deps.budgetSpent]);
  const unfinished = plan.work.map((w) => w.taskSid).filter((sid) => tasks[sid] === undefined);
  const body: DeliveryAnswer['body'] = {
    tasks: { ...tasks },
    duplicates: plan.duplicates,
    ignored: plan.ignored,
  };
  if (unfinished.length === 0) return { status: 200, body };
  const settingProblem = [...failures.values()]
    .map(toApiError)
    .find((e) => e.status === 500 && e.details.setting !== undefined);
  if (settingProblem) {
    return {
      status: 500,
      body: { ...body, unfinished, code: settingProblem.code, setting: settingProblem.details.setting },
    };
  }
  deps.log('delivery_unfinished', { tasks: plan.work.length, unfinished: unfinished.length });
  return { status: 503, body: { ...body, unfinished } };
}

const doneEvents = new RecentEventIds(10_000);

/** POST /task-events's work, with the real Twilio: check the delivery's tasks and answer (see {@link answerDelivery}). */
export async function runTaskEvents(request: RouteRequest<TaskEventsDelivery>): Promise<RouteReply> {
  const { params, log } = request;
  // One gateway and one deadline for the whole delivery: no Twilio request of it outlives the budget.
  const { gateway, flex, seals, publicBase } = requestContext(request, SINK_BUDGET_MS);
  const now = (): number => Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const budgetSpent = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SINK_BUDGET_MS);
  });
  const shared = { gateway, seals, now, log };
  // The checks of one task in this delivery read the task and its event log once between them.
  const readsByTask = new Map<string, TaskReads>();
  const readsOf = (taskSid: string): TaskReads => {
    const reads = readsByTask.get(taskSid) ?? taskReadsOnce(gateway, taskSid);
    readsByTask.set(taskSid, reads);
    return reads;
  };
  try {
    const answer = await answerDelivery(params, doneEvents, {
      seals,
      accountSid: gateway.accountSid,
      playbackBase: publicBase,
      log,
      budgetSpent,
      stop: (taskSid, facts) =>
        stopIfLastAgentLeft(taskSid, facts, {
          ...shared,
          complianceSettings: () => flex.compliance(),
          reads: readsOf(taskSid),
        }),
      queue: (taskSid, facts) =>
        stopIfInExcludedQueue(taskSid, facts, {
          ...shared,
          complianceSettings: () => flex.compliance(),
          exclusionSettings: () => flex.exclusions(),
          reads: readsOf(taskSid),
        }),
      media: (taskSid, attributes) =>
        repairMediaEntries(taskSid, attributes, {
          ...shared,
          playbackBase: publicBase,
          reads: readsOf(taskSid),
        }),
    });
    return { status: answer.status, body: answer.body };
  } finally {
    clearTimeout(timer);
  }
}
