import { ApiError } from '../../src/http/api-error';
import { toApiError } from '../../src/http/failures';
import { DeadlineExceededError, TaskContentionError, TwilioApiError } from '../../src/twilio/errors';
import type { FlexIdentity, ValidateFn } from '../../src/http/flex-token';
import { validateFlexToken } from '../../src/http/flex-token';
import { createTokenCache } from '../../src/http/token-cache';
import { TEST_CONFIG } from '../helpers/config';
import { createDeadline } from '../../src/twilio/retry';
import { startRecording, type StartDeps } from '../../src/routes/create-recording';
import type { CreateRecordingParams } from '../../src/http/route-params';
import { claimFor, createExclusionSettingsCache } from '../helpers/task-attributes';
import { deferred, FakeTwilio } from '../helpers/fake-gateway';
import { ACCOUNT, sid } from '../helpers/sids';
import { TEST_SEALS } from '../helpers/seals';

const ME: FlexIdentity = { workerSid: sid('WK', 1), identity: 'alice', roles: ['agent'] };
const BOB: FlexIdentity = { workerSid: sid('WK', 2), identity: 'bob', roles: ['agent'] };

interface World {
  fake: FakeTwilio;
  taskSid: string;
  reservationSid: string;
  conferenceSid?: string;
  customerCall?: string;
  workerCall: string;
}

let counter = 100;
const next = (prefix: string) => sid(prefix, counter++);

function inbound(fake = new FakeTwilio(), extra: Record<string, unknown> = {}): World {
  const taskSid = next('WT');
  const reservationSid = next('WR');
  const conferenceSid = next('CF');
  const customerCall = next('CA');
  const workerCall = next('CA');
  fake.tasks.set(taskSid, {
    sid: taskSid,
    revision: 1,
    attributes: JSON.stringify({
      type: 'inbound',
      from: '+15558675310',
      call_sid: customerCall,
      conference: { sid: conferenceSid, participants: { customer: customerCall, worker: workerCall } },
      ...extra,
    }),
  });
  fake.reservations.set(reservationSid, {
    sid: reservationSid,
    taskSid,
    workerSid: ME.workerSid,
    status: 'accepted',
  });
  fake.conferences.set(taskSid, conferenceSid);
  const call = (s: string, from: string, to: string) =>
    fake.calls.set(s, { sid: s, status: 'in-progress', from, to, direction: 'inbound', parentCallSid: null });
  call(customerCall, '+15558675310', '+15005550006');
  call(workerCall, '+15005550006', 'client:alice');
  for (const c of [customerCall, workerCall]) {
    fake.participants.push({ conferenceSid, callSid: c, status: 'connected', label: null });
  }
  return { fake, taskSid, reservationSid, conferenceSid, customerCall, workerCall };
}

function outbound(answered: boolean): World {
  const fake = new FakeTwilio();
  const taskSid = next('WT');
  const reservationSid = next('WR');
  const conferenceSid = next('CF');
  const workerCall = next('CA');
  fake.tasks.set(taskSid, {
    sid: taskSid,
    revision: 1,
    attributes: JSON.stringify({ type: 'outbound', direction: 'outbound', to: '+15558675310', name: 'Ann' }),
  });
  fake.reservations.set(reservationSid, {
    sid: reservationSid,
    taskSid,
    workerSid: ME.workerSid,
    status: 'accepted',
  });
  fake.conferences.set(taskSid, conferenceSid);
  fake.calls.set(workerCall, {
    sid: workerCall,
    status: 'in-progress',
    from: '+15005550006',
    to: 'client:alice',
    direction: 'outbound-api',
    parentCallSid: null,
  });
  fake.participants.push({ conferenceSid, callSid: workerCall, status: 'connected', label: null });
  let customerCall: string | undefined;
  if (answered) {
    customerCall = next('CA');
    fake.calls.set(customerCall, {
      sid: customerCall,
      status: 'in-progress',
      from: '+15005550006',
      to: '+15558675310',
      direction: 'outbound-api',
      parentCallSid: null,
    });
    fake.participants.push({ conferenceSid, callSid: customerCall, status: 'connected', label: null });
  }
  return { fake, taskSid, reservationSid, conferenceSid, customerCall, workerCall };
}

function internal(): World {
  const fake = new FakeTwilio();
  const taskSid = next('WT');
  const reservationSid = next('WR');
  const workerCall = next('CA');
  fake.tasks.set(taskSid, {
    sid: taskSid,
    revision: 1,
    attributes: JSON.stringify({
      type: 'internal',
      client_call: true,
      direction: 'outbound',
      to: 'client:bob',
    }),
  });
  fake.reservations.set(reservationSid, {
    sid: reservationSid,
    taskSid,
    workerSid: ME.workerSid,
    status: 'accepted',
  });
  fake.calls.set(workerCall, {
    sid: workerCall,
    status: 'in-progress',
    from: 'client:alice',
    to: 'client:bob',
    direction: 'inbound',
    parentCallSid: null,
  });
  return { fake, taskSid, reservationSid, workerCall };
}

/** Like a warm instance's: read once per test (each test's fake starts cold). */
let settingsCache = createExclusionSettingsCache();
beforeEach(() => {
  settingsCache = createExclusionSettingsCache();
});

function deps(fake: FakeTwilio, who: FlexIdentity = ME, logs: string[] = []): StartDeps {
  return {
    gateway: fake.gateway(),
    validateToken: (token) =>
      fake.track('validateToken', [], () => {
        if (token !== 'good') throw new ApiError('invalid_token', 'The Flex token was not accepted');
        return who;
      }),
    statusCallbackBase: 'https://svc.example',
    exclusionSettings: (gateway, now) => settingsCache(gateway, now, 30_000),
    now: () => 42,
    log: (event, fields) => logs.push(JSON.stringify({ event, ...fields })),
    seals: TEST_SEALS,
  };
}

function params(w: World, callSid: string, channel: 'customer' | 'worker'): CreateRecordingParams {
  return { taskSid: w.taskSid, reservationSid: w.reservationSid, callSid, channel };
}

