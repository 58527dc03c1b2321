import { randomBytes } from 'node:crypto';
import { isSid } from '@dual-channel-recording/contract';
import { TwilioErrorResponse } from './errors';
import type {
  Account,
  Call,
  Conference,
  FlexToken,
  LegRole,
  Participant,
  Reservation,
  ReservationStatus,
  SandboxState,
  Task,
  TokenKind,
  Worker,
} from './state';
import { DEFAULT_ACCOUNT, SandboxState as State } from './state';
import { RESERVATION_STATUS_EVENTS, recordReservationEvent, recordTaskEvent } from './task-events';

const TOKEN_TTL_MS = 60 * 60 * 1000;

function badRequest(message: string): TwilioErrorResponse {
  return new TwilioErrorResponse(400, 20001, message);
}

/** Options shared by the call scenarios. */
export interface TaskOptions {
  workerSid: string;
  attributes?: Record<string, unknown>;
  queueName?: string;
  queueSid?: string;
  reservationStatus?: ReservationStatus;
}

/** Input to create a worker. */
export interface CreateWorkerInput {
  workspaceSid?: string;
  friendlyName?: string;
  identity?: string;
  roles?: string[];
  token?: TokenKind;
  attributes?: Record<string, unknown>;
}

/** What a call scenario created (absent legs are undefined). */
export interface ScenarioResult {
  taskSid: string;
  reservationSid: string;
  workspaceSid: string;
  accountSid: string;
  conferenceSid?: string;
  customerCallSid?: string;
  workerCallSid?: string;
  callerCallSid?: string;
  calleeCallSid?: string;
}

/** Builds the sandbox's worlds: accounts, workers, tokens, tasks, calls and conferences. */
export class ScenarioBuilder {
  constructor(
    private readonly state: SandboxState,
    private readonly now: () => number = Date.now,
  ) {}

  private date(): Date {
    return new Date(this.now());
  }

  /** Creates (or replaces) an account; returns it. */
  createAccount(input: { sid?: string; authToken?: string; friendlyName?: string }): Account {
    const sid = input.sid ?? this.state.sids.next('AC');
    if (!isSid(sid, 'AC')) throw badRequest('sid must be AC + 32 hex digits');
    const account: Account = {
      sid,
      authToken: input.authToken ?? randomBytes(16).toString('hex'),
      friendlyName: input.friendlyName ?? sid,
      apiKeys: {},
    };
    this.state.accounts.set(sid, account);
    return account;
  }

  /** Adds an API key (SK...) with its secret to an account. */
  createApiKey(accountSid: string): { sid: string; secret: string } {
    const account = this.account(accountSid);
    const sid = this.state.sids.next('SK');
    const secret = randomBytes(16).toString('hex');
    account.apiKeys[sid] = secret;
    return { sid, secret };
  }

  /** Creates a workspace in an account. */
  createWorkspace(accountSid: string, friendlyName = 'Flex Task Assignment'): string {
    this.account(accountSid);
    const sid = this.state.sids.next('WS');
    this.state.workspaces.set(sid, { sid, accountSid, friendlyName });
    return sid;
  }

  private account(sid: string): Account {
    const account = this.state.accounts.get(sid);
    if (!account) throw new TwilioErrorResponse(404, 20404, `Account ${sid} not found`);
    return account;
  }

  /** Creates a worker (and a Flex token for it). */
  createWorker(input: CreateWorkerInput): { worker: Worker; token: FlexToken } {
    const workspaceSid = input.workspaceSid ?? DEFAULT_ACCOUNT.workspaceSid;
    const workspace = this.state.workspaces.get(workspaceSid);
    if (!workspace) throw new TwilioErrorResponse(404, 20404, `Workspace ${workspaceSid} not found`);
    const sid = this.state.sids.next('WK');
    const identity = input.identity ?? `agent_${sid.slice(-4)}`;
    const at = this.date();
    const worker: Worker = {
      sid,
      accountSid: workspace.accountSid,
      workspaceSid,
      friendlyName: input.friendlyName ?? identity,
      identity,
      attributes: JSON.stringify({
        contact_uri: `client:${identity}`,
        full_name: identity,
        ...(input.attributes ?? {}),
      }),
      activityName: 'Available',
      activitySid: 'WA' + '0'.repeat(31) + '1',
      available: true,
      dateCreated: at,
      dateUpdated: at,
    };
    this.state.workers.set(sid, worker);
    return { worker, token: this.issueToken(sid, input.token ?? 'valid', input.roles ?? ['agent']) };
  }

