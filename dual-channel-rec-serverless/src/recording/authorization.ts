/**
 * Authorization rules, as pure functions over what Twilio said. The token only authenticates a
 * worker; these rules decide whether that worker may record this leg of this task.
 */
import { ApiError } from '../http/api-error';
import type { FlexIdentity } from '../http/flex-token';
import type { CallInfo, ParticipantInfo, ReservationInfo, TaskSnapshot } from '../twilio/gateway';
import type { LegClaim } from '@dual-channel-recording/contract';
import type { Channel, ControlRecordingParams, CreateRecordingParams } from './params';

/**
 * What Twilio says about the reservation, the task, the call and the task's conference: the facts
 * the start rules judge (create-recording reads them all at once, before anything else).
 */
export interface StartFacts {
  reservation: ReservationInfo;
  task: TaskSnapshot;
  call: CallInfo;
  conference: { sid: string } | undefined;
}

/** How the leg belongs to the task: through the task's conference, or as the caller's internal-call leg. */
export type LegMembership = { kind: 'conference'; conferenceSid: string } | { kind: 'internal' };

/** `client:<identity>` as Twilio writes a Voice SDK endpoint. */
export function clientAddress(identity: string): string {
  return `client:${identity}`;
}

function isClientLeg(call: CallInfo): boolean {
  return call.from.startsWith('client:') || call.to.startsWith('client:');
}

function isOwnClientLeg(call: CallInfo, identity: string): boolean {
  const me = clientAddress(identity);
  return identity !== '' && (call.from === me || call.to === me);
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
): void {
  if (reservation.taskSid !== params.taskSid) {
    throw new ApiError(
      404,
      'reservation_not_found',
      `Reservation ${params.reservationSid} is not on task ${params.taskSid}`,
      { field: 'reservationSid' },
    );
  }
  if (reservation.workerSid !== worker.workerSid) {
    throw new ApiError(
      403,
      'reservation_not_owned',
      `Reservation ${params.reservationSid} belongs to another worker`,
      { field: 'reservationSid' },
    );
  }
}

/** Only accepted reservations are recorded (not pending, rescinded, wrapping or completed ones). */
export function checkReservationAccepted(
  reservation: ReservationInfo,
  params: Pick<CreateRecordingParams, 'reservationSid'>,
): void {
  if (reservation.status !== 'accepted') {
    throw new ApiError(
      403,
      'reservation_not_accepted',
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
): void {
  checkReservationOwned(reservation, params, worker);
  checkReservationAccepted(reservation, params);
}

/** The call must still be up: Twilio refuses to record anything else (21220). */
export function checkCallLive(call: CallInfo): void {
  if (call.status !== 'in-progress') {
    throw new ApiError(
      409,
      'call_not_in_progress',
      `Call ${call.sid} is ${call.status}, not in progress, so it cannot be recorded (the caller or agent may have hung up)`,
      { field: 'callSid' },
    );
  }
}

/** The leg must be the party the channel names: the customer is never a Flex client; a client leg for "worker" must be the caller's own. */
export function checkChannel(call: CallInfo, channel: Channel, worker: FlexIdentity): void {
  if (channel === 'customer' && isClientLeg(call)) {
    throw new ApiError(
      403,
      'leg_channel_mismatch',
      `Call ${call.sid} is an agent's leg, not the customer's`,
      {
        field: 'callSid',
      },
    );
  }
  // A worker leg may be PSTN or SIP (agents on phones); only a Flex client leg names its worker.
  if (
    channel === 'worker' &&
    call.from.startsWith('client:') === false &&
    call.to.startsWith('client:') === false
  )
    return;
  if (channel === 'worker' && !isOwnClientLeg(call, worker.identity)) {
    throw new ApiError(403, 'leg_channel_mismatch', `Call ${call.sid} is another agent's leg, not yours`, {
      field: 'callSid',
    });
  }
}

/**
 * Decides how the leg belongs to the task from the start facts. With a conference, membership is settled
 * by the participant lookup (round two); without one, only an internal call's own client leg counts.
 */
export function legMembership(
  facts: StartFacts,
  params: CreateRecordingParams,
  worker: FlexIdentity,
): LegMembership {
  if (facts.conference) return { kind: 'conference', conferenceSid: facts.conference.sid };
  if (isInternalCallTask(facts.task.attributes) && isOwnClientLeg(facts.call, worker.identity)) {
    return { kind: 'internal' };
  }
  throw new ApiError(
    403,
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
  params: CreateRecordingParams,
): void {
  if (!isConnected(participant)) {
    throw new ApiError(
      403,
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
  // would report the caller's hang-up as the agent's failure (found by the e2e fault matrix, 2026-11).
  checkCallLive(facts.call);
  checkReservationAccepted(facts.reservation, params);
  const membership = legMembership(facts, params, worker);
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
      403,
      'forbidden',
      'reservationSid is required: only the agent on the call, or a role listed in PAUSE_ROLES, may pause or resume its recording',
      { field: 'reservationSid' },
    );
  }
  try {
    checkReservation(reservation, { taskSid: params.taskSid, reservationSid: params.reservationSid }, worker);
  } catch (error) {
    // Same rules as create-recording, answered with the pause contract's single code.
    if (error instanceof ApiError) {
      throw new ApiError(403, 'forbidden', error.message, { field: error.details.field });
    }
    throw error;
  }
  return { kind: 'owner', reservationSid: params.reservationSid };
}

/**
 * An owner may control the recording of the customer's leg (one recording spans transfers) or of
 * their own agent leg; another agent's leg, claimed for another reservation, is not theirs.
 */
export function checkClaimForGrant(claim: LegClaim, grant: ControlGrant, callSid: string): void {
  if (
    grant.kind === 'owner' &&
    claim.channel === 'worker' &&
    claim.reservation_sid !== grant.reservationSid
  ) {
    throw new ApiError(403, 'forbidden', `Call ${callSid} is another agent's leg, not yours`, {
      field: 'callSid',
    });
  }
}
