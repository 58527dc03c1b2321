import type { FlexIdentity } from '../../src/http/flex-token';
import { startRecording, type StartDeps } from '../../src/routes/create-recording';
import { createExclusionSettingsCache } from '../helpers/task-attributes';
import { parseComplianceSettings, readProductAttributes } from '@dual-channel-recording/contract';
import { TwilioApiError } from '../../src/twilio/errors';
import { deferred, FakeTwilio } from '../helpers/fake-gateway';
import { sid } from '../helpers/sids';
import { TEST_SEALS } from '../helpers/seals';
import { isSealedStop } from '../../src/rules/seals';

const ALICE: FlexIdentity = { workerSid: sid('WK', 1), identity: 'alice', roles: ['agent'] };
const BOB: FlexIdentity = { workerSid: sid('WK', 2), identity: 'bob', roles: ['agent'] };
const CONSENT_URL = 'https://assets.example/consent.mp3';

let counter = 500;
const next = (prefix: string) => sid(prefix, counter++);

interface World {
  fake: FakeTwilio;
  taskSid: string;
  conferenceSid: string;
  customerCall: string;
  agents: { worker: FlexIdentity; reservationSid: string; call: string }[];
}

/** An inbound call in queue Sales with Alice (and Bob, transferred in) on it; consent per `consent`. */
function world(consent: Record<string, unknown> | null, direction = 'inbound'): World {
  const fake = new FakeTwilio();
  const taskSid = next('WT');
  const conferenceSid = next('CF');
  const customerCall = next('CA');
  fake.tasks.set(taskSid, {
    sid: taskSid,
    revision: 1,
    queueName: 'Sales',
    attributes: JSON.stringify({ direction, call_sid: customerCall, conference: { sid: conferenceSid } }),
  });
  fake.flexUiAttributes = { dual_channel_recording: { consent_announcement: consent } };
  fake.conferences.set(taskSid, conferenceSid);
  const call = (s: string, from: string, to: string) =>
    fake.calls.set(s, { sid: s, status: 'in-progress', from, to, direction: 'inbound', parentCallSid: null });
  call(customerCall, '+15558675310', '+15005550006');
  fake.participants.push({ conferenceSid, callSid: customerCall, status: 'connected', label: null });
  const agents = [ALICE, BOB].map((worker) => {
    const reservationSid = next('WR');
    const agentCall = next('CA');
    fake.reservations.set(reservationSid, {
      sid: reservationSid,
      taskSid,
      workerSid: worker.workerSid,
      status: 'accepted',
    });
    call(agentCall, '+15005550006', `client:${worker.identity}`);
    fake.participants.push({ conferenceSid, callSid: agentCall, status: 'connected', label: null });
    return { worker, reservationSid, call: agentCall };
  });
  return { fake, taskSid, conferenceSid, customerCall, agents };
}

function deps(w: World, who: FlexIdentity): StartDeps {
  const exclusions = createExclusionSettingsCache();
  return {
    gateway: w.fake.gateway(),
    validateToken: async () => who,
    statusCallbackBase: 'https://svc.example',
    exclusionSettings: (gateway, now) => exclusions(gateway, now, 30_000),
    complianceSettings: async (gateway) => parseComplianceSettings(await gateway.fetchFlexUiAttributes()),
    now: () => 1_000,
    log: () => undefined,
    seals: TEST_SEALS,
  };
}

function start(w: World, agent: 0 | 1, channel: 'customer' | 'worker') {
  const { worker, reservationSid, call } = w.agents[agent];
  return startRecording(
    {
      taskSid: w.taskSid,
      reservationSid,
      callSid: channel === 'customer' ? w.customerCall : call,
      channel,
      conferenceSid: w.conferenceSid,
    },
    'token',
    deps(w, worker),
  );
}

function recordingState(w: World) {
  const [entry] = Object.values(readProductAttributes(w.fake.taskAttributes(w.taskSid)).recordings);
  return entry;
}

