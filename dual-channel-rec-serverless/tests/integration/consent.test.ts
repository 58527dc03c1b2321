/**
 * Consent announcement (issue 15 item 2): played with the Participant API's AnnounceUrl to the
 * customer's leg alone, exactly once per start: never from the alreadyRecording path, the race's
 * loser or a retry; proven with two tabs starting at once and with faults injected into Twilio's
 * answers. The built Functions under twilio-run behind the local gateway, against the sandbox.
 */
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import type { ScenarioResult, WorkerResult } from '@dual-channel-recording/twilio-sandbox';
import { readProductAttributes } from '@dual-channel-recording/contract';
import { postFunction, type Reply } from '../helpers/functions-http';
import { createTaskSeals, isSealedStop } from '../../src/rules/seals';

const CONSENT_URL = 'https://assets.example.com/consent.mp3';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ forkProcess: false, env: { EXCLUSIONS_CACHE_SECONDS: '0' } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

beforeEach(async () => {
  await stack.sandbox.reset();
});

async function consentOn(extra: Record<string, unknown> = {}): Promise<void> {
  await stack.sandbox.setFlexUiAttributes({
    dual_channel_recording: { consent_announcement: { url: CONSENT_URL, ...extra } },
  });
}

async function inbound(): Promise<{ worker: WorkerResult; call: ScenarioResult }> {
  const worker = await stack.sandbox.createWorker({ identity: 'alice' });
  const call = await stack.sandbox.inboundCall({
    workerSid: worker.workerSid,
    attributes: { direction: 'inbound' },
  });
  return { worker, call };
}

function start({ worker, call }: { worker: WorkerResult; call: ScenarioResult }): Promise<Reply> {
  return postFunction(stack, '/create-recording', {
    Token: worker.token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid: call.customerCallSid,
    channel: 'customer',
    conferenceSid: call.conferenceSid,
  });
}

function control(
  action: 'pause' | 'resume',
  { worker, call }: { worker: WorkerResult; call: ScenarioResult },
): Promise<Reply> {
  return postFunction(stack, `/${action}-recording`, {
    Token: worker.token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid: call.customerCallSid,
    conferenceSid: call.conferenceSid,
  });
}

async function consentOnTask(taskSid: string): Promise<Record<string, unknown>> {
  const product = (await stack.sandbox.task(taskSid)).attributes.dual_channel_recording as {
    recordings: Record<string, Record<string, unknown>>;
  };
  return Object.values(product.recordings)[0];
}

