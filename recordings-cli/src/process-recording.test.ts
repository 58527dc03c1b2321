import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { WaveFile } from 'wavefile';
import { TwilioApiError } from '@dual-channel-recording/contract';
import type { ProcessOptions } from './process-recording';
import { processRecording } from './process-recording';
import { OutputStore } from './store';
import type { RecordingMeta, TwilioGateway } from './twilio-gateway';

const SID = 'RE' + 'c'.repeat(32);

function wav(channels: 1 | 2, seconds: number): Buffer {
  const samples = Array.from({ length: channels }, () => new Int16Array(seconds * 8000));
  const w = new WaveFile();
  w.fromScratch(channels, 8000, '16', channels === 1 ? samples[0] : samples);
  return Buffer.from(w.toBuffer());
}

function fakeGateway(meta: Partial<RecordingMeta>, media: Buffer, overrides: Partial<TwilioGateway> = {}) {
  const calls: string[] = [];
  const gateway: TwilioGateway = {
    accountSid: 'AC' + 'a'.repeat(32),
    fetchRecording: async (sid) => {
      calls.push('fetch');
      return {
        sid,
        callSid: 'CA1',
        status: 'completed',
        channels: 2,
        durationSeconds: 2,
        dateCreated: new Date(),
        startTime: null,
        errorCode: null,
        ...meta,
      };
    },
    listRecordings: async () => [],
    deleteRecording: async () => void calls.push('delete'),
    fetchTaskAttributes: async () => ({}),
    listVoiceTaskEvents: async () => [],
    findRecording: async () => null,
    fetchCall: async () => null,
    listCallRecordings: async () => [],
    fetchFlexUiAttributes: async () => ({}),
    listConferencesNamed: async () => [],
    isLiveParticipant: async () => false,
    listConferenceParticipantCalls: async () => [],
    transcriptsOf: async () => [],
    listSentences: async () => [],
    downloadMedia: async (_sid, channels) => {
      calls.push(`media${channels}`);
      return media;
    },
    ...overrides,
  };
  return { gateway, calls };
}

async function run(
  gateway: TwilioGateway,
  options: Partial<ProcessOptions> = {},
  dir = mkdtempSync(`${os.tmpdir()}/dcr-proc-`),
) {
  const store = new OutputStore(dir);
  const warnings: string[] = [];
  const result = await processRecording(
    { recordingSid: SID, roles: null, explicit: true, tasks: [] },
    {
      gateway,
      store,
      options: { split: true, deleteAfter: true, sampleRate: 8000, ...options },
      warn: (m) => warnings.push(m),
    },
  );
  return { result, dir, warnings };
}

describe('processRecording', () => {
  it('saves, verifies, splits and then deletes', async () => {
    const { gateway, calls } = fakeGateway({}, wav(2, 2));
    const { result, dir } = await run(gateway);
    expect(result).toMatchObject({ outcome: 'downloaded', deleted: true, error: null });
    expect(calls).toEqual(['fetch', 'media2', 'delete']);
    expect(readdirSync(dir).sort()).toEqual([
      `${SID}.agent.wav`,
      `${SID}.customer.wav`,
      `${SID}.json`,
      `${SID}.wav`,
    ]);
  });

  it('never deletes when the file does not match the API (duration off by more than 1 s)', async () => {
    const { gateway, calls } = fakeGateway({ durationSeconds: 10 }, wav(2, 2));
    const { result, dir } = await run(gateway);
    expect(result).toMatchObject({
      outcome: 'failed',
      deleted: false,
      error: { reason: 'verification-failed' },
    });
    expect(calls).not.toContain('delete');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never deletes a recording that is not completed', async () => {
    const { gateway, calls } = fakeGateway({ status: 'processing', durationSeconds: null }, wav(2, 2));
    const { result } = await run(gateway);
    expect(result.error).toMatchObject({ reason: 'not-completed' });
    expect(calls).toEqual(['fetch']);
  });

  it('keeps the saved files and reports delete-failed with Twilio’s code when the delete fails', async () => {
    const { gateway } = fakeGateway({}, wav(2, 2), {
      deleteRecording: () => Promise.reject(new TwilioApiError('Forbidden', 403, 20403)),
    });
    const { result, dir } = await run(gateway);
    expect(result).toMatchObject({
      outcome: 'failed',
      deleted: false,
      error: { reason: 'delete-failed', code: 20403 },
    });
    expect(result.files).toHaveLength(3);
    expect(readdirSync(dir)).toContain(`${SID}.json`);
  });

  it('falls back to mono when Twilio refuses dual channel with 400, and says so', async () => {
    const { gateway, calls } = fakeGateway({}, wav(1, 2), {
      downloadMedia: async (_sid, channels) => {
        calls.push(`media${channels}`);
        if (channels === 2)
          throw new TwilioApiError('Cannot download a dual-channel presentation', 400, 16113);
        return wav(1, 2);
      },
    });
    const { result, warnings } = await run(gateway, { deleteAfter: false });
    expect(calls).toEqual(['fetch', 'media2', 'media1']);
    expect(result).toMatchObject({ outcome: 'downloaded', channels: 1, roles: null });
    expect(warnings.join('\n')).toMatch(/16113.*saved mono[\s\S]*cannot be split/);
  });

  describe('a rerun once Twilio no longer has the recording (a run deleted it before noting so)', () => {
    const gone = () => Promise.reject(new TwilioApiError('not found', 404, 20404));

    async function savedWithoutDelete(): Promise<string> {
      const { gateway } = fakeGateway({}, wav(2, 2));
      const { dir } = await run(gateway, { deleteAfter: false });
      return dir;
    }

    it('notes the delete when the saved audio verifies against its sidecar, without deleting or downloading', async () => {
      const dir = await savedWithoutDelete();
      const { gateway, calls } = fakeGateway({}, wav(2, 2), { fetchRecording: gone });
      const { result } = await run(gateway, {}, dir);
      expect(result).toMatchObject({ outcome: 'skipped', deleted: true, error: null });
      expect(calls).toEqual([]);
      expect(JSON.parse(readFileSync(`${dir}/${SID}.json`, 'utf8'))).toMatchObject({
        deletedFromTwilio: true,
      });
    });

    it('reports a saved audio that does not verify (a text file, its hash written to match) and notes nothing', async () => {
      const dir = await savedWithoutDelete();
      const text = Buffer.from('not audio\n');
      writeFileSync(`${dir}/${SID}.wav`, text);
      const sidecar = JSON.parse(readFileSync(`${dir}/${SID}.json`, 'utf8')) as {
        files: Array<{ name: string; bytes: number; sha256: string }>;
      };
      for (const f of sidecar.files.filter((f) => f.name === `${SID}.wav`)) {
        f.bytes = text.length;
        f.sha256 = createHash('sha256').update(text).digest('hex');
      }
      writeFileSync(`${dir}/${SID}.json`, JSON.stringify(sidecar));
      const { gateway, calls } = fakeGateway({}, wav(2, 2), { fetchRecording: gone });
      const { result } = await run(gateway, {}, dir);
      expect(result).toMatchObject({
        outcome: 'failed',
        deleted: false,
        error: { reason: 'verification-failed' },
      });
      expect(calls).toEqual([]);
      expect(JSON.parse(readFileSync(`${dir}/${SID}.json`, 'utf8'))).toMatchObject({
        deletedFromTwilio: false,
      });
    });
  });
});
