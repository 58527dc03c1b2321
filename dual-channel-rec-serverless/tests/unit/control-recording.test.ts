import type { FlexIdentity } from '../../src/http/flex-token';
import { TwilioApiError } from '../../src/twilio/errors';
import { controlRecording, type ControlDeps } from '../../src/routes/pause-resume-recording';
import { leaseFor, recordingStateFor, withClaim, withLease } from '../../src/rules/attributes';
import type { FakeTwilio } from '../helpers/fake-gateway';
import { RECORDING, recordedLeg } from '../helpers/recorded-leg';
import { CALL, RESERVATION, TASK, sid } from '../helpers/sids';
import { TEST_SEALS } from '../helpers/seals';
import { sealedClaim, sealedLease } from '../../src/rules/seals';
import type { ControlLease, LegClaim } from '@dual-channel-recording/contract';

/** A claim as create-recording writes it (sealed on the task). */
const claimed = (claim: LegClaim): LegClaim => sealedClaim(TEST_SEALS, TASK, CALL, claim);
/** A lease as a Function takes it (sealed on the task and recording). */
const leased = (lease: ControlLease): ControlLease => sealedLease(TEST_SEALS, TASK, RECORDING, lease);
const SUPERVISOR: FlexIdentity = { workerSid: sid('WK', 3), identity: 'sam', roles: ['supervisor'] };

const ME: FlexIdentity = { workerSid: sid('WK', 1), identity: 'alice', roles: ['agent'] };
const OTHER: FlexIdentity = { workerSid: sid('WK', 2), identity: 'bob', roles: ['agent'] };
const RE1 = RECORDING;
const params = { taskSid: TASK, reservationSid: RESERVATION, callSid: CALL };

/** A task whose customer leg CALL is recorded by RE1, as create-recording leaves it. */
function world(paused = false): FakeTwilio {
  return recordedLeg(ME.workerSid, { twilio: 'in-progress', flag: paused });
}

