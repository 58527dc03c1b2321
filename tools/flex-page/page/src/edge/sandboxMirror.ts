import type { FlexSession, ReservationEvent, ReservationStatus, TaskStatus } from '../../../driver';
import { VoiceChannel } from '../../../driver';
import type {
  PageStateResponse,
  SandboxCall,
  SandboxConference,
  SandboxReservation,
  SandboxTask,
  SandboxView,
} from '../sandboxView';
import type { TwilioRequests } from './pageSdk';
import { PageReservation, PageTask, PageVoiceCall } from './pageSdk';

/** The signed-in agent of this page. */
export interface Me {
  readonly workerSid: string;
  readonly identity: string;
}

/** A call this tab places (the reservation TaskRouter creates for it rings this tab's Voice SDK). */
export type PlacedKind = 'outbound' | 'internal';

/** How the mirror reaches Flex and Twilio. */
export interface SandboxMirrorOptions {
  readonly session: FlexSession;
  readonly me: Me;
  readonly requests: TwilioRequests;
  /** A call this tab placed reached Flex (the page selects it, as Flex selects the call it starts). */
  readonly onPlaced?: (reservationSid: string) => void;
}

/** TaskRouter's event for a reservation that reached `status`. */
const EVENT_OF: Readonly<Record<string, ReservationEvent>> = {
  accepted: 'accepted',
  wrapping: 'wrapup',
  completed: 'completed',
  canceled: 'canceled',
  rescinded: 'rescinded',
  timeout: 'timeout',
  rejected: 'rejected',
};
/** Reservations Flex holds (the others have left the agent's screen or never reached it). */
const HELD: ReadonlySet<string> = new Set(['pending', 'accepted', 'wrapping']);
const TASK_STATUSES: ReadonlySet<string> = new Set([
  'reserved',
  'assigned',
  'wrapping',
  'completed',
  'canceled',
]);
/** The sandbox's default queue, for tasks the page server did not route. */
const DEFAULT_QUEUE = { queueName: 'Everyone', queueSid: `WQ${'0'.repeat(31)}1` };

interface MirroredReservation {
  readonly reservation: PageReservation;
  /** The status Flex was last told. */
  status: string;
  /** This tab's Voice SDK call for it, when TaskRouter rang this tab. */
  call?: PageVoiceCall;
}

interface MirroredTask {
  readonly task: PageTask;
  readonly channel: VoiceChannel | undefined;
  /** Interactions participants of the channel by the call SID of their leg. */
  readonly participants: Map<string, string>;
  etag: string;
}

/** Whether a task is a call this agent's Flex placed (its leg is in the conference before anyone answers). */
function placedKind(task: SandboxTask): PlacedKind | undefined {
  const { attributes } = task;
  if (attributes.client_call === true) return 'internal';
  return attributes.direction === 'outbound' ? 'outbound' : undefined;
}

/**
 * Feeds the real Flex UI from the Twilio sandbox: each change of the sandbox (a new state from the page
 * server) is turned into what Twilio would have sent this agent's Flex, in the order Flex 2.17 receives
 * it, through the real-Flex driver's edges: TaskRouter SDK reservation and task events (the driver's port
 * of Flex's WorkerListener, so `taskAccepted` comes before the store update), the Interactions API voice
 * channel (read by the driver's ConferenceListener: REST reads, then the 500 ms throttled
 * CONFERENCE_MULTIPLE_UPDATE) and this tab's Voice SDK call (PHONE_ADD_CALL / PHONE_REMOVE_CALL).
 *
 * Twilio's rules the sandbox does not model are applied here: an agent's leg joins the conference when
 * its reservation is accepted (TaskRouter's conference instruction; the sandbox creates it with the
 * reservation), except for a call the agent places, where it is in from the start; and the Voice call
 * rings the tab that accepted or placed the call.
 */
export class SandboxMirror {
  private readonly tasks = new Map<string, MirroredTask>();
  private readonly reservations = new Map<string, MirroredReservation>();
  private readonly acceptedHere = new Set<string>();
  private readonly placing: PlacedKind[] = [];

  constructor(private readonly options: SandboxMirrorOptions) {}

  /** This tab is accepting: TaskRouter's call to the agent will ring here. */
  acceptingHere(reservationSid: string): void {
    this.acceptedHere.add(reservationSid);
  }

