/**
 * Event Streams, as the sandbox plays it: one webhook sink per account (control API `setEventSink`)
 * with the TaskRouter event types it is subscribed to, delivered as Twilio documents it:
 *
 * - "Event Streams guarantees at-least-once delivery of events … Multiple event delivery retries could
 *   result in receiving duplicated events", and "Receiving events in order isn't guaranteed"
 *   (https://www.twilio.com/docs/events/event-delivery-and-duplication, https://www.twilio.com/docs/events).
 * - A failed delivery is retried "with an exponential backoff with jitter … for up to four hours"
 *   (same page). What counts as failed: 429 and 5xx are retried, any other 4xx discards the event for
 *   good (the facts in ../shared/DESIGN.md, "Event Streams webhook sinks"); a sink that does not
 *   answer in time is error 91308 "Sink endpoint did not respond in time … Twilio will automatically
 *   retry event delivery" (https://www.twilio.com/docs/api/errors/91308), and the time is 5 seconds.
 * - A delivery is a JSON array of CloudEvents, in the shape Twilio's event type pages show
 *   (`specversion`, `type` `com.twilio.taskrouter.<event>`, `data` with the TaskRouter payload under
 *   `payload`), with the Basic credentials of the sink's URL.
 *
 * What Twilio does not publish (its batch size, the backoff's base and cap) is a setting of
 * {@link DeliveryPolicy}, so tests fast-forward the backoff instead of sleeping. Duplicates and
 * reordering are injected through the same policy (`duplicate`, `reorder`, `hold`), never by the
 * product: the sink has to cope with whatever arrives.
 */
import http from 'node:http';
import https from 'node:https';
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

/** How the sandbox delivers; every field has Twilio's value or, where Twilio publishes none, a stated guess. */
export interface DeliveryPolicy {
  /** Most events in one delivery (Twilio batches; its size is not published). */
  maxBatchSize: number;
  /** How long events are gathered into one delivery after the first one waiting, ms. */
  batchWindowMs: number;
  /** The first retry's delay, ms; each further retry doubles it (with jitter), up to `retryMaxMs`. */
  retryBaseMs: number;
  /** The longest wait between two attempts, ms. */
  retryMaxMs: number;
  /** How long a failed event is retried before it is dropped (Twilio: four hours), ms. */
  retryWindowMs: number;
  /** How long the sink has to answer (Twilio: 5 s); a slower answer is a timeout and retried, ms. */
  timeoutMs: number;
  /** Gather events without sending them until this is turned off (a late delivery). */
  hold: boolean;
  /** Gathered events go out newest first (within a batch and across the batches of one release). */
  reorder: boolean;
  /** Deliver every event a second time, in a later delivery, after the sink accepted it. */
  duplicate: boolean;
}

/** Twilio's delivery as far as it is published; the guesses (batch size, backoff base and cap) are noted. */
export const DEFAULT_DELIVERY_POLICY: Readonly<DeliveryPolicy> = {
  maxBatchSize: 100,
  batchWindowMs: 20,
  retryBaseMs: 1000,
  retryMaxMs: 5 * 60_000,
  retryWindowMs: 4 * 60 * 60_000,
  timeoutMs: 5000,
  hold: false,
  reorder: false,
  duplicate: false,
};

/** What happened to one delivery. */
export type DeliveryOutcome =
  /** 2xx: the events are delivered. */
  | 'accepted'
  /** 429, 5xx, a timeout or no answer: the events are sent again after a backoff. */
  | 'retrying'
  /** Any other status: Twilio drops the events for good. */
  | 'discarded'
  /** Failed after the retry window: dropped. */
  | 'expired';

/** One delivery to a sink, as tests read it. */
export interface EventDelivery {
  /** When the request was sent. */
  at: string;
  /** 1 for the first attempt of these events, 2 for the first retry, … */
  attempt: number;
  /** True for the injected second delivery of events already accepted. */
  duplicate: boolean;
  /** The CloudEvent ids, types and task SIDs of the batch, in the order sent. */
  eventIds: string[];
  types: string[];
  taskSids: string[];
  /** The first event's type and task (a batch of one is the common case). */
  type: string;
  taskSid: string;
  /** The sink's HTTP status, or null when no answer came (timeout, connection error). */
  responseStatus: number | null;
  /** True when the sink did not answer within `timeoutMs`. */
  timedOut: boolean;
  error: string | null;
  /** From sending the request to the answer (or the timeout), ms. */
  durationMs: number;
  outcome: DeliveryOutcome;
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
        // TaskRouter's payload carries the attributes as a JSON string ("task_attributes" : "{}" on
        // https://www.twilio.com/docs/events/event-types/taskrouter/task), once: the log's
        // `event_data` already holds that string, so it is passed as it is, not encoded again.
        task_attributes:
          typeof data.task_attributes === 'string'
            ? data.task_attributes
            : JSON.stringify(data.task_attributes ?? {}),
      },
    },
  };
}

