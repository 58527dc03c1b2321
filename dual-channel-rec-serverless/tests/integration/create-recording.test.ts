/**
 * create-recording over HTTP: the compiled Function (dist/functions) under `twilio-run start`, talking
 * to the local Twilio sandbox through configuration only. One stack for the file (twilio-run forks a
 * process per request, like the many processes of deployed Functions); state reset between tests.
 */
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import { activeRecordingsOf, leaveUnnamedRecording, waitForInFlight } from '../helpers/functions-http';
import type { WorkerResult } from '@dual-channel-recording/twilio-sandbox';

const FLEX = 'https://flex.twilio.com';
const LOCAL_PLUGIN = 'http://localhost:3000';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { ALLOWED_ORIGINS: LOCAL_PLUGIN } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

beforeEach(async () => {
  await stack.sandbox.reset();
});

interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function post(
  fields: Record<string, unknown>,
  opts: { origin?: string | null; form?: boolean; query?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  const origin = opts.origin === undefined ? FLEX : opts.origin;
  if (origin) headers.Origin = origin;
  let body: string;
  if (opts.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) {
      for (const item of Array.isArray(v) ? v : [v]) form.append(k, String(item));
    }
    body = form.toString();
  } else {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(fields);
  }
  const res = await fetch(`${stack.functionsUrl}/create-recording${opts.query ?? ''}`, {
    method: 'POST',
    headers,
    body,
  });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`non-JSON ${res.status}: ${text}\n${stack.logs()}`);
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

async function inbound(attributes?: Record<string, unknown>) {
  const worker = await stack.sandbox.createWorker({ identity: 'alice' });
  const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid, attributes });
  return { worker, call };
}

function fields(
  worker: WorkerResult,
  call: { taskSid: string; reservationSid: string },
  callSid: string,
  channel = 'customer',
) {
  return {
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid,
    channel,
    Token: worker.token,
  };
}

const activeRecordings = (callSid: string) => activeRecordingsOf(stack, callSid);

describe('logging', () => {
  it("logs each start by SID under twilio-run, never the agent's token or the caller's number", async () => {
    const from = '+15557654321';
    const worker = await stack.sandbox.createWorker({ identity: 'alice' });
    const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid, from });
    const logStart = stack.logs().length;
    const res = await post(fields(worker, call, call.customerCallSid!));
    expect(res.status).toBe(201);
    const bad = await post({ ...fields(worker, call, call.customerCallSid!), taskSid: from });
    expect(bad.status).toBe(400);
    // The Functions' console output reaches the harness (twilio-run's --no-logs only drops its access log).
    const logs = stack.logs().slice(logStart);
    expect(logs).toContain('"fn":"create-recording"');
    expect(logs).toContain(res.body.recordingSid as string);
    expect(logs).not.toContain(worker.token);
    expect(logs).not.toContain(from);
    expect(logs).not.toContain(from.slice(2));
  }, 20_000);
});

