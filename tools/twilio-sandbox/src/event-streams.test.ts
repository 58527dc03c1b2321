/**
 * The sandbox's Event Streams webhook sink: TaskRouter events delivered as Twilio's event type pages
 * show them (a JSON array of CloudEvents, the TaskRouter payload under `data.payload`), only the
 * subscribed types, in order, with the sink URL's credentials as Basic auth.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxClient } from './client';
import { startSandbox } from './server';
import type { RunningSandbox } from './server';

interface Received {
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

let sandbox: RunningSandbox;
let control: SandboxClient;
let sink: http.Server;
let sinkUrl: string;
const received: Received[] = [];
/** The sink's next answers, in order (200 once they run out). */
const answers: (number | 'stall')[] = [];
const stallMs = 400;

beforeAll(async () => {
  sandbox = await startSandbox();
  control = new SandboxClient(sandbox.url);
  sink = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: JSON.parse(text) as unknown,
      });
      const answer = answers.shift() ?? 200;
      // 'stall' answers after the sandbox's time is up (the test sets a short timeoutMs).
      if (answer === 'stall') setTimeout(() => res.writeHead(200).end(), stallMs);
      else res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sinkUrl = `http://events:s3cret@127.0.0.1:${(sink.address() as AddressInfo).port}/task-events`;
});

afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
});

beforeEach(async () => {
  await control.reset();
  received.length = 0;
  answers.length = 0;
});

/** Waits until every event is settled (accepted, discarded or expired): state, not a sleep. */
async function settled(): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if ((await control.eventDelivery()).pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('Event Streams never settled');
}

/** Three wrap-ups (reservation, task) of one call: the events a sink subscribed to both receives. */
async function wrapUp(): Promise<{ taskSid: string }> {
  const worker = await control.createWorker({ identity: `agent-${Math.random().toString(36).slice(2)}` });
  const call = await control.inboundCall({ workerSid: worker.workerSid });
  await control.setReservationStatus(call.reservationSid, 'wrapping');
  await control.setTaskStatus(call.taskSid, 'wrapping');
  return { taskSid: call.taskSid };
}

const WRAPUPS = ['com.twilio.taskrouter.reservation.wrapup', 'com.twilio.taskrouter.task.wrapup'];