  /** This tab is placing a call: the reservation TaskRouter creates for it rings here. */
  placingHere(kind: PlacedKind): void {
    this.placing.push(kind);
  }

  /** The tab gave up placing a call (the request failed). */
  placingFailed(kind: PlacedKind): void {
    const at = this.placing.indexOf(kind);
    if (at >= 0) this.placing.splice(at, 1);
  }

  /**
   * The page has just loaded: what TaskRouter already holds for this worker (a reload mid-call) goes into
   * WORKER_INIT, with the conferences as they are; no events, as none reach a page that was not there.
   */
  load(state: PageStateResponse): void {
    const { session } = this.options;
    for (const r of this.mine(state.sandbox)) {
      if (!HELD.has(r.status)) continue;
      const mirrored = this.reservationOf(state, r);
      if (!mirrored) continue;
      mirrored.reservation.status = r.status as ReservationStatus;
      mirrored.status = r.status;
      session.worker.reservations.set(r.sid, mirrored.reservation);
    }
    this.syncParticipants(state.sandbox, () => true);
    session.workerReady();
  }

  /** A new sandbox state: tells Flex what changed, in Twilio's order. */
  apply(state: PageStateResponse): void {
    const view = state.sandbox;
    const { session } = this.options;
    const mine = this.mine(view);
    const accepting: MirroredReservation[] = [];
    const ending: Array<[MirroredReservation, string]> = [];

    // 1. Reservations TaskRouter created: Flex hears `reservationCreated`.
    for (const r of mine) {
      if (this.reservations.has(r.sid) || !HELD.has(r.status)) continue;
      const mirrored = this.reservationOf(state, r);
      if (!mirrored) continue;
      session.taskRouter.reservationCreated(session.worker, mirrored.reservation);
      const task = view.tasks.find((t) => t.sid === r.taskSid);
      const kind = task ? placedKind(task) : undefined;
      const claimed = kind !== undefined && this.placing.includes(kind);
      if (claimed) {
        this.placing.splice(this.placing.indexOf(kind), 1);
        // Flex answers the agent's own leg of a call it places at once (it rings while the customer does).
        if (kind === 'outbound') this.ring(view, mirrored, r);
        else this.acceptedHere.add(r.sid);
        this.options.onPlaced?.(r.sid);
      }
    }
    // 2. Status changes, in the order Twilio sends them: the Voice call rings the accepting tab first.
    for (const r of mine) {
      const mirrored = this.reservations.get(r.sid);
      if (!mirrored || mirrored.status === r.status) continue;
      // Accepted and already wrapped up between two looks: Twilio sent `accepted` first.
      const wasAccepted = r.status === 'wrapping' || r.status === 'completed';
      if (mirrored.status === 'pending' && (r.status === 'accepted' || wasAccepted)) {
        if (this.acceptedHere.has(r.sid) && !mirrored.call) this.ring(view, mirrored, r);
        accepting.push(mirrored);
      }
      if (r.status !== 'accepted' && EVENT_OF[r.status]) ending.push([mirrored, r.status]);
    }
    this.syncTasks(view);
    // 3. The conference: joins (the agent's leg once accepted), then the accept events.
    this.syncParticipants(view, (p) => p.joins);
    for (const mirrored of accepting) this.tell(mirrored, 'accepted');
    // 4. Leaves: the customer first, then this tab's calls end, then the agents' legs, then wrap-up & co.
    this.syncParticipants(view, (p) => !p.joins && p.role === 'customer');
    for (const mirrored of this.reservations.values()) {
      const leg = mirrored.call
        ? view.calls.find((c) => c.sid === mirrored.call?.parameters.CallSid)
        : undefined;
      if (mirrored.call && mirrored.call.status() !== 'closed' && leg?.status !== 'in-progress')
        mirrored.call.ended();
    }
    this.syncParticipants(view, (p) => !p.joins);
    for (const [mirrored, status] of ending) this.tell(mirrored, status);
    // 5. Attribute writes (a Function, a status callback, another writer): the SDK task's `updated`.
    this.syncAttributes(view);
  }

  /** This worker's reservations in the sandbox. */
  private mine(view: SandboxView): SandboxReservation[] {
    return view.reservations.filter((r) => r.workerSid === this.options.me.workerSid);
  }

