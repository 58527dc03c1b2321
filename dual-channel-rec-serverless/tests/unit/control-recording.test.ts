import type { FlexIdentity } from '../../src/http/flex-token';
import { TwilioApiError } from '../../src/twilio/errors';
import { controlRecording, type ControlDeps } from '../../src/recording/control';
import { recordingStateFor, withClaim, withRecordingState } from '../../src/recording/attributes';
import { FakeTwilio } from '../helpers/fake-gateway';
import { CALL, RESERVATION, TASK, sid } from '../helpers/sids';

const ME: FlexIdentity = { workerSid: sid('WK', 1), identity: 'alice', roles: ['agent'] };
const OTHER: FlexIdentity = { workerSid: sid('WK', 2), identity: 'bob', roles: ['agent'] };
const RE1 = sid('RE', 1);
const params = { taskSid: TASK, reservationSid: RESERVATION, callSid: CALL };

/** A task whose customer leg CALL is recorded by RE1, as create-recording leaves it. */
function world(paused = false): FakeTwilio {
  const fake = new FakeTwilio();
  const claim = { recording_sid: RE1, channel: 'customer' as const, reservation_sid: RESERVATION };
  const attributes = withRecordingState(withClaim({ keep: true }, CALL, claim), RE1, {
    call_sid: CALL,
    channel: 'customer',
    reservation_sid: RESERVATION,
    status: 'in-progress',
    paused,
    updated_at: '2026-01-01T00:00:00.000Z',
  });
  fake.tasks.set(TASK, { sid: TASK, revision: 1, attributes: JSON.stringify(attributes) });
  fake.reservations.set(RESERVATION, {
    sid: RESERVATION,
    taskSid: TASK,
    workerSid: ME.workerSid,
    status: 'accepted',
  });
  fake.recordings.push({
    sid: RE1,
    callSid: CALL,
    status: 'in-progress',
    startTime: null,
    dateCreated: null,
  });
  return fake;
}

function deps(fake: FakeTwilio, who: FlexIdentity = ME): ControlDeps {
  return {
    gateway: fake.gateway(),
    validateToken: async () => who,
    pauseBehavior: 'skip',
    pauseRoles: ['supervisor'],
    now: () => Date.UTC(2026, 0, 1, 12),
    log: () => undefined,
  };
}

describe('controlRecording', () => {
  it('checks authorization before touching Twilio or the task', async () => {
    const fake = world();
    await expect(controlRecording('pause', params, 't', deps(fake, OTHER))).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect(fake.count('setRecordingStatus')).toBe(0);
    expect(fake.count('updateTaskAttributes')).toBe(0);
  });

  it('repairs the flag when Twilio already paused but an earlier write was lost', async () => {
    const fake = world(false);
    fake.recordings[0].status = 'paused';
    const body = await controlRecording('pause', params, 't', deps(fake));
    expect(body).toEqual({ recordingSid: RE1, callSid: CALL, status: 'paused', changed: false });
    expect(fake.count('setRecordingStatus')).toBe(0);
    const attrs = fake.taskAttributes(TASK);
    expect(recordingStateFor(attrs, RE1)?.paused).toBe(true);
    expect(attrs.keep).toBe(true);
  });

  it('answers the change even when the task was deleted before its write', async () => {
    const fake = world();
    fake.before('updateTaskAttributes', async () => {
      throw new TwilioApiError('gone', 404, 20404);
    });
    const body = await controlRecording('pause', params, 't', deps(fake));
    expect(body).toMatchObject({ status: 'paused', changed: true });
    expect(fake.recordings[0].status).toBe('paused');
  });

  it('lets a worker-leg recording be controlled only through its own reservation', async () => {
    const fake = world();
    const attrs = fake.taskAttributes(TASK);
    fake.externalWrite(TASK, () =>
      withClaim(attrs, CALL, { recording_sid: RE1, channel: 'worker', reservation_sid: sid('WR', 9) }),
    );
    await expect(controlRecording('pause', params, 't', deps(fake))).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
      details: { field: 'callSid' },
    });
  });
});