/**
 * The ApiError the flow failed with. A lost compare-and-set race is a TaskContentionError from the
 * shared loop (twilio/ knows no HTTP answers); the route answers it through toApiError, as here.
 */
async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof TaskContentionError) return toApiError(error);
  if (!(error instanceof ApiError)) throw new Error(`expected ApiError, got ${String(error)}`);
  return error;
}

/** Holds two creates until both requests have read "no recording yet": the worst interleaving. */
function holdBothCreates(fake: FakeTwilio): void {
  const gate = deferred();
  let arrived = 0;
  const hold = async (): Promise<void> => {
    arrived += 1;
    if (arrived === 2) gate.resolve();
    await gate.promise;
  };
  fake.before('createRecording', hold);
  fake.before('createRecording', hold);
}

/**
 * A call dialled from the account's number to `to` (a phone number, or `client:<identity>` for an
 * agent), in the world's conference as a participant with `status`; answers its SID (`callSid`, else a new one).
 */
function joinLeg(w: World, to: string, status = 'connected', callSid = next('CA')): string {
  w.fake.calls.set(callSid, {
    sid: callSid,
    status: 'in-progress',
    from: '+15005550006',
    to,
    direction: 'outbound-api',
    parentCallSid: null,
  });
  w.fake.participants.push({ conferenceSid: w.conferenceSid!, callSid, status, label: null });
  return callSid;
}

