/**
 * Authorization rules, as pure functions over what Twilio said. The token only authenticates a
 * worker; these rules decide whether that worker may record this leg of this task.
 */
import { ApiError } from '../http/api-error';
import type { FlexIdentity } from '../http/flex-token';
import type {
  CallInfo,
  ConferenceInfo,
  ParticipantInfo,
  ReservationInfo,
  TaskSnapshot,
} from '../twilio/gateway';
import type { Channel, ControlRecordingParams, CreateRecordingParams } from '../http/route-params';

/**
 * What Twilio says about the reservation, the task, the call and the task's conference: the facts
 * the start rules judge (create-recording reads them all at once, once the token is valid).
 */
export interface StartFacts {
  reservation: ReservationInfo;
  task: TaskSnapshot;
  call: CallInfo;
  conference: TaskConferenceRead;
}

/**
 * How the task's conference was read: looked up by friendly name (an old plugin sends no hint), or
 * fetched by the SID the plugin sent (`conferenceSid`), still to be checked against the task.
 */
export type TaskConferenceRead =
  | { kind: 'found'; conference: { sid: string } | undefined }
  | { kind: 'hinted'; conferenceSid: string; conference: ConferenceInfo | undefined };

/**
 * A route's single code for every refusal of a rule: pause and resume answer each authorization
 * refusal as `forbidden` (their contract has one code); without it each rule refuses with its own.
 */
export type RefuseAs = 'forbidden' | undefined;

/** The task's in-progress conference from a read; a hinted conference that is not the task's is refused. */
export function taskConference(
  read: TaskConferenceRead,
  taskSid: string,
  refuseAs?: RefuseAs,
): { sid: string } | undefined {
  if (read.kind === 'found') return read.conference;
  return checkConferenceOfTask(read.conference, read.conferenceSid, taskSid, refuseAs);
}

/**
 * Twilio's own binding of a conference to a task: Flex names the task's conference after the task
 * SID, and only an in-progress one holds live legs. A conference the plugin names (`conferenceSid`)
 * is checked against this, never against the task attributes, which the agent can write.
 */
export function checkConferenceOfTask(
  conference: ConferenceInfo | undefined,
  conferenceSid: string,
  taskSid: string,
  refuseAs?: RefuseAs,
): { sid: string } {
  if (!conference || conference.friendlyName !== taskSid || conference.status !== 'in-progress') {
    throw new ApiError(
      refuseAs ?? 'leg_not_in_task',
      `Conference ${conferenceSid} is not the in-progress conference of task ${taskSid}`,
      { field: 'conferenceSid' },
    );
  }
  return { sid: conference.sid };
}

/** How the leg belongs to the task: through the task's conference, or as the caller's internal-call leg. */
export type LegMembership = { kind: 'conference'; conferenceSid: string } | { kind: 'internal' };

/** `client:<identity>` as Twilio writes a Voice SDK endpoint. */
export function clientAddress(identity: string): string {
  return `client:${identity}`;
}

/** True when either end of the call is a Flex (Voice SDK) client: an agent's leg, never the customer's. */
export function isClientLeg(call: CallInfo): boolean {
  return call.from.startsWith('client:') || call.to.startsWith('client:');
}

/** True when one end of the call is the caller's own Flex client. */
export function isOwnClientLeg(call: CallInfo, identity: string): boolean {
  const me = clientAddress(identity);
  return identity !== '' && (call.from === me || call.to === me);
}

/**
 * True for a direct agent-to-agent call: Flex clients at both ends. An agent's leg in a task's
 * conference is dialled from a phone number to the client, so it never passes for an internal call.
 */
export function isDirectClientCall(call: CallInfo): boolean {
  return call.from.startsWith('client:') && call.to.startsWith('client:');
}

/** True when the task attributes say Flex created it for an agent-to-agent call. */
export function isInternalCallTask(attributes: Record<string, unknown>): boolean {
  return (
    attributes.client_call === true || attributes.client_call === 'true' || attributes.type === 'internal'
  );
}

/** The reservation must be on the task and belong to the caller. */
export function checkReservationOwned(
  reservation: ReservationInfo,
  params: Pick<CreateRecordingParams, 'taskSid' | 'reservationSid'>,
  worker: FlexIdentity,
  refuseAs?: RefuseAs,
): void {
  if (reservation.taskSid !== params.taskSid) {
    throw new ApiError(
      refuseAs ?? 'reservation_not_found',
      `Reservation ${params.reservationSid} is not on task ${params.taskSid}`,
      { field: 'reservationSid' },
    );
  }
  if (reservation.workerSid !== worker.workerSid) {
    throw new ApiError(
      refuseAs ?? 'reservation_not_owned',
      `Reservation ${params.reservationSid} belongs to another worker`,
      { field: 'reservationSid' },
    );
  }
}

