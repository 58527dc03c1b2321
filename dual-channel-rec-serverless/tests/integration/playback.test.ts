/**
 * Private recordings, authorized playback (issue 15 item 1): with "Enforce HTTP Auth on Media URLs"
 * on (the sandbox's setMediaAuth), the Flex Insights player calls the media entry's `url_provider`
 * (GET /playback-recording, `Authorization: Basic` of `token:<Flex token>`) and plays the link it
 * answers as `{ "media_url": … }`. The built Function under twilio-run behind the local gateway,
 * against the sandbox. The documented request as a browser sends it, preflight included, is
 * tests/contract/insights-player.test.ts.
 */
import { WaveFile } from 'wavefile';
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

/** An inbound call recorded through create-recording, then hung up (the recording completes). */
async function completedRecording(): Promise<RecordedCall & { urlProvider: string }> {
  const recorded = await recordInboundCall(stack);
  await stack.sandbox.hangup(recorded.callSid);
  const task = await stack.sandbox.task(recorded.taskSid);
  const media = (task.attributes.conversations as { media: { url_provider: string }[] }).media;
  return { ...recorded, urlProvider: media[0].url_provider };
}

/** The url_provider's path and query, on the local Functions. */
function providerPath(urlProvider: string): string {
  const url = new URL(urlProvider);
  return `${url.pathname}${url.search}`;
}

async function play(urlProvider: string, token: string): Promise<Reply> {
  return getFunction(stack, providerPath(urlProvider), asPlayer(token));
}

