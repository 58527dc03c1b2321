import type { RecordingChannel } from '@dual-channel-recording/contract';
import { hasCallSid, isSid } from '@dual-channel-recording/contract';
import type { CallSnapshot, ConferenceLike, ParticipantLike, TaskLike } from './types';

/** How the call behind a voice task was placed, which decides where its leg comes from. */
export type CallKind = 'inbound' | 'outbound' | 'internal-outbound' | 'internal-inbound';

/**
 * What one look at the Flex state says about the leg to record. `undefined` means "keep waiting".
 * `conferenceSid` is the task's conference as Flex knows it, sent along so the Function can read the
 * participant in the same round as everything else (it checks it against Twilio).
 */
export type LegDecision =
  | {
      readonly kind: 'leg';
      readonly callSid: string;
      readonly conferenceSid?: string;
      /** The customer's call as Flex knows it, for a `worker` leg of a task without `call_sid` ({@link customerCallSidHint}). */
      readonly customerCallSid?: string;
    }
  | { readonly kind: 'ended' };

/** The task's conference SID from either copy of the conference, when Flex has a well-formed one. */
export function conferenceSidOf(
  conferences: readonly { readonly conferenceSid?: string }[],
): string | undefined {
  return conferences.map((c) => c.conferenceSid).find((sid): sid is string => !!sid && isSid(sid, 'CF'));
}

/** Reservation states after which the call is over for this worker. */
const ENDED_RESERVATION_STATUSES: ReadonlySet<string> = new Set([
  'wrapping',
  'completed',
  'canceled',
  'rescinded',
  'rejected',
  'timeout',
]);

/**
 * Conference (Interactions voice channel) statuses after which nothing can be recorded. Flex 2.17.1
 * declares `setup`, `active`, `closed`, `failed` (`ConferenceStatus`); a `failed` conference never
 * connected, so it ends the wait at once like `closed` (the real-Flex suite reads the names from the bundle).
 */
const ENDED_CONFERENCE_STATUSES: ReadonlySet<string> = new Set(['closed', 'failed']);

/**
 * Classifies the call from the task attributes. Internal (agent-to-agent) calls carry `client_call`;
 * only their outbound side is recorded so one call never gets two recordings.
 */
export function classifyCall(task: Pick<TaskLike, 'attributes'>): CallKind {
  const { client_call: clientCall, direction } = task.attributes;
  if (clientCall === true || clientCall === 'true') {
    return direction === 'outbound' ? 'internal-outbound' : 'internal-inbound';
  }
  return direction === 'outbound' ? 'outbound' : 'inbound';
}

const isJoined = (p: ParticipantLike): boolean => p.status === 'joined';
const isCustomer = (p: ParticipantLike): boolean => p.participantType === 'customer';
const isMyWorkerLeg = (p: ParticipantLike): boolean =>
  p.participantType === 'worker' && p.isCurrentWorker === true;

/**
 * Picks this worker's leg. Several Flex tabs or "Join call" can give one worker several participants:
 * only a joined one counts; among joined ones prefer the one on this reservation, then this tab's
 * active call.
 */
function pickWorkerLeg(
  joined: readonly ParticipantLike[],
  reservationSid: string,
  activeCallSid: string | undefined,
): ParticipantLike | undefined {
  return (
    joined.find((p) => p.reservationSid === reservationSid) ??
    joined.find((p) => activeCallSid !== undefined && p.callSid === activeCallSid) ??
    joined[0]
  );
}

/**
 * Decides, from one snapshot of the Flex state, whether the leg named by `channel` is live (and its
 * call SID), whether the call ended first, or whether to keep waiting.
 *
 * Conference calls (inbound, outbound, transfers) need the customer and this worker both joined: an
 * outbound customer joins only on answer. Participants are read from the task's conference and from
 * Redux `flex.conferences` together, because Flex 2.x sometimes leaves `callSid` out of the task's
 * copy (Flex 2.17). Internal calls have no conference: their leg is the active call.
 */