/** Only accepted reservations are recorded (not pending, rescinded, wrapping or completed ones). */
export function checkReservationAccepted(
  reservation: ReservationInfo,
  params: Pick<CreateRecordingParams, 'reservationSid'>,
  refuseAs?: RefuseAs,
): void {
  if (reservation.status !== 'accepted') {
    throw new ApiError(
      refuseAs ?? 'reservation_not_accepted',
      `Reservation ${params.reservationSid} is ${reservation.status}, not accepted; only accepted calls are recorded`,
      { field: 'reservationSid' },
    );
  }
}

/** The reservation must be the caller's and accepted. */
export function checkReservation(
  reservation: ReservationInfo,
  params: Pick<CreateRecordingParams, 'taskSid' | 'reservationSid'>,
  worker: FlexIdentity,
  refuseAs?: RefuseAs,
): void {
  checkReservationOwned(reservation, params, worker, refuseAs);
  checkReservationAccepted(reservation, params, refuseAs);
}

/** The call must still be up: Twilio refuses to record anything else (21220). */
export function checkCallLive(call: CallInfo): void {
  if (call.status !== 'in-progress') {
    throw new ApiError(
      'call_not_in_progress',
      `Call ${call.sid} is ${call.status}, not in progress, so it cannot be recorded (the caller or agent may have hung up)`,
      { field: 'callSid' },
    );
  }
}

/**
 * The leg must be the party the channel names, judged from the call Twilio reports: the customer is
 * never a Flex client, and channel `worker` is the caller's own Flex client leg. A leg that is not a
 * client could be the customer's, so it is never taken for an agent's (its media entry would swap
 * customer and agent in Insights, and its claim would tie the customer to one reservation).
 */
export function checkChannel(call: CallInfo, channel: Channel, worker: FlexIdentity): void {
  if (channel === 'customer' && isClientLeg(call)) {
    throw new ApiError('leg_channel_mismatch', `Call ${call.sid} is an agent's leg, not the customer's`, {
      field: 'callSid',
    });
  }
  if (channel === 'worker' && !isClientLeg(call)) {
    throw new ApiError(
      'leg_channel_mismatch',
      `Call ${call.sid} is not a Flex agent's leg; channel worker records only your own Flex client leg`,
      { field: 'callSid' },
    );
  }
  if (channel === 'worker' && !isOwnClientLeg(call, worker.identity)) {
    throw new ApiError('leg_channel_mismatch', `Call ${call.sid} is another agent's leg, not yours`, {
      field: 'callSid',
    });
  }
}

/**
 * True when Twilio's facts make the call the caller's internal call on this task: the task has no
 * conference in progress (checked by the caller), Flex marked it internal, and the call is a direct
 * client-to-client call with the caller at one end. An agent's leg in another task's conference is
 * dialled from a phone number, so it cannot be claimed on an internal-call task.
 */
export function isOwnInternalLeg(task: TaskSnapshot, call: CallInfo, worker: FlexIdentity): boolean {
  return (
    isInternalCallTask(task.attributes) && isDirectClientCall(call) && isOwnClientLeg(call, worker.identity)
  );
}

/**
 * Decides how the leg belongs to the task from the start facts. With a conference, membership is settled
 * by the participant lookup; without one, only the caller's own internal call counts.
 */
export function legMembership(
  facts: Pick<StartFacts, 'task' | 'call'> & { conference: { sid: string } | undefined },
  params: Pick<CreateRecordingParams, 'taskSid' | 'callSid'>,
  worker: FlexIdentity,
): LegMembership {
  if (facts.conference) return { kind: 'conference', conferenceSid: facts.conference.sid };
  if (isOwnInternalLeg(facts.task, facts.call, worker)) return { kind: 'internal' };
  throw new ApiError(
    'leg_not_in_task',
    `Call ${params.callSid} is not a live leg of task ${params.taskSid}: the task has no conference in progress and the call is not your internal call`,
    { field: 'callSid' },
  );
}

/** True when the participant lookup found the leg still in the conference. */
export function isConnected(participant: ParticipantInfo | undefined): participant is ParticipantInfo {
  return participant !== undefined && participant.status !== 'complete' && participant.status !== 'failed';
}