describe('startRecording: happy paths', () => {
  it('records the customer leg: 201, dual-channel callback, media merged, other attributes untouched', async () => {
    const w = inbound();
    const before = w.fake.taskAttributes(w.taskSid);
    const result = await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    const rec = w.fake.recordings[0];
    expect(result).toEqual({
      status: 201,
      body: {
        recordingSid: rec.sid,
        callSid: w.customerCall,
        channel: 'customer',
        status: 'in-progress',
        startTime: rec.startTime!.toISOString(),
        mediaUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${rec.sid}`,
        alreadyRecording: false,
      },
    });
    expect(w.fake.calls_log.find((c) => c.op === 'createRecording')?.args[1]).toBe(
      `https://svc.example/recording-status?taskSid=${w.taskSid}&reservationSid=${w.reservationSid}&channel=customer`,
    );
    const after = w.fake.taskAttributes(w.taskSid);
    expect(after).toMatchObject(before);
    expect(after.conversations).toEqual({
      media: [
        {
          type: 'VoiceRecording',
          url: result.body.mediaUrl,
          start_time: rec.startTime!.getTime(),
          channels: ['customer', 'others'],
          // Where Insights asks for a playable link when the account enforces HTTP auth on media.
          url_provider: `https://svc.example/playback-recording?recordingSid=${rec.sid}&taskSid=${w.taskSid}`,
        },
      ],
    });
  });

  it('records the worker leg under reservation_attributes[WR].media', async () => {
    const w = inbound();
    const result = await startRecording(params(w, w.workerCall, 'worker'), 'good', deps(w.fake));
    expect(result.status).toBe(201);
    const after = w.fake.taskAttributes(w.taskSid) as {
      reservation_attributes: Record<string, { media: unknown[] }>;
    };
    expect(after.reservation_attributes[w.reservationSid].media).toEqual([
      expect.objectContaining({ url: result.body.mediaUrl, channels: ['others', 'customer'] }),
    ]);
    expect(after).not.toHaveProperty('conversations');
  });

  it('makes at most two sequential round trips before the create request: the token alone, then every read (plugin names the conference)', async () => {
    const w = inbound();
    await startRecording(
      { ...params(w, w.customerCall!, 'customer'), conferenceSid: w.conferenceSid },
      'good',
      deps(w.fake),
    );
    expect(w.fake.depthOf('validateToken')).toBe(1);
    for (const op of [
      'fetchReservation',
      'fetchTask',
      'fetchCall',
      'fetchConference',
      'fetchParticipant',
      'listActiveRecordings',
      'fetchFlexUiAttributes',
    ] as const) {
      expect(w.fake.depthOf(op)).toBe(2);
    }
    expect(w.fake.depthOf('findTaskConference')).toBeUndefined();
    expect(w.fake.depthOf('createRecording')).toBe(3);
    // Token, six reads and the Flex configuration (a cold instance), the create and the task write.
    expect(w.fake.calls_log).toHaveLength(10);
  });

  it('without conferenceSid (an older plugin) finds the conference by the task SID and reads the participant in a third round', async () => {
    const w = inbound();
    await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(w.fake.depthOf('findTaskConference')).toBe(2);
    expect(w.fake.depthOf('fetchParticipant')).toBe(3);
    expect(w.fake.depthOf('createRecording')).toBe(4);
  });

  it('sends nothing to Twilio before the token is valid', async () => {
    const w = inbound();
    await expect(
      rejection(startRecording(params(w, w.customerCall!, 'customer'), 'forged', deps(w.fake))),
    ).resolves.toMatchObject({ status: 403, code: 'invalid_token' });
    expect(w.fake.calls_log.map((c) => c.op)).toEqual(['validateToken']);
  });

  it('refuses a conferenceSid that is not the task’s in-progress conference (Twilio’s friendly name), whatever the attributes say', async () => {
    const w = inbound();
    const other = inbound(w.fake);
    // The agent wrote the other task's conference into their own task's attributes.
    w.fake.externalWrite(w.taskSid, (a) => ({ ...a, conference: { sid: other.conferenceSid } }));
    const error = await rejection(
      startRecording(
        { ...params(w, other.customerCall!, 'customer'), conferenceSid: other.conferenceSid },
        'good',
        deps(w.fake),
      ),
    );
    expect(error).toMatchObject({ status: 403, code: 'leg_not_in_task' });
    expect(error.toBody()).toMatchObject({ field: 'conferenceSid' });
    const ended = inbound(w.fake);
    w.fake.conferences.delete(ended.taskSid);
    w.fake.endedConferences.set(ended.conferenceSid!, ended.taskSid);
    await expect(
      rejection(
        startRecording(
          { ...params(ended, ended.customerCall!, 'customer'), conferenceSid: ended.conferenceSid },
          'good',
          deps(w.fake),
        ),
      ),
    ).resolves.toMatchObject({ status: 403, code: 'leg_not_in_task' });
    expect(w.fake.count('createRecording')).toBe(0);
  });

  it('adds conference.sid and the customer call SID to an outbound task (customer channel)', async () => {
    const w = outbound(true);
    await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(w.fake.taskAttributes(w.taskSid)).toMatchObject({
      type: 'outbound',
      name: 'Ann',
      conference: { sid: w.conferenceSid },
      call_sid: w.customerCall,
    });
  });

  it("adds the customer's call SID, never the worker's, when the worker leg is recorded", async () => {
    const w = outbound(true);
    await startRecording(params(w, w.workerCall, 'worker'), 'good', deps(w.fake));
    const attrs = w.fake.taskAttributes(w.taskSid);
    expect(attrs.call_sid).toBe(w.customerCall);
    expect(attrs.conference).toEqual({ sid: w.conferenceSid });
  });

  it('leaves call_sid out while the outbound customer has not answered', async () => {
    const w = outbound(false);
    await startRecording(params(w, w.workerCall, 'worker'), 'good', deps(w.fake));
    const attrs = w.fake.taskAttributes(w.taskSid);
    expect(attrs).not.toHaveProperty('call_sid');
    expect(attrs.conference).toEqual({ sid: w.conferenceSid });
  });

  it("records an internal call's own client leg without a conference", async () => {
    const w = internal();
    const result = await startRecording(params(w, w.workerCall, 'worker'), 'good', deps(w.fake));
    expect(result.status).toBe(201);
    expect(w.fake.count('fetchParticipant')).toBe(0);
    expect(w.fake.taskAttributes(w.taskSid)).not.toHaveProperty('conference');
  });
});

describe('startRecording: idempotency', () => {
  it('answers 200 alreadyRecording for a leg that is being recorded, without a second create', async () => {
    const w = inbound();
    const first = await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    const second = await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(second).toEqual({ status: 200, body: { ...first.body, alreadyRecording: true } });
    expect(w.fake.count('createRecording')).toBe(1);
    expect((w.fake.taskAttributes(w.taskSid).conversations as { media: unknown[] }).media).toHaveLength(1);
  });

  it('treats a paused recording as already recording', async () => {
    const w = inbound();
    await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    w.fake.recordings[0].status = 'paused';
    const again = await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(again.body).toMatchObject({ alreadyRecording: true, status: 'paused' });
  });

  it('two concurrent starts for one leg leave exactly one active recording, named by both answers', async () => {
    const w = inbound();
    holdBothCreates(w.fake);
    const p = params(w, w.customerCall!, 'customer');
    const [a, b] = await Promise.all([
      startRecording(p, 'good', deps(w.fake)),
      startRecording(p, 'good', deps(w.fake)),
    ]);

    expect(w.fake.count('createRecording')).toBe(2);
    const active = w.fake.recordings.filter((r) => r.status === 'in-progress');
    expect(active).toHaveLength(1);
    // The loser's recording is stopped and deleted: the call keeps exactly one recording.
    expect(w.fake.count('deleteRecording')).toBe(1);
    expect(w.fake.recordings).toHaveLength(1);
    expect(a.body.recordingSid).toBe(active[0].sid);
    expect(b.body.recordingSid).toBe(active[0].sid);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect([a.body.alreadyRecording, b.body.alreadyRecording].sort()).toEqual([false, true]);
    const attrs = w.fake.taskAttributes(w.taskSid);
    expect(claimFor(attrs, w.customerCall!)?.recording_sid).toBe(active[0].sid);
    expect((attrs.conversations as { media: { url: string }[] }).media.map((m) => m.url)).toEqual([
      a.body.mediaUrl,
    ]);
  });

  it('keeps the winner when deleting the stopped duplicate fails', async () => {
    const w = inbound();
    holdBothCreates(w.fake);
    w.fake.before('deleteRecording', async () => {
      throw new TwilioApiError('Service unavailable', 503, 20503);
    });
    const p = params(w, w.customerCall!, 'customer');
    const results = await Promise.all([
      startRecording(p, 'good', deps(w.fake)),
      startRecording(p, 'good', deps(w.fake)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(w.fake.recordings.filter((r) => r.status === 'in-progress')).toHaveLength(1);
    expect(w.fake.recordings.filter((r) => r.status === 'stopped')).toHaveLength(1);
  });

  it('five concurrent starts still converge on one recording', async () => {
    const w = inbound();
    const p = params(w, w.customerCall!, 'customer');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => startRecording(p, 'good', deps(w.fake))),
    );
    const active = w.fake.recordings.filter((r) => r.status === 'in-progress');
    expect(active).toHaveLength(1);
    expect(w.fake.recordings).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.recordingSid))).toEqual(new Set([active[0].sid]));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('replaces a stale claim whose recording has ended', async () => {
    const w = inbound();
    await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    w.fake.recordings[0].status = 'completed';
    const again = await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(again.status).toBe(201);
    expect(claimFor(w.fake.taskAttributes(w.taskSid), w.customerCall!)?.recording_sid).toBe(
      again.body.recordingSid,
    );
  });

  it('adopts an active recording nobody claimed (a start that crashed before its write)', async () => {
    const w = inbound();
    w.fake.recordings.push({
      sid: sid('RE', 999),
      callSid: w.customerCall!,
      status: 'in-progress',
      startTime: new Date(0),
      dateCreated: new Date(0),
    });
    const result = await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(result).toMatchObject({
      status: 200,
      body: { recordingSid: sid('RE', 999), alreadyRecording: true },
    });
    expect(claimFor(w.fake.taskAttributes(w.taskSid), w.customerCall!)?.recording_sid).toBe(sid('RE', 999));
  });
});

describe('startRecording: compare-and-set on the task', () => {
  it('re-reads and re-merges after a 412, keeping the concurrent writer’s change', async () => {
    const w = inbound();
    w.fake.before('updateTaskAttributes', async () => {
      w.fake.externalWrite(w.taskSid, (a) => ({ ...a, supervisor_note: 'written meanwhile' }));
    });
    const result = await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(result.status).toBe(201);
    expect(w.fake.count('updateTaskAttributes')).toBe(2);
    expect(w.fake.taskAttributes(w.taskSid)).toMatchObject({
      supervisor_note: 'written meanwhile',
      conversations: { media: [expect.objectContaining({ url: result.body.mediaUrl })] },
    });
  });

  it('answers 503 when the task keeps changing, leaving no unnamed recording; a retry records the leg once', async () => {
    const w = inbound();
    for (let i = 0; i < 5; i += 1) {
      w.fake.before('updateTaskAttributes', async () => {
        w.fake.externalWrite(w.taskSid, (a) => ({ ...a, churn: i }));
      });
    }
    const logs: string[] = [];
    const error = await rejection(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake, ME, logs)),
    );
    expect(error).toMatchObject({ status: 503, code: 'twilio_unavailable' });
    // The recording it created but could not name was stopped and deleted: nothing runs unseen.
    expect(w.fake.recordings).toHaveLength(0);
    expect(logs.some((l) => l.includes('unnamed_recording_deleted'))).toBe(true);
    const retry = await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(retry.status).toBe(201);
    expect(w.fake.recordings.filter((r) => r.status === 'in-progress')).toHaveLength(1);
    expect(claimFor(w.fake.taskAttributes(w.taskSid), w.customerCall!)?.recording_sid).toBe(
      retry.body.recordingSid,
    );
  });
});

