import type { ITask } from '@twilio/flex-ui';
import type * as TaskRouter from 'twilio-taskrouter';

import { VoiceChannel } from './interactions';
import type { FlexSession } from './session';
import type { OutgoingTransferStatus } from './taskRouterSdk';
import { SdkOutgoingTransfer, SdkReservation, SdkTask } from './taskRouterSdk';
import { SESSION_IDENTIFIER_KEY, VoiceCall } from './voice';

/** How the call reached this agent. */
export type CallKind = 'inbound' | 'outbound' | 'internal' | 'transfer' | 'no-call';

/** What a test says about a call; everything else gets sensible Twilio-shaped defaults. */
export interface CallOptions {
  readonly kind: CallKind;
  /** TaskRouter task channel (default `voice`). */
  readonly taskChannelUniqueName?: string;
  readonly queueName?: string;
  readonly queueSid?: string;
  /** Task attributes merged over the kind's defaults. */
  readonly attributes?: Record<string, unknown>;
  /** `transfer`: how the transferring agent sent it. */
  readonly transferMode?: 'WARM' | 'COLD';
}

/** A leg in the Interactions voice channel. */
export interface Leg {
  readonly participantSid: string;
  readonly callSid: string;
}

/**
 * One call as this agent's Flex sees it, driven step by step at Twilio's edges (TaskRouter reservation
 * events, the Voice SDK call of this browser, the Interactions voice channel). Each step sends what Twilio
 * sends, in the order Flex 2.17 receives it; Flex's own listeners (ported in this folder) do the rest.
 * The agent's clicks are REST requests to Twilio (AcceptTask is `reservation.conference()`), so a step
 * starts from Twilio's answer to them.
 */
export class DrivenCall {
  readonly task: SdkTask;
  readonly reservation: SdkReservation;
  /** The Interactions voice channel (none for internal calls and tasks that are no call). */
  readonly channel: VoiceChannel | undefined;
  readonly customer: Leg;
  /** This agent's leg: its conference participant and this browser's Voice SDK call. */
  readonly agent: Leg;
  readonly voiceCall: VoiceCall;
  /** This agent's live leg and the Voice SDK call that holds it: `agent` until a Join Call moves it. */
  private live: { leg: Leg; call: VoiceCall };
  /** Other Flex tabs of the same agent (same worker): TaskRouter and the conference reach them too. */
  private readonly otherTabs: FlexSession[] = [];

  constructor(
    private readonly session: FlexSession,
    readonly options: CallOptions,
  ) {
    const { sid, worker } = session;
    const kind = options.kind;
    const taskSid = sid('WT');
    this.customer = { participantSid: sid('UT'), callSid: sid('CA') };
    this.agent = { participantSid: sid('UT'), callSid: sid('CA') };
    const attributes: Record<string, unknown> = {
      ...defaultAttributes(kind, this.customer.callSid, worker.name),
      ...options.attributes,
    };
    const incomingTransfer: TaskRouter.IncomingTransfer | undefined =
      kind === 'transfer'
        ? {
            sid: sid('TT'),
            mode: options.transferMode ?? 'WARM',
            type: 'WORKER',
            status: 'INITIATED',
            to: worker.sid,
            workerSid: sid('WK'),
            reservationSid: sid('WR'),
            dateCreated: new Date(),
            dateUpdated: new Date(),
          }
        : undefined;
    this.task = new SdkTask({
      sid: taskSid,
      attributes,
      taskChannelUniqueName: options.taskChannelUniqueName ?? 'voice',
      taskChannelSid: sid('TC'),
      queueName: options.queueName ?? 'Support',
      queueSid: options.queueSid ?? sid('WQ'),
      workflowSid: sid('WW'),
      workflowName: 'Assign to Anyone',
      ...(kind === 'outbound' ? { routingTarget: worker.sid } : {}),
      ...(incomingTransfer ? { incomingTransfer } : {}),
    });
    this.reservation = new SdkReservation({
      sid: sid('WR'),
      accountSid: session.accountSid,
      workspaceSid: worker.workspaceSid,
      workerSid: worker.sid,
      task: this.task,
    });
    this.voiceCall = new VoiceCall(
      this.agent.callSid,
      session.accountSid,
      'client:flex',
      `client:${worker.name}`,
    );
    this.live = { leg: this.agent, call: this.voiceCall };
    if (kind === 'internal' || kind === 'no-call') {
      this.channel = undefined;
    } else {
      this.channel = new VoiceChannel(sid('UO'), sid('KD'), taskSid, sid('CF'), session.accountSid);
      session.channels.set(taskSid, this.channel);
    }
  }

