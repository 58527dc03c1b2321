/**
 * @jest-environment node
 */
// Node 20's fetch Response stands in for the browser's; jsdom has none.
import { createRecordingClient } from './createRecordingClient';
import type { CreateRecordingRequest } from '@dual-channel-recording/contract';
import { backoffDelayMs, parseRetryAfterMs } from '@dual-channel-recording/contract';
import { FunctionError, MissingTokenError, NetworkError, ResponseFormatError } from '../api/errors';
import { DEFAULT_RETRY_POLICY } from './retry';

const request: CreateRecordingRequest = {
  taskSid: 'WT1',
  reservationSid: 'WR1',
  callSid: 'CA1',
  channel: 'customer',
};
const success = {
  recordingSid: 'RE1',
  callSid: 'CA1',
  channel: 'customer',
  status: 'in-progress',
  startTime: '2026-11-21T10:00:00Z',
  mediaUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
  alreadyRecording: false,
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function setup(responses: Array<Response | Error>, token: string | null = 'flex-token') {
  const fetch = jest.fn<Promise<Response>, Parameters<typeof globalThis.fetch>>();
  responses.forEach((r) =>
    r instanceof Error ? fetch.mockRejectedValueOnce(r) : fetch.mockResolvedValueOnce(r),
  );
  const sleep = jest.fn((_ms: number) => Promise.resolve());
  const client = createRecordingClient({
    baseUrl: 'https://x.twil.io',
    getToken: () => token ?? undefined,
    fetch,
    sleep,
    // A short policy keeps these cases small; the default's window is checked on its own below.
    retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 5000 },
    random: () => 0.5,
    now: () => Date.parse('2026-11-21T10:00:00Z'),
  });
  return { client, fetch, sleep };
}

