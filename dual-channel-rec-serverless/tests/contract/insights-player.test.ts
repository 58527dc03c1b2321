/**
 * The Flex Insights player's request to a `url_provider`, as Twilio documents it, sent through the
 * local gateway (which answers preflights itself, as Twilio's Functions gateway does) to the built
 * playback-recording Function, against the sandbox with "Enforce HTTP Auth on Media URLs" on.
 *
 * Source: Twilio, "Secure Playback of Recordings from Custom Storage",
 * https://www.twilio.com/docs/flex/developer/insights/playback-recordings-custom-storage
 *
 * - "When you open a recording from Flex Insights, the Player calls the API URL you provided as the
 *   value of the `url_provider` attribute. The Player adds the Flex JWE token in the authorization
 *   header." The example request is a `GET` with `Authorization: Basic …`, `Origin:
 *   https://flex.twilio.com`, `Sec-Fetch-Mode: cors`.
 * - "The Flex JWE token is sent in the following format:
 *   Basic ${Buffer.from(`token:${flexJWE}`).toString('base64')}"
 * - "Flex Insights Player expects a response containing a direct link to the media in the following
 *   format: { "media_url": "https://link/to/recording" }"
 * - "The link itself has to carry any authorization information, such as a time-limited token".
 * - Troubleshooting: "Confirm that your browser requested both the 'url_provider' and the 'media_url'."
 *
 * A GET that carries `Authorization` from another origin is preflighted by the browser. Twilio's
 * gateway answers every OPTIONS itself with `Access-Control-Allow-Headers: *`; the Fetch standard
 * says `*` does not cover `Authorization`, and Chrome, Firefox and Safari accept it anyway
 * (whatwg/fetch#1919, open): the Playwright replay test (e2e/browser/compliance.e2e.test.ts) shows
 * Chromium sending the GET after such a preflight.
 */
import { WaveFile } from 'wavefile';
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import { recordInboundCall } from '../helpers/functions-http';

let stack: Stack;
const FLEX = 'https://flex.twilio.com';

beforeAll(async () => {
  stack = await startStack({ forkProcess: false });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** What the player reads from the task: the first VoiceRecording entry's stored `url_provider`. */
async function storedUrlProvider(taskSid: string): Promise<string> {
  const task = await stack.sandbox.task(taskSid);
  const media = (task.attributes.conversations as { media: Array<Record<string, unknown>> }).media;
  const first = media.find((entry) => entry.type === 'VoiceRecording');
  expect(typeof first?.url_provider).toBe('string');
  return String(first?.url_provider);
}

/** The stored url_provider names this service's public address; the player reaches it there. */
const onLocalGateway = (urlProvider: string): string => {
  const url = new URL(urlProvider);
  return `${stack.functionsUrl}${url.pathname}${url.search}`;
};

describe('the Insights player’s documented request to the stored url_provider', () => {
  it('preflight answered by the gateway alone; the GET with Authorization: Basic base64("token:" + JWE) answers { "media_url" }, whose link plays the two-channel audio without credentials', async () => {
    await stack.sandbox.setMediaAuth(true);
    const recorded = await recordInboundCall(stack);
    await stack.sandbox.hangup(recorded.callSid);
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    const urlProvider = onLocalGateway(await storedUrlProvider(recorded.taskSid));
    expect(urlProvider).toContain(`recordingSid=${recorded.recordingSid}`);
    stack.gateway!.resetStats();

    // The browser's preflight for a cross-origin GET carrying Authorization.
    const preflight = await fetch(urlProvider, {
      method: 'OPTIONS',
      headers: {
        Origin: FLEX,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    expect(stack.gateway!.stats()).toMatchObject({ preflights: 1, admitted: 0 });

    // The player's GET.
    const provided = await fetch(urlProvider, {
      headers: {
        Origin: FLEX,
        Accept: '*/*',
        'Sec-Fetch-Mode': 'cors',
        Authorization: `Basic ${Buffer.from(`token:${supervisor.token}`).toString('base64')}`,
      },
    });
    expect(provided.status).toBe(200);
    expect(provided.headers.get('access-control-allow-origin')).toBe(FLEX);
    expect(provided.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await provided.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['media_url']);
    expect(typeof body.media_url).toBe('string');
    expect(stack.gateway!.stats()).toMatchObject({ preflights: 1, admitted: 1 });

    // The media_url carries its own authorization: loaded with no credentials, it is the recording.
    const media = await fetch(String(body.media_url));
    expect(media.status).toBe(200);
    const wav = new WaveFile(new Uint8Array(await media.arrayBuffer()));
    const fmt = wav.fmt as { numChannels: number; sampleRate: number; blockAlign: number };
    expect(fmt).toMatchObject({ numChannels: 2, sampleRate: 8000 });
    const frames = (wav.data as { samples: Uint8Array }).samples.length / fmt.blockAlign;
    expect(frames).toBeGreaterThan(0);

    // What the link stands in for: the recording's REST media URL refuses a request without credentials.
    const direct = await fetch(
      `${stack.sandboxUrl}/2010-04-01/Accounts/${stack.accountSid}/Recordings/${recorded.recordingSid}.wav`,
      { headers: { 'X-Sandbox-Original-Host': 'api.twilio.com' } },
    );
    expect(direct.status).toBe(401);
  }, 60_000);
});
