/**
 * The sandbox's Voice Intelligence transcripts, through the real twilio SDK and validated against
 * twilio_intelligence_v2.json by the sandbox itself (a response breaking the schema would be a
 * defect): one transcript per recording, and sentences heard in the recording's own audio, on the
 * channel that holds each party's voice, whatever the create's `participants` claim.
 */
import twilio from 'twilio';
import { SPOKEN_BY, transcribeWav } from './transcribe';
import { renderRecordingWav } from './media';
import { useRoutedSandbox } from './routed-sandbox.testing';

const env = useRoutedSandbox();

const client = (): twilio.Twilio => twilio(env.sandbox.accountSid, env.sandbox.authToken);

/** A completed dual-channel recording of `leg`'s call leg, `seconds` long. */
async function completedRecording(leg: 'customer' | 'worker', seconds: number) {
  const worker = await env.control.createWorker({ identity: 'alice' });
  const call = await env.control.inboundCall({ workerSid: worker.workerSid });
  const callSid = leg === 'customer' ? call.customerCallSid! : call.workerCallSid!;
  const recording = await client().calls(callSid).recordings.create({ recordingChannels: 'dual' });
  await env.control.completeRecording(recording.sid, seconds);
  return recording.sid;
}

const CHANNEL = (sourceSid: string, roles: string[] = ['Customer', 'Agent']) => ({
  media_properties: { source_sid: sourceSid },
  participants: roles.map((role, i) => ({ channel_participant: i + 1, role })),
});

describe('transcribeWav (the sandbox hears the audio, not the labels)', () => {
  it("hears the recorded leg's own party on channel 1: the customer for a customer leg, the agent for a worker leg", () => {
    for (const [party, first, second] of [
      ['customer', 'customer', 'agent'],
      ['agent', 'agent', 'customer'],
    ] as const) {
      const wav = renderRecordingWav({
        durationSeconds: 9,
        recordedChannels: 2,
        requestedChannels: 2,
        recordedParty: party,
      });
      const heard = transcribeWav(wav);
      expect(heard.filter((s) => s.mediaChannel === 1).map((s) => s.speaker)).toEqual([first, first, first]);
      expect(heard.filter((s) => s.mediaChannel === 2).map((s) => s.speaker)).toEqual([
        second,
        second,
        second,
      ]);
      expect(heard.map((s) => s.endSeconds)).toEqual([4, 4, 8, 8, 9, 9]);
    }
  });
});

describe('Transcripts (intelligence.twilio.com/v2/Transcripts)', () => {
  it('creates a transcript of a recording (202 queued), keeps the Channel as sent, and lists it by SourceSid', async () => {
    const service = await env.control.createIntelligenceService();
    const re = await completedRecording('customer', 5);
    const created = await client().intelligence.v2.transcripts.create({
      serviceSid: service.sid,
      channel: CHANNEL(re),
      customerKey: 'WT-key',
    });
    expect(created).toMatchObject({ serviceSid: service.sid, status: 'queued', customerKey: 'WT-key' });
    expect(created.sid).toMatch(/^GT[0-9a-f]{32}$/);
    const listed = await client().intelligence.v2.transcripts.list({ sourceSid: re });
    expect(listed.map((t) => t.sid)).toEqual([created.sid]);
    expect(listed[0].channel).toEqual(CHANNEL(re));
    expect(await client().intelligence.v2.transcripts.list({ sourceSid: 'RE' + 'f'.repeat(32) })).toEqual([]);
    expect((await client().intelligence.v2.transcripts(created.sid).fetch()).status).toBe('completed');
  });

  it('refuses a second transcript of the same recording (Twilio: one Transcript per RecordingSid)', async () => {
    const service = await env.control.createIntelligenceService();
    const re = await completedRecording('customer', 5);
    await client().intelligence.v2.transcripts.create({ serviceSid: service.sid, channel: CHANNEL(re) });
    await expect(
      client().intelligence.v2.transcripts.create({ serviceSid: service.sid, channel: CHANNEL(re) }),
    ).rejects.toMatchObject({ status: 400 });
    expect(await env.control.transcripts()).toHaveLength(1);
  });

  it('refuses an unknown service, a malformed ServiceSid (the spec pattern) and a channel named twice', async () => {
    const re = await completedRecording('customer', 5);
    await expect(
      client().intelligence.v2.transcripts.create({
        serviceSid: 'GA' + '9'.repeat(32),
        channel: CHANNEL(re),
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      client().intelligence.v2.transcripts.create({ serviceSid: 'GA12', channel: CHANNEL(re) }),
    ).rejects.toMatchObject({ status: 400, code: 20001 });
    const service = await env.control.createIntelligenceService();
    const twice = {
      media_properties: { source_sid: re },
      participants: [
        { channel_participant: 1, role: 'Agent' },
        { channel_participant: 1, role: 'Customer' },
      ],
    };
    await expect(
      client().intelligence.v2.transcripts.create({ serviceSid: service.sid, channel: twice }),
    ).rejects.toMatchObject({ status: 400, code: 20001 });
    expect(await env.control.transcripts()).toEqual([]);
  });

  it('keeps the sentences heard at the create after the recording is deleted', async () => {
    const service = await env.control.createIntelligenceService();
    const re = await completedRecording('customer', 5);
    const t = await client().intelligence.v2.transcripts.create({
      serviceSid: service.sid,
      channel: CHANNEL(re),
    });
    const before = await client().intelligence.v2.transcripts(t.sid).sentences.list();
    await client().recordings(re).remove();
    const after = await client().intelligence.v2.transcripts(t.sid).sentences.list();
    expect(after.map((x) => x.transcript)).toEqual(before.map((x) => x.transcript));
    expect(after).toHaveLength(4);
  });

  it.each(['customer', 'worker'] as const)(
    'sentences of a %s-leg recording come from the channel holding each voice, whatever the participants say',
    async (leg) => {
      const service = await env.control.createIntelligenceService();
      const re = await completedRecording(leg, 6);
      // Deliberately the labels of the other leg: the sentences must not follow them.
      const roles = leg === 'customer' ? ['Agent', 'Customer'] : ['Customer', 'Agent'];
      const t = await client().intelligence.v2.transcripts.create({
        serviceSid: service.sid,
        channel: CHANNEL(re, roles),
      });
      const sentences = await client().intelligence.v2.transcripts(t.sid).sentences.list();
      const onChannel = (n: number) => [
        ...new Set(sentences.filter((s) => Number(s.mediaChannel) === n).map((s) => s.transcript)),
      ];
      const ownVoice = leg === 'customer' ? SPOKEN_BY.customer : SPOKEN_BY.agent;
      const otherVoice = leg === 'customer' ? SPOKEN_BY.agent : SPOKEN_BY.customer;
      expect(onChannel(1)).toEqual([ownVoice]);
      expect(onChannel(2)).toEqual([otherVoice]);
      expect(sentences.map((s) => s.sentenceIndex)).toEqual([0, 1, 2, 3]);
      expect(sentences.map((s) => Number(s.endTime))).toEqual([4, 4, 6, 6]);
    },
  );
});
