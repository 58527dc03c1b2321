/**
 * The sandbox routes the compliance features use, each through the real twilio SDK (or a plain
 * request where the SDK has no call) and validated against Twilio's OpenAPI files by the sandbox
 * itself (a response breaking the schema would be a defect): Participant update with AnnounceUrl,
 * TaskRouter's event list, and recording media behind "Enforce HTTP Auth on Media URLs".
 */
import twilio from 'twilio';
import { useRoutedSandbox } from './routed-sandbox.testing';

const env = useRoutedSandbox();

const client = (): twilio.Twilio => twilio(env.sandbox.accountSid, env.sandbox.authToken);
const basic = (user: string, secret: string): string =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

async function inbound() {
  const worker = await env.control.createWorker({ identity: 'alice' });
  const call = await env.control.inboundCall({ workerSid: worker.workerSid });
  return { worker, call };
}

describe('Participant update with AnnounceUrl', () => {
  it('records an announcement for that participant alone and keeps them in the conference', async () => {
    const { call } = await inbound();
    const updated = await client()
      .conferences(call.conferenceSid!)
      .participants(call.customerCallSid!)
      .update({ announceUrl: 'https://example.com/consent.mp3', announceMethod: 'GET' });
    expect(updated.callSid).toBe(call.customerCallSid);
    expect(updated.status).toBe('connected');
    expect(await env.control.announcements()).toEqual([
      expect.objectContaining({
        conferenceSid: call.conferenceSid,
        callSid: call.customerCallSid,
        url: 'https://example.com/consent.mp3',
        method: 'GET',
      }),
    ]);
  });

  it('is 404 for a participant who left, and defaults AnnounceMethod to POST as Twilio documents', async () => {
    const { call } = await inbound();
    await env.control.hangup(call.customerCallSid!);
    await expect(
      client()
        .conferences(call.conferenceSid!)
        .participants(call.customerCallSid!)
        .update({ announceUrl: 'https://example.com/a.mp3' }),
    ).rejects.toMatchObject({ status: 404 });
    await client()
      .conferences(call.conferenceSid!)
      .participants(call.workerCallSid!)
      .update({ announceUrl: 'https://example.com/a.mp3' });
    expect((await env.control.announcements()).map((a) => a.method)).toEqual(['POST']);
  });
});

describe('TaskRouter events (/Workspaces/{WS}/Events)', () => {
  it('lists the task’s life in TaskRouter’s event types, kept after the task is deleted', async () => {
    const { call } = await inbound();
    await env.control.setTaskAttributes(call.taskSid, { hello: 'world' });
    await env.control.setReservationStatus(call.reservationSid, 'wrapping');
    await env.control.setTaskStatus(call.taskSid, 'wrapping');
    await env.control.deleteTask(call.taskSid);
    const events = await client()
      .taskrouter.v1.workspaces(env.sandbox.workspaceSid)
      .events.list({ taskSid: call.taskSid });
    expect(events.map((e) => e.eventType).sort()).toEqual(
      [
        'reservation.accepted',
        'reservation.created',
        'reservation.wrapup',
        'task.created',
        'task.updated',
        'task.wrapup',
      ].sort(),
    );
    const created = events.find((e) => e.eventType === 'task.created')!;
    const data = created.eventData as { task_attributes: string; task_sid: string };
    expect(data.task_sid).toBe(call.taskSid);
    expect(JSON.parse(data.task_attributes)).toMatchObject({ call_sid: call.customerCallSid });
    const accepted = events.find((e) => e.eventType === 'reservation.accepted')!;
    expect((accepted.eventData as { worker_sid: string }).worker_sid).toMatch(/^WK/);
  });

  it('filters by event type and worker, and lists only the last 15 minutes unless a StartDate is given', async () => {
    const { call, worker } = await inbound();
    const ws = client().taskrouter.v1.workspaces(env.sandbox.workspaceSid);
    const accepted = await ws.events.list({ eventType: 'reservation.accepted', workerSid: worker.workerSid });
    expect(accepted.map((e) => e.resourceSid)).toEqual([call.reservationSid]);
    const future = new Date(Date.now() + 60_000);
    expect(await ws.events.list({ startDate: future })).toEqual([]);
    expect(await ws.events.list({ minutes: 1, taskSid: call.taskSid })).not.toEqual([]);
  });
});

describe('recording media behind "Enforce HTTP Auth on Media URLs"', () => {
  async function completedRecording(): Promise<string> {
    const { call } = await inbound();
    const rec = await client().calls(call.customerCallSid!).recordings.create({ recordingChannels: 'dual' });
    await env.control.completeRecording(rec.sid, 3);
    return rec.sid;
  }
  const mediaPath = (sid: string) =>
    `/2010-04-01/Accounts/${env.sandbox.accountSid}/Recordings/${sid}.wav?RequestedChannels=2`;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${env.sandbox.url}${path}`, {
      redirect: 'manual',
      headers: { 'X-Sandbox-Original-Host': 'api.twilio.com', ...headers },
    });

  it('off (Twilio’s default): the media is served to anyone', async () => {
    const sid = await completedRecording();
    const res = await get(mediaPath(sid));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/x-wav');
  });

  it('on: no credentials is 401 / 20003, wrong ones too; right ones are redirected to a short-lived URL that needs none', async () => {
    const sid = await completedRecording();
    await env.control.setMediaAuth(true);
    expect((await get(mediaPath(sid))).status).toBe(401);
    expect(
      (await get(mediaPath(sid), { Authorization: basic(env.sandbox.accountSid, 'wrong') })).status,
    ).toBe(401);
    const redirected = await get(mediaPath(sid), {
      Authorization: basic(env.sandbox.accountSid, env.sandbox.authToken),
    });
    expect(redirected.status).toBe(302);
    const location = redirected.headers.get('location')!;
    expect(location.startsWith(`${env.sandbox.url}/__media/${sid}.wav?`)).toBe(true);
    const media = await fetch(location);
    expect(media.status).toBe(200);
    expect(
      Buffer.from(await media.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('RIFF');
    const tampered = new URL(location);
    tampered.searchParams.set('RequestedChannels', '1');
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('on: the redirect is only for media Twilio would serve (a running recording is 404)', async () => {
    const { call } = await inbound();
    const rec = await client().calls(call.customerCallSid!).recordings.create({ recordingChannels: 'dual' });
    await env.control.setMediaAuth(true);
    expect(
      (await get(mediaPath(rec.sid), { Authorization: basic(env.sandbox.accountSid, env.sandbox.authToken) }))
        .status,
    ).toBe(404);
  });
});
