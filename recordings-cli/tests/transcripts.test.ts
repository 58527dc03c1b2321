/**
 * `download --transcripts` end to end: the compiled bin against the sandbox, whose Voice Intelligence
 * hears each sentence in the recording's own audio (the party whose tone holds that channel). The
 * transcripts are created as the recording-status Function creates them (participants per leg), and
 * each written sentence's role must be the speaker the audio holds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SPOKEN_BY } from '@dual-channel-recording/twilio-sandbox/transcribe';
import type { CliSandbox, MadeRecording } from './helpers';
import { makeRecording, report, runCli, tempDir, withCliSandbox } from './helpers';

let s: CliSandbox;
jest.setTimeout(20_000);
withCliSandbox((started) => (s = started));

afterEach(() => {
  expect(s.sandbox.defects).toEqual([]);
});

/** Creates the recording's transcript through Twilio's REST API with these roles on channels 1 and 2. */
async function transcribe(rec: MadeRecording, roles: [string, string] | null): Promise<string> {
  const service = await s.client.createIntelligenceService();
  const auth = Buffer.from(`${s.sandbox.accountSid}:${s.sandbox.authToken}`).toString('base64');
  const channel = {
    media_properties: { source_sid: rec.recordingSid },
    ...(roles ? { participants: roles.map((role, i) => ({ channel_participant: i + 1, role })) } : {}),
  };
  const res = await fetch(`${s.sandbox.url}/v2/Transcripts`, {
    method: 'POST',
    headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ServiceSid: service.sid, Channel: JSON.stringify(channel) }),
  });
  if (res.status !== 202) throw new Error(`transcript create: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { sid: string }).sid;
}

interface WrittenTranscript {
  transcriptSid: string;
  roleSource: string;
  sentences: { channel: number; role: string; start: number; end: number; text: string }[];
}

/** Runs `download RE --transcripts --json` and reads back what it wrote. */
async function download(rec: MadeRecording) {
  const dir = tempDir();
  const run = await runCli(
    ['download', rec.recordingSid, '--transcripts', '--json', '--out', 'out'],
    s.env,
    dir,
  );
  const file = path.join(dir, 'out', `${rec.recordingSid}.transcript.json`);
  const written = (): WrittenTranscript => JSON.parse(readFileSync(file, 'utf8')) as WrittenTranscript;
  return { code: run.code, result: report(run.stdout).recordings[0], written };
}

const heard = (text: string): string =>
  text === SPOKEN_BY.customer ? 'customer' : text === SPOKEN_BY.agent ? 'agent' : text;

describe('download --transcripts', () => {
  it.each([
    ['customer', ['Customer', 'Agent']],
    ['worker', ['Agent', 'Customer']],
  ] as const)(
    'a %s-leg recording: every sentence carries the role of the party the audio holds on its channel',
    async (leg, roles) => {
      const rec = await makeRecording(s, { leg, durationSeconds: 6 });
      const transcriptSid = await transcribe(rec, [...roles]);
      const run = await download(rec);
      expect(run.code).toBe(0);
      expect(run.result).toMatchObject({
        outcome: 'downloaded',
        transcript: { file: `${rec.recordingSid}.transcript.json`, transcriptSid, sentences: 4 },
      });
      const written = run.written();
      expect(written).toMatchObject({ transcriptSid, roleSource: 'participants' });
      expect(written.sentences).toHaveLength(4);
      for (const sentence of written.sentences) expect(sentence.role).toBe(heard(sentence.text));
      expect(Math.max(...written.sentences.map((x) => x.end))).toBe(6);
    },
  );

  it('a transcript naming no roles gets Voice Intelligence’s default (agent on channel 1), said in roleSource: wrong for a customer leg, as the audio shows', async () => {
    const rec = await makeRecording(s, { leg: 'customer', durationSeconds: 2 });
    await transcribe(rec, null);
    const run = await download(rec);
    expect(run.code).toBe(0);
    const written = run.written();
    expect(written.roleSource).toBe('voice-intelligence-default');
    expect(
      written.sentences
        .filter((x) => x.channel === 1)
        .every((x) => x.role === 'agent' && heard(x.text) === 'customer'),
    ).toBe(true);
  });

  it('with --delete-after the transcript is read before the recording is deleted (Twilio does not say a transcript outlives it)', async () => {
    const rec = await makeRecording(s, { leg: 'customer', durationSeconds: 2 });
    await transcribe(rec, ['Customer', 'Agent']);
    const dir = tempDir();
    const run = await runCli(
      ['download', rec.recordingSid, '--transcripts', '--delete-after', '--json', '--out', 'out'],
      s.env,
      dir,
    );
    expect(run.code).toBe(0);
    expect(report(run.stdout).recordings[0]).toMatchObject({ deleted: true, transcript: { sentences: 2 } });
    const order = s.sandbox.state.requests
      .filter((r) => (r.api === 'intelligence' && r.path.endsWith('/Sentences')) || r.method === 'DELETE')
      .map((r) => r.method);
    expect(order).toEqual(['GET', 'DELETE']);
  });

  it('a recording Twilio holds no transcript of: the audio is saved, the run exits 1 and says why', async () => {
    const rec = await makeRecording(s, { durationSeconds: 2 });
    const run = await download(rec);
    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({
      outcome: 'downloaded',
      transcript: { error: expect.stringContaining('no transcript') },
    });
  });
});