describe('consent announcement', () => {
  it('is played to the customer’s participant alone, with GET, and the customer stays in the conference', async () => {
    await consentOn();
    const c = await inbound();
    const reply = await start(c);
    expect(reply.status).toBe(201);
    expect(reply.body.consent).toEqual({ status: 'announced' });
    const announcements = await stack.sandbox.announcements();
    expect(announcements).toEqual([
      expect.objectContaining({
        conferenceSid: c.call.conferenceSid,
        callSid: c.call.customerCallSid,
        url: CONSENT_URL,
        method: 'GET',
      }),
    ]);
    const conference = (await stack.sandbox.state()).conferences.find((x) => x.sid === c.call.conferenceSid)!;
    expect(conference.participants.filter((p) => p.status === 'connected')).toHaveLength(2);
    expect(await consentOnTask(c.call.taskSid)).toMatchObject({
      consent: { status: 'announced', on: 'start' },
    });
  }, 30_000);

  it('two tabs starting the same call at once: one recording, one announcement', async () => {
    await consentOn();
    const c = await inbound();
    const replies = await Promise.all([start(c), start(c)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 201]);
    const active = (await stack.sandbox.recordings()).filter((r) => !r.deleted && r.status === 'in-progress');
    expect(active).toHaveLength(1);
    expect(await stack.sandbox.announcements()).toHaveLength(1);
    expect(replies.filter((r) => r.body.consent !== undefined)).toHaveLength(1);
  }, 30_000);

  it('retries never announce twice: a create whose answer was lost, then the plugin asking again', async () => {
    await consentOn();
    const c = await inbound();
    // The create's connection drops (for the Function, maybe created): it looks before creating again.
    await stack.sandbox.addFault({
      method: 'POST',
      path: '/Calls/CA\\w+/Recordings\\.json$',
      drop: true,
      times: 1,
    });
    const first = await start(c);
    expect(first.status).toBe(201);
    // The plugin retries (its answer was lost too): alreadyRecording, no second announcement.
    const again = await start(c);
    expect(again.body.alreadyRecording).toBe(true);
    expect(await stack.sandbox.announcements()).toHaveLength(1);
  }, 30_000);

  it('a 429 on the announcement is retried (Twilio did not process it); the customer hears it once', async () => {
    await consentOn();
    const c = await inbound();
    await stack.sandbox.addFault({
      method: 'POST',
      path: '/Participants/CA\\w+\\.json$',
      status: 429,
      times: 1,
    });
    const reply = await start(c);
    expect(reply.body.consent).toEqual({ status: 'announced' });
    expect(await stack.sandbox.announcements()).toHaveLength(1);
  }, 30_000);

  it('a failed announcement is recorded on the task with Twilio’s code; the recording goes on by default', async () => {
    await consentOn();
    const c = await inbound();
    await stack.sandbox.refuseNextAnnouncement();
    const reply = await start(c);
    expect(reply.status).toBe(201);
    expect(reply.body.consent).toEqual({ status: 'failed', twilioCode: 21220 });
    expect(await consentOnTask(c.call.taskSid)).toMatchObject({
      status: 'in-progress',
      consent: { status: 'failed', error_code: 21220 },
    });
    expect((await stack.sandbox.recordings())[0].status).toBe('in-progress');
  }, 30_000);

  it('with stop_recording_on_failure, a failed announcement stops the recording and the task says why', async () => {
    await consentOn({ stop_recording_on_failure: true });
    const c = await inbound();
    await stack.sandbox.refuseNextAnnouncement();
    const reply = await start(c);
    expect(reply.body.consent).toEqual({ status: 'failed', twilioCode: 21220, recordingStopped: true });
    expect((await stack.sandbox.recordings())[0].status).toBe('completed');
    expect(await consentOnTask(c.call.taskSid)).toMatchObject({ stopped_by: 'consent_failed' });
    // The stop is sealed with the Functions' secret (the auth token here) for this task and recording.
    const recordingSid = (await stack.sandbox.recordings())[0].sid;
    const entry = readProductAttributes((await stack.sandbox.task(c.call.taskSid)).attributes).recordings[
      recordingSid
    ];
    expect(isSealedStop(createTaskSeals(stack.authToken), c.call.taskSid, recordingSid, entry)).toBe(true);
  }, 30_000);

  it('on_resume: a resume that resumed the recording announces again; a second resume (nothing changed) does not', async () => {
    await consentOn({ on_resume: true });
    const c = await inbound();
    await start(c);
    expect((await control('pause', c)).status).toBe(200);
    const resumed = await control('resume', c);
    expect(resumed.body).toMatchObject({
      status: 'in-progress',
      changed: true,
      consent: { status: 'announced' },
    });
    const again = await control('resume', c);
    expect(again.body).toMatchObject({ changed: false });
    expect(again.body.consent).toBeUndefined();
    expect(await stack.sandbox.announcements()).toHaveLength(2);
    expect(await consentOnTask(c.call.taskSid)).toMatchObject({
      consent: { status: 'announced', on: 'resume' },
    });
  }, 30_000);

  it('without on_resume, a resume is silent', async () => {
    await consentOn();
    const c = await inbound();
    await start(c);
    await control('pause', c);
    await control('resume', c);
    expect(await stack.sandbox.announcements()).toHaveLength(1);
  }, 30_000);
});
