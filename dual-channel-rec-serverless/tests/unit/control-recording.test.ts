import type { FlexIdentity } from '../../src/http/flex-token';
import { TwilioApiError } from '../../src/twilio/errors';
import { controlRecording, type ControlDeps } from '../../src/routes/pause-resume-recording';
import { MAX_CAS_ATTEMPTS } from '../../src/twilio/task-update';
import {
  leaseFor,
  recordingStateFor,
  withClaim,
  withLease,
  withPausedFlag,
} from '../../src/rules/attributes';
import type { FakeTwilio } from '../helpers/fake-gateway';
import { RECORDING, recordedLeg } from '../helpers/recorded-leg';
import { CALL, RESERVATION, TASK, sid } from '../helpers/sids';
import { TEST_SEALS } from '../helpers/seals';
import { sealedClaim, sealedLease } from '../../src/rules/seals';
import type { ControlLease, LegClaim } from '@dual-channel-recording/contract';
import { readProductAttributes } from '@dual-channel-recording/contract';

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

function deps(fake: FakeTwilio, who: FlexIdentity = ME, logged: string[] = []): ControlDeps {
  return {
    gateway: fake.gateway(),
    validateToken: async () => who,
    pauseBehavior: 'skip',
    pauseRoles: ['supervisor'],
    now: () => Date.UTC(2026, 0, 1, 12),
    log: (event) => logged.push(event),
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

  it('answers 503 recording_busy, with Twilio untouched, when every round of taking the lease loses to other writers', async () => {
    const fake = world();
    // Each lease write finds the task changed by another request just before it (If-Match fails).
    for (let round = 1; round <= MAX_CAS_ATTEMPTS; round += 1) {
      fake.before('updateTaskAttributes', async () => {
        fake.externalWrite(TASK, (a) => ({ ...a, other_writer: round }));
      });
    }
    await expect(controlRecording('pause', params, 't', deps(fake))).rejects.toMatchObject({
      status: 503,
      code: 'recording_busy',
    });
    expect(fake.count('setRecordingStatus')).toBe(0);
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

describe('controlRecording: our other recordings of the leg (a second start after the agent deleted the leg from the task)', () => {
  const RE2 = sid('RE', 2);
  const RE3 = sid('RE', 3);
  const status = (fake: FakeTwilio, recordingSid: string) =>
    fake.recordings.find((r) => r.sid === recordingSid)?.status;
  const auditTrail = (fake: FakeTwilio) => readProductAttributes(fake.taskAttributes(TASK)).audit;
  /** Another recording of CALL on Twilio, with the status given. */
  const addRecording = (fake: FakeTwilio, recordingSid: string, recordingStatus: string) =>
    fake.recordings.push({
      sid: recordingSid,
      callSid: CALL,
      status: recordingStatus,
      startTime: null,
      dateCreated: null,
    });
  /** Twilio fails the pause of `recordingSid` with `error` (the hook on both recording updates). */
  const failPauseOf = (fake: FakeTwilio, recordingSid: string, error: TwilioApiError) => {
    const hook = async (_callSid: unknown, updated: unknown) => {
      if (updated === recordingSid) throw error;
    };
    fake.before('setRecordingStatus', hook);
    fake.before('setRecordingStatus', hook);
  };

  /**
   * What an agent can bring about: RE1 recorded and claimed by create-recording (that version of the
   * attributes is in TaskRouter's event log), then the agent rewrote the task without any trace of the
   * leg, and a new start recorded the leg again as RE2 and claimed it. RE3 is another system's
   * recording of the same call (no claim names it). `taskNames` says what the task names now.
   */
  function duplicated(taskNames: 'RE2' | 'nothing' = 'RE2'): FakeTwilio {
    const fake = world();
    const withRe1 = fake.taskAttributes(TASK);
    const withRe2 = withClaim(
      { keep: true },
      CALL,
      claimed({ recording_sid: RE2, channel: 'customer', reservation_sid: RESERVATION }),
    );
    const updated = (n: number, attributes: Record<string, unknown>) => ({
      sid: `EV${n}`,
      eventType: 'task.updated',
      at: Date.UTC(2026, 0, 1, 11, n),
      data: { task_sid: TASK, task_attributes: JSON.stringify(attributes) },
    });
    // Newest first, as TaskRouter lists them.
    fake.events.set(TASK, [updated(3, withRe2), updated(2, { keep: true }), updated(1, withRe1)]);
    fake.externalWrite(TASK, () => (taskNames === 'RE2' ? withRe2 : { keep: true }));
    addRecording(fake, RE2, 'in-progress');
    addRecording(fake, RE3, 'in-progress');
    return fake;
  }

  it('an owner’s pause pauses the claimed recording and our earlier one the event log names, with the same PauseBehavior; another system’s runs on', async () => {
    const fake = duplicated();
    const body = await controlRecording('pause', params, 't', deps(fake));
    expect(body).toEqual({ recordingSid: RE2, callSid: CALL, status: 'paused', changed: true });
    expect([status(fake, RE1), status(fake, RE2), status(fake, RE3)]).toEqual([
      'paused',
      'paused',
      'in-progress',
    ]);
    const writes = fake.calls_log.filter((c) => c.op === 'setRecordingStatus').map((c) => c.args);
    expect(writes).toEqual(
      expect.arrayContaining([
        [CALL, RE1, 'paused', 'skip'],
        [CALL, RE2, 'paused', 'skip'],
      ]),
    );
    expect(writes).toHaveLength(2);
    expect(fake.count('listTaskEvents')).toBe(1);
    expect(recordingStateFor(fake.taskAttributes(TASK), RE2)?.paused).toBe(true);
    expect(auditTrail(fake)).toEqual([
      expect.objectContaining({ action: 'pause', recording_sid: RE2, duplicates_paused: [RE1] }),
    ]);
  });

  it('with no claim left on the task at all, the log is read once for both the claim and the duplicates', async () => {
    const fake = duplicated('nothing');
    await expect(controlRecording('pause', params, 't', deps(fake))).resolves.toMatchObject({
      recordingSid: RE2,
      changed: true,
    });
    expect(fake.count('listTaskEvents')).toBe(1);
    expect([status(fake, RE1), status(fake, RE2), status(fake, RE3)]).toEqual([
      'paused',
      'paused',
      'in-progress',
    ]);
  });

  it('a pause that finds the claimed recording already paused and flagged still pauses a duplicate that records', async () => {
    const fake = duplicated();
    fake.recordings.find((r) => r.sid === RE2)!.status = 'paused';
    fake.externalWrite(TASK, (a) =>
      withPausedFlag(a, {
        recordingSid: RE2,
        origin: { call_sid: CALL, channel: 'customer', reservation_sid: RESERVATION },
        paused: true,
        at: '2026-01-01T11:00:00.000Z',
      }),
    );
    const body = await controlRecording('pause', params, 't', deps(fake));
    expect(body).toMatchObject({ recordingSid: RE2, status: 'paused', changed: true });
    expect(status(fake, RE1)).toBe('paused');
    expect(auditTrail(fake)).toEqual([expect.objectContaining({ duplicates_paused: [RE1] })]);
  });

  it('a supervisor’s pause pauses the duplicates before the lease too: a live sealed lease holds neither off', async () => {
    const fake = duplicated();
    fake.externalWrite(TASK, (a) =>
      withLease(
        a,
        RE2,
        sealedLease(TEST_SEALS, TASK, RE2, {
          id: 'replayed',
          action: 'resume',
          until: Date.UTC(2026, 0, 1, 12, 0, 10),
        }),
      ),
    );
    const body = await controlRecording(
      'pause',
      { taskSid: TASK, callSid: CALL },
      't',
      deps(fake, SUPERVISOR),
    );
    expect(body).toMatchObject({ recordingSid: RE2, status: 'paused', changed: true });
    expect([status(fake, RE1), status(fake, RE2), status(fake, RE3)]).toEqual([
      'paused',
      'paused',
      'in-progress',
    ]);
    expect(auditTrail(fake)).toEqual([
      expect.objectContaining({ action: 'pause', recording_sid: RE2, duplicates_paused: [RE1] }),
    ]);
  });

  it('a resume resumes the claimed recording only: the duplicate stays paused, and that is logged', async () => {
    const fake = duplicated();
    await controlRecording('pause', params, 't', deps(fake));
    const logged: string[] = [];
    const body = await controlRecording('resume', params, 't', deps(fake, ME, logged));
    expect(body).toMatchObject({ recordingSid: RE2, status: 'in-progress', changed: true });
    expect([status(fake, RE1), status(fake, RE2), status(fake, RE3)]).toEqual([
      'paused',
      'in-progress',
      'in-progress',
    ]);
    expect(logged).toContain('duplicate_recording_left_paused');
    expect(auditTrail(fake)[1]).not.toHaveProperty('duplicates_paused');
  });

  it('a failure to pause a duplicate fails the pause like one on the claimed recording: the task never says paused', async () => {
    for (const [failure, answer] of [
      [new TwilioApiError('unavailable', 503, 20503), { status: 503 }],
      [
        new TwilioApiError('Call is not in-progress', 400, 21220),
        { status: 409, code: 'call_not_in_progress' },
      ],
    ] as const) {
      const fake = duplicated();
      failPauseOf(fake, RE1, failure);
      await expect(controlRecording('pause', params, 't', deps(fake))).rejects.toMatchObject(answer);
      expect(status(fake, RE1)).toBe('in-progress');
      const attrs = fake.taskAttributes(TASK);
      expect(recordingStateFor(attrs, RE2)?.paused ?? false).toBe(false);
      // Twilio answered: nothing of this request is in flight, so the lease is given back.
      expect(leaseFor(attrs, RE2)).toBeUndefined();
      expect(auditTrail(fake)).toEqual([]);
    }
  });

  it('a supervisor’s pause that cannot pause a duplicate fails before it takes the lease', async () => {
    const fake = duplicated();
    failPauseOf(fake, RE1, new TwilioApiError('unavailable', 503, 20503));
    await expect(
      controlRecording('pause', { taskSid: TASK, callSid: CALL }, 't', deps(fake, SUPERVISOR)),
    ).rejects.toMatchObject({ status: 503 });
    expect(status(fake, RE1)).toBe('in-progress');
    expect(fake.count('updateTaskAttributes')).toBe(0);
  });

  it('a duplicate that is gone when paused records nothing: the pause goes through', async () => {
    const fake = duplicated();
    failPauseOf(fake, RE1, new TwilioApiError('not found', 404, 20404));
    await expect(controlRecording('pause', params, 't', deps(fake))).resolves.toMatchObject({
      changed: true,
    });
    expect(recordingStateFor(fake.taskAttributes(TASK), RE2)?.paused).toBe(true);
    expect(auditTrail(fake)[0]).not.toHaveProperty('duplicates_paused');
  });

  it('a claim an agent wrote without the seal makes no recording ours: only sealed claims count', async () => {
    const fake = duplicated();
    fake.events.get(TASK)!.unshift({
      sid: 'EV4',
      eventType: 'task.updated',
      at: Date.UTC(2026, 0, 1, 11, 4),
      data: {
        task_sid: TASK,
        task_attributes: JSON.stringify(
          withClaim({}, CALL, { recording_sid: RE3, channel: 'customer', reservation_sid: RESERVATION }),
        ),
      },
    });
    await controlRecording('pause', params, 't', deps(fake));
    expect(status(fake, RE3)).toBe('in-progress');
  });

  it('costs no request more when the leg has one active recording (the common case)', async () => {
    const fake = world();
    // A recording of the leg that is over (an earlier start) is not a duplicate either.
    addRecording(fake, RE2, 'completed');
    await controlRecording('pause', params, 't', deps(fake));
    expect(fake.count('listTaskEvents')).toBe(0);
    expect(fake.calls_log.map((c) => c.op).sort()).toEqual(
      [
        'fetchTask',
        'fetchReservation',
        'fetchCall',
        'findTaskConference',
        'listCallRecordings',
        'fetchParticipant',
        'updateTaskAttributes',
        'fetchRecording',
        'setRecordingStatus',
        'updateTaskAttributes',
      ].sort(),
    );
  });

  it('reads the log when another system records the leg too, and touches nothing of that system', async () => {
    const fake = world();
    addRecording(fake, RE3, 'in-progress');
    await controlRecording('pause', params, 't', deps(fake));
    expect(fake.count('listTaskEvents')).toBe(1);
    expect(fake.count('setRecordingStatus')).toBe(1);
    expect(status(fake, RE3)).toBe('in-progress');
    expect(auditTrail(fake)[0]).not.toHaveProperty('duplicates_paused');
  });
});
