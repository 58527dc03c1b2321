/**
 * `download --delete-after` deletes a recording from Twilio only with proof: the saved `<RE>.wav`,
 * read back from disk, verifies against the Recordings API as a fresh download does (a sidecar's
 * hashes prove nothing: a sidecar can be written to match anything on disk), and a recording that
 * only a task's attributes named has a call Twilio ties to that task (an agent can write their own
 * task's attributes). The compiled bin against the sandbox, as in download.test.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WaveFile } from 'wavefile';
import type { Sidecar } from '../src/store';
import type { CliSandbox, MadeRecording } from './helpers';
import { makeRecording, mediaEntry, readWav, runCli, withCliSandbox, report, tempDir } from './helpers';

let s: CliSandbox;

jest.setTimeout(20_000);

withCliSandbox((started) => (s = started));

afterEach(() => {
  expect(s.sandbox.defects).toEqual([]);
});

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

function readSidecar(dir: string, sid: string): Sidecar {
  return JSON.parse(readFileSync(path.join(dir, `${sid}.json`), 'utf8')) as Sidecar;
}

function writeSidecar(dir: string, sidecar: Sidecar): void {
  writeFileSync(path.join(dir, `${sidecar.recordingSid}.json`), JSON.stringify(sidecar, null, 2));
}

/** Replaces `<RE>.wav` with `data` and makes the sidecar's hash and size match it, as a forger would. */
function replaceAudio(dir: string, sid: string, data: Buffer, sidecar: Partial<Sidecar> = {}): void {
  writeFileSync(path.join(dir, `${sid}.wav`), data);
  const before = readSidecar(dir, sid);
  writeSidecar(dir, {
    ...before,
    ...sidecar,
    files: before.files.map((f) =>
      f.name === `${sid}.wav` ? { ...f, bytes: data.length, sha256: sha256(data) } : f,
    ),
  });
}

/** A first run without --delete-after: `<RE>.wav` and its sidecar are saved and verified. */
async function savedOnce(rec: MadeRecording, dir: string): Promise<void> {
  const first = await runCli(['download', rec.recordingSid, '--out', dir], s.env, dir);
  expect(first.code).toBe(0);
  await s.client.clearRequests();
}

/** The rerun with --delete-after, and the sandbox's request log of it. */
async function rerunDeleting(rec: MadeRecording, dir: string) {
  const run = await runCli(
    ['download', rec.recordingSid, '--delete-after', '--json', '--out', dir],
    s.env,
    dir,
  );
  const log = await s.client.requests();
  const mediaAt = log.findIndex(
    (q) => q.path.endsWith(`${rec.recordingSid}.wav`) && q.method === 'GET' && q.status === 200,
  );
  const deleteAt = log.findIndex((q) => q.method === 'DELETE' && q.path.includes(rec.recordingSid));
  return { run, mediaAt, deleteAt };
}

/** A mono 8 kHz WAV of `seconds` of silence. */
function monoWav(seconds: number): Buffer {
  const w = new WaveFile();
  w.fromScratch(1, 8000, '16', new Int16Array(seconds * 8000));
  return Buffer.from(w.toBuffer());
}