  /**
   * The same agent has this call's task open in another Flex tab (`tab`, a session of the same worker):
   * from now on TaskRouter's events and the conference reach that tab too, in the same order, after this
   * one. The Voice SDK call stays in this tab: with Flex's multi-tab support the tab that started the
   * session accepts it and the others' incoming call is canceled.
   */
  openIn(tab: FlexSession): void {
    if (tab.worker.sid !== this.session.worker.sid) throw new Error('another tab of the same worker only');
    if (this.channel) tab.channels.set(this.task.sid, this.channel);
    this.otherTabs.push(tab);
  }

  /** Runs a TaskRouter step in this tab, then in the agent's other tabs. */
  private everyTab(step: (tab: FlexSession) => void): void {
    [this.session, ...this.otherTabs].forEach(step);
  }

  /** The reservation's SID (Flex's `task.sid`). */
  get sid(): string {
    return this.reservation.sid;
  }

  /** Flex's task for this reservation in the store, if it is there. */
  flexTask(): ITask | undefined {
    return this.session.store.getState().flex.worker.tasks.get(this.sid);
  }

  /**
   * The call was accepted before this page loaded (a reload mid-call): the reservation is `accepted` in
   * TaskRouter and both legs are in the conference. No event reaches this page; Flex finds the reservation
   * when the worker is ready (`WORKER_INIT`) and reads the conference then.
   */
  acceptedBeforeLoad(): void {
    this.reservation.status = 'accepted';
    this.task.status = 'assigned';
    this.session.worker.reservations.set(this.sid, this.reservation);
    this.channel?.join({ ...this.customer, type: 'customer' });
    this.channel?.join({
      ...this.agent,
      type: 'agent',
      workerSid: this.session.worker.sid,
      reservationSid: this.sid,
    });
  }

  /** Inbound and transferred calls: the customer is in the channel and TaskRouter offers the reservation. */
  ring(): void {
    if (this.channel && this.options.kind !== 'outbound' && !this.channel.has(this.customer.participantSid)) {
      this.channel.join({ ...this.customer, type: 'customer' });
    }
    this.everyTab((tab) => tab.taskRouter.reservationCreated(tab.worker, this.reservation));
  }

  /** An agent already on this task (the transferring one) is in the conference. */
  otherAgentInConference(): Leg & { workerSid: string } {
    const leg = { participantSid: this.session.sid('UT'), callSid: this.session.sid('CA') };
    const workerSid = this.task.transfers.incoming?.workerSid ?? this.session.sid('WK');
    this.channel?.join({
      ...leg,
      type: 'agent',
      workerSid,
      reservationSid: this.task.transfers.incoming?.reservationSid,
    });
    return { ...leg, workerSid };
  }

  /**
   * The agent accepted (AcceptTask → `reservation.conference()`): TaskRouter dials this browser (Flex
   * answers it: PHONE_ADD_CALL), the agent joins the conference, and the reservation becomes `accepted`.
   * `acceptedIn`: the tab whose Flex answers the call. With Flex's multi-tab flag on it is the session the
   * call names (this one); with the flag off every tab answers at once and the first wins, so it may be
   * another tab of the agent (`openIn`).
   */
  accept(acceptedIn: FlexSession = this.session): void {
    if (this.options.kind !== 'no-call') acceptedIn.phone.incoming(this.voiceCall);
    this.joinAndAccept();
  }

  /** The agent's leg joins the conference and every tab of the agent sees the reservation accepted. */
  private joinAndAccept(): void {
    this.channel?.join({
      ...this.agent,
      type: 'agent',
      workerSid: this.session.worker.sid,
      reservationSid: this.sid,
    });
    this.everyTab((tab) => tab.taskRouter.reservationEvent(tab.worker, this.reservation, 'accepted'));
  }

  /**
   * Flex's multi-tab flag on, and the tab the call names (this one, which pressed Accept) does not answer
   * it (it closed or reloaded): TaskRouter's call rings every other tab of the agent, each with its own
   * Voice SDK call of the same leg naming this session (`flex_session_identifier`). Flex there waits 5 s
   * (`multiTabFallbackAcceptanceTimer`), then answers; the first answer wins and Twilio cancels the others'.
   * On the answer the agent joins the conference and the reservation is accepted. `namedTabAnswers`: the
   * named tab rings too (last) and answers at once, so Twilio cancels the others before their 5 s are up.
   * Returns the calls rung.
   */
  acceptAfterMultiTabFallback(namedTabAnswers = false): VoiceCall[] {
    const tabs = namedTabAnswers ? [...this.otherTabs, this.session] : this.otherTabs;
    const rung = tabs.map((tab) => {
      const call = new VoiceCall(
        this.agent.callSid,
        this.session.accountSid,
        'client:flex',
        `client:${tab.worker.name}`,
      );
      call.customParameters.set(SESSION_IDENTIFIER_KEY, this.session.phone.sessionIdentifier);
      return call;
    });
    rung.forEach((call) =>
      call.on('accept', () => {
        if (this.live.call !== this.voiceCall) return;
        this.live = { leg: this.agent, call };
        rung.filter((other) => other !== call).forEach((other) => other.cancel());
        this.joinAndAccept();
      }),
    );
    tabs.forEach((tab, at) => {
      const call = rung[at];
      if (call) tab.phone.ringsWithMultiTab(call);
    });
    return rung;
  }

