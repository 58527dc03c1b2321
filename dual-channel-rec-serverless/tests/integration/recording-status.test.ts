/**
 * recording-status over HTTP: the compiled Function under `twilio-run start`, receiving the signed
 * callbacks the sandbox sends to PUBLIC_BASE_URL (set by the harness) and hand-made ones signed
 * with Twilio's algorithm (tools/twilio-sandbox/src/signer.ts), to replay, reorder and forge them.
 */
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import { twilioSignature, type WebhookParams } from '@dual-channel-recording/twilio-sandbox/signer';
import type { CallbackRecord } from '@dual-channel-recording/twilio-sandbox/state';
import { postFunction, recordInboundCall, type RecordedCall, type Reply } from '../helpers/functions-http';

interface RecordingEntry {
  call_sid: string;
  channel: string;
  reservation_sid: string;
  status: string;
  paused: boolean;
  duration?: number;
  channels?: number;
  start_time?: number;
  error_code?: number;
  updated_at: string;
}

/** The recorded call whose callbacks the tests send. */
type Recorded = RecordedCall;

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

async function answered(recordingSid: string, status: string): Promise<CallbackRecord> {
  const all = await stack.sandbox.waitForCallbacks((list) =>
    list.some(
      (c) =>
        c.recordingSid === recordingSid && c.params.RecordingStatus === status && c.responseStatus !== null,
    ),
  );
  return all.filter((c) => c.recordingSid === recordingSid && c.params.RecordingStatus === status).pop()!;
}

/** A call whose customer leg create-recording records (it writes the in-progress state itself). */
function recordedCall(): Promise<Recorded> {
  return recordInboundCall(stack, { attributes: { custom: 'kept' } });
}

async function entry(taskSid: string, recordingSid: string): Promise<RecordingEntry | undefined> {
  const key = (await stack.sandbox.task(taskSid)).attributes.dual_channel_recording as {
    recordings?: Record<string, RecordingEntry>;
  };
  return key.recordings?.[recordingSid];
}

/** The callback URL create-recording registers, on the harness's PUBLIC_BASE_URL. */
function callbackPath(rec: Pick<Recorded, 'taskSid' | 'reservationSid'>): string {
  return `/recording-status?taskSid=${rec.taskSid}&reservationSid=${rec.reservationSid}`;
}

/** Sends a callback as Twilio would, signed over the full URL with `authToken` (or unsigned). */
function send(
  path: string,
  params: WebhookParams,
  signWith: string | null = stack.authToken,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (signWith !== null)
    headers['X-Twilio-Signature'] = twilioSignature(signWith, `${stack.functionsUrl}${path}`, params);
  return postFunction(stack, path, params, { form: true, origin: null, headers });
}

function inProgressParams(rec: Recorded): WebhookParams {
  return {
    AccountSid: stack.accountSid,
    CallSid: rec.callSid,
    RecordingSid: rec.recordingSid,
    RecordingStatus: 'in-progress',
    RecordingDuration: '-1',
    RecordingChannels: '2',
    RecordingStartTime: 'Thu, 01 Jan 2026 10:00:00 +0000',
    RecordingSource: 'StartCallRecordingAPI',
  };
}