describe('--delete-after on a rerun never trusts a saved copy that does not verify: it downloads again, then deletes', () => {
  const forgeries: Array<[string, (rec: MadeRecording, dir: string) => void]> = [
    [
      'a sidecar that lists no files (no audio on disk)',
      (rec, dir) => {
        rmSync(path.join(dir, `${rec.recordingSid}.wav`));
        writeSidecar(dir, { ...readSidecar(dir, rec.recordingSid), files: [] });
      },
    ],
    [
      'a sidecar whose listed file is not the recording’s (its own audio missing, another intact WAV listed)',
      (rec, dir) => {
        const other = monoWav(4);
        writeFileSync(path.join(dir, 'other.wav'), other);
        rmSync(path.join(dir, `${rec.recordingSid}.wav`));
        const before = readSidecar(dir, rec.recordingSid);
        writeSidecar(dir, {
          ...before,
          files: [
            { name: 'other.wav', role: 'stereo', channels: 2, bytes: other.length, sha256: sha256(other) },
          ],
        });
      },
    ],
    [
      'a text file in place of the audio, its hash written to match',
      (rec, dir) => replaceAudio(dir, rec.recordingSid, Buffer.from('not audio at all\n')),
    ],
    [
      'a truncated WAV (half the samples), its hash written to match',
      (rec, dir) => {
        const full = readFileSync(path.join(dir, `${rec.recordingSid}.wav`));
        replaceAudio(dir, rec.recordingSid, full.subarray(0, Math.floor(full.length / 2)));
      },
    ],
    [
      'a mono WAV of the right length where Twilio recorded two channels, the sidecar claiming a mono fallback',
      (rec, dir) =>
        replaceAudio(dir, rec.recordingSid, monoWav(4), {
          channels: 1,
          fallback: 'forged',
          roles: null,
        }),
    ],
  ];

  it.each(forgeries)('%s', async (_case, forge) => {
    const rec = await makeRecording(s, { durationSeconds: 4 });
    const dir = tempDir();
    await savedOnce(rec, dir);
    forge(rec, dir);

    const { run, mediaAt, deleteAt } = await rerunDeleting(rec, dir);

    expect(run.code).toBe(0);
    // Downloaded again, and deleted only after that download.
    expect(mediaAt).toBeGreaterThanOrEqual(0);
    expect(deleteAt).toBeGreaterThan(mediaAt);
    expect(report(run.stdout).recordings[0]).toMatchObject({ outcome: 'downloaded', deleted: true });
    const saved = readWav(readFileSync(path.join(dir, `${rec.recordingSid}.wav`)));
    expect(saved).toMatchObject({ channels: 2, sampleRate: 8000 });
    expect(saved.samples[0].length).toBe(4 * 8000);
    expect(readSidecar(dir, rec.recordingSid)).toMatchObject({ deletedFromTwilio: true, channels: 2 });
  });

  it('refuses (keeps the recording in Twilio) when the copy does not verify and the new download fails', async () => {
    const rec = await makeRecording(s, { durationSeconds: 4 });
    const dir = tempDir();
    await savedOnce(rec, dir);
    replaceAudio(dir, rec.recordingSid, Buffer.from('not audio at all\n'));
    await s.client.addFault({ method: 'GET', path: '\\.wav$', status: 404, code: 20404 });

    const { run, deleteAt } = await rerunDeleting(rec, dir);

    expect(run.code).toBe(1);
    expect(report(run.stdout).recordings[0]).toMatchObject({ outcome: 'failed', deleted: false });
    expect(deleteAt).toBe(-1);
    expect((await s.client.recordings()).find((r) => r.sid === rec.recordingSid)?.deleted).toBe(false);
  });

  it('a copy that verifies is deleted without a second download (the proof is the audio, not a new fetch)', async () => {
    const rec = await makeRecording(s, { durationSeconds: 4 });
    const dir = tempDir();
    await savedOnce(rec, dir);

    const { run, mediaAt, deleteAt } = await rerunDeleting(rec, dir);

    expect(run.code).toBe(0);
    expect(report(run.stdout).recordings[0]).toMatchObject({ outcome: 'skipped', deleted: true });
    expect(mediaAt).toBe(-1);
    expect(deleteAt).toBeGreaterThanOrEqual(0);
  });
});