  /**
   * A Flex-initiated outbound call (StartOutboundCall): TaskRouter creates the reservation for this worker
   * (`routingTarget`); Flex accepts it itself and the agent's leg joins the conference while the customer
   * rings. The reservation stays `pending` until the customer answers.
   */
  place(): void {
    this.everyTab((tab) => tab.taskRouter.reservationCreated(tab.worker, this.reservation));
    this.session.phone.incoming(this.voiceCall);
    this.channel?.join({
      ...this.agent,
      type: 'agent',
      workerSid: this.session.worker.sid,
      reservationSid: this.sid,
    });
  }

  /** The outbound customer answers: they join, and only now is the reservation accepted. */
  answer(): void {
    this.channel?.join({ ...this.customer, type: 'customer' });
    this.everyTab((tab) => tab.taskRouter.reservationEvent(tab.worker, this.reservation, 'accepted'));
  }

  /** The outbound call is not answered (45305) or busy (45303): the reservation is canceled with that code. */
  notConnected(reasonCode: 45305 | 45303): void {
    this.reservation.canceledReasonCode = reasonCode;
    this.task.status = 'canceled';
    this.everyTab((tab) => tab.taskRouter.reservationEvent(tab.worker, this.reservation, 'canceled'));
    this.live.call.disconnect();
    this.channel?.leave(this.live.leg.participantSid);
  }

  /** The caller hangs up before anyone accepts: the task and its pending reservation are canceled. */
  callerHangsUpBeforeAccept(): void {
    this.channel?.leave(this.customer.participantSid);
    this.task.status = 'canceled';
    this.everyTab((tab) => tab.taskRouter.reservationEvent(tab.worker, this.reservation, 'canceled'));
  }

  /** The customer leaves the conference (hangs up). */
  customerLeaves(): void {
    this.channel?.leave(this.customer.participantSid);
  }

  /** The conference ends for this agent: the browser's call disconnects, the agent leaves, wrap-up begins. */
  conferenceEnds(): void {
    this.live.call.disconnect();
    this.channel?.leave(this.live.leg.participantSid);
    this.task.status = 'wrapping';
    this.everyTab((tab) => tab.taskRouter.reservationEvent(tab.worker, this.reservation, 'wrapup'));
  }

  /** The customer hangs up after accept: they leave, then the conference ends (their endConferenceOnExit). */
  customerHangsUp(): void {
    this.customerLeaves();
    this.conferenceEnds();
  }

  /** The agent presses Hang up: Flex's own HangupCall action disconnects this browser's call. */
  async agentHangsUp(): Promise<void> {
    await this.session.flex.Actions.invokeAction('HangupCall', { sid: this.sid });
    this.channel?.leave(this.live.leg.participantSid);
    this.channel?.leave(this.customer.participantSid);
    this.task.status = 'wrapping';
    this.everyTab((tab) => tab.taskRouter.reservationEvent(tab.worker, this.reservation, 'wrapup'));
  }

  /** A cold or warm transfer out was completed: this agent leaves; the reservation goes to wrap-up. */
  transferredAway(): void {
    this.live.call.disconnect();
    this.channel?.leave(this.live.leg.participantSid);
    this.everyTab((tab) => tab.taskRouter.reservationEvent(tab.worker, this.reservation, 'wrapup'));
  }

  /**
   * This agent transfers the task out (Flex's TransferTask: a TaskRouter transfer to a worker or a queue):
   * TaskRouter sends the task's `transferInitiated` to every tab, and Flex adds its own `transfer`
   * participant to the conference. `transferEnds` sends how it ended. A transfer to a phone number is not
   * this: Flex adds an `external` Interactions participant for it (no TaskRouter transfer).
   */
  transferOut(mode: 'WARM' | 'COLD', to: string = this.session.sid('WK')): SdkOutgoingTransfer {
    const transfer = new SdkOutgoingTransfer(
      this.session.sid('TT'),
      this.task.sid,
      this.sid,
      this.session.worker.sid,
      to,
      to.startsWith('WQ') ? 'QUEUE' : 'WORKER',
      mode,
    );
    this.everyTab((tab) => tab.taskRouter.transferInitiated(this.reservation, transfer));
    return transfer;
  }

