/**
 * The recordings CLI end to end: the compiled bin as a child process against the local sandbox,
 * reached through configuration only (NODE_OPTIONS preload + TWILIO_SANDBOX_URL). The sandbox serves
 * a stereo WAV with the customer at 440 Hz on the left and the agent at 1000 Hz on the right.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AGENT_TONE_HZ, CUSTOMER_TONE_HZ } from '@dual-channel-recording/twilio-sandbox/media';
import type { CliSandbox } from './helpers';
import {
  makeRecording,
  mediaEntry,
  powerAt,
  readWav,
  runCli,
  spawnCli,
  withCliSandbox,
  report,
  tempDir,
} from './helpers';

let s: CliSandbox;

// Each test spawns the CLI once or twice (about 0.4 s each); the rate-limit test waits out 429s.
jest.setTimeout(20_000);

withCliSandbox((started) => (s = started));

afterEach(() => {
  expect(s.sandbox.defects).toEqual([]);
});

/** Which of the two tones dominates a mono channel. */
function dominantTone(samples: Float64Array, rate: number): 'customer' | 'agent' {
  const customer = powerAt(samples, CUSTOMER_TONE_HZ, rate);
  const agent = powerAt(samples, AGENT_TONE_HZ, rate);
  // A clean split has one tone and (almost) nothing of the other.
  expect(Math.max(customer, agent)).toBeGreaterThan(100 * Math.min(customer, agent));
  return customer > agent ? 'customer' : 'agent';
}

describe('download --split', () => {
  it('writes per-party files named from the task media metadata whose audio really is that party', async () => {
    const rec = await makeRecording(s, { durationSeconds: 3 });
    await s.client.setTaskAttributes(rec.taskSid, {
      conversations: { media: [mediaEntry(s.sandbox.accountSid, rec, 'customer')] },
    });
    const dir = tempDir();

    const run = await runCli(
      ['download', '--task', rec.taskSid, '--split', '--json', '--out', 'out'],
      s.env,
      dir,
    );

    expect(run.code).toBe(0);
    const r = report(run.stdout);
    expect(r.recordings).toHaveLength(1);
    expect(r.recordings[0]).toMatchObject({
      recordingSid: rec.recordingSid,
      outcome: 'downloaded',
      channels: 2,
      sampleRate: 8000,
      durationSeconds: 3,
      roles: { channels: ['customer', 'agent'], source: 'task-media' },
    });
    const out = path.join(dir, 'out');
    const stereo = readWav(readFileSync(path.join(out, `${rec.recordingSid}.wav`)));
    expect(stereo.channels).toBe(2);
    for (const role of ['customer', 'agent'] as const) {
      const part = readWav(readFileSync(path.join(out, `${rec.recordingSid}.${role}.wav`)));
      expect(part).toMatchObject({ channels: 1, sampleRate: 8000 });
      expect(part.samples[0].length).toBe(3 * 8000);
      expect(dominantTone(part.samples[0], part.sampleRate)).toBe(role);
    }
  });

  it('assumes customer left / agent right for a bare SID and says the roles are the default', async () => {
    const rec = await makeRecording(s);
    const dir = tempDir();
    const run = await runCli(['download', rec.recordingSid, '--split', '--json', '--out', dir], s.env, dir);
    expect(run.code).toBe(0);
    expect(report(run.stdout).recordings[0].roles).toEqual({
      channels: ['customer', 'agent'],
      source: 'default',
    });
    const customer = readWav(readFileSync(path.join(dir, `${rec.recordingSid}.customer.wav`)));
    expect(dominantTone(customer.samples[0], customer.sampleRate)).toBe('customer');
  });
});

describe('fallback when dual channel is not available', () => {
  it('saves a mono recording as mono, explains why, does not split, and exits 0', async () => {
    const rec = await makeRecording(s, { channels: 'mono', durationSeconds: 2 });
    const dir = tempDir();
    const run = await runCli(['download', rec.recordingSid, '--split', '--json', '--out', dir], s.env, dir);
    expect(run.code).toBe(0);
    const result = report(run.stdout).recordings[0];
    expect(result).toMatchObject({ outcome: 'downloaded', channels: 1, files: [`${rec.recordingSid}.wav`] });
    expect(result.fallback).toMatch(/dual channel is not available/);
    expect(run.stderr).toMatch(new RegExp(`${rec.recordingSid}: recorded with 1 channel`));
    expect(readWav(readFileSync(path.join(dir, `${rec.recordingSid}.wav`))).channels).toBe(1);
    // Mono was asked for directly: no doomed RequestedChannels=2 request.
    const media = (await s.client.requests()).filter((q) => q.path.endsWith('.wav'));
    expect(media.map((q) => q.query)).toEqual(['?RequestedChannels=1']);
  });

  it('falls back to mono when Twilio refuses the dual-channel file (16113), with Twilio’s code in the reason', async () => {
    const rec = await makeRecording(s, { durationSeconds: 2 });
    await s.client.addFault({
      method: 'GET',
      path: `Recordings/${rec.recordingSid}\\.wav$`,
      status: 400,
      code: 16113,
      message: 'Cannot download a dual-channel presentation of a mono recording',
      times: 1,
    });
    const dir = tempDir();
    const run = await runCli(['download', rec.recordingSid, '--json', '--out', dir], s.env, dir);
    expect(run.code).toBe(0);
    const result = report(run.stdout).recordings[0];
    expect(result).toMatchObject({ outcome: 'downloaded', channels: 1 });
    expect(result.fallback).toMatch(/HTTP 400 16113/);
  });
});