  /** Mints a Flex token for a worker: valid, already expired, or issued by another account. */
  issueToken(workerSid: string, kind: TokenKind = 'valid', roles: string[] = ['agent']): FlexToken {
    const worker = this.state.workers.get(workerSid);
    if (!worker) throw new TwilioErrorResponse(404, 20404, `Worker ${workerSid} not found`);
    const otherAccount = 'AC' + 'f'.repeat(32);
    const token: FlexToken = {
      // Opaque like a JWT to the product; the sandbox looks it up rather than verifying a signature.
      token: `sandbox.${randomBytes(24).toString('base64url')}`,
      accountSid: kind === 'other-account' ? otherAccount : worker.accountSid,
      workerSid,
      identity: worker.identity,
      roles,
      expiresAt: new Date(this.now() + (kind === 'expired' ? -60_000 : TOKEN_TTL_MS)),
      realmUserId: this.state.sids.next('US'),
      flexUserSid: this.state.sids.next('FU'),
      flexInstanceSid: 'GO' + '0'.repeat(31) + '1',
    };
    this.state.tokens.set(token.token, token);
    return token;
  }

  private worker(sid: string): Worker {
    const worker = this.state.workers.get(sid);
    if (!worker) throw new TwilioErrorResponse(404, 20404, `Worker ${sid} not found`);
    return worker;
  }

  private createTask(worker: Worker, options: TaskOptions, attributes: Record<string, unknown>): Task {
    const at = this.date();
    const task: Task = {
      sid: this.state.sids.next('WT'),
      accountSid: worker.accountSid,
      workspaceSid: worker.workspaceSid,
      attributes: JSON.stringify({ ...attributes, ...(options.attributes ?? {}) }),
      assignmentStatus: 'assigned',
      priority: 0,
      reason: null,
      queueSid: options.queueSid ?? 'WQ' + '0'.repeat(31) + '1',
      queueName: options.queueName ?? 'Everyone',
      workflowSid: 'WW' + '0'.repeat(31) + '1',
      workflowName: 'Assign to Anyone',
      channelSid: 'TC' + '0'.repeat(31) + '1',
      channelName: 'voice',
      timeout: 86400,
      dateCreated: at,
      dateUpdated: at,
      revision: 1,
      history: [],
    };
    this.state.tasks.set(task.sid, task);
    recordTaskEvent(this.state, task, 'task.created', at);
    return task;
  }

  /** Creates a reservation of `taskSid` for a worker. */
  createReservation(task: Task, workerSid: string, status: ReservationStatus = 'accepted'): Reservation {
    const at = this.date();
    const reservation: Reservation = {
      sid: this.state.sids.next('WR'),
      accountSid: task.accountSid,
      workspaceSid: task.workspaceSid,
      taskSid: task.sid,
      workerSid,
      status,
      dateCreated: at,
      dateUpdated: at,
    };
    this.state.reservations.set(reservation.sid, reservation);
    recordReservationEvent(this.state, reservation, 'reservation.created', at);
    const statusEvent = RESERVATION_STATUS_EVENTS[status];
    if (statusEvent) recordReservationEvent(this.state, reservation, statusEvent, at);
    return reservation;
  }

  private createCall(
    accountSid: string,
    input: Pick<Call, 'from' | 'to' | 'direction' | 'role'> & { parentCallSid?: string },
  ): Call {
    const at = this.date();
    const call: Call = {
      sid: this.state.sids.next('CA'),
      accountSid,
      parentCallSid: input.parentCallSid ?? null,
      from: input.from,
      to: input.to,
      direction: input.direction,
      role: input.role,
      status: 'in-progress',
      startTime: at,
      endTime: null,
      dateCreated: at,
      dateUpdated: at,
    };
    this.state.calls.set(call.sid, call);
    return call;
  }

