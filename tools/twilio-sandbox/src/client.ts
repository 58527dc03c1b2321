import type { InFlightRequest } from './in-flight';
import type { DeliveryPolicy, EventDelivery } from './event-streams';
import type {
  ActiveFaultRule,
  AnnouncementRecord,
  CallView,
  CallbackRecord,
  ConcurrencyStats,
  CreateWorkerInput,
  FaultRule,
  RecordingView,
  RequestLogEntry,
  ReservationStatus,
  ScenarioInput,
  ScenarioResult,
  StateView,
  TaskView,
  TokenKind,
  TranscriptView,
  WorkerResult,
} from './control-types';

export type * from './control-types';
export type { DeliveryOutcome, DeliveryPolicy, EventDelivery } from './event-streams';

/** Event Streams' delivery policy and the events not yet settled. */
export interface EventDeliveryState {
  policy: DeliveryPolicy;
  pending: number;
}

/** A control-API call that failed. */
export class SandboxControlError extends Error {
  override readonly name = 'SandboxControlError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Typed client of the sandbox's control API (`/__sandbox/...`), for tests, e2e and benchmarks. */
export class SandboxClient {
  private readonly base: string;

  constructor(sandboxUrl: string) {
    this.base = sandboxUrl.replace(/\/+$/, '');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const data: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const message = (data as { error?: string } | null)?.error ?? res.statusText;
      throw new SandboxControlError(res.status, `${method} ${path}: ${res.status} ${message}`);
    }
    return data as T;
  }

  /** Empties the sandbox and recreates the default account and workspace; clears faults. */
  reset(): Promise<void> {
    return this.call<void>('POST', '/reset');
  }

  /** Creates an account (and a workspace in it). */
  createAccount(
    input: { sid?: string; authToken?: string; friendlyName?: string } = {},
  ): Promise<{ sid: string; authToken: string; workspaceSid: string }> {
    return this.call('POST', '/accounts', input);
  }

  /** Adds an API key (SK...) to an account. */
  createApiKey(accountSid: string): Promise<{ sid: string; secret: string }> {
    return this.call('POST', `/accounts/${accountSid}/keys`);
  }

  /** Creates a worker with a Flex token (valid by default; `expired` or `other-account` on demand). */
  createWorker(input: CreateWorkerInput = {}): Promise<WorkerResult> {
    return this.call('POST', '/workers', input);
  }

  /** Mints another Flex token for a worker. */
  issueToken(
    workerSid: string,
    kind: TokenKind = 'valid',
    roles: string[] = ['agent'],
  ): Promise<{ token: string; expiresAt: string; roles: string[] }> {
    return this.call('POST', `/workers/${workerSid}/tokens`, { kind, roles });
  }

  /** Inbound call: task, reservation, conference (named after the task) with customer + worker legs. */
  inboundCall(input: ScenarioInput & { from?: string; to?: string }): Promise<ScenarioResult> {
    return this.call('POST', '/scenarios/inbound-call', input);
  }

  /** Flex outbound call: only the worker leg until {@link answer}. */
  outboundCall(input: ScenarioInput & { to?: string }): Promise<ScenarioResult> {
    return this.call('POST', '/scenarios/outbound-call', input);
  }

  /** The customer of an outbound call answers: their leg joins the conference. */
  answer(taskSid: string): Promise<{ customerCallSid: string }> {
    return this.call('POST', `/tasks/${taskSid}/answer`);
  }

  /** Agent-to-agent call (no conference); `callerCallSid` is the caller's outbound client leg. */
  internalCall(input: ScenarioInput & { toWorkerSid: string }): Promise<ScenarioResult> {
    return this.call('POST', '/scenarios/internal-call', input);
  }

  /**
   * Transfer: a second worker's reservation and leg on the same conference (`join: false`: no leg
   * yet, a cold transfer still ringing; {@link joinWorker} adds it).
   */
  transfer(input: {
    taskSid: string;
    toWorkerSid: string;
    reservationStatus?: ReservationStatus;
    join?: boolean;
  }): Promise<ScenarioResult> {
    return this.call('POST', '/scenarios/transfer', input);
  }

  /** A worker's Flex client leg joins the task's conference. */
  joinWorker(taskSid: string, workerSid: string): Promise<{ workerCallSid: string }> {
    return this.call('POST', `/tasks/${taskSid}/join-worker`, { workerSid });
  }

  /** TaskRouter's event log as the sandbox keeps it (also served at `/Workspaces/{WS}/Events`). */
  taskEvents(): Promise<{ eventType: string; taskSid: string; workerSid: string | null; at: string }[]> {
    return this.call('GET', '/task-events');
  }

  /** Accepts a reservation. */
  acceptReservation(reservationSid: string): Promise<unknown> {
    return this.call('POST', `/reservations/${reservationSid}/accept`);
  }

