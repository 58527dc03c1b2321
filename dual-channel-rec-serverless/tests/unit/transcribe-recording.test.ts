/**
 * The transcript step of recording-status (src/transcripts/transcribe-recording.ts) against a fake
 * Twilio that, like Voice Intelligence, keeps one transcript per recording: both legs' channel
 * roles, once per recording under replays and lost answers, and every failure noted on the task.
 */
import type { StatusCallback } from '../../src/webhooks/recording-status-callback';
import type {
  TranscriptInfo,
  TranscriptRequest,
  IntelligenceGateway,
} from '../../src/transcripts/intelligence-gateway';
import { transcribeRecording } from '../../src/transcripts/transcribe-recording';
import type { TranscribeDeps } from '../../src/transcripts/transcribe-recording';
import { TwilioApiError } from '../../src/twilio/errors';
import { readProductAttributes, parseVoiceIntelligenceSettings } from '@dual-channel-recording/contract';
import type { TranscriptOutcome } from '@dual-channel-recording/contract';
import { withRecordingState, recordingStateFor } from '../../src/rules/attributes';
import { RECORDING, recordedLeg } from '../helpers/recorded-leg';
import type { FakeTwilio } from '../helpers/fake-gateway';
import { TEST_SEALS } from '../helpers/seals';
import { CALL, RESERVATION, TASK, WORKER, sid } from '../helpers/sids';

const SERVICE = sid('GA', 7);

/** Voice Intelligence as documented: one transcript per recording, a second create refused. */
class FakeIntelligence implements IntelligenceGateway {
  transcripts: (TranscriptInfo & { request: TranscriptRequest })[] = [];
  creates = 0;
  lists = 0;
  services = new Set([SERVICE]);
  /** The next create lands at Twilio but its answer is lost. */
  loseNextAnswer = false;
  workers = new Map([[WORKER, { identity: 'alice', friendlyName: 'Alice A.' }]]);

  async transcriptsOf(recordingSid: string): Promise<TranscriptInfo[]> {
    this.lists += 1;
    return this.transcripts.filter((t) => t.request.channel.media_properties.source_sid === recordingSid);
  }

  async createTranscript(request: TranscriptRequest): Promise<TranscriptInfo> {
    this.creates += 1;
    if (!this.services.has(request.serviceSid)) throw new TwilioApiError('Service not found', 404, 20404);
    const source = request.channel.media_properties.source_sid;
    if (this.transcripts.some((t) => t.request.channel.media_properties.source_sid === source))
      throw new TwilioApiError('A transcript of this recording exists', 400, 20001);
    const t = {
      sid: sid('GT', this.transcripts.length + 1),
      serviceSid: request.serviceSid,
      channel: request.channel,
      request,
    };
    this.transcripts.push(t);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new TwilioApiError('socket hang up', 0, undefined, undefined, 'ECONNRESET');
    }
    return t;
  }

  async fetchWorkerIdentity(workerSid: string) {
    const w = this.workers.get(workerSid);
    if (!w) throw new TwilioApiError('Worker not found', 404, 20404);
    return w;
  }
}

function world(setting: unknown = SERVICE): {
  fake: FakeTwilio;
  intelligence: FakeIntelligence;
  deps: TranscribeDeps;
  logs: string[];
} {
  const fake = recordedLeg(WORKER);
  // The status step has recorded completion (what recordStatus leaves before this step runs).
  const attrs = fake.taskAttributes(TASK);
  const state = recordingStateFor(attrs, RECORDING)!;
  fake.externalWrite(TASK, () =>
    withRecordingState(attrs, RECORDING, { ...state, status: 'completed', duration: 30, channels: 2 }),
  );
  const intelligence = new FakeIntelligence();
  const logs: string[] = [];
  const deps: TranscribeDeps = {
    gateway: fake.gateway(),
    intelligence,
    seals: TEST_SEALS,
    log: (event) => logs.push(event),
    now: () => Date.UTC(2026, 0, 1),
    pauseBehavior: 'skip',
    settings: async () =>
      parseVoiceIntelligenceSettings({ dual_channel_recording: { voice_intelligence_service_sid: setting } }),
  };
  return { fake, intelligence, deps, logs };
}

