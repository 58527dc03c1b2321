/**
 * pause-recording and resume-recording over HTTP: the built Functions under `twilio-run start`
 * against the local Twilio sandbox. A recording is started through create-recording first, as the
 * plugin does, so the claim and lifecycle entry are the real ones.
 */
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import {
  postFunction,
  recordInboundCall,
  waitForInFlight,
  type RecordedCall,
  type Reply,
} from '../helpers/functions-http';

/** The recorded call the pause and resume tests act on. */
type Leg = RecordedCall;

interface ProductKey {
  legs: Record<string, unknown>;
  recordings: Record<string, { paused: boolean; status: string; updated_at: string }>;
  audit?: {
    action: string;
    recording_sid: string;
    call_sid: string;
    by: { worker_sid?: string; identity: string; roles: string[] };
    at: string;
  }[];
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

beforeEach(async () => {
  await stack.sandbox.reset();
});

/** An accepted inbound call whose customer leg create-recording is recording. */
function recordedCall(s: Stack, attributes?: Record<string, unknown>): Promise<Leg> {
  return recordInboundCall(s, { attributes });
}

function control(
  s: Stack,
  action: 'pause' | 'resume',
  leg: Leg,
  overrides: Record<string, unknown> = {},
  form = false,
): Promise<Reply> {
  return postFunction(
    s,
    `/${action}-recording`,
    {
      Token: leg.worker.token,
      taskSid: leg.taskSid,
      reservationSid: leg.reservationSid,
      callSid: leg.callSid,
      ...overrides,
    },
    { form },
  );
}

async function productKey(s: Stack, taskSid: string): Promise<ProductKey> {
  return (await s.sandbox.task(taskSid)).attributes.dual_channel_recording as ProductKey;
}

async function recordingStatus(s: Stack, recordingSid: string): Promise<string> {
  const rec = (await s.sandbox.recordings()).find((r) => r.sid === recordingSid);
  return rec?.status ?? 'missing';
}

async function recordingUpdates(s: Stack, recordingSid: string): Promise<number> {
  return (await s.sandbox.requests()).filter(
    (r) => r.method === 'POST' && r.path.includes(`/Recordings/${recordingSid}`),
  ).length;
}

describe('pause and resume by the owner', () => {
  it('pauses (PauseBehavior skip), then resumes, with an audit entry for each and other attributes kept', async () => {
    const leg = await recordedCall(stack, { custom: { keep: [1, 2] }, conversations: { segment: 'vip' } });
    const before = (await stack.sandbox.task(leg.taskSid)).attributes;

    const paused = await control(stack, 'pause', leg);
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual({
      recordingSid: leg.recordingSid,
      callSid: leg.callSid,
      status: 'paused',
      changed: true,
    });
    const rec = (await stack.sandbox.recordings()).find((r) => r.sid === leg.recordingSid);
    expect(rec).toMatchObject({ status: 'paused', pauseBehavior: 'skip' });

    const resumed = await control(stack, 'resume', leg, {}, true);
    expect(resumed.body).toEqual({ ...paused.body, status: 'in-progress', changed: true });
    expect(await recordingStatus(stack, leg.recordingSid)).toBe('in-progress');

    const after = (await stack.sandbox.task(leg.taskSid)).attributes;
    expect(after.custom).toEqual(before.custom);
    expect(after.conversations).toEqual(before.conversations);
    const key = after.dual_channel_recording as ProductKey;
    expect(key.legs).toEqual((before.dual_channel_recording as ProductKey).legs);
    expect(key.recordings[leg.recordingSid]).toMatchObject({ status: 'in-progress', paused: false });
    const by = { worker_sid: leg.worker.workerSid, identity: 'alice', roles: ['agent'] };
    expect(key.audit).toEqual([
      { action: 'pause', recording_sid: leg.recordingSid, call_sid: leg.callSid, by, at: expect.any(String) },
      {
        action: 'resume',
        recording_sid: leg.recordingSid,
        call_sid: leg.callSid,
        by,
        at: expect.any(String),
      },
    ]);
    expect(Date.parse(key.audit![0].at)).not.toBeNaN();
    // The trail lives under the product's key only; the Insights media entries are untouched.
    expect(JSON.stringify(after.conversations)).not.toContain('pause');
  }, 30_000);

  it('a second pause is a no-op answering the current state: no Twilio update, no audit entry', async () => {
    const leg = await recordedCall(stack);
    expect((await control(stack, 'pause', leg)).body.changed).toBe(true);
    const etag = (await stack.sandbox.task(leg.taskSid)).etag;
    const again = await control(stack, 'pause', leg);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'paused', changed: false });
    expect(await recordingUpdates(stack, leg.recordingSid)).toBe(1);
    expect((await stack.sandbox.task(leg.taskSid)).etag).toBe(etag);
    expect((await productKey(stack, leg.taskSid)).audit).toHaveLength(1);
  }, 30_000);