describe('createRecordingClient', () => {
  it('POSTs the token and parameters as JSON to <base>/create-recording and returns the recording', async () => {
    const { client, fetch } = setup([json(201, success)]);
    await expect(client(request)).resolves.toEqual(success);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('https://x.twil.io/create-recording');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ Token: 'flex-token', ...request, attempt: 1 });
  });

  it('says which try each POST is: attempt 1 first, 2 on the retry after a 503, 3 after a network failure', async () => {
    const { client, fetch } = setup([
      json(503, { status: 503, code: 'recording_busy', message: 'busy' }, { 'Retry-After': '1' }),
      new TypeError('Failed to fetch'),
      json(200, { ...success, alreadyRecording: true }),
    ]);
    await client(request);
    const bodies = fetch.mock.calls.map(([, init]) => JSON.parse(String(init?.body)) as unknown);
    expect(bodies).toEqual([
      { Token: 'flex-token', ...request, attempt: 1 },
      { Token: 'flex-token', ...request, attempt: 2 },
      { Token: 'flex-token', ...request, attempt: 3 },
    ]);
  });

  it('does not count a try the Functions gateway refused with 429 (the Function never ran): the retry still says attempt 1', async () => {
    const { client, fetch } = setup([
      json(429, { status: 429, message: 'Too many concurrent executions' }, { 'Retry-After': '1' }),
      json(503, { status: 503, code: 'twilio_unavailable', message: 'busy' }, { 'Retry-After': '1' }),
      json(429, { status: 429, message: 'Too many concurrent executions' }, { 'Retry-After': '1' }),
      json(201, success),
    ]);
    await client(request);
    const attempts = fetch.mock.calls.map(
      ([, init]) => (JSON.parse(String(init?.body)) as { attempt: number }).attempt,
    );
    expect(attempts).toEqual([1, 1, 2, 2]);
  });

  it('counts the tries itself: an attempt in the request it is given does not travel', async () => {
    const { client, fetch } = setup([json(201, success)]);
    await client({ ...request, attempt: 5 });
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body))).toMatchObject({ attempt: 1 });
  });

  it('accepts 200 alreadyRecording (the Function is idempotent)', async () => {
    const { client } = setup([json(200, { ...success, alreadyRecording: true })]);
    await expect(client(request)).resolves.toMatchObject({ alreadyRecording: true });
  });

  it("throws FunctionError with the Function's code, message and fields, without retrying a 4xx", async () => {
    const body = {
      status: 400,
      code: 'invalid_parameter',
      message: 'callSid is not a call SID',
      field: 'callSid',
    };
    const { client, fetch } = setup([json(400, body)]);
    const error: unknown = await client(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionError);
    expect(error).toMatchObject({
      name: 'FunctionError',
      status: 400,
      code: 'invalid_parameter',
      field: 'callSid',
    });
    expect((error as Error).message).toBe('callSid is not a call SID');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    [403, 'invalid_token'],
    [409, 'call_not_in_progress'],
    [409, 'reservation_not_accepted'],
    [500, 'missing_setting'],
  ])('does not retry %i %s', async (status, code) => {
    const { client, fetch } = setup([json(status, { status, code, message: code })]);
    await expect(client(request)).rejects.toMatchObject({ status, code });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      { kind: 'queue', queue: 'Medical' },
      { kind: 'queue', queue: 'Medical' },
    ],
    [
      { kind: 'attribute', path: 'customers.segment', value: 'vip' },
      { kind: 'attribute', path: 'customers.segment', value: 'vip' },
    ],
    [{ kind: 'queue' }, undefined],
    ['Medical', undefined],
  ])(
    'reads the exclusion of a 403 recording_excluded (%j), without retrying',
    async (exclusion, expected) => {
      const body = { status: 403, code: 'recording_excluded', message: 'Not recorded', exclusion };
      const { client, fetch } = setup([json(403, body)]);
      const error: unknown = await client(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FunctionError);
      expect((error as FunctionError).exclusion).toEqual(expected);
      expect(fetch).toHaveBeenCalledTimes(1);
    },
  );

  it('sends conferenceSid when the request has one', async () => {
    const { client, fetch } = setup([json(201, success)]);
    await client({ ...request, conferenceSid: `CF${'0'.repeat(32)}` });
    expect(JSON.parse(String(fetch.mock.calls[0][1]?.body))).toMatchObject({
      conferenceSid: `CF${'0'.repeat(32)}`,
    });
  });

  it('retries 429 and 503 with backoff, honouring Retry-After, then succeeds', async () => {
    const { client, fetch, sleep } = setup([
      json(429, { status: 429, code: 'rate_limited', message: 'slow down' }),
      json(503, { status: 503, code: 'twilio_unavailable', message: 'try later' }, { 'Retry-After': '2' }),
      json(201, success),
    ]);
    await expect(client(request)).resolves.toEqual(success);
    expect(fetch).toHaveBeenCalledTimes(3);
    // 1st retry: half of 500 ms; 2nd: Retry-After 2 s beats half of 1000 ms.
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([250, 2000]);
  });

  it("retries a 504 (Twilio's gateway cut the Function at 10 s) like a 503, then succeeds", async () => {
    const { client, fetch, sleep } = setup([
      new Response('runtime application timed out', { status: 504 }),
      json(201, success),
    ]);
    await expect(client(request)).resolves.toEqual(success);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it('retries network errors and gives up after maxAttempts with a NetworkError', async () => {
    const { client, fetch, sleep } = setup([
      new TypeError('Failed to fetch'),
      new TypeError('x'),
      new TypeError('y'),
      new TypeError('z'),
    ]);
    const error: unknown = await client(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ name: 'NetworkError', url: 'https://x.twil.io/create-recording' });
    expect(fetch).toHaveBeenCalledTimes(4);
    expect(sleep).toHaveBeenCalledTimes(3);
  });

  it("gives up on a persistent 503 and reports the Function's reason", async () => {
    const unavailable = () =>
      json(503, { status: 503, code: 'twilio_unavailable', message: 'Twilio is unavailable' });
    const { client, fetch } = setup([unavailable(), unavailable(), unavailable(), unavailable()]);
    await expect(client(request)).rejects.toMatchObject({
      code: 'twilio_unavailable',
      message: 'Twilio is unavailable',
    });
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('reads a body code the contract does not define as http_<status>, keeping the message', async () => {
    const { client } = setup([json(403, { status: 403, code: 'no_such_code', message: 'Refused' })]);
    await expect(client(request)).rejects.toMatchObject({ code: 'http_403', message: 'Refused' });
  });

  it('keeps a non-JSON error body as the message', async () => {
    const { client } = setup([new Response('Bad Gateway', { status: 502 })]);
    await expect(client(request)).rejects.toMatchObject({ code: 'http_502', message: 'Bad Gateway' });
  });

  it('throws ResponseFormatError for a 2xx body without a recording', async () => {
    const { client } = setup([json(201, { ok: true })]);
    await expect(client(request)).rejects.toBeInstanceOf(ResponseFormatError);
  });

  it('throws MissingTokenError without calling the network when Flex has no token', async () => {
    const { client, fetch } = setup([], null);
    await expect(client(request)).rejects.toBeInstanceOf(MissingTokenError);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('retry timing', () => {
  it('retries for a minute of elapsed time, however many attempts that takes (a shift change meets the gateway cap)', async () => {
    let clock = 0;
    const busy = (): Response => new Response('Too many concurrent requests', { status: 429 });
    const fetch = jest.fn(() => {
      clock += 20; // the gateway answers a busy slot at once
      return Promise.resolve(busy());
    });
    const client = createRecordingClient({
      baseUrl: 'https://x.twil.io',
      getToken: () => 'flex-token',
      fetch,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
      random: () => 0.5,
      now: () => clock,
    });
    await expect(client(request)).rejects.toMatchObject({ status: 429 });
    expect(clock).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxElapsedMs ?? 0);
    expect(clock).toBeGreaterThan((DEFAULT_RETRY_POLICY.maxElapsedMs ?? 0) - 1000);
    // Short waits (half of at most 500 ms here): a freed Function slot is taken soon.
    expect(fetch.mock.calls.length).toBeGreaterThan(200);
  });

  it('retries a gateway 429 within half a second, and waits Retry-After plus up to a second of jitter after a 503', () => {
    const waits429 = Array.from({ length: 10 }, (_, i) =>
      backoffDelayMs(i + 1, DEFAULT_RETRY_POLICY, () => 1),
    );
    expect(waits429.slice(0, 4)).toEqual([100, 200, 400, 500]);
    expect(Math.max(...waits429)).toBe(500);
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => 0, 1000)).toBe(1000);
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.5, 1000)).toBe(1500);
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.999, 1000)).toBe(1999);
  });

  const policy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 5000 };

  it('jitters within an exponentially growing cap', () => {
    expect(backoffDelayMs(1, policy, () => 1)).toBe(500);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(2000);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(5000);
  });

  it('uses Retry-After as a floor, capped by maxDelayMs', () => {
    expect(backoffDelayMs(1, policy, () => 0, 3000)).toBe(3000);
    expect(backoffDelayMs(1, policy, () => 0, 60000)).toBe(5000);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs('Sat, 21 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
  });
});