describe('happy paths', () => {
  it('records the customer leg in dual channel with the status callback, and merges the media entry', async () => {
    const { worker, call } = await inbound({
      conversations: { conversation_attribute_1: 'vip' },
      custom: { keep: [1, 2] },
    });
    const before = await stack.sandbox.task(call.taskSid);
    const res = await post(fields(worker, call, call.customerCallSid!));
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(FLEX);
    const [rec] = await stack.sandbox.recordings();
    expect(res.body).toEqual({
      recordingSid: rec.sid,
      callSid: call.customerCallSid,
      channel: 'customer',
      status: 'in-progress',
      startTime: expect.any(String),
      mediaUrl: `https://api.twilio.com/2010-04-01/Accounts/${stack.accountSid}/Recordings/${rec.sid}`,
      alreadyRecording: false,
    });
    expect(rec).toMatchObject({
      callSid: call.customerCallSid,
      channels: 2,
      callbackUrl: `${stack.functionsUrl}/recording-status?taskSid=${call.taskSid}&reservationSid=${call.reservationSid}&channel=customer`,
    });
    // No in-progress: create-recording writes that state itself (see recording-status's tests).
    expect([...rec.callbackEvents].sort()).toEqual(['absent', 'completed']);

    const after = (await stack.sandbox.task(call.taskSid)).attributes;
    const { conversations: beforeConversations, ...beforeRest } = before.attributes;
    expect(after).toMatchObject(beforeRest);
    expect(after.conversations).toEqual({
      ...(beforeConversations as object),
      media: [
        {
          type: 'VoiceRecording',
          url: res.body.mediaUrl,
          start_time: Date.parse(String(res.body.startTime)),
          channels: ['customer', 'others'],
          // The playback Function on this service's public base (PUBLIC_BASE_URL locally).
          url_provider: `${stack.functionsUrl}/playback-recording?recordingSid=${String(res.body.recordingSid)}&taskSid=${call.taskSid}`,
        },
      ],
    });
  }, 20_000);

  it('records the worker leg (form-encoded body) under reservation_attributes', async () => {
    const { worker, call } = await inbound();
    const res = await post(fields(worker, call, call.workerCallSid!, 'worker'), { form: true });
    expect(res.status).toBe(201);
    const attrs = (await stack.sandbox.task(call.taskSid)).attributes as {
      reservation_attributes: Record<string, { media: { url: string }[] }>;
    };
    expect(attrs.reservation_attributes[call.reservationSid].media.map((m) => m.url)).toEqual([
      res.body.mediaUrl,
    ]);
  }, 20_000);

  it("adds conference.sid and the customer's call SID (not the worker's) to an outbound task", async () => {
    const worker = await stack.sandbox.createWorker({ identity: 'alice' });
    const call = await stack.sandbox.outboundCall({ workerSid: worker.workerSid });
    const { customerCallSid } = await stack.sandbox.answer(call.taskSid);
    const res = await post(fields(worker, call, call.workerCallSid!, 'worker'));
    expect(res.status).toBe(201);
    const attrs = (await stack.sandbox.task(call.taskSid)).attributes;
    expect(attrs).toMatchObject({
      type: 'outbound',
      conference: { sid: call.conferenceSid },
      call_sid: customerCallSid,
    });
    expect(attrs.call_sid).not.toBe(call.workerCallSid);
  }, 20_000);

  it("records an internal call's caller leg (no conference)", async () => {
    const alice = await stack.sandbox.createWorker({ identity: 'alice' });
    const bob = await stack.sandbox.createWorker({ identity: 'bob' });
    const call = await stack.sandbox.internalCall({ workerSid: alice.workerSid, toWorkerSid: bob.workerSid });
    const res = await post(fields(alice, call, call.callerCallSid!, 'worker'));
    expect(res.status).toBe(201);
  }, 20_000);
});

describe('idempotency', () => {
  it('a repeated start answers 200 alreadyRecording with the same recording', async () => {
    const { worker, call } = await inbound();
    const first = await post(fields(worker, call, call.customerCallSid!));
    const second = await post(fields(worker, call, call.customerCallSid!));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ...first.body, alreadyRecording: true });
    expect(await stack.sandbox.recordings()).toHaveLength(1);
  }, 20_000);

  it('concurrent starts from several tabs (separate processes) leave exactly one recording', async () => {
    const { worker, call } = await inbound();
    const replies = await Promise.all(
      Array.from({ length: 4 }, () => post(fields(worker, call, call.customerCallSid!))),
    );
    const active = await activeRecordings(call.customerCallSid!);
    expect(active).toHaveLength(1);
    // Losers' recordings were stopped and deleted: nothing else is stored for the call.
    const stored = (await stack.sandbox.recordings()).filter(
      (r) => r.callSid === call.customerCallSid && !r.deleted,
    );
    expect(stored.map((r) => r.sid)).toEqual([active[0].sid]);
    for (const reply of replies) {
      expect([200, 201]).toContain(reply.status);
      expect(reply.body.recordingSid).toBe(active[0].sid);
    }
    expect(replies.filter((r) => r.body.alreadyRecording === false)).toHaveLength(1);
    const attrs = (await stack.sandbox.task(call.taskSid)).attributes as {
      conversations: { media: unknown[] };
    };
    expect(attrs.conversations.media).toHaveLength(1);
  }, 30_000);
});