  it('a pause of a leg Twilio records once costs no request more than before: no event-log read', async () => {
    const leg = await recordedCall(stack);
    await stack.sandbox.clearRequests();
    expect((await control(stack, 'pause', leg)).body).toMatchObject({ status: 'paused', changed: true });
    // Token validation aside (a warm instance may keep the token): task, reservation, call, conference,
    // the call's recordings, participant; the lease; the recording's status and its pause; the lease back.
    const requests = (await stack.sandbox.requests()).filter((r) => r.api !== 'iam');
    expect(requests.filter((r) => r.path.includes('/Events'))).toEqual([]);
    expect(requests).toHaveLength(10);
  }, 30_000);

  it('resuming what is recording is a no-op', async () => {
    const leg = await recordedCall(stack);
    const res = await control(stack, 'resume', leg);
    expect(res.body).toMatchObject({ status: 'in-progress', changed: false });
    expect(await recordingUpdates(stack, leg.recordingSid)).toBe(0);
    expect((await productKey(stack, leg.taskSid)).audit).toBeUndefined();
  }, 30_000);
});

describe('authorization', () => {
  it("refuses another worker (with the owner's reservation, or none) with 403 and changes nothing", async () => {
    const leg = await recordedCall(stack);
    const mallory = await stack.sandbox.createWorker({ identity: 'mallory' });
    const before = await stack.sandbox.task(leg.taskSid);
    const withReservation = await control(stack, 'pause', leg, { Token: mallory.token });
    expect(withReservation.status).toBe(403);
    expect(withReservation.body).toMatchObject({ status: 403, code: 'forbidden', field: 'reservationSid' });
    const without = await control(stack, 'pause', leg, { Token: mallory.token, reservationSid: undefined });
    expect(without.body).toMatchObject({ status: 403, code: 'forbidden', field: 'reservationSid' });
    expect(await recordingStatus(stack, leg.recordingSid)).toBe('in-progress');
    expect((await stack.sandbox.task(leg.taskSid)).etag).toBe(before.etag);
  }, 30_000);

  it('refuses a forged token with 403 invalid_token', async () => {
    const leg = await recordedCall(stack);
    const res = await control(stack, 'pause', leg, { Token: 'eyJhbGciOiJub25lIn0.e30.' });
    expect(res.body).toMatchObject({ status: 403, code: 'invalid_token' });
    expect(await recordingStatus(stack, leg.recordingSid)).toBe('in-progress');
  }, 30_000);

  it('lets a supervisor (a PAUSE_ROLES role, default supervisor) pause without a reservation', async () => {
    const leg = await recordedCall(stack);
    const sup = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    const res = await control(stack, 'pause', leg, { Token: sup.token, reservationSid: undefined });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'paused', changed: true });
    const [entry] = (await productKey(stack, leg.taskSid)).audit!;
    expect(entry.by).toEqual({ worker_sid: sup.workerSid, identity: 'sam', roles: ['supervisor'] });
  }, 30_000);
});