describe('startRecording: no orphans (a recording this request created is named on the task or stopped)', () => {
  /** Phases as the route's deadline has them, counted. */
  function phases(): { enterCommit: jest.Mock; enterCleanup: jest.Mock } {
    return { enterCommit: jest.fn(), enterCleanup: jest.fn() };
  }

  it('enters the commit phase just before the create, and never creates when that phase is refused (budget spent)', async () => {
    const w = inbound();
    const refused = {
      enterCommit: jest.fn(() => {
        throw new DeadlineExceededError('No time left to start a recording');
      }),
      enterCleanup: jest.fn(),
    };
    await expect(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', { ...deps(w.fake), phases: refused }),
    ).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(w.fake.count('createRecording')).toBe(0);
    const timed = phases();
    await startRecording(params(w, w.customerCall!, 'customer'), 'good', { ...deps(w.fake), phases: timed });
    expect(timed.enterCommit).toHaveBeenCalledTimes(1);
    expect(timed.enterCleanup).not.toHaveBeenCalled();
  });

  it('stops and deletes its recording when the claim write fails with Twilio unavailable', async () => {
    const w = inbound();
    const unavailable = new TwilioApiError('Service Unavailable', 503, 20503);
    w.fake.before('updateTaskAttributes', async () => {
      throw unavailable;
    });
    const timed = phases();
    await expect(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', { ...deps(w.fake), phases: timed }),
    ).rejects.toBe(unavailable);
    expect(timed.enterCleanup).toHaveBeenCalledTimes(1);
    expect(w.fake.count('stopRecording')).toBe(1);
    expect(w.fake.recordings).toHaveLength(0);
    expect(claimFor(w.fake.taskAttributes(w.taskSid), w.customerCall!)).toBeUndefined();
  });

  it('keeps a recording whose claim write landed although its answer was lost, and answers 201', async () => {
    const w = inbound();
    const gateway = w.fake.gateway();
    const lostAnswer = {
      ...gateway,
      updateTaskAttributes: async (taskSid: string, attrs: Record<string, unknown>, etag: string) => {
        await gateway.updateTaskAttributes(taskSid, attrs, etag);
        throw new DeadlineExceededError('Twilio did not answer in time');
      },
    };
    const result = await startRecording(params(w, w.customerCall!, 'customer'), 'good', {
      ...deps(w.fake),
      gateway: lostAnswer,
    });
    expect(result.status).toBe(201);
    expect(w.fake.count('stopRecording')).toBe(0);
    expect(w.fake.recordings.filter((r) => r.status === 'in-progress')).toHaveLength(1);
  });

  it('when even the stop fails, leaves the recording for the next request of the leg to adopt', async () => {
    const w = inbound();
    const unavailable = new TwilioApiError('Service Unavailable', 503, 20503);
    w.fake.before('updateTaskAttributes', async () => {
      throw unavailable;
    });
    w.fake.before('stopRecording', async () => {
      throw unavailable;
    });
    const logs: string[] = [];
    await expect(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake, ME, logs)),
    ).rejects.toBe(unavailable);
    expect(logs.some((l) => l.includes('unnamed_recording_not_stopped'))).toBe(true);
    const retry = await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(retry.body).toMatchObject({ recordingSid: w.fake.recordings[0].sid, alreadyRecording: true });
    expect(w.fake.recordings).toHaveLength(1);
    expect(claimFor(w.fake.taskAttributes(w.taskSid), w.customerCall!)?.recording_sid).toBe(
      w.fake.recordings[0].sid,
    );
  });
});