/** The sink's answer: a status, or none within the time. */
type Answer =
  { status: number; timedOut: false; error: null } | { status: null; timedOut: boolean; error: string };

/** POSTs a delivery with the URL's credentials as Basic auth (left out of the request line), within `timeoutMs`. */
function post(url: URL, body: string, timeoutMs: number): Promise<Answer> {
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
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: Answer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const req = transport.request(target, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? 0, timedOut: false, error: null }));
      res.on('error', (e) => finish({ status: null, timedOut: false, error: e.message }));
    });
    // The whole answer must be in within the time (Twilio's 5 s), not only the first byte.
    const timer = setTimeout(() => {
      finish({ status: null, timedOut: true, error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => finish({ status: null, timedOut: false, error: e.message }));
    req.end(body);
  });
}

/** What Twilio does after an answer: 2xx delivered, 429/5xx/no answer retried, any other status dropped. */
export function outcomeOf(answer: { status: number | null }): 'accepted' | 'retry' | 'discarded' {
  if (answer.status === null) return 'retry';
  if (answer.status >= 200 && answer.status < 300) return 'accepted';
  if (answer.status === 429 || answer.status >= 500) return 'retry';
  return 'discarded';
}

/** The wait before attempt `attempt + 1`: exponential from the base, capped, with jitter (half to all of it). */
export function backoffMs(
  policy: DeliveryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const full = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** (attempt - 1));
  return Math.round(full * (0.5 + random() / 2));
}

/** Events sent together, and how often they have been tried. */
interface Batch {
  accountSid: string;
  events: TaskRouterEvent[];
  attempt: number;
  firstAttemptAt: number;
  duplicate: boolean;
}

/** Problems with a policy change, naming the field; empty when it is fine. */
export function policyProblems(change: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const numbers: (keyof DeliveryPolicy)[] = [
    'maxBatchSize',
    'batchWindowMs',
    'retryBaseMs',
    'retryMaxMs',
    'retryWindowMs',
    'timeoutMs',
  ];
  for (const [key, value] of Object.entries(change)) {
    if (!(key in DEFAULT_DELIVERY_POLICY)) problems.push(`${key} is not a delivery setting`);
    else if ((numbers as string[]).includes(key)) {
      const min = key === 'maxBatchSize' || key === 'timeoutMs' ? 1 : 0;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
        problems.push(`${key} must be an integer ≥ ${min}`);
    } else if (typeof value !== 'boolean') problems.push(`${key} must be true or false`);
  }
  return problems;
}