describe('--delete-after', () => {
  it('deletes only after the files are saved and verified', async () => {
    const rec = await makeRecording(s);
    const dir = tempDir();
    const run = await runCli(
      ['download', rec.recordingSid, '--split', '--delete-after', '--json', '--out', dir],
      s.env,
      dir,
    );
    expect(run.code).toBe(0);
    expect(report(run.stdout).recordings[0]).toMatchObject({ outcome: 'downloaded', deleted: true });
    const log = await s.client.requests();
    const mediaAt = log.findIndex((q) => q.path.endsWith('.wav') && q.status === 200);
    const deleteAt = log.findIndex((q) => q.method === 'DELETE');
    expect(mediaAt).toBeGreaterThanOrEqual(0);
    expect(deleteAt).toBeGreaterThan(mediaAt);
    expect(log[deleteAt]).toMatchObject({ path: expect.stringContaining(rec.recordingSid), status: 204 });
    const sidecar = JSON.parse(readFileSync(path.join(dir, `${rec.recordingSid}.json`), 'utf8')) as {
      deletedFromTwilio: boolean;
    };
    expect(sidecar.deletedFromTwilio).toBe(true);
    expect(existsSync(path.join(dir, `${rec.recordingSid}.agent.wav`))).toBe(true);
  });

  it('keeps the recording in Twilio when verification fails, and reports why with exit 1', async () => {
    const rec = await makeRecording(s);
    const dir = tempDir();
    // Twilio serves 8 kHz; demanding 16 kHz makes verification fail on a real, intact file.
    const run = await runCli(
      ['download', rec.recordingSid, '--delete-after', '--sample-rate', '16000', '--json', '--out', dir],
      s.env,
      dir,
    );
    expect(run.code).toBe(1);
    const result = report(run.stdout).recordings[0];
    expect(result).toMatchObject({
      outcome: 'failed',
      deleted: false,
      error: { reason: 'verification-failed' },
    });
    expect(result.error?.message).toMatch(/sample rate 8000 Hz, expected 16000 Hz/);
    expect((await s.client.requests()).some((q) => q.method === 'DELETE')).toBe(false);
    expect((await s.client.recordings()).find((r) => r.sid === rec.recordingSid)?.status).toBe('completed');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the recording when the download keeps failing', async () => {
    const rec = await makeRecording(s);
    await s.client.addFault({ method: 'GET', path: '\\.wav$', status: 404, code: 20404 });
    const dir = tempDir();
    const run = await runCli(
      ['download', rec.recordingSid, '--delete-after', '--json', '--out', dir],
      s.env,
      dir,
    );
    expect(run.code).toBe(1);
    expect(report(run.stdout).recordings[0].error).toMatchObject({
      reason: 'twilio-api',
      code: 20404,
      status: 404,
    });
    expect((await s.client.requests()).some((q) => q.method === 'DELETE')).toBe(false);
  });
});

describe('resuming', () => {
  it('after a killed run, skips recordings already verified and finishes the rest', async () => {
    const recs = [];
    for (let i = 0; i < 4; i++) recs.push(await makeRecording(s, { durationSeconds: 1 }));
    const sids = recs.map((r) => r.recordingSid);
    const dir = tempDir();
    await s.client.setLatency(250);
    const first = spawnCli(['download', ...sids, '--split', '--concurrency', '1', '--out', dir], s.env, dir);
    // Kill hard (no cleanup) once the first recording is done.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (readdirSync(dir).some((n) => n.endsWith('.json'))) {
          clearInterval(timer);
          first.child.kill('SIGKILL');
          resolve();
        }
      }, 10);
    });
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    // Requests cut off by the kill settle in the sandbox (logged as 499, not as defects): until none is in flight.
    while ((await s.client.requestsInFlight()).length > 0);
    const done = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, 34));
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length).toBeLessThan(4);
    // No final audio without its sidecar: a half-done recording is at most *.partial.
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.wav')))
      expect(done).toContain(name.slice(0, 34));

    await s.client.setLatency(0);
    await s.client.clearRequests();
    const second = await runCli(['download', ...sids, '--split', '--json', '--out', dir], s.env, dir);
    expect(second.code).toBe(0);
    const r = report(second.stdout);
    expect(r.summary).toMatchObject({
      total: 4,
      skipped: done.length,
      downloaded: 4 - done.length,
      failed: 0,
    });
    const refetched = (await s.client.requests()).filter((q) => q.path.endsWith('.wav')).map((q) => q.path);
    for (const sid of done) expect(refetched.some((p) => p.includes(sid))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('downloads again when a saved file was damaged after verification', async () => {
    const rec = await makeRecording(s);
    const dir = tempDir();
    expect((await runCli(['download', rec.recordingSid, '--out', dir], s.env, dir)).code).toBe(0);
    writeFileSync(path.join(dir, `${rec.recordingSid}.wav`), 'truncated');
    const again = await runCli(['download', rec.recordingSid, '--json', '--out', dir], s.env, dir);
    expect(report(again.stdout).recordings[0].outcome).toBe('downloaded');
    expect(readWav(readFileSync(path.join(dir, `${rec.recordingSid}.wav`))).channels).toBe(2);
  });
});