function completed(channel?: 'customer' | 'worker'): StatusCallback {
  return {
    taskSid: TASK,
    reservationSid: RESERVATION,
    ...(channel ? { channel } : {}),
    recordingSid: RECORDING,
    callSid: CALL,
    recordingStatus: 'completed',
    report: { status: 'completed', duration: 30, channels: 2, start_time: Date.UTC(2026, 0, 1, 10) },
  };
}

const noted = (fake: FakeTwilio): TranscriptOutcome | undefined =>
  readProductAttributes(fake.taskAttributes(TASK)).recordings[RECORDING]?.transcript;

describe('channel roles', () => {
  it('a customer-leg recording: channel 1 Customer, channel 2 Agent with the worker from TaskRouter; the task key and start time sent', async () => {
    const { fake, intelligence, deps } = world();
    expect(await transcribeRecording(completed('customer'), 'recorded', deps)).toBe('created');
    expect(intelligence.transcripts).toHaveLength(1);
    expect(intelligence.transcripts[0].request).toEqual({
      serviceSid: SERVICE,
      channel: {
        media_properties: { source_sid: RECORDING },
        participants: [
          { channel_participant: 1, role: 'Customer' },
          { channel_participant: 2, role: 'Agent', user_id: 'alice', full_name: 'Alice A.' },
        ],
      },
      customerKey: TASK,
      mediaStartTime: '2026-01-01T10:00:00.000Z',
    });
    expect(noted(fake)).toEqual({
      status: 'created',
      sid: intelligence.transcripts[0].sid,
      service_sid: SERVICE,
      channel_roles: ['customer', 'agent'],
      agent_identity: 'alice',
      pause_behavior: 'skip',
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('a worker-leg recording: channel 1 Agent (the worker of the reservation in the signed callback URL), channel 2 Customer', async () => {
    const { fake, intelligence, deps } = world();
    expect(await transcribeRecording(completed('worker'), 'recorded', deps)).toBe('created');
    expect(intelligence.transcripts[0].request.channel.participants).toEqual([
      { channel_participant: 1, role: 'Agent', user_id: 'alice', full_name: 'Alice A.' },
      { channel_participant: 2, role: 'Customer' },
    ]);
    expect(noted(fake)?.channel_roles).toEqual(['agent', 'customer']);
  });

  it('without a channel in the callback URL (registered before it was added), the sealed claim says which leg', async () => {
    const { intelligence, deps } = world();
    await transcribeRecording(completed(), 'recorded', deps);
    expect(intelligence.transcripts[0].request.channel.participants.map((p) => p.role)).toEqual([
      'Customer',
      'Agent',
    ]);
  });

  it('a customer leg two agents took (a transfer) names no single agent: channel 2 is Agent, nobody in particular', async () => {
    const { fake, intelligence, deps } = world();
    const bob = sid('WK', 2);
    intelligence.workers.set(bob, { identity: 'bob', friendlyName: 'Bob' });
    fake.reservations.set(sid('WR', 2), {
      sid: sid('WR', 2),
      taskSid: TASK,
      workerSid: bob,
      status: 'accepted',
    });
    await transcribeRecording(completed('customer'), 'recorded', deps);
    expect(intelligence.transcripts[0].request.channel.participants).toEqual([
      { channel_participant: 1, role: 'Customer' },
      { channel_participant: 2, role: 'Agent' },
    ]);
    expect(noted(fake)?.agent_identity).toBeUndefined();
  });
});

describe('exactly once', () => {
  it('a replayed callback finds the transcript and creates none; the note is not rewritten', async () => {
    const { fake, intelligence, deps } = world();
    await transcribeRecording(completed('customer'), 'recorded', deps);
    const writes = fake.count('updateTaskAttributes');
    expect(await transcribeRecording(completed('customer'), 'duplicate', deps)).toBe('found');
    expect(intelligence.creates).toBe(1);
    expect(intelligence.transcripts).toHaveLength(1);
    expect(fake.count('updateTaskAttributes')).toBe(writes);
  });

  it('a create whose answer was lost (it landed at Twilio) is found by asking Twilio again, not made twice', async () => {
    const { fake, intelligence, deps } = world();
    intelligence.loseNextAnswer = true;
    expect(await transcribeRecording(completed('customer'), 'recorded', deps)).toBe('found');
    expect(intelligence.transcripts).toHaveLength(1);
    expect(noted(fake)).toMatchObject({ status: 'created', sid: intelligence.transcripts[0].sid });
  });

  it('a note an agent wrote on the task ("transcribed already") neither stops nor redirects the create', async () => {
    const { fake, intelligence, deps } = world();
    const attrs = fake.taskAttributes(TASK);
    const state = recordingStateFor(attrs, RECORDING)!;
    const forged: TranscriptOutcome = {
      status: 'created',
      sid: sid('GT', 99),
      service_sid: SERVICE,
      at: 'x',
    };
    fake.externalWrite(TASK, () => withRecordingState(attrs, RECORDING, { ...state, transcript: forged }));
    expect(await transcribeRecording(completed('customer'), 'recorded', deps)).toBe('created');
    expect(noted(fake)?.sid).toBe(intelligence.transcripts[0].sid);
  });
});

describe('failures are noted on the task', () => {
  it('Twilio refuses the create (a service that does not exist): create_failed with its error code', async () => {
    const { fake, deps } = world(sid('GA', 8));
    expect(await transcribeRecording(completed('customer'), 'recorded', deps)).toBe('failed');
    expect(noted(fake)).toEqual({
      status: 'failed',
      service_sid: sid('GA', 8),
      reason: 'create_failed',
      error_code: 20404,
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('Twilio already holds a transcript with the default labels (auto-transcription): mislabelled_transcript_exists, nothing created', async () => {
    const { fake, intelligence, deps } = world();
    intelligence.transcripts.push({
      sid: sid('GT', 50),
      serviceSid: SERVICE,
      channel: { media_properties: { source_sid: RECORDING } },
      request: {
        serviceSid: SERVICE,
        channel: { media_properties: { source_sid: RECORDING }, participants: [] },
        customerKey: '',
      },
    });
    expect(await transcribeRecording(completed('customer'), 'recorded', deps)).toBe('failed');
    expect(intelligence.creates).toBe(0);
    expect(noted(fake)).toMatchObject({
      status: 'failed',
      reason: 'mislabelled_transcript_exists',
      sid: sid('GT', 50),
    });
  });

  it('a malformed setting is noted as invalid_setting (never read as off)', async () => {
    const { fake, intelligence, deps } = world('GA-nope');
    expect(await transcribeRecording(completed('customer'), 'recorded', deps)).toBe('failed');
    expect(intelligence.creates).toBe(0);
    expect(noted(fake)).toMatchObject({ status: 'failed', reason: 'invalid_setting' });
  });

  it('a mono recording is noted as not_dual_channel: nothing separates the parties', async () => {
    const { fake, deps } = world();
    const cb = completed('customer');
    cb.report = { status: 'completed', channels: 1 };
    expect(await transcribeRecording(cb, 'recorded', deps)).toBe('failed');
    expect(noted(fake)).toMatchObject({ reason: 'not_dual_channel' });
  });
});

describe('when it does nothing', () => {
  it.each([
    ['the setting is off', null, completed('customer'), 'recorded'],
    ['the recording is not the task’s', SERVICE, completed('customer'), 'unclaimed'],
    [
      'the callback is not completed',
      SERVICE,
      { ...completed('customer'), report: { status: 'absent' as const } },
      'recorded',
    ],
  ] as const)('%s: no request to Voice Intelligence and no write', async (_what, setting, cb, outcome) => {
    const { fake, intelligence, deps } = world(setting);
    const writes = fake.count('updateTaskAttributes');
    await transcribeRecording(cb, outcome, deps);
    expect(intelligence.creates + intelligence.lists).toBe(0);
    expect(fake.count('updateTaskAttributes')).toBe(writes);
  });
});
