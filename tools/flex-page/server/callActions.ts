import { createHash } from 'node:crypto';

import type {
  SandboxClient,
  ScenarioResult,
  StateView,
  WorkerResult,
} from '@dual-channel-recording/twilio-sandbox';

/** The queue a task was routed through (TaskRouter's `task_queue_*`; the control API omits it). */
export interface QueueInfo {
  readonly queueName: string;
  readonly queueSid: string;
}

/** The sandbox's default queue, used for tasks created elsewhere. */
const DEFAULT_QUEUE = 'Everyone';
const DEFAULT_QUEUE_SID = `WQ${'0'.repeat(31)}1`;

/** A stable WQ SID for a queue name. */
export function queueSidOf(name: string): string {
  return name === DEFAULT_QUEUE ? DEFAULT_QUEUE_SID : `WQ${createHash('md5').update(name).digest('hex')}`;
}

/**
 * Calls through this queue go on to a post-call survey when the last agent leaves: the customer stays on
 * the line (a Studio flow takes the call after Flex's conference), so the customer's recording would keep
 * running without an agent unless the product stops it.
 */
export const SURVEY_QUEUE = 'Post-call survey';

/** What the admin set up on the account before anyone used the product. */
export interface AccountSetup {
  /** Flex's `ui_attributes` (Flex Configuration API). */
  readonly uiAttributes: Readonly<Record<string, unknown>>;
  /** The Event Streams webhook sink of the Functions' `/task-events` and the TaskRouter types it takes. */
  readonly eventSink?: { readonly url: string; readonly types: readonly string[] };
  /** "Enforce HTTP Auth on Media URLs" (Twilio recommends it): players go through the url_provider. */
  readonly enforceMediaAuth?: boolean;
}

/** A call-action request the page server cannot carry out (unknown reservation, nobody to transfer to). */
export class CallActionError extends Error {
  override readonly name = 'CallActionError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const clientOf = (identity: string): string => `client:${identity}`;

/**
 * What the phone network and TaskRouter do when a person (or a test) acts on the page, carried out on the
 * sandbox through its control API, with TaskRouter's rules the sandbox leaves to its callers: an outbound
 * reservation stays pending until the customer answers, and a call that ends before anyone accepted it
 * cancels its task.
 */
export class CallActions {
  private readonly queues = new Map<string, QueueInfo>();

  /**
   * @param sandbox the sandbox the page drives
   * @param account what the admin set up on the account, written to the sandbox at start and after every
   *   reset: Flex's `ui_attributes` (the one copy the plugin and the Functions read), the Event Streams sink
   */
  constructor(
    private readonly sandbox: SandboxClient,
    private readonly account: AccountSetup = { uiAttributes: {} },
  ) {}

  /** The queue of every task the page server created. */
  queueMap(): Record<string, QueueInfo> {
    return Object.fromEntries(this.queues);
  }

  /** Empties the sandbox (and what the page server remembers about it), then sets the admin's settings again. */
  async reset(): Promise<void> {
    this.queues.clear();
    await this.sandbox.reset();
    await this.setUpAccount();
  }

  /** Does what the admin did on the account: Flex's `ui_attributes`, the Event Streams sink, media auth. */
  async setUpAccount(): Promise<void> {
    await this.sandbox.setFlexUiAttributes({ ...this.account.uiAttributes });
    const sink = this.account.eventSink;
    if (sink) await this.sandbox.setEventSink(sink.url, sink.types);
    if (this.account.enforceMediaAuth) await this.sandbox.setMediaAuth(true);
  }

  /**
   * The person's worker, created on first use; `issueToken` gives each tab its own Flex token with the
   * Flex roles the person signs in with (`agent`, or `supervisor` for the replay view).
   */
  async signIn(identity: string, roles: readonly string[] = ['agent']): Promise<WorkerResult> {
    const state = await this.sandbox.state();
    const existing = state.workers.find((w) => w.identity === identity);
    if (!existing) {
      return this.sandbox.createWorker({ identity, friendlyName: identity, roles: [...roles] });
    }
    const token = await this.sandbox.issueToken(existing.sid, 'valid', [...roles]);
    return {
      workerSid: existing.sid,
      workspaceSid: existing.workspaceSid,
      accountSid: state.accounts[0]?.sid ?? '',
      identity,
      token: token.token,
      tokenExpiresAt: token.expiresAt,
      roles: token.roles,
    };
  }