  /** Rescinds a reservation. */
  rescindReservation(reservationSid: string): Promise<unknown> {
    return this.call('POST', `/reservations/${reservationSid}/rescind`);
  }

  /** Sets any reservation status. */
  setReservationStatus(reservationSid: string, status: ReservationStatus): Promise<unknown> {
    return this.call('POST', `/reservations/${reservationSid}/status`, { status });
  }

  /** Hangs up a leg: call completed, participant gone, its recordings complete (callbacks awaited). */
  hangup(callSid: string): Promise<CallView> {
    return this.call('POST', `/calls/${callSid}/hangup`);
  }

  /** Completes a recording (sends the `completed` callback, awaited); duration defaults to elapsed time. */
  completeRecording(recordingSid: string, durationSeconds?: number): Promise<RecordingView> {
    return this.call('POST', `/recordings/${recordingSid}/complete`, { durationSeconds });
  }

  /** Marks a recording absent (error 16101 unless given). */
  markRecordingAbsent(recordingSid: string, errorCode?: number): Promise<RecordingView> {
    return this.call('POST', `/recordings/${recordingSid}/absent`, { errorCode });
  }

  /**
   * What an admin does in Flex: sets the account's `ui_attributes` (served by the Flex
   * Configuration API, `GET flex-api.twilio.com/v1/Configuration`). Default account unless named.
   */
  setFlexUiAttributes(
    uiAttributes: Record<string, unknown>,
    accountSid?: string,
  ): Promise<{ accountSid: string; ui_attributes: Record<string, unknown> }> {
    return this.call('POST', '/flex/configuration', { ui_attributes: uiAttributes, accountSid });
  }

  /**
   * What an admin sets up in Event Streams: a webhook sink (credentials in its URL are sent as Basic
   * auth) subscribed to TaskRouter event types (`com.twilio.taskrouter.task.wrapup`, …). Default account
   * unless named; replaces the account's sink.
   */
  setEventSink(url: string, types: readonly string[], accountSid?: string): Promise<{ accountSid: string }> {
    return this.call('POST', '/event-streams/sink', { url, types, accountSid });
  }

  /** Every delivery to an Event Streams sink, with the sink's answer, oldest first. */
  eventDeliveries(): Promise<EventDelivery[]> {
    return this.call('GET', '/event-streams/deliveries');
  }

  /**
   * Changes how Event Streams delivers (a reset returns to Twilio's policy): batch size and window,
   * the backoff's base (fast-forward retries in tests), the sink's time, and injected misbehaviour
   * Twilio allows (`hold` events for a late delivery, `reorder` them, `duplicate` each delivery).
   * Turning `hold` off releases what was held. A bad field is 400 naming it.
   */
  setEventDelivery(change: Partial<DeliveryPolicy>): Promise<EventDeliveryState> {
    return this.call('POST', '/event-streams/delivery', change);
  }

  /** The delivery policy and how many events are not yet settled (accepted, discarded or expired). */
  eventDelivery(): Promise<EventDeliveryState> {
    return this.call('GET', '/event-streams/delivery');
  }

  /** Every announcement played to a conference participant (Participant `AnnounceUrl`), oldest first. */
  announcements(): Promise<AnnouncementRecord[]> {
    return this.call('GET', '/announcements');
  }

  /**
   * Turns "Enforce HTTP Auth on Media URLs" on or off for an account (default account when omitted):
   * on, media needs credentials and an authenticated request is redirected to a short-lived URL.
   */
  setMediaAuth(enforce: boolean, accountSid?: string): Promise<{ accountSid: string; enforce: boolean }> {
    return this.call('POST', '/media-auth', { enforce, accountSid });
  }

  /**
   * Turns Voice Insights Advanced Features on or off for an account (default account when omitted):
   * on, the Conference Participant Summaries (`insights.twilio.com/v1/Conferences/{CF}/Participants`)
   * answer; off (the default), they are 403 / 17000.
   */
  setVoiceInsightsAdvancedFeatures(
    advancedFeatures: boolean,
    accountSid?: string,
  ): Promise<{ accountSid: string; advancedFeatures: boolean }> {
    return this.call('POST', '/voice-insights', { advancedFeatures, accountSid });
  }

  /** Creates a Voice Intelligence Service (`GA…`) in an account (default account when omitted). */
  createIntelligenceService(accountSid?: string): Promise<{ sid: string; accountSid: string }> {
    return this.call('POST', '/intelligence/services', { accountSid });
  }

  /** Every Voice Intelligence transcript, as created (the `Channel` object as sent). */
  transcripts(): Promise<TranscriptView[]> {
    return this.call('GET', '/intelligence/transcripts');
  }