describe('valid callbacks', () => {
  it('subscribes to completed and absent only, so Twilio never spends a Function run on in-progress', async () => {
    const rec = await recordedCall();
    const [recording] = (await stack.sandbox.recordings()).filter((r) => r.sid === rec.recordingSid);
    expect(recording.callbackEvents).toEqual(['completed', 'absent']);
    await stack.sandbox.hangup(rec.callSid);
    await answered(rec.recordingSid, 'completed');
    const sent = (await stack.sandbox.callbacks()).filter((c) => c.recordingSid === rec.recordingSid);
    expect(sent.map((c) => c.params.RecordingStatus)).toEqual(['completed']);
  }, 30_000);

  it("records completion (status, duration, channels, start time) from Twilio's signed callback", async () => {
    const rec = await recordedCall();
    await stack.sandbox.hangup(rec.callSid);
    const completed = await answered(rec.recordingSid, 'completed');
    expect(completed.responseStatus).toBe(200);
    const state = await entry(rec.taskSid, rec.recordingSid);
    expect(state).toEqual({
      call_sid: rec.callSid,
      channel: 'customer',
      reservation_sid: rec.reservationSid,
      status: 'completed',
      paused: false,
      duration: Number(completed.params.RecordingDuration),
      channels: 2,
      start_time: Date.parse(String(completed.params.RecordingStartTime)),
      updated_at: expect.any(String),
      // The Functions' seal that Twilio reported it over (the Event Streams sink may then skip it).
      ended_seal: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect((await stack.sandbox.task(rec.taskSid)).attributes.custom).toBe('kept');
  }, 30_000);

  it('surfaces absent (nothing recorded) with Twilio’s error code', async () => {
    const rec = await recordedCall();
    await stack.sandbox.markRecordingAbsent(rec.recordingSid, 16102);
    expect((await answered(rec.recordingSid, 'absent')).responseStatus).toBe(200);
    expect(await entry(rec.taskSid, rec.recordingSid)).toMatchObject({ status: 'absent', error_code: 16102 });
  }, 30_000);
});

describe('signature', () => {
  it('refuses an unsigned callback with 403 and changes nothing', async () => {
    const rec = await recordedCall();
    const before = await stack.sandbox.task(rec.taskSid);
    const res = await send(
      callbackPath(rec),
      { ...inProgressParams(rec), RecordingStatus: 'completed' },
      null,
    );
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'invalid_signature' });
    expect((await stack.sandbox.task(rec.taskSid)).etag).toBe(before.etag);
  }, 30_000);

  it('refuses a callback signed with another token, or over another URL, with 403', async () => {
    const rec = await recordedCall();
    const before = await stack.sandbox.task(rec.taskSid);
    const params = { ...inProgressParams(rec), RecordingStatus: 'completed', RecordingDuration: '9' };
    expect((await send(callbackPath(rec), params, 'not-the-auth-token')).status).toBe(403);
    // Signed for another reservation, sent with this one: the query is part of what Twilio signs.
    const path = callbackPath(rec);
    const otherUrl = `${stack.functionsUrl}${callbackPath({ ...rec, reservationSid: 'WR' + 'f'.repeat(32) })}`;
    const forged = await postFunction(stack, path, params, {
      form: true,
      origin: null,
      headers: { 'X-Twilio-Signature': twilioSignature(stack.authToken, otherUrl, params) },
    });
    expect(forged.status).toBe(403);
    expect((await stack.sandbox.task(rec.taskSid)).etag).toBe(before.etag);
  }, 30_000);
});

describe('idempotency and ordering', () => {
  it('a replayed callback answers 200 and writes nothing', async () => {
    const rec = await recordedCall();
    await stack.sandbox.hangup(rec.callSid);
    const completed = await answered(rec.recordingSid, 'completed');
    const before = await stack.sandbox.task(rec.taskSid);
    const replay = await postFunction(
      stack,
      new URL(completed.url).pathname + new URL(completed.url).search,
      completed.params,
      {
        form: true,
        origin: null,
        headers: { 'X-Twilio-Signature': completed.signature },
      },
    );
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ outcome: 'duplicate', recordingSid: rec.recordingSid });
    expect((await stack.sandbox.task(rec.taskSid)).etag).toBe(before.etag);
  }, 30_000);

  it('a late in-progress never overwrites completed', async () => {
    const rec = await recordedCall();
    await stack.sandbox.hangup(rec.callSid);
    await answered(rec.recordingSid, 'completed');
    const before = await stack.sandbox.task(rec.taskSid);
    const late = await send(callbackPath(rec), inProgressParams(rec));
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ outcome: 'stale' });
    expect(await entry(rec.taskSid, rec.recordingSid)).toMatchObject({ status: 'completed' });
    expect((await stack.sandbox.task(rec.taskSid)).etag).toBe(before.etag);
  }, 30_000);

  it('completed arriving before in-progress is kept, and the in-progress after it is stale', async () => {
    const rec = await recordedCall();
    const completedParams = {
      ...inProgressParams(rec),
      RecordingStatus: 'completed',
      RecordingDuration: '42',
    };
    const first = await send(callbackPath(rec), completedParams);
    expect(first.body).toMatchObject({ outcome: 'recorded' });
    const second = await send(callbackPath(rec), inProgressParams(rec));
    expect(second.body).toMatchObject({ outcome: 'stale' });
    expect(await entry(rec.taskSid, rec.recordingSid)).toMatchObject({ status: 'completed', duration: 42 });
  }, 30_000);
});

describe('callbacks to ignore', () => {
  it('answers 200 for a task already deleted, so Twilio does not retry', async () => {
    const rec = await recordedCall();
    await stack.sandbox.deleteTask(rec.taskSid);
    const res = await send(callbackPath(rec), { ...inProgressParams(rec), RecordingStatus: 'completed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'task_deleted' });
  }, 30_000);

  it('ignores a recording not claimed on the task (a stopped duplicate): 200, nothing changes', async () => {
    const rec = await recordedCall();
    const before = await stack.sandbox.task(rec.taskSid);
    const stray = 'RE' + 'e'.repeat(32);
    const res = await send(callbackPath(rec), {
      ...inProgressParams(rec),
      RecordingSid: stray,
      RecordingStatus: 'completed',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'unclaimed', recordingSid: stray });
    expect((await stack.sandbox.task(rec.taskSid)).etag).toBe(before.etag);
  }, 30_000);
});
