/**
 * Whether Twilio ties a call to a task, judged only from facts Twilio alone writes: Flex names a
 * task's conference after the task SID, and the call was a participant of that conference. Task
 * attributes prove nothing here: an agent can write their own task's attributes (and choose those
 * of a task they create), so a media entry or a claim may name any recording of the account.
 *
 * Twilio's Participants list forgets a participant once they leave, so a call that has ended is
 * looked up in Voice Insights' Conference Participant Summaries, which Twilio answers only to an
 * account with Voice Insights Advanced Features, and only after the conference ends (for 30 days).
 * Not checked on a real account, so the worst is assumed: a refusal, an empty list, or no
 * conference all leave the call untied, and the answer says why: the caller keeps the recording.
 */
import type { TwilioGateway } from './twilio-gateway';
import { TwilioApiError, isSid } from '@dual-channel-recording/contract';

/** Twilio ties the call to the task (`via` says how), or why the tie cannot be shown. */
export type TaskBinding = { tied: true; via: string } | { tied: false; reason: string };

/** What {@link bindingOfCall} reads. */
export type BindingGateway = Pick<
  TwilioGateway,
  'listConferencesNamed' | 'isLiveParticipant' | 'listConferenceParticipantCalls'
>;

function describeFailure(err: TwilioApiError): string {
  const code = err.code === undefined ? '' : `, Twilio ${err.code}`;
  return `HTTP ${err.status}${code}: ${err.message}`;
}

/** Asks Twilio whether `callSid` was a participant of the conference Flex made for `taskSid`. */
export async function bindingOfCall(
  gateway: BindingGateway,
  callSid: string,
  taskSid: string,
): Promise<TaskBinding> {
  // A conference recording has no call of its own: nothing Twilio holds ties it to one leg.
  if (!isSid(callSid, 'CA')) {
    return { tied: false, reason: `the recording names no call (call_sid ${JSON.stringify(callSid)})` };
  }
  const conferences = (await gateway.listConferencesNamed(taskSid)).filter((c) => c.friendlyName === taskSid);
  if (conferences.length === 0) {
    return { tied: false, reason: `Twilio has no conference named after task ${taskSid}` };
  }
  for (const conference of conferences.filter((c) => c.status === 'in-progress')) {
    if (await gateway.isLiveParticipant(conference.sid, callSid)) {
      return { tied: true, via: `a live participant of conference ${conference.sid}` };
    }
  }
  const unreadable: string[] = [];
  for (const conference of conferences) {
    try {
      const calls = await gateway.listConferenceParticipantCalls(conference.sid);
      if (calls.includes(callSid)) {
        return { tied: true, via: `a participant of conference ${conference.sid} (Voice Insights)` };
      }
    } catch (err) {
      if (!(err instanceof TwilioApiError)) throw err;
      unreadable.push(`${conference.sid}: ${describeFailure(err)}`);
    }
  }
  if (unreadable.length > 0) {
    return {
      tied: false,
      reason:
        `cannot show that call ${callSid} was in task ${taskSid}'s conference: Voice Insights' ` +
        `participant summaries (which need Voice Insights Advanced Features) did not answer (${unreadable.join('; ')})`,
    };
  }
  // Summaries appear only once a participant leaves, and may lag: "not listed" is no proof either way.
  return {
    tied: false,
    reason: `Twilio lists call ${callSid} as no participant of the conference of task ${taskSid}`,
  };
}
