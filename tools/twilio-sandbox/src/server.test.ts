import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { validator as validateFlexToken } from 'twilio-flex-token-validator';
import { SandboxClient } from './client';
import { installSandboxRouting } from './preload';
import { startSandbox } from './server';
import type { RunningSandbox } from './server';

let sandbox: RunningSandbox;
let control: SandboxClient;
let uninstall: () => void;
let hook: http.Server;
let hookUrl: string;
const received: { url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  control = new SandboxClient(sandbox.url);
  uninstall = installSandboxRouting(sandbox.url);
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/recording-status`;
});

afterAll(async () => {
  uninstall();
  await sandbox.close();
  await new Promise((r) => hook.close(r));
});

beforeEach(async () => {
  await control.reset();
  received.length = 0;
});

afterEach(() => expect(sandbox.defects).toEqual([]));

const client = (): twilio.Twilio => twilio(sandbox.accountSid, sandbox.authToken);

async function inbound(): Promise<{
  taskSid: string;
  customerCallSid: string;
  workerCallSid: string;
  conferenceSid: string;
  token: string;
  workerSid: string;
}> {
  const worker = await control.createWorker({ identity: 'alice' });
  const s = await control.inboundCall({ workerSid: worker.workerSid });
  return {
    taskSid: s.taskSid,
    customerCallSid: s.customerCallSid ?? '',
    workerCallSid: s.workerCallSid ?? '',
    conferenceSid: s.conferenceSid ?? '',
    token: worker.token,
    workerSid: worker.workerSid,
  };
}

describe('Twilio 2010 API through the real twilio SDK', () => {
  it('rejects wrong credentials with 401 / 20003', async () => {
    const s = await inbound();
    await expect(twilio(sandbox.accountSid, 'wrong').calls(s.customerCallSid).fetch()).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
  });

  it('accepts an API key and secret', async () => {
    const key = await control.createApiKey(sandbox.accountSid);
    const s = await inbound();
    const call = await twilio(key.sid, key.secret, { accountSid: sandbox.accountSid })
      .calls(s.customerCallSid)
      .fetch();
    expect(call.status).toBe('in-progress');
  });

  it('lists a request held by a latency fault as in flight until it is answered', async () => {
    const s = await inbound();
    await control.addFault({ method: 'GET', api: 'api', path: '/Calls/', latencyMs: 1500, times: 1 });
    const held = client().calls(s.customerCallSid).fetch();
    let inFlight = await control.requestsInFlight();
    while (inFlight.length === 0) inFlight = await control.requestsInFlight();
    expect(inFlight).toEqual([
      {
        method: 'GET',
        api: 'api',
        path: `/2010-04-01/Accounts/${sandbox.accountSid}/Calls/${s.customerCallSid}.json`,
      },
    ]);
    // Not in the log until answered.
    expect((await control.requests()).filter((r) => r.path.includes('/Calls/'))).toEqual([]);
    expect((await held).sid).toBe(s.customerCallSid);
    expect(await control.requestsInFlight()).toEqual([]);
  });

  it('routes region/edge hosts by their first label', async () => {
    const s = await inbound();
    const call = await twilio(sandbox.accountSid, sandbox.authToken, { region: 'ie1', edge: 'dublin' })
      .calls(s.customerCallSid)
      .fetch();
    expect(call.sid).toBe(s.customerCallSid);
    const log = await control.requests();
    expect(log.at(-1)?.host).toBe('api.dublin.ie1.twilio.com');
  });

  it('logs whether a request opened its connection: a kept client reuses it, a new one opens one', async () => {
    const s = await inbound();
    await control.clearRequests();
    const kept = client();
    await kept.calls(s.customerCallSid).fetch();
    await kept.calls(s.customerCallSid).fetch();
    await client().calls(s.customerCallSid).fetch();
    const log = (await control.requests()).filter((r) => r.path.includes('/Calls/'));
    expect(log.map((r) => r.newConnection)).toEqual([true, false, true]);
  });

  it('starts a dual recording, signs the status callbacks, and completes it on hangup', async () => {
    const s = await inbound();
    const rec = await client()
      .calls(s.customerCallSid)
      .recordings.create({
        recordingChannels: 'dual',
        recordingStatusCallback: hookUrl,
        recordingStatusCallbackEvent: ['in-progress', 'completed'],
      });
    expect(rec).toMatchObject({
      channels: 2,
      status: 'in-progress',
      source: 'StartCallRecordingAPI',
      callSid: s.customerCallSid,
    });
    await control.hangup(s.customerCallSid);
    const sent = await control.waitForCallbacks((all) => all.length === 2);
    expect(sent.map((c) => c.params.RecordingStatus).sort()).toEqual(['completed', 'in-progress']);
    expect(sent.every((c) => c.responseStatus === 204)).toBe(true);
    for (const r of received) {
      const params = Object.fromEntries(new URLSearchParams(r.body));
      const ok = twilio.validateRequest(
        sandbox.authToken,
        String(r.headers['x-twilio-signature']),
        hookUrl,
        params,
      );
      expect(ok).toBe(true);
    }
    const completed = sent.find((c) => c.params.RecordingStatus === 'completed');
    expect(completed?.params).toMatchObject({
      RecordingChannels: '2',
      RecordingSid: rec.sid,
      CallSid: s.customerCallSid,
      AccountSid: sandbox.accountSid,
    });
  });

  it('refuses a recording on a call that is not in progress with 21220', async () => {
    const s = await inbound();
    await control.hangup(s.customerCallSid);
    await expect(
      client().calls(s.customerCallSid).recordings.create({ recordingChannels: 'dual' }),
    ).rejects.toMatchObject({ status: 400, code: 21220 });
  });

  it('allows a second active recording, then Twilio.CURRENT fails with 16108', async () => {
    const s = await inbound();
    await client().calls(s.workerCallSid).recordings.create({ recordingChannels: 'dual' });
    await client().calls(s.workerCallSid).recordings.create({ recordingChannels: 'dual' });
    await expect(
      client().calls(s.workerCallSid).recordings('Twilio.CURRENT').update({ status: 'paused' }),
    ).rejects.toMatchObject({ code: 16108 });
  });

  it('pauses, resumes and stops with Twilio.CURRENT; a completed recording cannot be updated', async () => {
    const s = await inbound();
    const rec = await client().calls(s.workerCallSid).recordings.create({ recordingChannels: 'dual' });
    const paused = await client()
      .calls(s.workerCallSid)
      .recordings('Twilio.CURRENT')
      .update({ status: 'paused', pauseBehavior: 'skip' });
    expect(paused.status).toBe('paused');
    expect(
      (await client().calls(s.workerCallSid).recordings(rec.sid).update({ status: 'in-progress' })).status,
    ).toBe('in-progress');
    await control.completeRecording(rec.sid, 3);
    await expect(
      client().calls(s.workerCallSid).recordings(rec.sid).update({ status: 'paused' }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('rejects values the spec or Twilio rejects (bad enum, bad channels, malformed SID)', async () => {
    const s = await inbound();
    await expect(
      client().calls(s.workerCallSid).recordings.create({ recordingChannels: 'triple' }),
    ).rejects.toMatchObject({ status: 400, code: 20001 });
    await expect(client().calls('CA123').fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('lists and filters recordings and conferences, fetches participants, 404s deleted ones', async () => {
    const s = await inbound();
    const rec = await client().calls(s.customerCallSid).recordings.create({ recordingChannels: 'dual' });
    expect((await client().recordings.list({ callSid: s.customerCallSid })).map((r) => r.sid)).toEqual([
      rec.sid,
    ]);
    expect((await client().calls(s.customerCallSid).recordings.list()).length).toBe(1);
    const confs = await client().conferences.list({ friendlyName: s.taskSid, status: 'in-progress' });
    expect(confs.map((c) => c.sid)).toEqual([s.conferenceSid]);
    const parts = await client().conferences(s.conferenceSid).participants.list();
    expect(parts.map((p) => p.callSid).sort()).toEqual([s.customerCallSid, s.workerCallSid].sort());
    expect((await client().conferences(s.conferenceSid).participants(s.workerCallSid).fetch()).status).toBe(
      'connected',
    );
    await control.hangup(s.workerCallSid);
    await expect(
      client().conferences(s.conferenceSid).participants(s.workerCallSid).fetch(),
    ).rejects.toMatchObject({ status: 404 });
    await client().recordings(rec.sid).remove();
    await expect(client().recordings(rec.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('pages account recordings with next_page_uri', async () => {
    const s = await inbound();
    for (let i = 0; i < 3; i++) await client().calls(s.customerCallSid).recordings.create({});
    const all = await client().recordings.list({ pageSize: 2 });
    expect(all.length).toBe(3);
  });
});

describe('TaskRouter', () => {
  it('fetches a task, updates with If-Match, answers 412 to a stale ETag', async () => {
    const s = await inbound();
    const tr = client().taskrouter.v1.workspaces(sandbox.workspaceSid);
    const task = await tr.tasks(s.taskSid).fetch();
    expect(JSON.parse(task.attributes)).toMatchObject({ call_sid: s.customerCallSid });
    const before = await control.task(s.taskSid);
    await control.setTaskAttributes(s.taskSid, { other: 'writer' });
    await expect(
      tr.tasks(s.taskSid).update({ attributes: '{"a":1}', ifMatch: before.etag }),
    ).rejects.toMatchObject({ status: 412, code: 20412 });
    const fresh = await control.task(s.taskSid);
    await tr.tasks(s.taskSid).update({ attributes: '{"a":2}', ifMatch: fresh.etag });
    const after = await control.task(s.taskSid);
    expect(after.attributes).toEqual({ a: 2 });
    expect(Number(after.etag)).toBe(Number(fresh.etag) + 1);
    expect(after.history.map((h) => h.by)).toEqual(['control', 'api']);
  });

  it('sends the ETag header on fetch', async () => {
    const s = await inbound();
    const res = await fetch(`${sandbox.url}/v1/Workspaces/${sandbox.workspaceSid}/Tasks/${s.taskSid}`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
      },
    });
    expect(res.headers.get('etag')).toBe((await control.task(s.taskSid)).etag);
  });

  it('lists reservations, fetches a worker, 404s a deleted task', async () => {
    const s = await inbound();
    const tr = client().taskrouter.v1.workspaces(sandbox.workspaceSid);
    const res = await tr.tasks(s.taskSid).reservations.list();
    expect(res.map((r) => [r.workerSid, r.reservationStatus])).toEqual([[s.workerSid, 'accepted']]);
    expect((await tr.workers(s.workerSid).fetch()).sid).toBe(s.workerSid);
    await control.deleteTask(s.taskSid);
    await expect(tr.tasks(s.taskSid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });
});

describe('Flex token validation through twilio-flex-token-validator', () => {
  it('accepts a valid token and returns the worker', async () => {
    const w = await control.createWorker({ roles: ['supervisor'] });
    const result = (await validateFlexToken(w.token, sandbox.accountSid, sandbox.authToken)) as {
      worker_sid: string;
      roles: string[];
      valid: boolean;
    };
    expect(result).toMatchObject({ valid: true, worker_sid: w.workerSid, roles: ['supervisor'] });
  });

  it.each(['expired', 'other-account'] as const)('rejects a %s token', async (kind) => {
    const w = await control.createWorker({ token: kind });
    await expect(validateFlexToken(w.token, sandbox.accountSid, sandbox.authToken)).rejects.toEqual(
      expect.any(String),
    );
  });

  it('rejects an unknown token and wrong credentials', async () => {
    await expect(validateFlexToken('nope', sandbox.accountSid, sandbox.authToken)).rejects.toBe(
      'Invalid Access Token',
    );
    const w = await control.createWorker();
    await expect(validateFlexToken(w.token, sandbox.accountSid, 'bad')).rejects.toBe('Authenticate');
  });
});

describe('faults', () => {
  it('answers 429 for the next N matching requests, then recovers', async () => {
    const s = await inbound();
    await control.addFault({ method: 'GET', api: 'api', path: '/Calls/', status: 429, times: 1 });
    await expect(client().calls(s.customerCallSid).fetch()).rejects.toMatchObject({
      status: 429,
      code: 20429,
    });
    expect((await client().calls(s.customerCallSid).fetch()).sid).toBe(s.customerCallSid);
  });

  it('drops the connection', async () => {
    const s = await inbound();
    await control.addFault({ path: '/Calls/', drop: true, times: 1 });
    await expect(client().calls(s.customerCallSid).fetch()).rejects.toThrow();
  });

  it('applies a per-second rate limit', async () => {
    const s = await inbound();
    await control.setRateLimit(2);
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() => client().calls(s.customerCallSid).fetch()),
    );
    expect(results.filter((r) => r.status === 'rejected').length).toBe(2);
  });
});

describe('media', () => {
  it('serves a completed dual recording as WAV, RequestedChannels=2 only for dual', async () => {
    const s = await inbound();
    const dual = await client().calls(s.customerCallSid).recordings.create({ recordingChannels: 'dual' });
    const mono = await client().calls(s.workerCallSid).recordings.create({});
    await control.completeRecording(dual.sid, 2);
    await control.completeRecording(mono.sid, 2);
    const base = `${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/Recordings`;
    const wav = await fetch(`${base}/${dual.sid}.wav?RequestedChannels=2`);
    expect(wav.status).toBe(200);
    expect(wav.headers.get('content-type')).toBe('audio/x-wav');
    const bad = await fetch(`${base}/${mono.sid}.wav?RequestedChannels=2`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 20001, status: 400 });
  });
});

describe('Flex Configuration API (flex-api.twilio.com, twilio_flex_v1.json)', () => {
  it('serves the ui_attributes an admin set through the control API, to the twilio SDK, per account, validated against the spec', async () => {
    expect((await client().flexApi.v1.configuration().fetch()).uiAttributes).toEqual({});
    const ui = { dual_channel_recording: { exclude_queues: ['Medical'] }, colorTheme: { light: true } };
    await control.setFlexUiAttributes(ui);
    const configuration = await client().flexApi.v1.configuration().fetch();
    expect(configuration.uiAttributes).toEqual(ui);
    expect(configuration.accountSid).toBe(sandbox.accountSid);
    const other = await control.createAccount({ friendlyName: 'other' });
    const otherConfig = await twilio(other.sid, other.authToken).flexApi.v1.configuration().fetch();
    expect(otherConfig.uiAttributes).toEqual({});
    await control.reset();
    expect((await client().flexApi.v1.configuration().fetch()).uiAttributes).toEqual({});
  });

  it('refuses ui_attributes that are not an object, and wrong credentials with 401', async () => {
    await expect(control.setFlexUiAttributes([] as unknown as Record<string, unknown>)).rejects.toThrow();
    await expect(
      twilio(sandbox.accountSid, 'x'.repeat(32)).flexApi.v1.configuration().fetch(),
    ).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
  });
});

describe('control API', () => {
  it("routes a path only where a SID stands in the SID's place (prefix and 32 hex digits)", async () => {
    const taskPath = (sid: string) => `${sandbox.url}/__sandbox/tasks/${sid}`;
    const unknownTask = await fetch(taskPath(`WT${'0'.repeat(31)}9`));
    expect(unknownTask.status).toBe(404);
    expect(await unknownTask.json()).toMatchObject({
      error: expect.stringMatching(/^Task WT0+9 not found$/),
    });
    const notASid = await fetch(taskPath(`WT${'z'.repeat(32)}`));
    expect(notASid.status).toBe(404);
    expect(await notASid.json()).toMatchObject({ error: expect.stringMatching(/^No control route GET /) });
  });
});