describe('consent announcement on create-recording', () => {
  it('plays the announcement to the customer alone, once, and writes the outcome on the task', async () => {
    const w = world({ url: CONSENT_URL });
    const result = await start(w, 0, 'customer');
    expect(result.status).toBe(201);
    expect(result.body.consent).toEqual({ status: 'announced' });
    expect(w.fake.announcements).toEqual([
      { conferenceSid: w.conferenceSid, callSid: w.customerCall, url: CONSENT_URL },
    ]);
    expect(recordingState(w).consent).toEqual({
      status: 'announced',
      on: 'start',
      direction: 'inbound',
      at: new Date(1_000).toISOString(),
    });
  });

  it("announces to the customer's leg when the agent's own leg is recorded (channel worker)", async () => {
    const w = world({ url: CONSENT_URL });
    await start(w, 0, 'worker');
    expect(w.fake.announcements.map((a) => a.callSid)).toEqual([w.customerCall]);
  });

  it('announces once when two tabs start the same leg at once: only the compare-and-set winner announces', async () => {
    const w = world({ url: CONSENT_URL });
    const gate = deferred();
    let arrived = 0;
    const hold = async (): Promise<void> => {
      arrived += 1;
      if (arrived === 2) gate.resolve();
      await gate.promise;
    };
    w.fake.before('createRecording', hold);
    w.fake.before('createRecording', hold);
    const [a, b] = await Promise.all([start(w, 0, 'customer'), start(w, 0, 'customer')]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(w.fake.count('createRecording')).toBe(2);
    expect(w.fake.announcements).toHaveLength(1);
    const winner = a.status === 201 ? a : b;
    const loser = a.status === 201 ? b : a;
    expect(winner.body.consent).toEqual({ status: 'announced' });
    expect(loser.body.consent).toBeUndefined();
  });

  it('never announces on the alreadyRecording path (a retry, a reload, the next agent of a transfer)', async () => {
    const w = world({ url: CONSENT_URL });
    await start(w, 0, 'customer');
    const again = await start(w, 0, 'customer');
    const transferred = await start(w, 1, 'customer');
    expect(again.body.alreadyRecording).toBe(true);
    expect(transferred.body.alreadyRecording).toBe(true);
    expect(w.fake.announcements).toHaveLength(1);
  });

  it('records a failed announcement with Twilio’s code and keeps recording by default', async () => {
    const v = world({ url: CONSENT_URL });
    v.fake.before('announceToParticipant', async () => {
      throw new TwilioApiError('Participant not found', 404, 20404);
    });
    const result = await start(v, 0, 'customer');
    expect(result.status).toBe(201);
    expect(result.body.consent).toEqual({ status: 'failed', twilioCode: 20404 });
    expect(v.fake.recordings[0].status).toBe('in-progress');
    expect(recordingState(v).consent).toMatchObject({ status: 'failed', error_code: 20404 });
    expect(recordingState(v).stopped_by).toBeUndefined();
    expect(recordingState(v).stop_seal).toBeUndefined();
  });

  it('stops the recording when the announcement fails and the admin chose stop_recording_on_failure', async () => {
    const w = world({ url: CONSENT_URL, stop_recording_on_failure: true });
    w.fake.before('announceToParticipant', async () => {
      throw new TwilioApiError('Call is not in-progress', 400, 21220);
    });
    const result = await start(w, 0, 'customer');
    expect(result.body.consent).toEqual({ status: 'failed', twilioCode: 21220, recordingStopped: true });
    expect(w.fake.recordings[0].status).toBe('stopped');
    expect(recordingState(w)).toMatchObject({
      stopped_by: 'consent_failed',
      consent: { recording_stopped: true },
    });
    // The stop carries the Functions' seal over this task, this recording, the reason and the code.
    const recordingSid = w.fake.recordings[0].sid;
    expect(isSealedStop(TEST_SEALS, w.taskSid, recordingSid, recordingState(w))).toBe(true);
    expect(recordingState(w).stop_seal).toBe(
      TEST_SEALS.stopped(w.taskSid, recordingSid, { reason: 'consent_failed', twilioCode: 21220 }),
    );
  });

  it('does not announce outside the configured queues and directions, and says so on the task; nothing when it is off', async () => {
    for (const w of [
      world({ url: CONSENT_URL, queues: ['Support'] }),
      world({ url: CONSENT_URL, directions: ['outbound'] }),
    ]) {
      const result = await start(w, 0, 'customer');
      expect(result.status).toBe(201);
      expect(result.body.consent).toBeUndefined();
      expect(w.fake.announcements).toEqual([]);
      expect(recordingState(w).consent).toEqual({
        status: 'not_required',
        on: 'start',
        direction: 'inbound',
        at: new Date(1_000).toISOString(),
      });
    }
    const off = world(null);
    await start(off, 0, 'customer');
    expect(recordingState(off).consent).toBeUndefined();
  });

  it('takes the direction from the customer’s call as Twilio reports it, never from the task’s direction attribute', async () => {
    // The agent wrote "inbound"; Twilio placed the customer's call (Flex dialled out).
    const w = world({ url: CONSENT_URL, directions: ['inbound'] }, 'inbound');
    w.fake.calls.get(w.customerCall)!.direction = 'outbound-api';
    await start(w, 0, 'customer');
    expect(w.fake.announcements).toEqual([]);
    expect(recordingState(w).consent).toMatchObject({ status: 'not_required', direction: 'outbound' });
    // The agent removed the attribute; Twilio says the customer called in.
    const v = world({ url: CONSENT_URL, directions: ['inbound'] }, '');
    await start(v, 0, 'customer');
    expect(v.fake.announcements.map((a) => a.callSid)).toEqual([v.customerCall]);
  });

  it('reads the customer’s call once when the outbound fill already found it (worker leg, task without call_sid), and still takes the direction from Twilio', async () => {
    // Flex dialled out and the agent's task names no customer call yet: the claim write finds the
    // customer in the conference, and the consent step judges that same call resource.
    const w = world({ url: CONSENT_URL, directions: ['inbound'] }, 'inbound');
    const task = w.fake.tasks.get(w.taskSid)!;
    task.attributes = JSON.stringify({ direction: 'inbound', conference: { sid: w.conferenceSid } });
    w.fake.calls.get(w.customerCall)!.direction = 'outbound-api';
    await start(w, 0, 'worker');
    expect(w.fake.count('listParticipants')).toBe(1);
    expect(w.fake.calls_log.filter((c) => c.op === 'fetchCall' && c.args[0] === w.customerCall)).toHaveLength(
      1,
    );
    expect(w.fake.announcements).toEqual([]);
    expect(recordingState(w).consent).toMatchObject({ status: 'not_required', direction: 'outbound' });
    expect(w.fake.taskAttributes(w.taskSid).call_sid).toBe(w.customerCall);
    // Same, with the customer calling in: announced to the customer's leg.
    const v = world({ url: CONSENT_URL, directions: ['inbound'] }, '');
    v.fake.tasks.get(v.taskSid)!.attributes = JSON.stringify({ conference: { sid: v.conferenceSid } });
    await start(v, 0, 'worker');
    expect(v.fake.count('listParticipants')).toBe(1);
    expect(v.fake.announcements.map((a) => a.callSid)).toEqual([v.customerCall]);
  });

  it('never skips the announcement when the customer’s call cannot be read (fail closed): it is asked for, or recorded failed, whatever directions the rule lists', async () => {
    const w = world({ url: CONSENT_URL, directions: ['outbound'] });
    // The agent's own leg is recorded: the customer's call is found through the conference, and
    // Twilio answers its read with an error.
    w.fake.before('fetchCall', async () => undefined); // the recorded leg (round one)
    w.fake.before('fetchCall', async () => {
      throw new TwilioApiError('Service unavailable', 500, 20500);
    });
    w.fake.before('fetchCall', async () => {
      throw new TwilioApiError('Service unavailable', 500, 20500);
    });
    const result = await start(w, 0, 'worker');
    expect(result.status).toBe(201);
    // Not "not_required": the rule applied, and its outcome is on the task for the audit.
    expect(recordingState(w).consent).toMatchObject({ status: 'failed', direction: 'unknown' });
    expect(result.body.consent).toMatchObject({ status: 'failed' });
  });

  it('refuses the start, before recording, when the consent setting is malformed (never records without it)', async () => {
    const w = world({ url: 'not a url' });
    await expect(start(w, 0, 'customer')).rejects.toMatchObject({
      status: 500,
      code: 'invalid_setting',
      details: { setting: 'ui_attributes.dual_channel_recording.consent_announcement.url' },
    });
    expect(w.fake.count('createRecording')).toBe(0);
  });
});
