import { buildMediaEntry } from '@dual-channel-recording/contract';
import { recordingStateFor } from '../../src/rules/attributes';
import { claimFor } from '../helpers/task-attributes';
import { recordStatus } from '../../src/routes/recording-status';
import type { StatusCallback } from '../../src/webhooks/recording-status-callback';
import { isSealedClaim, isSealedEnded, sealedClaim } from '../../src/rules/seals';
import { FakeTwilio } from '../helpers/fake-gateway';
import { TEST_SEALS } from '../helpers/seals';
import { CALL, RESERVATION, TASK, sid } from '../helpers/sids';

const ORPHAN = sid('RE', 7);
const START = Date.parse('2026-01-01T10:00:00Z');

/** A task whose customer leg has a recording nobody named; the call is in `callStatus`. */
function world(callStatus: string, attributes: Record<string, unknown> = { marker: 'kept' }): FakeTwilio {
  const fake = new FakeTwilio();
  fake.tasks.set(TASK, { sid: TASK, revision: 1, attributes: JSON.stringify(attributes) });
  fake.calls.set(CALL, {
    sid: CALL,
    status: callStatus,
    from: '+15550000001',
    to: '+15550000002',
    direction: 'inbound',
    parentCallSid: null,
  });
  fake.recordings.push({
    sid: ORPHAN,
    callSid: CALL,
    status: 'completed',
    startTime: new Date(START),
    dateCreated: new Date(START),
  });
  return fake;
}

function completed(extra: Partial<StatusCallback> = {}): StatusCallback {
  return {
    taskSid: TASK,
    reservationSid: RESERVATION,
    channel: 'customer',
    recordingSid: ORPHAN,
    callSid: CALL,
    recordingStatus: 'completed',
    report: { status: 'completed', duration: 42, channels: 2, start_time: START },
    ...extra,
  };
}

const SERVICE = 'https://svc-1234-dev.twil.io';

const deps = (fake: FakeTwilio) => ({
  gateway: fake.gateway(),
  serviceBaseUrl: SERVICE,
  now: () => START + 60_000,
  log: () => undefined,
  seals: TEST_SEALS,
});

describe('recordStatus: a recording nobody named (its create landed after every request gave up)', () => {
  it('is adopted when it completed with its ended call: claim, media entry and completed entry, others kept', async () => {
    const fake = world('completed');
    const reply = await recordStatus(completed(), deps(fake));
    expect(reply.outcome).toBe('adopted');
    const attrs = fake.taskAttributes(TASK);
    const claim = claimFor(attrs, CALL)!;
    expect(claim).toMatchObject({
      recording_sid: ORPHAN,
      channel: 'customer',
      reservation_sid: RESERVATION,
    });
    // Sealed like create-recording's, and sealed as over: the sink needs no Twilio request for it.
    expect(isSealedClaim(TEST_SEALS, TASK, CALL, claim)).toBe(true);
    const state = recordingStateFor(attrs, ORPHAN);
    expect(state).toMatchObject({ status: 'completed', duration: 42, paused: false });
    expect(isSealedEnded(TEST_SEALS, TASK, ORPHAN, state?.ended_seal)).toBe(true);
    expect(attrs).toMatchObject({ marker: 'kept' });
    // The entry create-recording would have written, url_provider included (the one builder).
    expect((attrs.conversations as { media: unknown[] }).media).toEqual([
      buildMediaEntry({
        accountSid: fake.gateway().accountSid,
        recordingSid: ORPHAN,
        taskSid: TASK,
        channel: 'customer',
        startedAt: new Date(START),
        now: START + 60_000,
        serviceBaseUrl: SERVICE,
      }),
    ]);
    expect(JSON.stringify(attrs.conversations)).toContain(
      `${SERVICE}/playback-recording?recordingSid=${ORPHAN}&taskSid=${TASK}`,
    );
  });

  it('is left alone when it was stopped while its call goes on (a Function stopped what it could not name)', async () => {
    const fake = world('in-progress');
    const reply = await recordStatus(completed(), deps(fake));
    expect(reply.outcome).toBe('unclaimed');
    expect(fake.count('updateTaskAttributes')).toBe(0);
  });

  it("is left alone when the leg's sealed claim names another recording (a duplicate)", async () => {
    const other = sid('RE', 8);
    const fake = world('completed', {
      dual_channel_recording: {
        legs: {
          [CALL]: sealedClaim(TEST_SEALS, TASK, CALL, {
            recording_sid: other,
            channel: 'customer',
            reservation_sid: RESERVATION,
          }),
        },
      },
    });
    const reply = await recordStatus(completed(), deps(fake));
    expect(reply.outcome).toBe('unclaimed');
    expect(claimFor(fake.taskAttributes(TASK), CALL)?.recording_sid).toBe(other);
    // No Twilio read was needed to decide.
    expect(fake.count('fetchCall')).toBe(0);
  });

  it('is adopted although a claim an agent planted on the leg names another recording (an unsealed claim names nothing)', async () => {
    const fake = world('completed', {
      dual_channel_recording: {
        legs: { [CALL]: { recording_sid: sid('RE', 8), channel: 'customer', reservation_sid: RESERVATION } },
      },
    });
    expect((await recordStatus(completed(), deps(fake))).outcome).toBe('adopted');
    expect(claimFor(fake.taskAttributes(TASK), CALL)?.recording_sid).toBe(ORPHAN);
  });

  it('is left alone when it was deleted, or registered without its channel (an older URL)', async () => {
    const deleted = world('completed');
    deleted.recordings.length = 0;
    expect((await recordStatus(completed(), deps(deleted))).outcome).toBe('unclaimed');
    const old = world('completed');
    expect((await recordStatus(completed({ channel: undefined }), deps(old))).outcome).toBe('unclaimed');
    expect(old.count('fetchCall')).toBe(0);
  });

  it('an in-progress report is never adopted (only a completed recording of an ended call)', async () => {
    const fake = world('completed');
    const reply = await recordStatus(
      completed({ recordingStatus: 'in-progress', report: { status: 'in-progress' } }),
      deps(fake),
    );
    expect(reply.outcome).toBe('unclaimed');
  });
});