  /** Tells Flex that the reservation reached `status` (the driver's port of Flex's listener). */
  private tell(mirrored: MirroredReservation, status: string): void {
    const event = EVENT_OF[status];
    if (!event) return;
    mirrored.status = status;
    this.options.session.taskRouter.reservationEvent(
      this.options.session.worker,
      mirrored.reservation,
      event,
    );
    if (!HELD.has(status)) {
      this.reservations.delete(mirrored.reservation.sid);
      this.acceptedHere.delete(mirrored.reservation.sid);
      this.forgetTaskIfDone(mirrored.reservation.task.sid);
    }
  }

  /** A task none of this worker's reservations holds any more is no longer followed. */
  private forgetTaskIfDone(taskSid: string): void {
    const held = [...this.reservations.values()].some((r) => r.reservation.task.sid === taskSid);
    if (held) return;
    this.tasks.delete(taskSid);
    this.options.session.channels.delete(taskSid);
  }

  /** TaskRouter dials this tab: the agent's Voice SDK call for the reservation (Flex answers it). */
  private ring(view: SandboxView, mirrored: MirroredReservation, r: SandboxReservation): void {
    const leg = this.agentLeg(view, r);
    if (!leg) return;
    const { session, requests } = this.options;
    mirrored.call = new PageVoiceCall(leg.sid, session.accountSid, leg.from, leg.to, r.sid, requests);
    session.phone.incoming(mirrored.call);
  }

  /**
   * This agent's live leg of a task: the worker leg to `client:<identity>` in the task's conference, or
   * for an internal call (no conference) the caller's client leg.
   */
  private agentLeg(view: SandboxView, r: SandboxReservation): SandboxCall | undefined {
    const client = `client:${this.options.me.identity}`;
    const conference = view.conferences.find((c) => c.friendlyName === r.taskSid);
    const live = view.calls.filter(
      (c) => c.role === 'worker' && c.status === 'in-progress' && c.to === client,
    );
    if (conference) {
      return live.filter((c) => conference.participants.some((p) => p.callSid === c.sid)).at(-1);
    }
    const task = view.tasks.find((t) => t.sid === r.taskSid);
    return live.find((c) => c.from === task?.attributes.to);
  }

  /** The mirrored reservation (and its task and voice channel), made on first sight. */
  private reservationOf(state: PageStateResponse, r: SandboxReservation): MirroredReservation | undefined {
    const existing = this.reservations.get(r.sid);
    if (existing) return existing;
    const mirroredTask = this.taskOf(state, r.taskSid);
    if (!mirroredTask) return undefined;
    const { session, requests } = this.options;
    const reservation = new PageReservation(
      {
        sid: r.sid,
        accountSid: session.accountSid,
        workspaceSid: session.worker.workspaceSid,
        workerSid: r.workerSid,
        task: mirroredTask.task,
      },
      requests,
    );
    const mirrored: MirroredReservation = { reservation, status: 'pending' };
    this.reservations.set(r.sid, mirrored);
    return mirrored;
  }

  private taskOf(state: PageStateResponse, taskSid: string): MirroredTask | undefined {
    const existing = this.tasks.get(taskSid);
    if (existing) return existing;
    const t = state.sandbox.tasks.find((task) => task.sid === taskSid);
    if (!t) return undefined;
    const { session, requests } = this.options;
    const queue = state.queues[taskSid] ?? DEFAULT_QUEUE;
    const task = new PageTask(
      {
        sid: t.sid,
        attributes: { ...t.attributes },
        taskChannelUniqueName: 'voice',
        taskChannelSid: `TC${'0'.repeat(31)}1`,
        queueName: queue.queueName,
        queueSid: queue.queueSid,
        workflowSid: `WW${'0'.repeat(31)}1`,
        workflowName: 'Assign to Anyone',
        ...(placedKind(t) === 'outbound' ? { routingTarget: this.options.me.workerSid } : {}),
      },
      requests,
    );
    if (TASK_STATUSES.has(t.assignmentStatus)) task.status = t.assignmentStatus as TaskStatus;
    const conference = state.sandbox.conferences.find((c) => c.friendlyName === taskSid);
    const channel = conference
      ? new VoiceChannel(session.sid('UO'), session.sid('KD'), taskSid, conference.sid, session.accountSid)
      : undefined;
    if (channel) session.channels.set(taskSid, channel);
    const mirrored: MirroredTask = { task, channel, participants: new Map(), etag: t.etag };
    this.tasks.set(taskSid, mirrored);
    return mirrored;
  }