export function selectLeg(
  snapshot: CallSnapshot,
  channel: RecordingChannel,
  kind: CallKind,
): LegDecision | undefined {
  const { task } = snapshot;
  if (task === undefined || ENDED_RESERVATION_STATUSES.has(task.status)) return { kind: 'ended' };

  if (kind === 'internal-outbound') {
    return snapshot.activeCallSid ? { kind: 'leg', callSid: snapshot.activeCallSid } : undefined;
  }
  if (kind === 'internal-inbound') return undefined;

  const conferences = [task.conference, snapshot.storeConference].filter(
    (c): c is NonNullable<typeof c> => c !== undefined,
  );
  if (conferences.some((c) => c.status !== undefined && ENDED_CONFERENCE_STATUSES.has(c.status))) {
    return { kind: 'ended' };
  }
  const participants = conferences.flatMap((c) => c.participants);

  const customers = participants.filter(isCustomer);
  const joinedCustomers = customers.filter(isJoined);
  if (joinedCustomers.length === 0) {
    // A customer who was there and left means the caller hung up before we could record.
    return customers.length > 0 ? { kind: 'ended' } : undefined;
  }
  const joinedWorkerLegs = participants.filter((p) => isMyWorkerLeg(p) && isJoined(p));
  if (joinedWorkerLegs.length === 0) return undefined;

  if (channel === 'customer') {
    const callSid = joinedCustomers.find((p) => p.callSid)?.callSid;
    return callSid === undefined ? undefined : legIn(conferences, callSid);
  }
  const withCallSid = joinedWorkerLegs.filter((p) => p.callSid);
  const callSid = pickWorkerLeg(withCallSid, task.sid, snapshot.activeCallSid)?.callSid;
  return callSid === undefined
    ? undefined
    : legIn(conferences, callSid, customerCallSidHint(task, participants));
}

/** The leg decision for `callSid`, with what Flex knows around it (the conference, the customer's call). */
function legIn(
  conferences: readonly ConferenceLike[],
  callSid: string,
  customerCallSid?: string,
): LegDecision {
  const conferenceSid = conferenceSidOf(conferences);
  return {
    kind: 'leg',
    callSid,
    ...(conferenceSid ? { conferenceSid } : {}),
    ...(customerCallSid ? { customerCallSid } : {}),
  };
}

/**
 * The customer's call SID as Flex knows it, sent with a `worker` leg when the task has no `call_sid`
 * (a Flex-initiated outbound call): the Function can then fill `call_sid` in its first round of reads
 * instead of listing the conference's participants after the create. Only when exactly one customer
 * leg is joined with a well-formed call SID (both copies of the conference name the same one); a hint
 * that only spares the Function reads: it finds the customer from Twilio's facts either way. Never when the task has `call_sid` (the
 * same test as the Function's), and the `customer` channel never needs it: its leg is the customer's.
 */
export function customerCallSidHint(
  task: Pick<TaskLike, 'attributes'>,
  participants: readonly ParticipantLike[],
): string | undefined {
  if (hasCallSid(task.attributes)) return undefined;
  const joined = new Set(
    participants
      .filter((p) => isCustomer(p) && isJoined(p))
      .map((p) => p.callSid)
      .filter((sid): sid is string => sid !== undefined && sid !== ''),
  );
  const [only] = joined;
  return joined.size === 1 && isSid(only, 'CA') ? only : undefined;
}

/**
 * Whether this Flex tab holds the agent's side of the call. An agent may have Flex open in several tabs;
 * TaskRouter and the conference reach every tab, the browser call only the one that took it. A worker
 * who takes calls on a phone has no browser call anywhere, so every tab counts as holding it.
 */
export function callHeldHere(snapshot: CallSnapshot): boolean {
  return !snapshot.callsInBrowser || snapshot.activeCallSid !== undefined;
}

/**
 * Flex's Join Call with the `worker` channel: the recorded leg of this reservation has left (Flex shows
 * it `recently_left`, then `left`, or drops it) and a new joined leg of this worker on the same
 * reservation is in the conference. Returns that new leg, `ended` when the call is over, or undefined.
 */
export function selectRejoinedLeg(
  snapshot: CallSnapshot,
  recordedCallSids: ReadonlySet<string>,
): LegDecision | undefined {
  const { task } = snapshot;
  if (task === undefined || ENDED_RESERVATION_STATUSES.has(task.status)) return { kind: 'ended' };
  const conferences = [task.conference, snapshot.storeConference].filter(
    (c): c is NonNullable<typeof c> => c !== undefined,
  );
  const participants = conferences.flatMap((c) => c.participants);
  const mine = participants.filter(isMyWorkerLeg);
  const recordedStillIn = mine.some(
    (p) => isJoined(p) && p.callSid !== undefined && recordedCallSids.has(p.callSid),
  );
  if (recordedStillIn) return undefined;
  const fresh = mine.find(
    (p) =>
      isJoined(p) &&
      p.reservationSid === task.sid &&
      p.callSid !== undefined &&
      !recordedCallSids.has(p.callSid),
  );
  if (fresh?.callSid === undefined) return undefined;
  return legIn(conferences, fresh.callSid, customerCallSidHint(task, participants));
}