  private async workerSid(identity: string): Promise<string> {
    return (await this.signIn(identity)).workerSid;
  }

  /** A customer calls in through `queueName`; the agent's reservation rings. */
  async inbound(identity: string, queueName = DEFAULT_QUEUE): Promise<ScenarioResult> {
    const queueSid = queueSidOf(queueName);
    const result = await this.sandbox.inboundCall({
      workerSid: await this.workerSid(identity),
      queueName,
      queueSid,
      reservationStatus: 'pending',
    });
    this.queues.set(result.taskSid, { queueName, queueSid });
    return result;
  }

  /**
   * The agent dials out (Flex's StartOutboundCall): TaskRouter creates the task and routes it to this
   * agent; the reservation stays pending while the customer rings (accepted in {@link answer}).
   */
  async outbound(identity: string): Promise<ScenarioResult> {
    const result = await this.sandbox.outboundCall({
      workerSid: await this.workerSid(identity),
      reservationStatus: 'pending',
    });
    this.queues.set(result.taskSid, { queueName: DEFAULT_QUEUE, queueSid: DEFAULT_QUEUE_SID });
    return result;
  }

  /** The agent calls another agent (no conference); accepted at once, as the caller placed it. */
  async internal(identity: string, toIdentity: string): Promise<ScenarioResult> {
    const result = await this.sandbox.internalCall({
      workerSid: await this.workerSid(identity),
      toWorkerSid: await this.workerSid(toIdentity),
      reservationStatus: 'accepted',
    });
    this.queues.set(result.taskSid, { queueName: DEFAULT_QUEUE, queueSid: DEFAULT_QUEUE_SID });
    return result;
  }

  /** Warm transfer: the other agent's reservation rings and their leg joins the conference. */
  transfer(taskSid: string, toIdentity: string): Promise<ScenarioResult> {
    return this.workerSid(toIdentity).then((toWorkerSid) =>
      this.sandbox.transfer({ taskSid, toWorkerSid, reservationStatus: 'pending' }),
    );
  }

  /** The outbound call's customer picks up: their leg joins, and only now is the reservation accepted. */
  async answer(taskSid: string): Promise<{ customerCallSid: string }> {
    const answered = await this.sandbox.answer(taskSid);
    const state = await this.sandbox.state();
    for (const r of state.reservations.filter((r) => r.taskSid === taskSid && r.status === 'pending')) {
      await this.sandbox.acceptReservation(r.sid);
    }
    return answered;
  }

  /** Accepts a reservation. */
  async accept(reservationSid: string): Promise<void> {
    await this.sandbox.acceptReservation(reservationSid);
  }

  /**
   * The customer hangs up: Flex conferences end when the customer leaves, so every leg ends and the
   * agents on the call go to wrap-up. Before anyone accepted, TaskRouter cancels the task instead: the
   * ringing reservations are canceled and no agent gets the call.
   */
  async customerHangup(taskSid: string): Promise<void> {
    const state = await this.sandbox.state();
    for (const callSid of connectedLegs(state, taskSid)) await this.sandbox.hangup(callSid);
    if (answeredBy(state, taskSid).length === 0) {
      await this.cancel(state, taskSid);
      return;
    }
    await this.wrapUp(state, taskSid, () => true);
    // A transfer still ringing has no call left to join: its reservation is canceled.
    await this.cancelRinging(state, taskSid);
  }

