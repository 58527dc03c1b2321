/**
 * @jest-environment node
 */
// Node 20's fetch Response stands in for the browser's; jsdom has none.
import { FunctionError, ResponseFormatError } from '../api/errors';
import { createPauseRecordingClient } from './pauseRecordingClient';

const request = { taskSid: 'WT1', reservationSid: 'WR1', callSid: 'CA1' };
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function setup(responses: Response[]) {
  const fetch = jest.fn<Promise<Response>, Parameters<typeof globalThis.fetch>>();
  responses.forEach((r) => fetch.mockResolvedValueOnce(r));
  const sleep = jest.fn((_ms: number) => Promise.resolve());
  const client = createPauseRecordingClient({
    baseUrl: 'https://x.twil.io',
    getToken: () => 'flex-token',
    fetch,
    sleep,
    random: () => 0.5,
  });
  return { client, fetch, sleep };
}

describe('pause/resume client', () => {
  it.each([
    ['pause', 'pause-recording', 'paused', true],
    ['resume', 'resume-recording', 'in-progress', true],
    ['pause', 'pause-recording', 'paused', false],
    ['resume', 'resume-recording', 'in-progress', false],
  ] as const)(
    '%s posts to /%s with the token and answers 200 %s (changed=%s)',
    async (action, route, status, changed) => {
      const body = { recordingSid: 'RE1', callSid: 'CA1', status, changed };
      const { client, fetch } = setup([json(200, body)]);
      await expect(client(action, request)).resolves.toEqual(body);
      const [url, init] = fetch.mock.calls[0] ?? [];
      expect(url).toBe(`https://x.twil.io/${route}`);
      expect(JSON.parse(String(init?.body))).toEqual({ Token: 'flex-token', ...request });
    },
  );

  it.each([
    [404, 'no_recording', 'No recording is claimed for that call'],
    [409, 'call_not_in_progress', 'The call is not in progress'],
    [403, 'forbidden', 'That reservation is not yours'],
    [403, 'invalid_token', 'The Flex token is invalid'],
  ])(
    'throws FunctionError %i %s with the server message, without retrying',
    async (status, code, message) => {
      const { client, fetch } = setup([json(status, { status, code, message, twilioCode: 21220 })]);
      const error: unknown = await client('pause', request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FunctionError);
      expect(error).toMatchObject({ status, code, message });
      expect(fetch).toHaveBeenCalledTimes(1);
    },
  );

  it('retries 503 twilio_unavailable after Retry-After plus jitter, then succeeds', async () => {
    const { client, fetch, sleep } = setup([
      json(503, { status: 503, code: 'twilio_unavailable', message: 'later' }, { 'Retry-After': '1' }),
      json(200, { recordingSid: 'RE1', callSid: 'CA1', status: 'paused', changed: true }),
    ]);
    await expect(client('pause', request)).resolves.toMatchObject({ status: 'paused' });
    expect(fetch).toHaveBeenCalledTimes(2);
    // Retry-After 1 s, plus the policy's jitter (half of 1 s with this random source).
    expect(sleep).toHaveBeenCalledWith(1500);
  });

  it('rejects a 200 body that is not the documented shape', async () => {
    const { client } = setup([
      json(200, { recordingSid: 'RE1', callSid: 'CA1', status: 'stopped', changed: true }),
    ]);
    await expect(client('pause', request)).rejects.toBeInstanceOf(ResponseFormatError);
  });
});