/** The participant lookup (round two) must find the call connected in the task's conference. */
export function checkParticipant(
  participant: ParticipantInfo | undefined,
  params: Pick<CreateRecordingParams, 'taskSid' | 'callSid'>,
): void {
  if (!isConnected(participant)) {
    throw new ApiError(
      'leg_not_in_task',
      `Call ${params.callSid} is not a participant of the conference of task ${params.taskSid}`,
      { field: 'callSid' },
    );
  }
}

/** Runs the start rules (before the participant lookup) in the order an admin would debug them. */
export function authorizeStart(
  facts: StartFacts,
  params: CreateRecordingParams,
  worker: FlexIdentity,
): LegMembership {
  checkReservationOwned(facts.reservation, params, worker);
  // Once the caller owns the reservation, an ended call is the answer to give: hanging up also moves
  // the reservation to wrapping and ends the conference, and "not accepted" or "not in the task"
  // would report the caller's hang-up as the agent's failure.
  checkCallLive(facts.call);
  checkReservationAccepted(facts.reservation, params);
  const conference = taskConference(facts.conference, params.taskSid);
  const membership = legMembership({ task: facts.task, call: facts.call, conference }, params, worker);
  // Internal calls have Flex clients at both ends, so the customer/worker distinction does not apply.
  if (membership.kind === 'conference') checkChannel(facts.call, params.channel, worker);
  return membership;
}

/** How a pause or resume was allowed: as the agent on the call, or through a role in PAUSE_ROLES. */
export type ControlGrant = { kind: 'owner'; reservationSid: string } | { kind: 'role'; role: string };

/** The PAUSE_ROLES role the token carries, if any. */
export function pauseRoleOf(worker: FlexIdentity, pauseRoles: readonly string[]): string | undefined {
  return worker.roles.find((role) => pauseRoles.includes(role));
}

/**
 * Who may pause or resume a task's recording: a token with one of PAUSE_ROLES (a supervisor
 * listening in), or the worker whose accepted reservation on the task is named. Every refusal is 403
 * `forbidden` (the pause contract has one authorization code); the message says which rule failed.
 */
export function authorizeControl(
  worker: FlexIdentity,
  params: ControlRecordingParams,
  reservation: ReservationInfo | undefined,
  pauseRoles: readonly string[],
): ControlGrant {
  const role = pauseRoleOf(worker, pauseRoles);
  if (role !== undefined) return { kind: 'role', role };
  if (params.reservationSid === undefined || reservation === undefined) {
    throw new ApiError(
      'forbidden',
      'reservationSid is required: only the agent on the call, or a role listed in PAUSE_ROLES, may pause or resume its recording',
      { field: 'reservationSid' },
    );
  }
  // Same rules as create-recording, answered with the pause contract's single code.
  checkReservation(
    reservation,
    { taskSid: params.taskSid, reservationSid: params.reservationSid },
    worker,
    'forbidden',
  );
  return { kind: 'owner', reservationSid: params.reservationSid };
}

/**
 * Which legs a pause or resume may touch, from Twilio's facts about the call (never from the claim in
 * the task attributes, which the agent can write): an owner may control the customer's leg (one
 * recording spans transfers) or their own agent leg, never another agent's; a PAUSE_ROLES role may
 * control any leg of the task.
 */
export function checkLegForGrant(call: CallInfo, grant: ControlGrant, worker: FlexIdentity): void {
  if (grant.kind === 'owner' && isClientLeg(call) && !isOwnClientLeg(call, worker.identity)) {
    throw new ApiError('forbidden', `Call ${call.sid} is another agent's leg, not yours`, {
      field: 'callSid',
    });
  }
}

/**
 * Without a conference, the only leg a pause or resume may touch is the task's internal call: a
 * direct client-to-client call, with the caller at one end unless a PAUSE_ROLES role acts.
 */
export function checkInternalLegForGrant(
  task: TaskSnapshot,
  call: CallInfo,
  grant: ControlGrant,
  worker: FlexIdentity,
): void {
  const internal =
    isInternalCallTask(task.attributes) &&
    isDirectClientCall(call) &&
    (grant.kind === 'role' || isOwnClientLeg(call, worker.identity));
  if (!internal) {
    throw new ApiError(
      'forbidden',
      `Call ${call.sid} is not a live leg of task ${task.sid}: the task has no conference in progress and the call is not its internal call`,
      { field: 'callSid' },
    );
  }
}