describe('authentication and authorization', () => {
  it.each(['expired', 'other-account'] as const)(
    'refuses a %s token with 403 and starts nothing',
    async (kind) => {
      const { worker, call } = await inbound();
      const bad = await stack.sandbox.issueToken(worker.workerSid, kind);
      const res = await post({ ...fields(worker, call, call.customerCallSid!), Token: bad.token });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ status: 403, code: 'invalid_token' });
      expect(await stack.sandbox.recordings()).toHaveLength(0);
    },
    20_000,
  );

  it('refuses a forged and a missing token', async () => {
    const { worker, call } = await inbound();
    const forged = await post({
      ...fields(worker, call, call.customerCallSid!),
      Token: 'eyJhbGciOiJub25lIn0.e30.',
    });
    expect(forged.body).toMatchObject({ status: 403, code: 'invalid_token' });
    const { Token: _t, ...noToken } = fields(worker, call, call.customerCallSid!);
    const missing = await post(noToken);
    expect(missing.body).toMatchObject({ status: 403, code: 'invalid_token' });
    expect(await stack.sandbox.recordings()).toHaveLength(0);
  }, 20_000);

  it("refuses another worker's reservation", async () => {
    const { call } = await inbound();
    const mallory = await stack.sandbox.createWorker({ identity: 'mallory' });
    const res = await post(fields(mallory, call, call.customerCallSid!));
    expect(res.body).toMatchObject({ status: 403, code: 'reservation_not_owned', field: 'reservationSid' });
  }, 20_000);

  it('refuses a leg from another task', async () => {
    const { worker, call } = await inbound();
    const other = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
    const res = await post(fields(worker, call, other.customerCallSid!));
    expect(res.body).toMatchObject({ status: 403, code: 'leg_not_in_task', field: 'callSid' });
    expect(await stack.sandbox.recordings()).toHaveLength(0);
  }, 20_000);

  it('refuses a reservation that is not accepted', async () => {
    const worker = await stack.sandbox.createWorker({ identity: 'alice' });
    const call = await stack.sandbox.inboundCall({
      workerSid: worker.workerSid,
      reservationStatus: 'pending',
    });
    const res = await post(fields(worker, call, call.customerCallSid!));
    expect(res.body).toMatchObject({ status: 403, code: 'reservation_not_accepted' });
  }, 20_000);
});

describe('input validation (400, no Twilio request)', () => {
  const sid = (prefix: string) => prefix + '0'.repeat(32);
  const base = {
    taskSid: sid('WT'),
    reservationSid: sid('WR'),
    callSid: sid('CA'),
    channel: 'customer',
    Token: 'x',
  };
  const cases: [string, Record<string, unknown>, { form?: boolean }][] = [
    ['taskSid', { taskSid: undefined }, {}],
    ['taskSid', { taskSid: 'WT123' }, {}],
    ['taskSid', { taskSid: 42 }, {}],
    ['reservationSid', { reservationSid: sid('WT') }, {}],
    ['reservationSid', { reservationSid: [sid('WR'), sid('WR')] }, { form: true }],
    ['callSid', { callSid: { sid: sid('CA') } }, {}],
    ['callSid', { callSid: '+15558675310' }, {}],
    ['channel', { channel: 'agent' }, {}],
    ['channel', { channel: null }, {}],
    ['channel', { channel: ['customer', 'worker'] }, { form: true }],
    ['Token', { Token: ['a', 'b'] }, { form: true }],
    ['attempt', { attempt: 0 }, {}],
    ['attempt', { attempt: '1.5' }, { form: true }],
    ['attempt', { attempt: ['1', '2'] }, { form: true }],
    ['customerCallSid', { customerCallSid: sid('WT') }, {}],
    ['customerCallSid', { customerCallSid: sid('CA') }, {}],
  ];

  it.each(cases)(
    'names %s for %j',
    async (field, change, opts) => {
      await stack.sandbox.clearRequests();
      const body = { ...base, ...change };
      for (const key of Object.keys(body))
        if (body[key as keyof typeof body] === undefined) delete body[key as keyof typeof body];
      const res = await post(body, opts);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        status: 400,
        code: 'invalid_parameter',
        field,
        message: expect.any(String),
      });
      expect(await stack.sandbox.requests()).toEqual([]);
    },
    20_000,
  );
});

