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
      res.writeHead(200).end();
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
});

async function deliveries(count: number) {
  for (let i = 0; i < 100; i += 1) {
    const all = await control.eventDeliveries();
    if (all.length >= count) return all;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${count} deliveries`);
}

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

    const done = await deliveries(2);
    expect(done.map((d) => [d.type, d.responseStatus])).toEqual([
      ['com.twilio.taskrouter.reservation.wrapup', 200],
      ['com.twilio.taskrouter.task.wrapup', 200],
    ]);
    expect(received).toHaveLength(2);
    const [first] = received;
    expect(first.authorization).toBe(`Basic ${Buffer.from('events:s3cret').toString('base64')}`);
    expect(first.contentType).toBe('application/json');
    expect(first.body).toEqual([
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
    ]);
  });

  it('delivers nothing without a sink, and a reset removes the sink', async () => {
    await control.setEventSink(sinkUrl, ['com.twilio.taskrouter.task.created']);
    await control.reset();
    const worker = await control.createWorker({ identity: 'alice' });
    await control.inboundCall({ workerSid: worker.workerSid });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await control.eventDeliveries()).toEqual([]);
    expect(received).toEqual([]);
  });

  it('refuses a sink without an http(s) URL or without event types, naming the field', async () => {
    await expect(control.setEventSink('ftp://x', ['com.twilio.taskrouter.task.created'])).rejects.toThrow(
      /url/,
    );
    await expect(control.setEventSink(sinkUrl, [])).rejects.toThrow(/types/);
  });
});