describe('GET /playback-recording (the Insights url_provider)', () => {
  it('create-recording writes a url_provider naming this route, the recording and the task', async () => {
    const recorded = await completedRecording();
    const url = new URL(recorded.urlProvider);
    expect(`${url.origin}${url.pathname}`).toBe(
      `${stack.functionsUrl.replace('localhost', '127.0.0.1')}/playback-recording`,
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      recordingSid: recorded.recordingSid,
      taskSid: recorded.taskSid,
    });
  }, 30_000);

  it('a supervisor gets a short-lived link that plays the two-channel WAV without credentials, and the Function never carries the audio', async () => {
    const recorded = await completedRecording();
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    await stack.sandbox.clearRequests();
    const reply = await play(recorded.urlProvider, supervisor.token);
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(['media_url']);
    expect(Number(reply.headers.get('content-length') ?? '0')).toBeLessThan(1024);

    const media = await fetch(String(reply.body.media_url));
    expect(media.status).toBe(200);
    const wav = new WaveFile(new Uint8Array(await media.arrayBuffer()));
    expect((wav.fmt as { numChannels: number }).numChannels).toBe(2);

    // The Function asked for the media once and read only the redirect (302), never the audio.
    const mediaRequests = (await stack.sandbox.requests()).filter((r) =>
      /\/Recordings\/RE\w+\.wav$/.test(r.path),
    );
    expect(mediaRequests.map((r) => r.status)).toEqual([302]);
  }, 30_000);

  it('the media URL itself needs credentials once HTTP auth is enforced (what url_provider is for)', async () => {
    const recorded = await completedRecording();
    const direct = await fetch(
      `${stack.sandboxUrl}/2010-04-01/Accounts/${stack.accountSid}/Recordings/${recorded.recordingSid}.wav`,
      { headers: { 'X-Sandbox-Original-Host': 'api.twilio.com' } },
    );
    expect(direct.status).toBe(401);
  }, 30_000);

  it('an admin may play too; the agent who handled the call may not, unless the admin allows it', async () => {
    const recorded = await completedRecording();
    const admin = await stack.sandbox.createWorker({ identity: 'ada', roles: ['admin'] });
    expect((await play(recorded.urlProvider, admin.token)).status).toBe(200);

    const denied = await play(recorded.urlProvider, recorded.worker.token);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'playback_denied' });

    await stack.sandbox.setFlexUiAttributes({ dual_channel_recording: { playback_handling_agent: true } });
    expect((await play(recorded.urlProvider, recorded.worker.token)).status).toBe(200);
  }, 30_000);

  it('another agent is denied even when handling agents may play: TaskRouter never saw them accept the task', async () => {
    await stack.sandbox.setFlexUiAttributes({ dual_channel_recording: { playback_handling_agent: true } });
    const recorded = await completedRecording();
    const bob = await stack.sandbox.createWorker({ identity: 'bob' });
    const reply = await play(recorded.urlProvider, bob.token);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'playback_denied' });
  }, 30_000);

  it('the handling agent cannot point the url_provider at another task’s recording by naming their own task', async () => {
    await stack.sandbox.setFlexUiAttributes({ dual_channel_recording: { playback_handling_agent: true } });
    const mine = await completedRecording();
    const other = await recordInboundCall(stack, { identity: 'carol' });
    await stack.sandbox.hangup(other.callSid);
    const forged = `/playback-recording?recordingSid=${other.recordingSid}&taskSid=${mine.taskSid}`;
    const reply = await getFunction(stack, forged, asPlayer(mine.worker.token));
    expect(reply.status).toBe(403);
    expect(String(reply.body.message)).toContain('is not a recording of task');
  }, 30_000);

  it.each([
    ['a forged', async () => 'sandbox.not-a-token-anyone-issued'],
    [
      'an expired',
      async () =>
        (await stack.sandbox.createWorker({ identity: 'old', roles: ['supervisor'], token: 'expired' }))
          .token,
    ],
    [
      'another account’s',
      async () =>
        (await stack.sandbox.createWorker({ identity: 'eve', roles: ['supervisor'], token: 'other-account' }))
          .token,
    ],
  ])(
    '%s token is 403 invalid_token, and nothing but the token check and the access log reach Twilio',
    async (_kind, tokenOf) => {
      const recorded = await completedRecording();
      const token = await tokenOf();
      await stack.sandbox.clearRequests();
      const reply = await play(recorded.urlProvider, token);
      expect(reply.status).toBe(403);
      expect(reply.body).toMatchObject({ code: 'invalid_token' });
      // The refusal is logged (PCI DSS asks for invalid access attempts too); no product data is read.
      const apis = (await stack.sandbox.requests()).map((r) => r.api);
      expect(apis.filter((api) => api !== 'sync')).toEqual(['iam']);
      expect(apis).toContain('sync');
    },
    30_000,
  );

  it('credentials that are not the token user are refused before anything is asked of Twilio', async () => {
    const recorded = await completedRecording();
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    await stack.sandbox.clearRequests();
    const reply = await getFunction(stack, providerPath(recorded.urlProvider), {
      Authorization: `Basic ${Buffer.from(`${stack.accountSid}:${supervisor.token}`).toString('base64')}`,
    });
    expect(reply.status).toBe(403);
    expect(await stack.sandbox.requests()).toEqual([]);
  }, 30_000);

  it('reads the token from Authorization only: a Token in the query string is 400 naming Token, and nothing reaches Twilio', async () => {
    const recorded = await completedRecording();
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    await stack.sandbox.clearRequests();
    const inUrl = await getFunction(
      stack,
      `${providerPath(recorded.urlProvider)}&Token=${encodeURIComponent(supervisor.token)}`,
    );
    expect(inUrl.status).toBe(400);
    expect(inUrl.body).toMatchObject({ code: 'invalid_parameter', field: 'Token' });
    expect(JSON.stringify(inUrl.body)).not.toContain(supervisor.token);
    // Not even beside a valid Authorization header: the URL has already leaked it, and a client
    // that sends it must be told.
    const both = await getFunction(
      stack,
      `${providerPath(recorded.urlProvider)}&Token=${encodeURIComponent(supervisor.token)}`,
      asPlayer(supervisor.token),
    );
    expect(both.status).toBe(400);
    const none = await getFunction(stack, providerPath(recorded.urlProvider));
    expect(none.status).toBe(403);
    expect(none.body).toMatchObject({ code: 'invalid_token' });
    expect(String(none.body.message)).toContain('Authorization');
    expect(await stack.sandbox.requests()).toEqual([]);
  }, 30_000);

  it('a recording still running is 409 recording_not_completed; an unknown one 404', async () => {
    const recorded = await recordInboundCall(stack);
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    const running = await getFunction(
      stack,
      `/playback-recording?recordingSid=${recorded.recordingSid}`,
      asPlayer(supervisor.token),
    );
    expect(running.status).toBe(409);
    expect(running.body).toMatchObject({ code: 'recording_not_completed' });
    const unknown = await getFunction(
      stack,
      `/playback-recording?recordingSid=RE${'9'.repeat(32)}`,
      asPlayer(supervisor.token),
    );
    expect(unknown.status).toBe(404);
  }, 30_000);

  it('without enforced HTTP auth the link is the media URL itself (public, as Twilio serves it)', async () => {
    await stack.sandbox.setMediaAuth(false);
    const recorded = await completedRecording();
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    const reply = await play(recorded.urlProvider, supervisor.token);
    expect(reply.status).toBe(200);
    expect(String(reply.body.media_url)).toBe(
      `https://api.twilio.com/2010-04-01/Accounts/${stack.accountSid}/Recordings/${recorded.recordingSid}.wav?RequestedChannels=2`,
    );
  }, 30_000);
});