describe('call state', () => {
  it('answers 409 for a leg that hung up', async () => {
    const { worker, call } = await inbound();
    await stack.sandbox.hangup(call.customerCallSid!);
    const res = await post(fields(worker, call, call.customerCallSid!));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'call_not_in_progress',
      message: expect.stringContaining('hung up'),
    });
  }, 20_000);

  it("maps Twilio's 21220 on create (hang-up race) to 409", async () => {
    const { worker, call } = await inbound();
    await stack.sandbox.addFault({
      method: 'POST',
      api: 'api',
      path: '/Recordings\\.json$',
      status: 400,
      code: 21220,
      message: 'Call is not in-progress. Cannot create recording.',
    });
    const res = await post(fields(worker, call, call.customerCallSid!));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'call_not_in_progress', twilioCode: 21220 });
  }, 20_000);
});

describe('concurrency with other writers and Twilio faults', () => {
  it('a concurrent attribute writer causes a 412; the Function re-reads, re-merges and keeps both changes', async () => {
    const { worker, call } = await inbound();
    // Hold our task update long enough for another writer to change the task first.
    await stack.sandbox.addFault({
      method: 'POST',
      api: 'taskrouter',
      path: `/Tasks/${call.taskSid}$`,
      latencyMs: 800,
      times: 1,
    });
    const pending = post(fields(worker, call, call.customerCallSid!));
    await waitForInFlight(stack, 'taskrouter', call.taskSid, 'POST');
    const current = (await stack.sandbox.task(call.taskSid)).attributes;
    await stack.sandbox.setTaskAttributes(call.taskSid, { ...current, supervisor_flag: 'escalated' });
    const res = await pending;
    expect(res.status).toBe(201);
    const task = await stack.sandbox.task(call.taskSid);
    expect(task.attributes).toMatchObject({
      supervisor_flag: 'escalated',
      conversations: { media: [expect.objectContaining({ url: res.body.mediaUrl })] },
    });
    const statuses = (await stack.sandbox.requests())
      .filter((r) => r.method === 'POST' && r.api === 'taskrouter')
      .map((r) => r.status);
    expect(statuses).toEqual([412, 200]);
  }, 20_000);

  it('recovers from a 429 burst, a 503 and a dropped connection', async () => {
    const { worker, call } = await inbound();
    await stack.sandbox.addFault({ api: 'api', status: 429, times: 3 });
    await stack.sandbox.addFault({ api: 'taskrouter', status: 503, times: 2 });
    await stack.sandbox.addFault({
      method: 'GET',
      api: 'api',
      path: '/Calls/CA[0-9a-f]+\\.json$',
      drop: true,
      times: 1,
    });
    const res = await post(fields(worker, call, call.customerCallSid!));
    expect(res.status).toBe(201);
    expect(await activeRecordings(call.customerCallSid!)).toHaveLength(1);
    const faults = await stack.sandbox.faults();
    expect(faults.every((f) => f.remaining === 0)).toBe(true);
  }, 20_000);

  it('a sustained rate limit ends in 503 with Retry-After and Twilio’s code, within the Function limit', async () => {
    const { worker, call } = await inbound();
    await stack.sandbox.addFault({ api: 'taskrouter', status: 429 });
    const started = Date.now();
    const res = await post(fields(worker, call, call.customerCallSid!));
    expect(Date.now() - started).toBeLessThan(9_000);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'twilio_unavailable', twilioCode: 20429 });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('access-control-allow-origin')).toBe(FLEX);
  }, 20_000);

  it('latency beyond the deadline answers 503 with Retry-After well within 10 s', async () => {
    const { worker, call } = await inbound();
    await stack.sandbox.setLatency(9_000);
    const started = Date.now();
    const res = await post(fields(worker, call, call.customerCallSid!));
    const elapsed = Date.now() - started;
    await stack.sandbox.setLatency(0);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'twilio_unavailable' });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(elapsed).toBeLessThan(9_000);
  }, 20_000);
});

