/**
 * The fake-Twilio world the pause/resume unit tests start from: task TASK whose customer leg CALL
 * (a phone leg, a connected participant of the task's conference) is recorded by RECORDING, claimed
 * and sealed as create-recording leaves it, with `owner`'s accepted reservation RESERVATION.
 */
import { withClaim, withRecordingState } from '../../src/rules/attributes';
import { sealedClaim } from '../../src/rules/seals';
import { FakeTwilio } from './fake-gateway';
import { TEST_SEALS } from './seals';
import { CALL, RESERVATION, TASK, sid } from './sids';

/** The recording of CALL. */
export const RECORDING = sid('RE', 1);
/** The task's conference (Flex names it after the task). */
export const CONFERENCE = sid('CF', 1);

/** Builds the world with Twilio's recording status and the task's paused flag as given. */
export function recordedLeg(
  owner: string,
  state: { twilio: 'in-progress' | 'paused'; flag: boolean } = { twilio: 'in-progress', flag: false },
): FakeTwilio {
  const fake = new FakeTwilio();
  const claim = sealedClaim(TEST_SEALS, TASK, CALL, {
    recording_sid: RECORDING,
    channel: 'customer',
    reservation_sid: RESERVATION,
  });
  const attributes = withRecordingState(withClaim({ keep: true }, CALL, claim), RECORDING, {
    call_sid: CALL,
    channel: 'customer',
    reservation_sid: RESERVATION,
    status: 'in-progress',
    paused: state.flag,
    updated_at: '2026-01-01T00:00:00.000Z',
  });
  fake.tasks.set(TASK, { sid: TASK, revision: 1, attributes: JSON.stringify(attributes) });
  fake.reservations.set(RESERVATION, {
    sid: RESERVATION,
    taskSid: TASK,
    workerSid: owner,
    status: 'accepted',
  });
  fake.recordings.push({
    sid: RECORDING,
    callSid: CALL,
    status: state.twilio,
    startTime: null,
    dateCreated: null,
  });
  fake.calls.set(CALL, {
    sid: CALL,
    status: 'in-progress',
    from: '+15558675310',
    to: '+15005550006',
    direction: 'inbound',
    parentCallSid: null,
  });
  fake.conferences.set(TASK, CONFERENCE);
  fake.participants.push({ conferenceSid: CONFERENCE, callSid: CALL, status: 'connected', label: null });
  return fake;
}