  /** A concurrent writer replaces the task attributes (bumps the ETag). */
  setTaskAttributes(taskSid: string, attributes: Record<string, unknown> | string): Promise<TaskView> {
    return this.call('POST', `/tasks/${taskSid}/attributes`, { attributes });
  }

  /** Sets the task's assignment status (e.g. completed, wrapping). */
  setTaskStatus(taskSid: string, assignmentStatus: string): Promise<TaskView> {
    return this.call('POST', `/tasks/${taskSid}/status`, { assignmentStatus });
  }

  /** Deletes a task (later API calls on it answer 404). */
  deleteTask(taskSid: string): Promise<{ deleted: boolean }> {
    return this.call('DELETE', `/tasks/${taskSid}`);
  }

  /** Adds a fault rule; returns its id. */
  async addFault(rule: FaultRule): Promise<string> {
    return (await this.call<{ id: string }>('POST', '/faults', rule)).id;
  }

  /**
   * The next update of a conference participant (how the Functions play the consent announcement:
   * `AnnounceUrl` on the customer's participant) is refused with 400 and Twilio error `code` (21220,
   * the call is not in progress, by default); returns the fault's id.
   */
  refuseNextAnnouncement(code = 21220): Promise<string> {
    return this.addFault({
      method: 'POST',
      path: '/Participants/CA\\w+\\.json$',
      status: 400,
      code,
      times: 1,
    });
  }

  /** Removes one fault rule. */
  removeFault(id: string): Promise<{ removed: boolean }> {
    return this.call('DELETE', `/faults/${id}`);
  }

  /** Removes all faults, latency and the rate limit. */
  clearFaults(): Promise<void> {
    return this.call('DELETE', '/faults');
  }

  /** Lists fault rules with their hit counts. */
  faults(): Promise<ActiveFaultRule[]> {
    return this.call('GET', '/faults');
  }

  /** Adds latency to every Twilio request. */
  setLatency(ms: number): Promise<void> {
    return this.call('POST', '/latency', { ms });
  }

  /**
   * Limits Twilio requests per rolling second (429 / 20429 beyond); null removes it. Not Twilio's
   * model (its limit is on requests in flight: {@link setConcurrencyLimit}); kept as a stress case.
   */
  setRateLimit(perSecond: number | null): Promise<void> {
    return this.call('POST', '/rate-limit', { perSecond });
  }

  /** Sets Twilio's REST concurrency limit (requests in flight per account, 429 / 20429 beyond); null: none. */
  setConcurrencyLimit(limit: number | null): Promise<ConcurrencyStats> {
    return this.call('POST', '/concurrency', { limit });
  }

  /** The REST concurrency limit and its counters (in flight, peak, admitted, refused). */
  concurrency(): Promise<ConcurrencyStats> {
    return this.call('GET', '/concurrency');
  }

  /** Zeroes the concurrency counters (requests in flight stay counted). */
  resetConcurrencyStats(): Promise<ConcurrencyStats> {
    return this.call('POST', '/concurrency/reset');
  }

  /** Everything at once. */
  state(): Promise<StateView> {
    return this.call('GET', '/state');
  }

  /** Call legs. */
  calls(): Promise<CallView[]> {
    return this.call('GET', '/calls');
  }

  /** Recordings (status, channels, callback URL, ...). */
  recordings(): Promise<RecordingView[]> {
    return this.call('GET', '/recordings');
  }

  /** One task (parsed attributes, ETag, history of writes). */
  task(taskSid: string): Promise<TaskView> {
    return this.call('GET', `/tasks/${taskSid}`);
  }

  /** All tasks. */
  tasks(): Promise<TaskView[]> {
    return this.call('GET', '/tasks');
  }

  /** Status callbacks sent, with the answer each got. */
  callbacks(): Promise<CallbackRecord[]> {
    return this.call('GET', '/callbacks');
  }

  /** Twilio requests seen (after sequence number `since`). */
  requests(since = 0): Promise<RequestLogEntry[]> {
    return this.call('GET', `/requests?since=${since}`);
  }

  /**
   * The Twilio requests received and not yet answered (a fault's latency holds one here); the request log
   * has a request only once it is answered.
   */
  requestsInFlight(): Promise<InFlightRequest[]> {
    return this.call('GET', '/requests/in-flight');
  }

  /** Empties the request log. */
  clearRequests(): Promise<void> {
    return this.call('DELETE', '/requests');
  }

  /** Polls until `predicate` holds for the callbacks sent (for the asynchronous in-progress one). */
  async waitForCallbacks(
    predicate: (all: CallbackRecord[]) => boolean,
    timeoutMs = 5000,
  ): Promise<CallbackRecord[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.callbacks();
      if (predicate(all)) return all;
      if (Date.now() > deadline)
        throw new SandboxControlError(408, `callbacks condition not met in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