describe('startRecording: authorization', () => {
  it('refuses a bad token before anything is written', async () => {
    const w = inbound();
    const error = await rejection(
      startRecording(params(w, w.customerCall!, 'customer'), 'forged', deps(w.fake)),
    );
    expect(error).toMatchObject({ status: 403, code: 'invalid_token' });
    expect(w.fake.count('createRecording')).toBe(0);
  });

  it("refuses another worker's reservation", async () => {
    const w = inbound();
    const error = await rejection(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake, BOB)),
    );
    expect(error).toMatchObject({ status: 403, code: 'reservation_not_owned' });
    expect(error.toBody()).toMatchObject({ field: 'reservationSid' });
  });

  it.each(['pending', 'rejected', 'rescinded', 'wrapping', 'completed'])(
    'refuses a %s reservation',
    async (status) => {
      const w = inbound();
      w.fake.reservations.get(w.reservationSid)!.status = status;
      const error = await rejection(
        startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake)),
      );
      expect(error).toMatchObject({ status: 403, code: 'reservation_not_accepted' });
    },
  );

  it('answers 404 for an unknown reservation or task', async () => {
    const w = inbound();
    const p = params(w, w.customerCall!, 'customer');
    await expect(
      rejection(startRecording({ ...p, reservationSid: sid('WR', 1) }, 'good', deps(w.fake))),
    ).resolves.toMatchObject({
      status: 404,
      code: 'reservation_not_found',
    });
    w.fake.tasks.delete(w.taskSid);
    await expect(rejection(startRecording(p, 'good', deps(w.fake)))).resolves.toMatchObject({ status: 404 });
  });

  it('refuses a leg from another task', async () => {
    const w = inbound();
    const other = inbound(w.fake);
    const error = await rejection(
      startRecording(params(w, other.customerCall!, 'customer'), 'good', deps(w.fake)),
    );
    expect(error).toMatchObject({ status: 403, code: 'leg_not_in_task' });
    expect(w.fake.count('createRecording')).toBe(0);
  });

  it("refuses another agent's leg as the worker channel, and an agent leg as the customer channel", async () => {
    const w = inbound();
    w.fake.calls.get(w.workerCall)!.to = 'client:bob';
    await expect(
      rejection(startRecording(params(w, w.workerCall, 'worker'), 'good', deps(w.fake))),
    ).resolves.toMatchObject({
      status: 403,
      code: 'leg_channel_mismatch',
    });
    await expect(
      rejection(startRecording(params(w, w.workerCall, 'customer'), 'good', deps(w.fake))),
    ).resolves.toMatchObject({
      status: 403,
      code: 'leg_channel_mismatch',
    });
  });

  it('refuses a participant that already left the conference', async () => {
    const w = inbound();
    w.fake.participants.find((p) => p.callSid === w.customerCall)!.status = 'complete';
    const error = await rejection(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake)),
    );
    expect(error).toMatchObject({ status: 403, code: 'leg_not_in_task' });
  });

  it("refuses an internal call leg that is not the caller's own", async () => {
    const w = internal();
    w.fake.calls.get(w.workerCall)!.from = 'client:carol';
    w.fake.calls.get(w.workerCall)!.to = 'client:bob';
    const error = await rejection(startRecording(params(w, w.workerCall, 'worker'), 'good', deps(w.fake)));
    expect(error).toMatchObject({ status: 403, code: 'leg_not_in_task' });
  });

  it('refuses a task that has no conference and is not an internal call', async () => {
    const w = inbound();
    w.fake.conferences.delete(w.taskSid);
    const error = await rejection(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake)),
    );
    expect(error).toMatchObject({ status: 403, code: 'leg_not_in_task' });
  });

  it('answers 409 for a call that already ended, before trying to record it', async () => {
    const w = inbound();
    w.fake.calls.get(w.customerCall!)!.status = 'completed';
    const error = await rejection(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake)),
    );
    expect(error).toMatchObject({ status: 409, code: 'call_not_in_progress' });
    expect(w.fake.count('createRecording')).toBe(0);
  });

  it('reports a hang-up as 409 even after it moved the reservation to wrapping and ended the conference', async () => {
    const w = inbound();
    w.fake.calls.get(w.customerCall!)!.status = 'completed';
    w.fake.reservations.get(w.reservationSid)!.status = 'wrapping';
    w.fake.conferences.delete(w.taskSid);
    const error = await rejection(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake)),
    );
    expect(error).toMatchObject({ status: 409, code: 'call_not_in_progress' });
  });

  it('still refuses another worker with 403 when the call has ended (ownership is checked first)', async () => {
    const w = inbound();
    w.fake.calls.get(w.customerCall!)!.status = 'completed';
    const error = await rejection(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake, BOB)),
    );
    expect(error).toMatchObject({ status: 403, code: 'reservation_not_owned' });
  });

  it('answers 409 when the leg hung up between the two rounds (participant gone, call completed)', async () => {
    const w = inbound();
    w.fake.before('fetchParticipant', async () => {
      // The caller hangs up after round one read the call as in progress.
      w.fake.calls.get(w.customerCall!)!.status = 'completed';
      w.fake.participants = w.fake.participants.filter((p) => p.callSid !== w.customerCall);
    });
    const error = await rejection(
      startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake)),
    );
    expect(error).toMatchObject({ status: 409, code: 'call_not_in_progress' });
    expect(w.fake.count('createRecording')).toBe(0);
  });
});

describe('startRecording: logging', () => {
  it('logs SIDs only: no token, no phone number', async () => {
    const w = inbound();
    const logs: string[] = [];
    await startRecording(params(w, w.customerCall!, 'customer'), 'good', deps(w.fake, ME, logs));
    expect(logs.length).toBeGreaterThan(0);
    const all = logs.join('\n');
    expect(all).not.toContain('good');
    expect(all).not.toMatch(/\+1555/);
  });
});

/** Requests one start sends to Twilio (token validation included) and rounds before the create. */
function cost(w: World): { requests: number; roundsBeforeCreate: number | undefined } {
  const create = w.fake.depthOf('createRecording');
  return {
    requests: w.fake.calls_log.length,
    roundsBeforeCreate: create === undefined ? undefined : create - 1,
  };
}