  private createConference(task: Task): Conference {
    const at = this.date();
    const conference: Conference = {
      sid: this.state.sids.next('CF'),
      accountSid: task.accountSid,
      friendlyName: task.sid,
      status: 'in-progress',
      dateCreated: at,
      dateUpdated: at,
    };
    this.state.conferences.set(conference.sid, conference);
    return conference;
  }

  private join(conference: Conference, call: Call, role: LegRole, label: string): Participant {
    const at = this.date();
    const participant: Participant = {
      conferenceSid: conference.sid,
      callSid: call.sid,
      accountSid: conference.accountSid,
      label,
      role,
      status: 'connected',
      hold: false,
      muted: false,
      dateCreated: at,
      dateUpdated: at,
    };
    this.state.participants.set(State.participantKey(conference.sid, call.sid), participant);
    return participant;
  }

  private workerLeg(conference: Conference, worker: Worker): Call {
    const call = this.createCall(worker.accountSid, {
      from: '+15005550006',
      to: `client:${worker.identity}`,
      direction: 'outbound-api',
      role: 'worker',
    });
    this.join(conference, call, 'worker', 'worker');
    return call;
  }

  /** Inbound call: customer dialled in, task reserved for the worker, both legs in the conference. */
  inboundCall(options: TaskOptions & { from?: string; to?: string }): ScenarioResult {
    const worker = this.worker(options.workerSid);
    const from = options.from ?? '+15558675310';
    const to = options.to ?? '+15005550006';
    const customer = this.createCall(worker.accountSid, { from, to, direction: 'inbound', role: 'customer' });
    const task = this.createTask(worker, options, {
      type: 'inbound',
      direction: 'inbound',
      call_sid: customer.sid,
      from,
      to,
      caller: from,
      called: to,
    });
    const reservation = this.createReservation(task, worker.sid, options.reservationStatus);
    const conference = this.createConference(task);
    this.join(conference, customer, 'customer', 'customer');
    const workerCall = this.workerLeg(conference, worker);
    this.patchConferenceAttributes(task, conference, customer.sid, workerCall.sid);
    return this.result(task, reservation, {
      conferenceSid: conference.sid,
      customerCallSid: customer.sid,
      workerCallSid: workerCall.sid,
    });
  }

  /**
   * Flex-initiated outbound call: only the worker leg exists until {@link answer} adds the customer,
   * and the task lacks `call_sid` / `conference` attributes, as in Flex.
   */
  outboundCall(options: TaskOptions & { to?: string }): ScenarioResult {
    const worker = this.worker(options.workerSid);
    const to = options.to ?? '+15558675310';
    const task = this.createTask(worker, options, {
      type: 'outbound',
      direction: 'outbound',
      to,
      from: '+15005550006',
      name: to,
    });
    const reservation = this.createReservation(task, worker.sid, options.reservationStatus);
    const conference = this.createConference(task);
    const workerCall = this.workerLeg(conference, worker);
    return this.result(task, reservation, { conferenceSid: conference.sid, workerCallSid: workerCall.sid });
  }

  /** The outbound call's customer answers: their leg joins the task's conference. */
  answer(taskSid: string): { customerCallSid: string } {
    const task = this.state.tasks.get(taskSid);
    if (!task) throw new TwilioErrorResponse(404, 20404, `Task ${taskSid} not found`);
    const conference = [...this.state.conferences.values()].find((c) => c.friendlyName === taskSid);
    if (!conference) throw badRequest(`Task ${taskSid} has no conference`);
    const attributes = JSON.parse(task.attributes) as { to?: string };
    const customer = this.createCall(task.accountSid, {
      from: '+15005550006',
      to: attributes.to ?? '+15558675310',
      direction: 'outbound-api',
      role: 'customer',
    });
    this.join(conference, customer, 'customer', 'customer');
    return { customerCallSid: customer.sid };
  }