  /** Task statuses (TaskRouter's assignment status) as the SDK task holds them. */
  private syncTasks(view: SandboxView): void {
    for (const [taskSid, mirrored] of this.tasks) {
      const t = view.tasks.find((task) => task.sid === taskSid);
      if (t && TASK_STATUSES.has(t.assignmentStatus)) mirrored.task.status = t.assignmentStatus as TaskStatus;
    }
  }

  /**
   * Brings each voice channel in step with its sandbox conference, for the changes `which` selects: a
   * customer's leg is in while connected; an agent's leg once its reservation is accepted (or from the
   * start, for a call the agent placed).
   */
  private syncParticipants(
    view: SandboxView,
    which: (change: { readonly joins: boolean; readonly role: string }) => boolean,
  ): void {
    for (const [taskSid, mirrored] of this.tasks) {
      const { channel } = mirrored;
      const conference = view.conferences.find((c) => c.friendlyName === taskSid);
      if (!channel || !conference) continue;
      const wanted = this.legsInConference(view, conference);
      const byCall = new Map(conference.participants.map((p) => [p.callSid, p.role]));
      // Customers first: Flex shows a caller before the agents who answer them.
      const order = (callSid: string): number => (byCall.get(callSid) === 'customer' ? 0 : 1);
      for (const [callSid, leg] of [...wanted].sort(([a], [b]) => order(a) - order(b))) {
        if (mirrored.participants.has(callSid) || !which({ joins: true, role: leg.type })) continue;
        const participantSid = this.options.session.sid('UT');
        mirrored.participants.set(callSid, participantSid);
        channel.join({ participantSid, callSid, ...leg });
      }
      for (const [callSid, participantSid] of [...mirrored.participants]) {
        const role = byCall.get(callSid) ?? 'customer';
        if (wanted.has(callSid) || !which({ joins: false, role })) continue;
        mirrored.participants.delete(callSid);
        channel.leave(participantSid);
      }
    }
  }

  /** The legs that are in the task's conference as Twilio would have it, by call SID. */
  private legsInConference(
    view: SandboxView,
    conference: SandboxConference,
  ): Map<string, { type: 'customer' | 'agent'; workerSid?: string; reservationSid?: string }> {
    const legs = new Map<
      string,
      { type: 'customer' | 'agent'; workerSid?: string; reservationSid?: string }
    >();
    const task = view.tasks.find((t) => t.sid === conference.friendlyName);
    const placed = task ? placedKind(task) === 'outbound' : false;
    for (const p of conference.participants) {
      if (p.status !== 'connected') continue;
      if (p.role === 'customer') {
        legs.set(p.callSid, { type: 'customer' });
        continue;
      }
      const call = view.calls.find((c) => c.sid === p.callSid);
      const identity = call?.to.startsWith('client:') ? call.to.slice('client:'.length) : undefined;
      const workerSid = view.workers.find((w) => w.identity === identity)?.sid;
      const reservation = view.reservations
        .filter((r) => r.taskSid === conference.friendlyName && r.workerSid === workerSid)
        .at(-1);
      const answered = reservation?.status === 'accepted' || reservation?.status === 'wrapping';
      if (!answered && !placed) continue;
      legs.set(p.callSid, {
        type: 'agent',
        ...(workerSid ? { workerSid } : {}),
        ...(reservation ? { reservationSid: reservation.sid } : {}),
      });
    }
    return legs;
  }

  /** A task whose ETag moved has new attributes: TaskRouter's `updated` for each reservation Flex holds. */
  private syncAttributes(view: SandboxView): void {
    for (const [taskSid, mirrored] of this.tasks) {
      const t = view.tasks.find((task) => task.sid === taskSid);
      if (!t || t.etag === mirrored.etag) continue;
      mirrored.etag = t.etag;
      const attributes = { ...t.attributes };
      for (const r of this.reservations.values()) {
        if (r.reservation.task === mirrored.task) {
          this.options.session.taskRouter.taskUpdated(r.reservation, attributes);
        }
      }
      mirrored.task.attributes = attributes;
    }
  }
}