  /**
   * TaskRouter's transfer event for `transfer`: `completed` (status `complete`), `failed` or `canceled`.
   * The status is what Flex's `updateOutboundTransfer` switches on (see `OutgoingTransferStatus`).
   */
  transferEnds(transfer: SdkOutgoingTransfer, status: Exclude<OutgoingTransferStatus, 'initiated'>): void {
    transfer.status = status;
    transfer.dateUpdated = new Date();
    transfer.emit(status === 'complete' ? 'completed' : status, transfer);
  }

  /** Join Call: this worker gets a second leg in the conference (another device or a re-join). */
  joinsAgain(reservationSid?: string): Leg {
    const leg = { participantSid: this.session.sid('UT'), callSid: this.session.sid('CA') };
    this.channel?.join({ ...leg, type: 'agent', workerSid: this.session.worker.sid, reservationSid });
    return leg;
  }

  /**
   * Flex's Join Call pressed in `tab` (Flex offers it in a session whose worker is in the call from
   * another device: `isWorkerInCallFromAnotherDevice`). Rewrite of what TaskRouterModel `joinCall` asks
   * Twilio for, in its order (held to the bundle by `driver.realflex.test.ts`): the worker's newest joined
   * leg stops ending the conference on exit; a new `agent` participant is added on this reservation, dialed
   * to the worker's `contact_uri`; once it settles it ends the conference on exit; the old leg is removed.
   * The new call rings in `acceptedIn`: with Flex's multi-tab flag on the `to` names the pressing session,
   * which accepts it at once (the default); with the flag off every tab accepts and the first one wins.
   */
  joinCall(tab: FlexSession = this.session, acceptedIn: FlexSession = tab): Leg {
    const channel = this.channel;
    if (!channel) throw new Error('Join Call needs a conference');
    const old = this.live;
    const leg = { participantSid: this.session.sid('UT'), callSid: this.session.sid('CA') };
    channel.setEndConferenceOnExit(old.leg.participantSid, false);
    const call = new VoiceCall(
      leg.callSid,
      this.session.accountSid,
      'client:flex',
      `client:${tab.worker.name}`,
    );
    acceptedIn.phone.incoming(call);
    channel.join({ ...leg, type: 'agent', workerSid: tab.worker.sid, reservationSid: this.sid });
    channel.setEndConferenceOnExit(leg.participantSid, true);
    // removeVoiceParticipant: Twilio ends the old leg, so the browser call that held it disconnects.
    old.call.disconnect();
    channel.leave(old.leg.participantSid);
    this.live = { leg, call };
    return leg;
  }

  /** A supervisor barges in or monitors (Flex filters supervisors out of the conference). */
  supervisorJoins(): Leg {
    const leg = { participantSid: this.session.sid('UT'), callSid: this.session.sid('CA') };
    this.channel?.join({ ...leg, type: 'supervisor', workerSid: this.session.sid('WK') });
    return leg;
  }

  /** A participant leaves the conference. */
  leaves(leg: Leg): void {
    this.channel?.leave(leg.participantSid);
  }

  /** Puts the customer on hold or takes them off it. */
  holdCustomer(hold: boolean): void {
    this.channel?.modify(this.customer.participantSid, { hold });
  }

  /** A writer (our Function, another plugin) replaced the task attributes: TaskRouter's `updated`. */
  updateAttributes(change: (attributes: Record<string, unknown>) => Record<string, unknown>): void {
    const attributes = change(this.task.attributes);
    this.everyTab((tab) => tab.taskRouter.taskUpdated(this.reservation, attributes));
  }

  /** The agent completes wrap-up: the reservation leaves Flex. */
  complete(): void {
    this.task.status = 'completed';
    this.everyTab((tab) => tab.taskRouter.reservationEvent(tab.worker, this.reservation, 'completed'));
  }
}

function defaultAttributes(
  kind: CallKind,
  customerCallSid: string,
  identity: string,
): Record<string, unknown> {
  switch (kind) {
    case 'inbound':
    case 'transfer':
      return { direction: 'inbound', call_sid: customerCallSid, from: '+15005550006', to: '+15005550001' };
    case 'outbound':
      // Flex's outbound-call task: no call_sid or conference yet; the customer is dialed after accept.
      return {
        direction: 'outbound',
        outbound_to: '+15005550006',
        from: '+15005550001',
        name: '+15005550006',
      };
    case 'internal':
      return { direction: 'outbound', client_call: true, from: `client:${identity}`, to: 'client:bob' };
    case 'no-call':
      return {};
  }
}