describe('no orphans: a recording a request created is named on the task or stopped', () => {
  const TASK_WRITE = { api: 'taskrouter' as const, method: 'POST', path: '/Tasks/WT\\w+$' };

  it('a claim write Twilio keeps refusing: the Function stops and deletes its recording and answers 503 before the 10 s cut', async () => {
    const { worker, call } = await inbound();
    await stack.sandbox.addFault({ ...TASK_WRITE, status: 503 });
    const started = Date.now();
    const res = await post(fields(worker, call, call.customerCallSid!));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.status).toBe(503);
    const ofLeg = (await stack.sandbox.recordings()).filter((r) => r.callSid === call.customerCallSid);
    expect(ofLeg).toHaveLength(1);
    // Stopped, so Twilio completed it, then deleted: nothing runs unseen, nothing is stored.
    expect(ofLeg[0]).toMatchObject({ status: 'completed', deleted: true });
    expect(stack.logs()).toContain('unnamed_recording_deleted');
  }, 20_000);

  it('a Function that could neither name nor stop its recording (as if killed between create and claim): the next request of an older plugin (no attempt, so it always looks) adopts it; tests/integration/start-requests.test.ts covers attempt', async () => {
    const { worker, call, orphan } = await leaveUnnamedRecording(stack);
    const retry = await post(fields(worker, call, call.customerCallSid!));
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ recordingSid: orphan.sid, alreadyRecording: true });
    const task = await stack.sandbox.task(call.taskSid);
    expect(JSON.stringify(task.attributes)).toContain(orphan.sid);
    expect(await activeRecordings(call.customerCallSid!)).toHaveLength(1);
  }, 30_000);

  it('a recording left unnamed with no request after it: the completed callback at hang-up names it on the task', async () => {
    const { call, orphan } = await leaveUnnamedRecording(stack);

    await stack.sandbox.hangup(call.customerCallSid!);
    const callbacks = (await stack.sandbox.callbacks()).filter((c) => c.recordingSid === orphan.sid);
    expect(callbacks.map((c) => c.responseStatus)).toEqual([200]);
    const task = await stack.sandbox.task(call.taskSid);
    const product = task.attributes.dual_channel_recording as {
      legs: Record<string, { recording_sid: string }>;
      recordings: Record<string, { status: string }>;
    };
    expect(product.legs[call.customerCallSid!].recording_sid).toBe(orphan.sid);
    expect(product.recordings[orphan.sid].status).toBe('completed');
    expect(JSON.stringify(task.attributes.conversations)).toContain(orphan.sid);
    expect(stack.logs()).toContain('callback_adopted');
  }, 30_000);
});

describe('CORS', () => {
  it("a preflight from Flex is answered by the gateway as Twilio's is (*, never reaching the Function), so the browser may POST", async () => {
    const res = await fetch(`${stack.functionsUrl}/create-recording`, {
      method: 'OPTIONS',
      headers: {
        Origin: FLEX,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    // Twilio documents both wildcards; `*` allows Content-Type for a request without credentials.
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('*');
    expect(stack.gateway?.stats()).toMatchObject({ preflights: 1 });
  }, 20_000);

  it('echoes an allowed origin from ALLOWED_ORIGINS and never answers *', async () => {
    const res = await post({}, { origin: LOCAL_PLUGIN });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(LOCAL_PLUGIN);
    expect(res.headers.get('vary')).toContain('Origin');
  }, 20_000);

  it('refuses a disallowed origin with 403, without CORS headers and without touching Twilio', async () => {
    const { worker, call } = await inbound();
    await stack.sandbox.clearRequests();
    const res = await post(fields(worker, call, call.customerCallSid!), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'origin_not_allowed' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await stack.sandbox.requests()).toEqual([]);
    expect(await stack.sandbox.recordings()).toHaveLength(0);
  }, 20_000);
});