describe('rate limits', () => {
  it('retries 429 (20429) with backoff until every recording succeeds', async () => {
    const sids = [];
    for (let i = 0; i < 4; i++) sids.push((await makeRecording(s, { durationSeconds: 1 })).recordingSid);
    await s.client.clearRequests();
    // 4 per second: the 4 metadata fetches pass, the media requests right behind them are refused.
    await s.client.setRateLimit(4);
    const dir = tempDir();
    const run = await runCli(['download', ...sids, '--json', '--out', dir], s.env, dir);
    expect(run.code).toBe(0);
    const r = report(run.stdout);
    expect(r.summary).toMatchObject({ downloaded: 4, failed: 0 });
    const log = await s.client.requests();
    const limited = log.filter((q) => q.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((q) => q.twilioCode === 20429)).toBe(true);
    expect(r.summary.retries).toBe(limited.length);
    // Every request that was refused was later answered.
    for (const q of limited)
      expect(log.some((later) => later.seq > q.seq && later.path === q.path && later.status < 300)).toBe(
        true,
      );
  });

  it('never has more requests in flight than --concurrency', async () => {
    const sids = [];
    for (let i = 0; i < 6; i++) sids.push((await makeRecording(s, { durationSeconds: 1 })).recordingSid);
    await s.client.clearRequests();
    await s.client.setLatency(120);
    const dir = tempDir();
    const run = await runCli(['download', ...sids, '--concurrency', '2', '--json', '--out', dir], s.env, dir);
    expect(run.code).toBe(0);
    const log = await s.client.requests();
    expect(log.length).toBe(12);
    const edges = log.flatMap((q) => [
      { t: q.atMs, d: 1 },
      { t: q.atMs + q.durationMs, d: -1 },
    ]);
    // Ends before starts at the same millisecond: a slot freed and reused is not an overlap.
    edges.sort((a, b) => a.t - b.t || a.d - b.d);
    let inFlight = 0;
    let peak = 0;
    for (const e of edges) peak = Math.max(peak, (inFlight += e.d));
    expect(peak).toBe(2);
  });
});

describe('sources, failures and exit codes', () => {
  it('reports each failed recording with its reason and Twilio code, exits 1, and still saves the others', async () => {
    const good = await makeRecording(s);
    const missing = 'RE' + 'f'.repeat(32);
    const dir = tempDir();
    const run = await runCli(['download', good.recordingSid, missing, '--out', dir], s.env, dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`${missing} twilio-api: .*\\(Twilio 20404\\)`));
    expect(existsSync(path.join(dir, `${good.recordingSid}.wav`))).toBe(true);
  });

  it('downloads every recording created in a --since/--until range', async () => {
    const a = await makeRecording(s);
    const b = await makeRecording(s);
    const dir = tempDir();
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const run = await runCli(['download', '--since', since, '--json', '--out', dir], s.env, dir);
    expect(run.code).toBe(0);
    expect(
      report(run.stdout)
        .recordings.map((r) => r.recordingSid)
        .sort(),
    ).toEqual([a.recordingSid, b.recordingSid].sort());
    const none = await runCli(['download', '--until', '2001-01-01', '--json', '--out', dir], s.env, dir);
    expect(report(none.stdout).summary.total).toBe(0);
  });

  it('exits 4 when the task names no recording', async () => {
    const rec = await makeRecording(s);
    const dir = tempDir();
    const run = await runCli(['download', '--task', rec.taskSid, '--json', '--out', dir], s.env, dir);
    expect(run.code).toBe(4);
    expect(report(run.stdout).sourceProblems[0]).toMatchObject({ source: rec.taskSid });
  });

  it('exits 2 on a malformed SID and 3 without credentials', async () => {
    const dir = tempDir();
    const usage = await runCli(['download', 'RE123'], s.env, dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/not recording SIDs/);
    const { AUTH_TOKEN: _token, ...noToken } = s.env;
    const config = await runCli(['download', 'RE' + '0'.repeat(32)], noToken, dir);
    expect(config.code).toBe(3);
    expect(config.stderr).toMatch(/AUTH_TOKEN/);
  });
});