describe('no recording to control', () => {
  it('answers 409 call_not_in_progress after the caller hung up', async () => {
    const leg = await recordedCall(stack);
    await stack.sandbox.hangup(leg.callSid);
    const res = await control(stack, 'pause', leg);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'call_not_in_progress', field: 'callSid' });
    expect((await productKey(stack, leg.taskSid)).audit).toBeUndefined();
  }, 30_000);

  it("maps Twilio's 21220 on the update (hang-up race) to 409 with Twilio's code", async () => {
    const leg = await recordedCall(stack);
    await stack.sandbox.addFault({
      method: 'POST',
      api: 'api',
      path: `/Recordings/${leg.recordingSid}\\.json$`,
      status: 400,
      code: 21220,
      message: 'Unable to update record: Call is not in-progress.',
    });
    const res = await control(stack, 'pause', leg);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'call_not_in_progress', twilioCode: 21220 });
    expect((await productKey(stack, leg.taskSid)).audit).toBeUndefined();
  }, 30_000);

  it('answers 404 no_recording for a leg nothing claimed (never started, or an excluded call)', async () => {
    const worker = await stack.sandbox.createWorker({ identity: 'alice' });
    const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
    const res = await postFunction(stack, '/pause-recording', {
      Token: worker.token,
      taskSid: call.taskSid,
      reservationSid: call.reservationSid,
      callSid: call.customerCallSid,
    });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'no_recording', field: 'callSid' });
  }, 30_000);

  it('names the bad field with 400 before asking Twilio anything', async () => {
    await stack.sandbox.clearRequests();
    const res = await postFunction(stack, '/resume-recording', {
      Token: 'x',
      taskSid: 'WT' + '0'.repeat(32),
      callSid: '+15558675310',
    });
    expect(res.body).toMatchObject({ status: 400, code: 'invalid_parameter', field: 'callSid' });
    expect(await stack.sandbox.requests()).toEqual([]);
  }, 30_000);
});

describe('concurrent attribute writers', () => {
  it('a writer that changes the task mid-pause causes a 412; the Function re-reads and keeps both changes', async () => {
    const leg = await recordedCall(stack);
    await stack.sandbox.clearRequests();
    await stack.sandbox.addFault({
      method: 'POST',
      api: 'taskrouter',
      path: `/Tasks/${leg.taskSid}$`,
      latencyMs: 800,
      times: 1,
    });
    const pending = control(stack, 'pause', leg);
    await waitForInFlight(stack, 'taskrouter', leg.taskSid, 'POST');
    const current = (await stack.sandbox.task(leg.taskSid)).attributes;
    await stack.sandbox.setTaskAttributes(leg.taskSid, { ...current, supervisor_flag: 'escalated' });
    const res = await pending;
    expect(res.body).toMatchObject({ status: 'paused', changed: true });
    const attrs = (await stack.sandbox.task(leg.taskSid)).attributes;
    expect(attrs.supervisor_flag).toBe('escalated');
    const key = attrs.dual_channel_recording as ProductKey;
    expect(key.recordings[leg.recordingSid].paused).toBe(true);
    expect(key.audit).toHaveLength(1);
    const statuses = (await stack.sandbox.requests())
      .filter((r) => r.method === 'POST' && r.api === 'taskrouter')
      .map((r) => r.status);
    // The lease write met the concurrent writer (412), was re-merged (200); the lease was then given
    // back with the paused flag (200).
    expect(statuses).toEqual([412, 200, 200]);
  }, 30_000);
});

describe('with PAUSE_ROLES=admin and PAUSE_BEHAVIOR=silence', () => {
  let admins: Stack;

  beforeAll(async () => {
    admins = await startStack({ env: { PAUSE_ROLES: 'admin', PAUSE_BEHAVIOR: 'silence' } });
  }, 60_000);

  afterAll(async () => {
    await admins?.stop();
  });

  it('refuses a supervisor (role not configured) with 403 and lets an admin pause with silence', async () => {
    const leg = await recordedCall(admins);
    const sup = await admins.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    const refused = await control(admins, 'pause', leg, { Token: sup.token, reservationSid: undefined });
    expect(refused.body).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await recordingStatus(admins, leg.recordingSid)).toBe('in-progress');

    const admin = await admins.sandbox.createWorker({ identity: 'ada', roles: ['admin'] });
    const res = await control(admins, 'pause', leg, { Token: admin.token, reservationSid: undefined });
    expect(res.body).toMatchObject({ status: 'paused', changed: true });
    const rec = (await admins.sandbox.recordings()).find((r) => r.sid === leg.recordingSid);
    expect(rec).toMatchObject({ status: 'paused', pauseBehavior: 'silence' });
  }, 30_000);
});