  /**
   * The agent hangs up: their leg ends, and the customer's too unless another agent is still on the
   * call (a warm transfer) or the call goes on to a post-call survey ({@link SURVEY_QUEUE}); their
   * reservation goes to wrap-up.
   */
  async agentHangup(reservationSid: string): Promise<void> {
    const state = await this.sandbox.state();
    const { reservation, identity } = this.reservation(state, reservationSid);
    if (reservation.status === 'pending') {
      // An outbound call the agent gives up on before the customer answered: the attempt is canceled.
      for (const callSid of connectedLegs(state, reservation.taskSid)) await this.sandbox.hangup(callSid);
      await this.cancel(state, reservation.taskSid);
      return;
    }
    const conference = state.conferences.find((c) => c.friendlyName === reservation.taskSid);
    const legs = state.calls.filter((c) => c.status === 'in-progress');
    const mine = legs.filter((c) => c.role === 'worker' && c.to === clientOf(identity));
    if (conference) {
      const inConference = (callSid: string): boolean =>
        conference.participants.some((p) => p.callSid === callSid && p.status === 'connected');
      const myLegs = mine.filter((c) => inConference(c.sid));
      const othersStay = legs.some((c) => c.role === 'worker' && inConference(c.sid) && !myLegs.includes(c));
      for (const leg of myLegs) await this.sandbox.hangup(leg.sid);
      const survey = this.queues.get(reservation.taskSid)?.queueName === SURVEY_QUEUE;
      if (!othersStay && !survey) {
        for (const callSid of connectedLegs(state, reservation.taskSid)) await this.sandbox.hangup(callSid);
      }
    } else {
      // An internal call: the caller's client leg and the callee's leg hanging off it.
      const task = state.tasks.find((t) => t.sid === reservation.taskSid);
      const { from, to } = task?.attributes ?? {};
      const callerLeg = legs.find((c) => c.role === 'worker' && c.to === from && c.from === to);
      const ends = legs.filter((c) => c === callerLeg || (callerLeg && c.parentCallSid === callerLeg.sid));
      for (const leg of ends) await this.sandbox.hangup(leg.sid);
    }
    await this.wrapUp(state, reservation.taskSid, (sid) => sid === reservationSid);
  }

  /** Completes the reservation, and the task once no agent holds it any more. */
  async complete(reservationSid: string): Promise<void> {
    const state = await this.sandbox.state();
    const { reservation } = this.reservation(state, reservationSid);
    await this.sandbox.setReservationStatus(reservationSid, 'completed');
    const stillHeld = state.reservations.some(
      (r) =>
        r.taskSid === reservation.taskSid &&
        r.sid !== reservationSid &&
        (r.status === 'accepted' || r.status === 'wrapping'),
    );
    if (!stillHeld) await this.sandbox.setTaskStatus(reservation.taskSid, 'completed');
  }

  private reservation(
    state: StateView,
    reservationSid: string,
  ): { reservation: StateView['reservations'][number]; identity: string } {
    const reservation = state.reservations.find((r) => r.sid === reservationSid);
    if (!reservation) throw new CallActionError(404, `Reservation ${reservationSid} not found`);
    const identity = state.workers.find((w) => w.sid === reservation.workerSid)?.identity ?? '';
    return { reservation, identity };
  }

  /** TaskRouter cancels the task: its ringing reservations are canceled with it. */
  private async cancel(state: StateView, taskSid: string): Promise<void> {
    await this.cancelRinging(state, taskSid);
    await this.sandbox.setTaskStatus(taskSid, 'canceled');
  }

  /** Cancels the task's reservations that still ring. */
  private async cancelRinging(state: StateView, taskSid: string): Promise<void> {
    const ringing = state.reservations.filter((r) => r.taskSid === taskSid && r.status === 'pending');
    for (const r of ringing) await this.sandbox.setReservationStatus(r.sid, 'canceled');
  }

  /** Moves the task's accepted reservations that `which` selects to wrapping (the task too, if all). */
  private async wrapUp(state: StateView, taskSid: string, which: (sid: string) => boolean): Promise<void> {
    const accepted = state.reservations.filter((r) => r.taskSid === taskSid && r.status === 'accepted');
    const wrapping = accepted.filter((r) => which(r.sid));
    for (const r of wrapping) await this.sandbox.setReservationStatus(r.sid, 'wrapping');
    if (wrapping.length === accepted.length) await this.sandbox.setTaskStatus(taskSid, 'wrapping');
  }
}

/** The task's reservations an agent has accepted (on the call or wrapping it up). */
function answeredBy(state: StateView, taskSid: string): StateView['reservations'] {
  return state.reservations.filter(
    (r) =>
      r.taskSid === taskSid &&
      (r.status === 'accepted' || r.status === 'wrapping' || r.status === 'completed'),
  );
}

/** The legs still connected to the task's conference. */
function connectedLegs(state: StateView, taskSid: string): string[] {
  const conference = state.conferences.find((c) => c.friendlyName === taskSid);
  return conference?.participants.filter((p) => p.status === 'connected').map((p) => p.callSid) ?? [];
}