function deps(fake: FakeTwilio, who: FlexIdentity = ME): ControlDeps {
  return {
    gateway: fake.gateway(),
    validateToken: async () => who,
    pauseBehavior: 'skip',
    pauseRoles: ['supervisor'],
    now: () => Date.UTC(2026, 0, 1, 12),
    log: () => undefined,
    sleep: () => Promise.resolve(),
    mayWait: () => false,
    newLeaseId: () => 'lease-1',
    seals: TEST_SEALS,
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

  it('a task deleted before the lease is taken answers 404 no_recording and leaves Twilio alone', async () => {
    const fake = world();
    fake.before('updateTaskAttributes', async () => {
      throw new TwilioApiError('gone', 404, 20404);
    });
    await expect(controlRecording('pause', params, 't', deps(fake))).rejects.toMatchObject({
      status: 404,
    });
    expect(fake.recordings[0].status).toBe('in-progress');
  });

  it('answers the change when the task was deleted after Twilio changed, before the lease was given back', async () => {
    const fake = world();
    fake.before('updateTaskAttributes', async () => undefined);
    fake.before('updateTaskAttributes', async () => {
      throw new TwilioApiError('gone', 404, 20404);
    });
    const body = await controlRecording('pause', params, 't', deps(fake));
    expect(body).toMatchObject({ status: 'paused', changed: true });
    expect(fake.recordings[0].status).toBe('paused');
  });

  it('refuses another agent’s leg (a Flex client leg that is not the caller’s), whatever the claim says', async () => {
    const fake = world();
    fake.calls.get(CALL)!.to = 'client:bob';
    const attrs = fake.taskAttributes(TASK);
    fake.externalWrite(TASK, () =>
      withClaim(
        attrs,
        CALL,
        claimed({ recording_sid: RE1, channel: 'customer', reservation_sid: RESERVATION }),
      ),
    );
    await expect(controlRecording('pause', params, 't', deps(fake))).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
      details: { field: 'callSid' },
    });
    expect(fake.count('setRecordingStatus')).toBe(0);
  });

  it('lets the owner control the customer’s leg even when the claim names another reservation (transfers)', async () => {
    const fake = world();
    const attrs = fake.taskAttributes(TASK);
    fake.externalWrite(TASK, () =>
      withClaim(
        attrs,
        CALL,
        claimed({ recording_sid: RE1, channel: 'worker', reservation_sid: sid('WR', 9) }),
      ),
    );
    await expect(controlRecording('pause', params, 't', deps(fake))).resolves.toMatchObject({
      status: 'paused',
      changed: true,
    });
  });

  it('answers 503 recording_busy, with nothing changed, while another request holds the lease', async () => {
    const fake = world();
    const attrs = fake.taskAttributes(TASK);
    fake.externalWrite(TASK, () =>
      withLease(
        attrs,
        RE1,
        leased({ id: 'other', action: 'resume', until: Date.UTC(2026, 0, 1, 12, 0, 10) }),
      ),
    );
    await expect(controlRecording('pause', params, 't', deps(fake))).rejects.toMatchObject({
      status: 503,
      code: 'recording_busy',
    });
    expect(fake.count('setRecordingStatus')).toBe(0);
    expect(fake.count('updateTaskAttributes')).toBe(0);
  });

  it('ignores a live lease without the Functions’ seal (planted, or copied from another task): the owner’s pause goes through', async () => {
    for (const lease of [
      { id: 'planted', action: 'resume' as const, until: Date.UTC(2026, 0, 1, 12, 0, 10) },
      { ...leased({ id: 'x', action: 'resume', until: Date.UTC(2026, 0, 1, 12, 0, 10) }), id: 'edited' },
      sealedLease(TEST_SEALS, sid('WT', 9), RE1, {
        id: 'other-task',
        action: 'resume',
        until: Date.UTC(2026, 0, 1, 12, 0, 10),
      }),
    ]) {
      const fake = world();
      const attrs = fake.taskAttributes(TASK);
      fake.externalWrite(TASK, () => withLease(attrs, RE1, lease));
      await expect(controlRecording('pause', params, 't', deps(fake))).resolves.toMatchObject({
        status: 'paused',
        changed: true,
      });
      expect(recordingStateFor(fake.taskAttributes(TASK), RE1)?.paused).toBe(true);
    }
  });

  it('a supervisor’s pause is not held off by a live sealed lease: Twilio pauses, the audit says who, the flag stays unpaused', async () => {
    const fake = world();
    const attrs = fake.taskAttributes(TASK);
    fake.externalWrite(TASK, () =>
      withLease(
        attrs,
        RE1,
        leased({ id: 'replayed', action: 'resume', until: Date.UTC(2026, 0, 1, 12, 0, 10) }),
      ),
    );
    const body = await controlRecording(
      'pause',
      { taskSid: TASK, callSid: CALL },
      't',
      deps(fake, SUPERVISOR),
    );
    expect(body).toMatchObject({ status: 'paused', changed: true });
    expect(fake.recordings[0].status).toBe('paused');
    const after = fake.taskAttributes(TASK);
    // The flag only ever errs towards "recording" while someone else holds the lease.
    expect(recordingStateFor(after, RE1)?.paused).toBe(false);
    expect(after.dual_channel_recording).toMatchObject({
      audit: [expect.objectContaining({ action: 'pause', by: expect.objectContaining({ identity: 'sam' }) })],
    });
  });

  it('an owner’s claim that is not sealed (planted by an agent) names no recording: 404, nothing touched', async () => {
    const fake = world();
    const attrs = fake.taskAttributes(TASK);
    fake.externalWrite(TASK, () =>
      withClaim(attrs, CALL, { recording_sid: RE1, channel: 'customer', reservation_sid: RESERVATION }),
    );
    await expect(controlRecording('pause', params, 't', deps(fake))).rejects.toMatchObject({
      status: 404,
      code: 'no_recording',
    });
    expect(fake.count('setRecordingStatus')).toBe(0);
  });

  it('ignores a lease no Function could have taken (further away than LEASE_MS): nobody blocks pause by planting one', async () => {
    const fake = world();
    const attrs = fake.taskAttributes(TASK);
    fake.externalWrite(TASK, () =>
      withLease(attrs, RE1, leased({ id: 'planted', action: 'resume', until: Date.UTC(2099, 0, 1) })),
    );
    await expect(controlRecording('pause', params, 't', deps(fake))).resolves.toMatchObject({
      changed: true,
    });
    expect(leaseFor(fake.taskAttributes(TASK), RE1)).toBeUndefined();
  });

  it('takes over a lease whose holder died (expired), and gives it back', async () => {
    const fake = world();
    const attrs = fake.taskAttributes(TASK);
    fake.externalWrite(TASK, () =>
      withLease(attrs, RE1, leased({ id: 'dead', action: 'resume', until: Date.UTC(2026, 0, 1, 11) })),
    );
    await expect(controlRecording('pause', params, 't', deps(fake))).resolves.toMatchObject({
      changed: true,
    });
    expect(leaseFor(fake.taskAttributes(TASK), RE1)).toBeUndefined();
    expect(recordingStateFor(fake.taskAttributes(TASK), RE1)?.paused).toBe(true);
  });
});
