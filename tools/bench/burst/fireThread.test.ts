import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BurstFire } from './fire';
import { fireBurst } from './fire';
import { startFireThread } from './fireThread';
import type { BurstCall } from './setup';

const call = (index: number): BurstCall => ({
  index,
  workerSid: `WK${String(index).padStart(32, '0')}`,
  token: `token-${index}`,
  taskSid: `WT${String(index).padStart(32, '0')}`,
  reservationSid: `WR${String(index).padStart(32, '0')}`,
  callSid: `CA${String(index).padStart(32, '0')}`,
  conferenceSid: `CF${String(index).padStart(32, '0')}`,
  marker: `marker-${index}`,
});

// Call 0 is refused once with 429 and Retry-After (the plugin's client must wait and retry), then
// created; call 1 is already recording; call 2 is refused for good (a final error code).
const CALLS = [call(0), call(1), call(2)];

/** A create-recording stand-in that answers by the call in the body and counts attempts per call. */
function createRecordingServer(): http.Server {
  const seen = new Map<string, number>();
  return http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(text) as { callSid: string; Token: string };
      const attempt = (seen.get(body.callSid) ?? 0) + 1;
      seen.set(body.callSid, attempt);
      const json = (status: number, value: unknown): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const created = (alreadyRecording: boolean): void =>
        json(alreadyRecording ? 200 : 201, {
          recordingSid: `RE${body.callSid.slice(2)}`,
          callSid: body.callSid,
          channel: 'customer',
          alreadyRecording,
          status: 'in-progress',
          startTime: null,
          mediaUrl: `https://example.invalid/${body.callSid}`,
        });
      if (req.url !== '/create-recording') json(404, { code: 'not_found', message: req.url });
      else if (body.callSid === CALLS[0].callSid && attempt === 1) {
        // Plain text like the gateway's 429, with a Retry-After the client must wait out before retrying.
        res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '1' });
        res.end('Too Many Requests');
      } else if (body.callSid === CALLS[0].callSid) created(false);
      else if (body.callSid === CALLS[1].callSid) created(true);
      else json(403, { code: 'reservation_not_owned', message: 'another worker' });
    });
  });
}

/** Fires the calls against a fresh server, in this thread or on the clients' thread. */
async function fireAgainstServer(fire: (url: string) => Promise<BurstFire>): Promise<BurstFire> {
  const server = createRecordingServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await fire(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** What must match between the threads: per call, its result and its attempts' statuses. */
const shape = (fired: BurstFire): unknown =>
  fired.outcomes.map((o) => ({ call: o.call, result: o.result, statuses: o.attempts.map((a) => a.status) }));

describe('startFireThread', () => {
  jest.setTimeout(60_000);

  it('fires the burst through the plugin client on a worker thread with the same outcomes and attempts as in this thread, on the same clock', async () => {
    const inThread = await fireAgainstServer((url) => fireBurst(url, CALLS, 0));
    const before = Date.now();
    const thread = await startFireThread();
    let onThread: BurstFire;
    try {
      onThread = await fireAgainstServer((url) =>
        thread.fire({ functionsUrl: url, calls: CALLS, windowMs: 0 }),
      );
    } finally {
      await thread.close();
    }
    const after = Date.now();

    expect(shape(onThread)).toEqual(shape(inThread));
    expect(shape(onThread)).toEqual([
      { call: CALLS[0], result: 'created', statuses: [429, 201] },
      { call: CALLS[1], result: 'already_recording', statuses: [200] },
      { call: CALLS[2], result: 'reservation_not_owned', statuses: [403] },
    ]);
    // The retry waited for Retry-After (1 s) after the 429 answered.
    const [refused, retried] = onThread.outcomes[0].attempts;
    expect(retried.startAt - refused.endAt).toBeGreaterThanOrEqual(1000);
    // Epoch ms from the thread's Date.now(): within this thread's readings around the burst.
    for (const outcome of onThread.outcomes) {
      for (const a of outcome.attempts) {
        expect(a.startAt).toBeGreaterThanOrEqual(before);
        expect(a.endAt).toBeGreaterThanOrEqual(a.startAt);
      }
      expect(outcome.settledAt).toBeLessThanOrEqual(after);
    }
  });
});
