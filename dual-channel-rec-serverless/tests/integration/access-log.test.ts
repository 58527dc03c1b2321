/**
 * The access log of playbacks (issue 24 §1): every answer of GET /playback-recording, granted or
 * refused, appends one chained entry to the product's own Sync service; a grant whose entry cannot
 * be written is withheld (503) unless the admin set `play_without_access_log`. The built Function
 * under twilio-run behind the local gateway, against the sandbox (Sync validated against
 * twilio_sync_v1.json).
 */
import type { AccessLogEntry } from '@dual-channel-recording/contract';
import { accessLogListName, verifyAccessLog } from '@dual-channel-recording/contract';
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import { getFunction, recordInboundCall, type RecordedCall, type Reply } from '../helpers/functions-http';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ forkProcess: false, env: { EXCLUSIONS_CACHE_SECONDS: '0' } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

beforeEach(async () => {
  await stack.sandbox.reset();
  await stack.sandbox.setMediaAuth(true);
});

const asPlayer = (token: string): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`token:${token}`).toString('base64')}`,
});

async function completedRecording(): Promise<RecordedCall & { path: string }> {
  const recorded = await recordInboundCall(stack);
  await stack.sandbox.hangup(recorded.callSid);
  return {
    ...recorded,
    path: `/playback-recording?recordingSid=${recorded.recordingSid}&taskSid=${recorded.taskSid}`,
  };
}

async function play(path: string, token: string): Promise<Reply> {
  return getFunction(stack, path, asPlayer(token));
}

/** This month's entries as Sync holds them (read over Twilio's REST API, as the CLI does). */
async function loggedEntries(): Promise<AccessLogEntry[]> {
  const list = accessLogListName(new Date());
  const auth = `Basic ${Buffer.from(`${stack.accountSid}:${stack.authToken}`).toString('base64')}`;
  const res = await fetch(
    `${stack.sandboxUrl}/v1/Services/${stack.accessLogServiceSid}/Lists/${list}/Items?PageSize=100`,
    { headers: { Authorization: auth, 'X-Sandbox-Original-Host': 'sync.twilio.com' } },
  );
  if (res.status === 404) return [];
  const body = (await res.json()) as { items: { data: AccessLogEntry }[] };
  return body.items.map((item) => item.data);
}

describe('the playback access log', () => {
  it('a granted replay writes one entry: when, who (identity, worker, roles), which recording and task, why; nothing of the token', async () => {
    const recorded = await completedRecording();
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    const reply = await play(recorded.path, supervisor.token);
    expect(reply.status).toBe(200);

    const entries = await loggedEntries();
    expect(entries).toEqual([
      expect.objectContaining({
        seq: 1,
        action: 'playback',
        decision: 'granted',
        reason: 'role:supervisor',
        viewer: { identity: 'sam', workerSid: supervisor.workerSid, roles: ['supervisor'] },
        actor: null,
        recordingSid: recorded.recordingSid,
        taskSid: recorded.taskSid,
      }),
    ]);
    expect(Date.parse(entries[0].at)).not.toBeNaN();
    expect(JSON.stringify(entries)).not.toContain(supervisor.token);
    expect((await verifyAccessLog(entries)).breaks).toEqual([]);
  }, 30_000);

  it('a refused replay writes one entry with the refusal’s code, and a forged token one without a viewer', async () => {
    const recorded = await completedRecording();
    expect((await play(recorded.path, recorded.worker.token)).status).toBe(403);
    expect((await play(recorded.path, 'sandbox.not-a-token-anyone-issued')).status).toBe(403);

    const entries = await loggedEntries();
    expect(entries).toEqual([
      expect.objectContaining({
        seq: 1,
        decision: 'refused',
        reason: 'playback_denied',
        viewer: expect.objectContaining({ workerSid: recorded.worker.workerSid }),
        recordingSid: recorded.recordingSid,
      }),
      expect.objectContaining({ seq: 2, decision: 'refused', reason: 'invalid_token', viewer: null }),
    ]);
    expect((await verifyAccessLog(entries)).breaks).toEqual([]);
  }, 30_000);

  it('fails closed: when Sync refuses the write the link is withheld with 503, and the admin can allow playing anyway', async () => {
    const recorded = await completedRecording();
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    await stack.sandbox.addFault({ api: 'sync', method: 'POST', status: 500, code: 20500 });

    const withheld = await play(recorded.path, supervisor.token);
    expect(withheld.status).toBe(503);
    expect(withheld.body).toMatchObject({ code: 'access_log_unavailable' });
    expect(withheld.body).not.toHaveProperty('media_url');
    // A refusal stays the refusal it was (never a 503 the player would retry) when its entry cannot be written.
    const refused = await play(recorded.path, recorded.worker.token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'playback_denied' });

    await stack.sandbox.setFlexUiAttributes({ dual_channel_recording: { play_without_access_log: true } });
    const played = await play(recorded.path, supervisor.token);
    expect(played.status).toBe(200);
    expect(played.body).toHaveProperty('media_url');
  }, 30_000);

  it('concurrent replays keep one unbroken chain (the head Document is moved with If-Match)', async () => {
    const recorded = await completedRecording();
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    const replies = await Promise.all(Array.from({ length: 6 }, () => play(recorded.path, supervisor.token)));
    expect(replies.map((r) => r.status)).toEqual(Array(6).fill(200));
    const entries = await loggedEntries();
    const verdict = await verifyAccessLog(entries);
    expect(verdict.breaks).toEqual([]);
    expect(verdict.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  }, 60_000);
});