  /**
   * Internal (agent-to-agent) call: no conference. The caller's client leg is the outbound leg
   * (what the product records); the callee's leg is its child.
   */
  internalCall(options: TaskOptions & { toWorkerSid: string }): ScenarioResult {
    const caller = this.worker(options.workerSid);
    const callee = this.worker(options.toWorkerSid);
    const callerCall = this.createCall(caller.accountSid, {
      from: `client:${callee.identity}`,
      to: `client:${caller.identity}`,
      direction: 'outbound-api',
      role: 'worker',
    });
    const calleeCall = this.createCall(caller.accountSid, {
      from: `client:${caller.identity}`,
      to: `client:${callee.identity}`,
      direction: 'outbound-dial',
      role: 'customer',
      parentCallSid: callerCall.sid,
    });
    const task = this.createTask(caller, options, {
      type: 'internal',
      client_call: true,
      direction: 'outbound',
      targetWorker: callee.identity,
      from: `client:${caller.identity}`,
      to: `client:${callee.identity}`,
    });
    const reservation = this.createReservation(task, caller.sid, options.reservationStatus);
    return this.result(task, reservation, {
      callerCallSid: callerCall.sid,
      calleeCallSid: calleeCall.sid,
      workerCallSid: callerCall.sid,
    });
  }

  /**
   * Warm/cold transfer: a second worker gets a reservation and (unless `join: false`, a cold
   * transfer still ringing) a leg on the same conference.
   */
  transfer(input: {
    taskSid: string;
    toWorkerSid: string;
    reservationStatus?: ReservationStatus;
    join?: boolean;
  }): ScenarioResult {
    const task = this.state.tasks.get(input.taskSid);
    if (!task) throw new TwilioErrorResponse(404, 20404, `Task ${input.taskSid} not found`);
    const worker = this.worker(input.toWorkerSid);
    const conference = [...this.state.conferences.values()].find((c) => c.friendlyName === task.sid);
    if (!conference) throw badRequest(`Task ${task.sid} has no conference to transfer into`);
    const reservation = this.createReservation(task, worker.sid, input.reservationStatus);
    if (input.join === false) return this.result(task, reservation, { conferenceSid: conference.sid });
    const workerCall = this.workerLeg(conference, worker);
    return this.result(task, reservation, { conferenceSid: conference.sid, workerCallSid: workerCall.sid });
  }

  /** A worker's Flex client leg joins the task's conference (a cold transfer's agent answers). */
  joinWorker(taskSid: string, workerSid: string): { workerCallSid: string } {
    const conference = [...this.state.conferences.values()].find(
      (c) => c.friendlyName === taskSid && c.status === 'in-progress',
    );
    if (!conference) throw badRequest(`Task ${taskSid} has no conference in progress`);
    return { workerCallSid: this.workerLeg(conference, this.worker(workerSid)).sid };
  }

  /** Sets a reservation's status (accept, rescind, ...). */
  setReservationStatus(reservationSid: string, status: ReservationStatus): Reservation {
    const reservation = this.state.reservations.get(reservationSid);
    if (!reservation) throw new TwilioErrorResponse(404, 20404, `Reservation ${reservationSid} not found`);
    const changed = reservation.status !== status;
    reservation.status = status;
    reservation.dateUpdated = this.date();
    const statusEvent = RESERVATION_STATUS_EVENTS[status];
    if (changed && statusEvent)
      recordReservationEvent(this.state, reservation, statusEvent, reservation.dateUpdated);
    return reservation;
  }

  /** Flex writes the conference into the task attributes once the worker joins (inbound calls). */
  private patchConferenceAttributes(
    task: Task,
    conference: Conference,
    customerCallSid: string,
    workerCallSid: string,
  ): void {
    const attributes = JSON.parse(task.attributes) as Record<string, unknown>;
    attributes.conference = {
      sid: conference.sid,
      participants: { customer: customerCallSid, worker: workerCallSid },
    };
    task.attributes = JSON.stringify(attributes);
  }

  private result(task: Task, reservation: Reservation, legs: Partial<ScenarioResult>): ScenarioResult {
    return {
      taskSid: task.sid,
      reservationSid: reservation.sid,
      workspaceSid: task.workspaceSid,
      accountSid: task.accountSid,
      ...legs,
    };
  }
}