/** Delivers the sandbox's TaskRouter events to each account's sink, as Twilio's Event Streams does. */
export class EventStreams {
  private policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY };
  /** Events waiting to be batched, by account. */
  private readonly gathering = new Map<string, TaskRouterEvent[]>();
  private gatherTimer: NodeJS.Timeout | undefined;
  /** Batches ready to send, in sending order. */
  private readonly ready: Batch[] = [];
  private sending = false;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  /** Events not yet accepted, discarded or expired (gathering, ready, in flight or waiting to retry). */
  private pendingEvents = 0;
  /** Bumped by a reset: work of an earlier generation is dropped. */
  private generation = 0;

  constructor(private readonly state: SandboxState) {
    state.onTaskEvent = (event) => this.record(event);
  }

  /** The delivery policy in force. */
  currentPolicy(): DeliveryPolicy {
    return { ...this.policy };
  }

  /** Changes part of the policy; turning `hold` off releases what was held. */
  setPolicy(change: Partial<DeliveryPolicy>): DeliveryPolicy {
    this.policy = { ...this.policy, ...change };
    if (!this.policy.hold) this.flushGathered();
    return this.currentPolicy();
  }

  /** How many events are not yet settled (accepted, discarded or expired). */
  pending(): number {
    return this.pendingEvents;
  }

  /** Drops everything waiting and in flight, and returns to Twilio's policy. */
  reset(): void {
    this.generation += 1;
    this.policy = { ...DEFAULT_DELIVERY_POLICY };
    this.gathering.clear();
    this.ready.length = 0;
    clearTimeout(this.gatherTimer);
    this.gatherTimer = undefined;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.pendingEvents = 0;
  }

  private record(event: TaskRouterEvent): void {
    const sink = this.state.eventSinks.get(event.accountSid);
    if (!sink || !sink.types.includes(taskRouterCloudEventType(event.eventType))) return;
    const list = this.gathering.get(event.accountSid) ?? [];
    list.push(event);
    this.gathering.set(event.accountSid, list);
    this.pendingEvents += 1;
    if (this.policy.hold || this.gatherTimer) return;
    this.gatherTimer = setTimeout(() => {
      this.gatherTimer = undefined;
      if (!this.policy.hold) this.flushGathered();
    }, this.policy.batchWindowMs);
  }

  /** Cuts what was gathered into batches and queues them for sending. */
  private flushGathered(): void {
    clearTimeout(this.gatherTimer);
    this.gatherTimer = undefined;
    const { maxBatchSize, reorder } = this.policy;
    for (const [accountSid, gathered] of this.gathering) {
      const events = reorder ? [...gathered].reverse() : gathered;
      const batches: Batch[] = [];
      for (let i = 0; i < events.length; i += maxBatchSize) {
        batches.push({
          accountSid,
          events: events.slice(i, i + maxBatchSize),
          attempt: 1,
          firstAttemptAt: Date.now(),
          duplicate: false,
        });
      }
      this.ready.push(...batches);
    }
    this.gathering.clear();
    void this.sendAll();
  }

  /** Sends the ready batches one after another (a retry waits outside the line, so later events overtake it). */
  private async sendAll(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (let batch = this.ready.shift(); batch; batch = this.ready.shift()) await this.send(batch);
    } finally {
      this.sending = false;
    }
  }

  private async send(batch: Batch): Promise<void> {
    const generation = this.generation;
    const sink = this.state.eventSinks.get(batch.accountSid);
    if (!sink) {
      this.pendingEvents -= batch.events.length;
      return;
    }
    const events = batch.events;
    const started = Date.now();
    const answer = await post(
      new URL(sink.url),
      JSON.stringify(events.map(cloudEventFor)),
      this.policy.timeoutMs,
    );
    if (generation !== this.generation) return;
    const verdict = outcomeOf(answer);
    const expired = verdict === 'retry' && Date.now() - batch.firstAttemptAt >= this.policy.retryWindowMs;
    const outcome: DeliveryOutcome =
      verdict === 'retry'
        ? expired
          ? 'expired'
          : 'retrying'
        : verdict === 'accepted'
          ? 'accepted'
          : 'discarded';
    this.state.eventDeliveries.push({
      at: new Date(started).toISOString(),
      attempt: batch.attempt,
      duplicate: batch.duplicate,
      eventIds: events.map((e) => e.sid),
      types: events.map((e) => taskRouterCloudEventType(e.eventType)),
      taskSids: events.map((e) => e.taskSid),
      type: taskRouterCloudEventType(events[0].eventType),
      taskSid: events[0].taskSid,
      responseStatus: answer.status,
      timedOut: answer.timedOut,
      error: answer.error,
      durationMs: Date.now() - started,
      outcome,
    });
    if (outcome === 'retrying') {
      const timer = setTimeout(
        () => {
          this.retryTimers.delete(timer);
          this.ready.push({ ...batch, attempt: batch.attempt + 1 });
          void this.sendAll();
        },
        backoffMs(this.policy, batch.attempt),
      );
      this.retryTimers.add(timer);
      return;
    }
    if (outcome === 'accepted' && this.policy.duplicate && !batch.duplicate) {
      // At-least-once: the same events again, as a new delivery behind what is waiting.
      this.ready.push({ ...batch, attempt: 1, firstAttemptAt: Date.now(), duplicate: true });
      return;
    }
    this.pendingEvents -= batch.events.length;
  }
}
