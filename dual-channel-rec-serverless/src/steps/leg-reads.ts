/**
 * The Twilio reads create-recording and pause/resume judge, in one round once the token is valid:
 * the task, the caller's reservation, the call, the task's conference (by the SID the plugin sent,
 * with the call's participant or every participant, or by friendly-name lookup without it) and the
 * call's recordings.
 * 404s become the route's own answers; everything else is thrown as Twilio said it.
 */
import { ApiError } from '../http/api-error';
import { isTwilioNotFound } from '../twilio/errors';
import type { CallInfo, ParticipantInfo, TaskSnapshot, TwilioGateway } from '../twilio/gateway';
import { isClientLeg, type TaskConferenceRead } from '../rules/authorization';
import type { CreateRecordingParams } from '../http/route-params';

/** The route answers a 404 from Twilio with one of these. */
export type NotFoundCode = 'reservation_not_found' | 'task_not_found' | 'call_not_found' | 'no_recording';

/** Maps a 404 to the route's own answer, naming the field; other failures pass through. */
export function notFoundAs(code: NotFoundCode, message: string, field: string): (error: unknown) => never {
  return (error: unknown) => {
    if (isTwilioNotFound(error)) throw new ApiError(code, message, { field });
    throw error;
  };
}

/**
 * The task, or the route's `code` naming `taskSid` when Twilio no longer has it (tasks are deleted
 * soon after they complete).
 */
export function fetchTaskOr(
  gateway: TwilioGateway,
  taskSid: string,
  code: 'task_not_found' | 'no_recording',
): Promise<TaskSnapshot> {
  return gateway
    .fetchTask(taskSid)
    .catch(
      notFoundAs(
        code,
        `Task ${taskSid} was not found (tasks are deleted soon after they complete)`,
        'taskSid',
      ),
    );
}

/** Awaits every promise, then throws the first failure in list order (so errors are deterministic). */
export async function allInOrder<T extends readonly unknown[]>(promises: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
  }
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** The task's conference as read in the first round, and the call's participant when it could be read there too. */
export interface ConferenceRead {
  read: TaskConferenceRead;
  /** Read in the same round when the plugin named the conference; otherwise read after authorization. */
  participant?: ParticipantInfo | undefined;
  /**
   * Every participant of the hinted conference, when it was listed instead of the one participant
   * fetched (create-recording with `customerCallSid`): the outbound fill checks the customer in it.
   */
  participants?: ParticipantInfo[];
  hinted: boolean;
}

/**
 * Reads the task's conference. With the plugin's `conferenceSid`, the conference and the call's
 * participant in it are fetched at once (the conference is then checked against the task by the
 * rules); without it, the conference is looked up by the task SID (Flex's friendly name) and the
 * participant needs a round of its own.
 */
export async function readConference(
  gateway: TwilioGateway,
  taskSid: string,
  callSid: string,
  conferenceSid: string | undefined,
  options: { listParticipants?: boolean } = {},
): Promise<ConferenceRead> {
  if (conferenceSid === undefined) {
    return { read: { kind: 'found', conference: await gateway.findTaskConference(taskSid) }, hinted: false };
  }
  if (options.listParticipants) {
    // One request either way: the list holds the leg's participant as the fetch would (Twilio lists
    // the participants still in the conference; one that left is in neither) and everyone else too.
    const [conference, participants] = await Promise.all([
      gateway.fetchConference(conferenceSid),
      gateway.listParticipants(conferenceSid),
    ]);
    const participant = participants.find((p) => p.callSid === callSid);
    return { read: { kind: 'hinted', conferenceSid, conference }, participant, participants, hinted: true };
  }
  const [conference, participant] = await Promise.all([
    gateway.fetchConference(conferenceSid),
    gateway.fetchParticipant(conferenceSid, callSid),
  ]);
  return { read: { kind: 'hinted', conferenceSid, conference }, participant, hinted: true };
}

/** The participant read with the conference, or (old plugin) read now. */
export async function participantOf(
  gateway: TwilioGateway,
  conference: ConferenceRead,
  conferenceSid: string,
  callSid: string,
): Promise<ParticipantInfo | undefined> {
  return conference.hinted ? conference.participant : gateway.fetchParticipant(conferenceSid, callSid);
}

/**
 * The customer's call in the task's conference, besides the recorded leg: the one connected
 * participant that is not a Flex client (`undefined` when there is none, or more than one).
 * `known` is what this request already read: the conference's participant list, calls.
 */
export async function customerCall(
  conferenceSid: string,
  params: Pick<CreateRecordingParams, 'callSid'>,
  gateway: TwilioGateway,
  known: { participants?: ParticipantInfo[]; calls?: readonly CallInfo[] } = {},
): Promise<CallInfo | undefined> {
  const participants = known.participants ?? (await gateway.listParticipants(conferenceSid));
  const others = participants.filter((p) => p.callSid !== params.callSid && p.status === 'connected');
  const read = (callSid: string): Promise<CallInfo> => {
    const call = known.calls?.find((c) => c.sid === callSid);
    return call ? Promise.resolve(call) : gateway.fetchCall(callSid);
  };
  // Agents join through Flex clients (client:...), the customer through the phone network.
  const calls = await Promise.all(others.map((p) => read(p.callSid)));
  const customers = calls.filter((c) => !isClientLeg(c));
  // Only an unambiguous answer counts: a wrong call_sid would send Insights to the wrong leg.
  return customers.length === 1 ? customers[0] : undefined;
}