describe('--task --delete-after deletes only recordings whose call Twilio ties to the task', () => {
  /** Task A's attributes name `named` (a media entry an agent could have written on their own task). */
  async function nameOnTask(task: MadeRecording, named: MadeRecording): Promise<void> {
    await s.client.setTaskAttributes(task.taskSid, {
      conversations: {
        media: [
          mediaEntry(
            s.sandbox.accountSid,
            { recordingSid: named.recordingSid, taskSid: task.taskSid },
            'customer',
          ),
        ],
      },
    });
  }

  async function exportTask(taskSid: string, dir: string) {
    const run = await runCli(
      ['download', '--task', taskSid, '--delete-after', '--json', '--out', dir],
      s.env,
      dir,
    );
    const deletes = (await s.client.requests()).filter((q) => q.method === 'DELETE');
    return { run, deletes };
  }

  it('another task’s recording named in this task’s media entry is saved but never deleted (exit 1, reason not-of-task)', async () => {
    // Every fact Twilio has is readable (Advanced Features on): the answer is a definite no.
    await s.client.setVoiceInsightsAdvancedFeatures(true);
    const mine = await makeRecording(s);
    const theirs = await makeRecording(s);
    await nameOnTask(mine, theirs);
    const dir = tempDir();

    const { run, deletes } = await exportTask(mine.taskSid, dir);

    expect(run.code).toBe(1);
    const result = report(run.stdout).recordings[0];
    expect(result).toMatchObject({
      recordingSid: theirs.recordingSid,
      outcome: 'failed',
      deleted: false,
      error: { reason: 'not-of-task' },
    });
    expect(result.error?.message).toContain(`as no participant of the conference of task ${mine.taskSid}`);
    expect(result.files).toContain(`${theirs.recordingSid}.wav`);
    expect(deletes).toEqual([]);
    expect((await s.client.recordings()).find((r) => r.sid === theirs.recordingSid)?.deleted).toBe(false);
  });

  it('the task’s own recording is deleted while its call is in the task’s conference (a live participant)', async () => {
    const mine = await makeRecording(s);
    await nameOnTask(mine, mine);
    const dir = tempDir();

    const { run, deletes } = await exportTask(mine.taskSid, dir);

    expect(run.code).toBe(0);
    expect(report(run.stdout).recordings[0]).toMatchObject({ outcome: 'downloaded', deleted: true });
    expect(deletes.map((q) => q.path)).toEqual([expect.stringContaining(mine.recordingSid)]);
  });

  it('after the call: deleted when Voice Insights shows the call was in the task’s conference; kept, saying why, without Advanced Features', async () => {
    const mine = await makeRecording(s);
    await nameOnTask(mine, mine);
    // The conference ends: Twilio's summaries exist only after that, and the 2010 list forgets everyone.
    for (const leg of mine.legCallSids) await s.client.hangup(leg);

    const without = await exportTask(mine.taskSid, tempDir());
    expect(without.run.code).toBe(1);
    const kept = report(without.run.stdout).recordings[0];
    expect(kept).toMatchObject({ deleted: false, error: { reason: 'not-of-task' } });
    expect(kept.error?.message).toMatch(/Voice Insights Advanced Features.*17000/);
    expect(without.deletes).toEqual([]);

    await s.client.setVoiceInsightsAdvancedFeatures(true);
    const withInsights = await exportTask(mine.taskSid, tempDir());
    expect(withInsights.run.code).toBe(0);
    expect(report(withInsights.run.stdout).recordings[0]).toMatchObject({ deleted: true });
  });

  it('a call that left a conference still running is kept while Voice Insights lists nobody yet', async () => {
    await s.client.setVoiceInsightsAdvancedFeatures(true);
    const mine = await makeRecording(s);
    await nameOnTask(mine, mine);
    await s.client.hangup(mine.callSid);

    const { run, deletes } = await exportTask(mine.taskSid, tempDir());

    expect(run.code).toBe(1);
    expect(report(run.stdout).recordings[0]).toMatchObject({
      deleted: false,
      error: { reason: 'not-of-task' },
    });
    expect(deletes).toEqual([]);
  });

  it('a recording also named by its SID is the user’s choice: deleted once its copy verifies', async () => {
    const mine = await makeRecording(s);
    const theirs = await makeRecording(s);
    await nameOnTask(mine, theirs);
    const dir = tempDir();
    const run = await runCli(
      ['download', '--task', mine.taskSid, theirs.recordingSid, '--delete-after', '--json', '--out', dir],
      s.env,
      dir,
    );
    expect(run.code).toBe(0);
    expect(report(run.stdout).recordings[0]).toMatchObject({
      recordingSid: theirs.recordingSid,
      deleted: true,
    });
  });
});