describe('Event Streams webhook sink', () => {
  it('delivers only the subscribed TaskRouter types, in order, as CloudEvents with the TaskRouter payload and the URL’s credentials', async () => {
    await control.setEventSink(sinkUrl, [
      'com.twilio.taskrouter.reservation.wrapup',
      'com.twilio.taskrouter.task.wrapup',
    ]);
    const worker = await control.createWorker({ identity: 'alice' });
    const call = await control.inboundCall({ workerSid: worker.workerSid });
    await control.setReservationStatus(call.reservationSid, 'wrapping');
    await control.setTaskStatus(call.taskSid, 'wrapping');

    await settled();
    const done = await control.eventDeliveries();
    expect(done.flatMap((d) => d.types)).toEqual([
      'com.twilio.taskrouter.reservation.wrapup',
      'com.twilio.taskrouter.task.wrapup',
    ]);
    expect(done.every((d) => d.responseStatus === 200 && d.outcome === 'accepted')).toBe(true);
    const [first] = received;
    expect(first.authorization).toBe(`Basic ${Buffer.from('events:s3cret').toString('base64')}`);
    expect(first.contentType).toBe('application/json');
    expect((first.body as unknown[])[0]).toEqual(
      expect.objectContaining({
        specversion: '1.0',
        type: 'com.twilio.taskrouter.reservation.wrapup',
        data: expect.objectContaining({
          product_name: 'TaskRouter',
          payload: expect.objectContaining({
            eventtype: 'reservation.wrapup',
            task_sid: call.taskSid,
            reservation_sid: call.reservationSid,
            worker_sid: worker.workerSid,
            task_attributes: expect.any(String),
          }),
        }),
      }),
    );
  });

  it('carries TaskRouter’s payload fields as Twilio’s event pages name them: the attributes a JSON string of the task’s attributes (encoded once), the status after the change, the queue', async () => {
    await control.setEventSink(sinkUrl, ['com.twilio.taskrouter.task.wrapup']);
    const worker = await control.createWorker({ identity: 'alice' });
    const call = await control.inboundCall({ workerSid: worker.workerSid, attributes: { marker: 'm1' } });
    await control.setTaskStatus(call.taskSid, 'wrapping');
    await settled();
    const payload = (
      (received[0].body as Record<string, unknown>[])[0].data as { payload: Record<string, unknown> }
    ).payload;
    expect(typeof payload.task_attributes).toBe('string');
    expect(JSON.parse(payload.task_attributes as string)).toEqual(
      (await control.task(call.taskSid)).attributes,
    );
    expect(payload).toMatchObject({
      task_assignment_status: 'wrapping',
      task_queue_sid: expect.stringMatching(/^WQ[0-9a-f]{32}$/),
      task_queue_name: expect.any(String),
    });
  });

  it('delivers nothing without a sink, and a reset removes the sink', async () => {
    await control.setEventSink(sinkUrl, ['com.twilio.taskrouter.task.created']);
    await control.reset();
    const worker = await control.createWorker({ identity: 'alice' });
    await control.inboundCall({ workerSid: worker.workerSid });
    // Nothing was even queued (no sink at the time), so there is nothing to wait for.
    expect((await control.eventDelivery()).pending).toBe(0);
    expect(await control.eventDeliveries()).toEqual([]);
    expect(received).toEqual([]);
  });

  it('refuses a sink without an http(s) URL or without event types, naming the field', async () => {
    await expect(control.setEventSink('ftp://x', ['com.twilio.taskrouter.task.created'])).rejects.toThrow(
      /url/,
    );
    await expect(control.setEventSink(sinkUrl, [])).rejects.toThrow(/types/);
  });

  it('sends what was gathered as one batch (an array of several CloudEvents)', async () => {
    await control.setEventSink(sinkUrl, WRAPUPS);
    await control.setEventDelivery({ hold: true });
    const { taskSid } = await wrapUp();
    expect(received).toEqual([]);
    await control.setEventDelivery({ hold: false });
    await settled();
    const [delivery] = await control.eventDeliveries();
    expect(delivery).toMatchObject({ types: WRAPUPS, taskSids: [taskSid, taskSid], attempt: 1 });
    expect(received).toHaveLength(1);
    expect((received[0].body as unknown[]).length).toBe(2);
  });

  it('retries 429 and 5xx with a growing backoff until the sink accepts, with the same event ids', async () => {
    await control.setEventSink(sinkUrl, ['com.twilio.taskrouter.task.wrapup']);
    await control.setEventDelivery({ retryBaseMs: 20 });
    answers.push(503, 429, 500);
    await wrapUp();
    await settled();
    const done = await control.eventDeliveries();
    expect(done.map((d) => [d.attempt, d.responseStatus, d.outcome])).toEqual([
      [1, 503, 'retrying'],
      [2, 429, 'retrying'],
      [3, 500, 'retrying'],
      [4, 200, 'accepted'],
    ]);
    expect(new Set(done.map((d) => d.eventIds.join())).size).toBe(1);
    const sentAt = done.map((d) => Date.parse(d.at));
    // Exponential from 20 ms, each wait at least half of base·2^(n−1): 10, 20, 40 ms.
    expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(10);
    expect(sentAt[3] - sentAt[2]).toBeGreaterThanOrEqual(40);
  });

  it('discards an event answered with any other 4xx, for good', async () => {
    await control.setEventSink(sinkUrl, ['com.twilio.taskrouter.task.wrapup']);
    await control.setEventDelivery({ retryBaseMs: 1 });
    answers.push(400);
    await wrapUp();
    await settled();
    expect((await control.eventDeliveries()).map((d) => [d.responseStatus, d.outcome])).toEqual([
      [400, 'discarded'],
    ]);
    expect(received).toHaveLength(1);
  });

  it('records a sink slower than its time as a timeout and delivers again', async () => {
    await control.setEventSink(sinkUrl, ['com.twilio.taskrouter.task.wrapup']);
    await control.setEventDelivery({ timeoutMs: 100, retryBaseMs: stallMs });
    answers.push('stall');
    await wrapUp();
    await settled();
    const done = await control.eventDeliveries();
    expect(done.map((d) => [d.timedOut, d.responseStatus, d.outcome])).toEqual([
      [true, null, 'retrying'],
      [false, 200, 'accepted'],
    ]);
  });

  it('drops an event still failing after the retry window', async () => {
    await control.setEventSink(sinkUrl, ['com.twilio.taskrouter.task.wrapup']);
    await control.setEventDelivery({ retryBaseMs: 5, retryWindowMs: 0 });
    answers.push(503);
    await wrapUp();
    await settled();
    expect((await control.eventDeliveries()).map((d) => d.outcome)).toEqual(['expired']);
  });

  it('injects duplicates and reordering when told to', async () => {
    await control.setEventSink(sinkUrl, WRAPUPS);
    await control.setEventDelivery({ hold: true, reorder: true, duplicate: true });
    await wrapUp();
    await control.setEventDelivery({ hold: false });
    await settled();
    const done = await control.eventDeliveries();
    expect(done.map((d) => [d.types, d.duplicate])).toEqual([
      [[...WRAPUPS].reverse(), false],
      [[...WRAPUPS].reverse(), true],
    ]);
    expect(done[0].eventIds).toEqual(done[1].eventIds);
  });

  it('refuses a delivery setting it does not know or of the wrong kind, naming it; a reset restores Twilio’s', async () => {
    await expect(control.setEventDelivery({ retryBaseMs: -1 })).rejects.toThrow(/retryBaseMs/);
    await expect(control.setEventDelivery({ hold: 'yes' } as unknown as { hold: boolean })).rejects.toThrow(
      /hold/,
    );
    await control.setEventDelivery({ retryBaseMs: 1, duplicate: true });
    await control.reset();
    expect((await control.eventDelivery()).policy).toMatchObject({
      retryBaseMs: 1000,
      timeoutMs: 5000,
      duplicate: false,
    });
  });
});