describe('startRecording: requests per start, older plugin (no attempt: the list on every start)', () => {
  const withHint = (w: World, callSid: string, channel: 'customer' | 'worker'): CreateRecordingParams => ({
    ...params(w, callSid, channel),
    ...(w.conferenceSid ? { conferenceSid: w.conferenceSid } : {}),
  });

  it('inbound, customer leg: 9 requests (token, 6 reads, create, task write) on a warm instance, 10 on a cold one (the Flex configuration), 2 rounds before the create', async () => {
    const w = inbound();
    await startRecording(withHint(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(cost(w)).toEqual({ requests: 10, roundsBeforeCreate: 2 });
    const warm = inbound(w.fake);
    w.fake.calls_log = [];
    await startRecording(withHint(warm, warm.customerCall!, 'customer'), 'good', deps(w.fake));
    expect(w.fake.calls_log).toHaveLength(9);
  });

  it('outbound (warm instance), customer leg: 9 requests, 2 rounds; worker leg: 2 more after the create to find the customer for call_sid', async () => {
    const c = outbound(true);
    await startRecording(withHint(c, c.customerCall!, 'customer'), 'good', deps(c.fake));
    expect(cost(c)).toEqual({ requests: 10, roundsBeforeCreate: 2 });
    const w = outbound(true);
    await startRecording(withHint(w, w.workerCall, 'worker'), 'good', deps(w.fake));
    // The settings cache is warm now: no Flex configuration read.
    expect(cost(w)).toEqual({ requests: 11, roundsBeforeCreate: 2 });
  });

  it('internal (no conference, so no hint): 8 requests on a warm instance, 2 rounds before the create', async () => {
    const w = internal();
    await startRecording(params(w, w.workerCall, 'worker'), 'good', deps(w.fake));
    expect(cost(w)).toEqual({ requests: 9, roundsBeforeCreate: 2 });
  });

  it('a warm instance that validated the agent’s token keeps it until it expires: the agent’s next start is 8 requests (no token round trip); a refused token is asked about every time', async () => {
    const first = inbound();
    const { fake } = first;
    const warmTokens = createTokenCache();
    // Twilio's token validation, as the request context wires it, counted with the other requests.
    const validate = (token: string) =>
      fake.track('validateToken', [], () => {
        if (token !== 'good') throw 'Invalid Access Token';
        return {
          valid: true,
          worker_sid: ME.workerSid,
          identity: 'alice',
          roles: ['agent'],
          expiration: new Date(Date.now() + 3_600_000).toISOString(),
        };
      });
    const warmDeps = (): StartDeps => ({
      ...deps(fake),
      validateToken: (token) =>
        validateFlexToken(
          token,
          TEST_CONFIG,
          createDeadline(7000),
          validate as unknown as ValidateFn,
          warmTokens,
        ),
    });
    await startRecording(withHint(first, first.customerCall!, 'customer'), 'good', warmDeps());
    expect(cost(first)).toEqual({ requests: 10, roundsBeforeCreate: 2 });
    const second = inbound(fake);
    fake.calls_log = [];
    await startRecording(withHint(second, second.customerCall!, 'customer'), 'good', warmDeps());
    expect(fake.calls_log.filter((c) => c.op === 'validateToken')).toEqual([]);
    expect(fake.calls_log).toHaveLength(8);
    const third = inbound(fake);
    fake.calls_log = [];
    for (let i = 0; i < 2; i++) {
      await expect(
        rejection(startRecording(withHint(third, third.customerCall!, 'customer'), 'forged', warmDeps())),
      ).resolves.toMatchObject({ status: 403, code: 'invalid_token' });
    }
    expect(fake.calls_log.map((c) => c.op)).toEqual(['validateToken', 'validateToken']);
  });

  it('transfer, customer leg already recorded: 7 requests and no create; the new agent’s own leg: 9', async () => {
    const w = inbound();
    await startRecording(withHint(w, w.customerCall!, 'customer'), 'good', deps(w.fake));
    const bobReservation = next('WR');
    w.fake.reservations.set(bobReservation, {
      sid: bobReservation,
      taskSid: w.taskSid,
      workerSid: BOB.workerSid,
      status: 'accepted',
    });
    const bobCall = joinLeg(w, 'client:bob');
    const bob = { ...w, reservationSid: bobReservation };
    w.fake.calls_log = [];
    const again = await startRecording(withHint(bob, w.customerCall!, 'customer'), 'good', deps(w.fake, BOB));
    expect(again.body.alreadyRecording).toBe(true);
    expect(cost(w)).toEqual({ requests: 7, roundsBeforeCreate: undefined });
    w.fake.calls_log = [];
    await startRecording(withHint(bob, bobCall, 'worker'), 'good', deps(w.fake, BOB));
    expect(w.fake.calls_log).toHaveLength(9);
  });
});

/** Round trips before the create, the token's included, in a log that may start after earlier requests. */
function roundsBeforeCreate(fake: FakeTwilio): number {
  return fake.depthOf('createRecording')! - fake.depthOf('validateToken')!;
}

/** The Twilio requests of one start, token validation left out (a warm instance keeps a validated token). */
function twilioOps(fake: FakeTwilio): string[] {
  return fake.calls_log.filter((c) => c.op !== 'validateToken').map((c) => c.op);
}

describe('startRecording: the idempotency list only when a recording of ours may run (issue 23)', () => {
  const hinted = (
    w: World,
    callSid: string,
    channel: 'customer' | 'worker',
    extra: Partial<CreateRecordingParams> = {},
  ): CreateRecordingParams => ({ ...params(w, callSid, channel), conferenceSid: w.conferenceSid, ...extra });

  /** A world whose exclusion settings are already cached, as on a warm instance, with an empty log. */
  function warm(make: (fake: FakeTwilio) => World): World {
    const fake = new FakeTwilio();
    void settingsCache(fake.gateway(), 42, 30_000);
    const w = make(fake);
    return w;
  }

  async function warmStart(w: World, p: CreateRecordingParams, who: FlexIdentity = ME) {
    await settingsCache(w.fake.gateway(), 42, 30_000);
    w.fake.calls_log = [];
    return startRecording(p, 'good', deps(w.fake, who));
  }

  it('a first try (attempt 1) on a task that names nothing of the leg: 7 Twilio requests, no recordings list, one round of reads before the create', async () => {
    const w = warm((fake) => inbound(fake));
    const result = await warmStart(w, hinted(w, w.customerCall!, 'customer', { attempt: 1 }));
    expect(result.status).toBe(201);
    expect(twilioOps(w.fake).sort()).toEqual(
      [
        'fetchReservation',
        'fetchTask',
        'fetchCall',
        'fetchConference',
        'fetchParticipant',
        'createRecording',
        'updateTaskAttributes',
      ].sort(),
    );
    // The token, then every read at once, then the create.
    expect(roundsBeforeCreate(w.fake)).toBe(2);
  });

  it.each([
    ['a retry (attempt 2)', { attempt: 2 }],
    ['an older plugin (no attempt)', {}],
  ])('%s lists the leg’s recordings in the same round as the other reads', async (_label, extra) => {
    const w = warm((fake) => inbound(fake));
    await warmStart(w, hinted(w, w.customerCall!, 'customer', extra));
    expect(w.fake.count('listActiveRecordings')).toBe(1);
    expect(w.fake.depthOf('listActiveRecordings')).toBe(w.fake.depthOf('fetchTask'));
    expect(twilioOps(w.fake)).toHaveLength(8);
    expect(roundsBeforeCreate(w.fake)).toBe(2);
  });

  it('a first try on a task that already names the leg (a repeat, another tab) lists after the reads and answers alreadyRecording without a create', async () => {
    const w = warm((fake) => inbound(fake));
    const first = await warmStart(w, hinted(w, w.customerCall!, 'customer', { attempt: 1 }));
    const again = await warmStart(w, hinted(w, w.customerCall!, 'customer', { attempt: 1 }));
    expect(again).toEqual({ status: 200, body: { ...first.body, alreadyRecording: true } });
    expect(w.fake.count('createRecording')).toBe(0);
    expect(w.fake.depthOf('listActiveRecordings')).toBe(w.fake.depthOf('fetchTask')! + 1);
    expect(w.fake.recordings).toHaveLength(1);
  });

  it('a task that names the leg only through a recordings entry, or through an unsealed claim, still gets the list', async () => {
    const running = (w: World) =>
      w.fake.recordings.push({
        sid: sid('RE', 777),
        callSid: w.customerCall!,
        status: 'in-progress',
        startTime: new Date(0),
        dateCreated: new Date(0),
      });
    const byEntry = warm((fake) =>
      inbound(fake, {
        dual_channel_recording: {
          recordings: {
            [sid('RE', 777)]: {
              call_sid: '',
              channel: 'customer',
              reservation_sid: '',
              status: 'in-progress',
              paused: false,
            },
          },
        },
      }),
    );
    // The entry names the leg by its call_sid: written after the world knows the call.
    byEntry.fake.externalWrite(byEntry.taskSid, (a) => ({
      ...a,
      dual_channel_recording: {
        recordings: {
          [sid('RE', 777)]: {
            call_sid: byEntry.customerCall,
            channel: 'customer',
            reservation_sid: byEntry.reservationSid,
            status: 'in-progress',
            paused: false,
          },
        },
      },
    }));
    running(byEntry);
    const a = await warmStart(byEntry, hinted(byEntry, byEntry.customerCall!, 'customer', { attempt: 1 }));
    expect(a.body).toMatchObject({ recordingSid: sid('RE', 777), alreadyRecording: true });

    const unsealed = warm((fake) => inbound(fake));
    unsealed.fake.externalWrite(unsealed.taskSid, (attrs) => ({
      ...attrs,
      dual_channel_recording: {
        legs: {
          [unsealed.customerCall!]: {
            recording_sid: sid('RE', 777),
            channel: 'customer',
            reservation_sid: '',
          },
        },
      },
    }));
    running(unsealed);
    const b = await warmStart(unsealed, hinted(unsealed, unsealed.customerCall!, 'customer', { attempt: 1 }));
    expect(b.body).toMatchObject({ recordingSid: sid('RE', 777), alreadyRecording: true });
    expect(unsealed.fake.count('createRecording')).toBe(0);
  });

  it('a claim that names another call of the task does not bring the list', async () => {
    const w = warm((fake) => inbound(fake));
    await warmStart(w, hinted(w, w.customerCall!, 'customer', { attempt: 1 }));
    const result = await warmStart(w, hinted(w, w.workerCall, 'worker', { attempt: 1 }));
    expect(result.status).toBe(201);
    expect(w.fake.count('listActiveRecordings')).toBe(0);
  });

  it('a retry (attempt 2) after a try whose write and stop both failed adopts the leftover recording; attempt 1 cannot see it (the known cost)', async () => {
    const failedTry = (w: World) => {
      const unavailable = new TwilioApiError('Service Unavailable', 503, 20503);
      w.fake.before('updateTaskAttributes', async () => {
        throw unavailable;
      });
      w.fake.before('stopRecording', async () => {
        throw unavailable;
      });
      return expect(
        startRecording(hinted(w, w.customerCall!, 'customer', { attempt: 1 }), 'good', deps(w.fake)),
      ).rejects.toBe(unavailable);
    };
    const w = warm((fake) => inbound(fake));
    await failedTry(w);
    const leftover = w.fake.recordings[0].sid;
    const retry = await warmStart(w, hinted(w, w.customerCall!, 'customer', { attempt: 2 }));
    expect(retry.body).toMatchObject({ recordingSid: leftover, alreadyRecording: true });
    expect(w.fake.recordings).toHaveLength(1);
    expect(claimFor(w.fake.taskAttributes(w.taskSid), w.customerCall!)?.recording_sid).toBe(leftover);

    // A client that says "first try" again after such a failure gets a second recording: nothing on the
    // task names the leftover. Pause (its event-log look) and the sink are what still find it.
    const blind = warm((fake) => inbound(fake));
    await failedTry(blind);
    const second = await warmStart(blind, hinted(blind, blind.customerCall!, 'customer', { attempt: 1 }));
    expect(second.status).toBe(201);
    expect(blind.fake.recordings.filter((r) => r.status === 'in-progress')).toHaveLength(2);
  });

  it('two concurrent first tries still leave one recording (the claim write decides, the loser deletes its own)', async () => {
    const w = warm((fake) => inbound(fake));
    holdBothCreates(w.fake);
    const p = hinted(w, w.customerCall!, 'customer', { attempt: 1 });
    const results = await Promise.all([
      startRecording(p, 'good', deps(w.fake)),
      startRecording(p, 'good', deps(w.fake)),
    ]);
    expect(w.fake.count('listActiveRecordings')).toBe(0);
    expect(w.fake.recordings).toHaveLength(1);
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
  });
});

describe('startRecording: the outbound worker leg with the customer’s call named (customerCallSid)', () => {
  /** An outbound task whose customer answered, with a warm exclusion-settings cache and an empty log. */
  async function answered(): Promise<World> {
    const w = outbound(true);
    await settingsCache(w.fake.gateway(), 42, 30_000);
    w.fake.calls_log = [];
    return w;
  }

  const worker = (w: World, customerCallSid: string | undefined): CreateRecordingParams => ({
    ...params(w, w.workerCall, 'worker'),
    conferenceSid: w.conferenceSid,
    attempt: 1,
    ...(customerCallSid ? { customerCallSid } : {}),
  });

  it('one request more than an inbound start: participants listed and the named call read in the same round, call_sid filled, nothing read after the create', async () => {
    const w = await answered();
    const result = await startRecording(worker(w, w.customerCall), 'good', deps(w.fake));
    expect(result.status).toBe(201);
    expect(w.fake.taskAttributes(w.taskSid)).toMatchObject({
      call_sid: w.customerCall,
      conference: { sid: w.conferenceSid },
    });
    expect(twilioOps(w.fake)).toHaveLength(8);
    expect(w.fake.count('fetchParticipant')).toBe(0);
    const create = w.fake.depthOf('createRecording')!;
    expect(w.fake.depthOf('listParticipants')).toBe(w.fake.depthOf('fetchTask'));
    expect(w.fake.calls_log.filter((c) => c.op === 'fetchCall').every((c) => c.depth < create)).toBe(true);
    expect(w.fake.calls_log.filter((c) => c.op === 'listParticipants')).toHaveLength(1);
    expect(roundsBeforeCreate(w.fake)).toBe(2);

    // The same start without the hint: the fill lists the conference and reads its calls after the create.
    const plain = await answered();
    await startRecording(worker(plain, undefined), 'good', deps(plain.fake));
    expect(plain.fake.depthOf('listParticipants')).toBeGreaterThan(plain.fake.depthOf('createRecording')!);
    expect(twilioOps(plain.fake)).toHaveLength(9);
  });

  /** Bob, another agent, joins the conference through his Flex client; his call is named as the customer's. */
  const plantClientLeg = (w: World): string => {
    const bob = joinLeg(w, 'client:bob');
    return bob;
  };

  it.each([
    ['a Flex client leg (another agent)', plantClientLeg],
    [
      'a participant that is no longer connected',
      (w: World) => {
        const gone = joinLeg(w, '+15558670000', 'complete');
        return gone;
      },
    ],
    [
      "a call in another task's conference",
      (w: World) => {
        const other = inbound(w.fake);
        return other.customerCall!;
      },
    ],
    ['a call Twilio does not know', () => next('CA')],
  ])('does not write %s as call_sid, and still finds the real customer', async (_label, plant) => {
    const w = await answered();
    const named = plant(w);
    w.fake.calls_log = [];
    const result = await startRecording(worker(w, named), 'good', deps(w.fake));
    expect(result.status).toBe(201);
    expect(w.fake.taskAttributes(w.taskSid).call_sid).toBe(w.customerCall);
    // The fallback reuses round one's participant list.
    expect(w.fake.count('listParticipants')).toBe(1);
  });

  // An agent chooses what their plugin sends: with two phone parties in the conference (a customer
  // and an external party), naming the second must not make it the task's call_sid.
  it('does not let the named call choose between two phone parties: ambiguous as without the hint, call_sid left unfilled', async () => {
    const w = await answered();
    const external = joinLeg(w, '+15558670002');
    w.fake.calls_log = [];
    const result = await startRecording(worker(w, external), 'good', deps(w.fake));
    expect(result.status).toBe(201);
    expect(w.fake.taskAttributes(w.taskSid).call_sid).toBeUndefined();
    // The named call was read once, in round one; the other party's call is read to compare.
    expect(w.fake.calls_log.filter((c) => c.op === 'fetchCall' && c.args[0] === external)).toHaveLength(1);
  });

  it('reads a named call that failed the check only once: the fallback takes it from round one', async () => {
    const w = await answered();
    const bob = plantClientLeg(w);
    w.fake.calls_log = [];
    await startRecording(worker(w, bob), 'good', deps(w.fake));
    expect(w.fake.calls_log.filter((c) => c.op === 'fetchCall' && c.args[0] === bob)).toHaveLength(1);
  });

  it('leaves an existing call_sid alone whatever call is named', async () => {
    const w = await answered();
    w.fake.externalWrite(w.taskSid, (a) => ({ ...a, call_sid: w.customerCall }));
    const other = joinLeg(w, '+15558670001');
    await startRecording(worker(w, other), 'good', deps(w.fake));
    expect(w.fake.taskAttributes(w.taskSid).call_sid).toBe(w.customerCall);
  });

  it('refuses the recorded leg when it is not in the listed participants, as the single fetch did', async () => {
    const w = await answered();
    w.fake.participants = w.fake.participants.filter((p) => p.callSid !== w.workerCall);
    const error = await rejection(startRecording(worker(w, w.customerCall), 'good', deps(w.fake)));
    expect(error).toMatchObject({ status: 403, code: 'leg_not_in_task' });
    expect(w.fake.count('createRecording')).toBe(0);
  });
});
