/**
 * POST /task-events as Twilio's Event Streams delivers to it (issue 19 §3): the real Functions under
 * twilio-run behind the local gateway, fed by the sandbox's Event Streams (tools/twilio-sandbox/src/event-streams.ts),
 * which batches, redelivers on 429/5xx and on a 5 s timeout with backoff, discards on any other 4xx,
 * and duplicates, reorders or holds events when told to. Twilio: "Event Streams guarantees at-least-once
 * delivery of events" and "Receiving events in order isn't guaranteed"
 * (https://www.twilio.com/docs/events/event-delivery-and-duplication, https://www.twilio.com/docs/events).
 *
 * No test sleeps: each waits on the sandbox's state (a delivery recorded, no event pending). The
 * backoff's base is set to a few hundred ms through the sandbox's control API, never a branch in the
 * product.
 */
import type { Stack } from '@dual-channel-recording/local-stack';
import type { EventDelivery } from '@dual-channel-recording/twilio-sandbox';
import { cloudEventOf, deliver, SINK_AUTH, sinkUrl, withSinkStack } from '../helpers/event-streams';
import { postFunction, recordInboundCall, type RecordedCall } from '../helpers/functions-http';
import { SUBSCRIBED_EVENT_TYPES } from '../../src/routes/task-events';

/** What the product asks an admin to subscribe (admin guide, `POST /task-events`). */
const SUBSCRIBED = SUBSCRIBED_EVENT_TYPES.map((t) => `com.twilio.taskrouter.${t}`);

/** An admin who kept an earlier version's subscription: the reservation events too (ignored by the sink). */
const SUBSCRIBED_BEFORE = [
  ...SUBSCRIBED,
  ...['reservation.wrapup', 'reservation.completed'].map((t) => `com.twilio.taskrouter.${t}`),
];

/** Twilio waits this long for the sink (DESIGN.md, "Event Streams webhook sinks"). */
const TWILIO_SINK_TIMEOUT_MS = 5000;

let stack: Stack;
withSinkStack((started) => (stack = started));

/** Points the sandbox's Event Streams at the Functions, as an admin's sink does. */
async function subscribe(types: readonly string[] = SUBSCRIBED): Promise<void> {
  const url = sinkUrl(stack);
  await stack.sandbox.setEventSink(url, types);
}

/** Polls the sandbox until `check` holds (state, not time); the test's own timeout bounds it. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until every event the sandbox recorded is accepted, discarded or expired. */
async function settled(): Promise<EventDelivery[]> {
  await until(
    () => stack.sandbox.eventDelivery(),
    (s) => s.pending === 0,
  );
  return stack.sandbox.eventDeliveries();
}

async function recordingStatus(recordingSid: string): Promise<string> {
  return (await stack.sandbox.recordings()).find((r) => r.sid === recordingSid)?.status ?? 'missing';
}

/** The agent's part ends as Flex ends it: their leg leaves, their reservation and then the task wrap up. */
async function lastAgentLeaves(c: RecordedCall): Promise<void> {
  await stack.sandbox.hangup(c.call.workerCallSid!);
  await stack.sandbox.setReservationStatus(c.reservationSid, 'wrapping');
  await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
}

describe('the recording stops even when Event Streams’ first delivery fails', () => {
  it('Twilio busy at the first delivery: the sink answers 503, Event Streams redelivers, the recording stops', async () => {
    await subscribe();
    await stack.sandbox.setEventDelivery({ retryBaseMs: 200 });
    const c = await recordInboundCall(stack);
    const before = (await settled()).length;
    const busy = await stack.sandbox.addFault({ api: 'taskrouter', status: 503 });
    await lastAgentLeaves(c);

    const first = await until(
      () => stack.sandbox.eventDeliveries(),
      (all) => all.length > before,
    );
    expect(first[before]).toMatchObject({ responseStatus: 503, timedOut: false, outcome: 'retrying' });
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');
    await stack.sandbox.removeFault(busy);

    const all = await settled();
    expect(all.at(-1)).toMatchObject({ responseStatus: 200, outcome: 'accepted' });
    expect(all.every((d) => d.outcome !== 'discarded' && !d.timedOut)).toBe(true);
    expect(await recordingStatus(c.recordingSid)).toBe('completed');
  }, 60_000);
});

describe('a duplicate or late event never stops a recording while an agent is on the call', () => {
  it('the first agent’s wrap-up, held until the second agent is on the call, then delivered newest first and twice: nothing stops; the second agent leaving stops it', async () => {
    await subscribe(SUBSCRIBED_BEFORE);
    const c = await recordInboundCall(stack);
    const bob = await stack.sandbox.createWorker({ identity: 'bob' });
    await stack.sandbox.setEventDelivery({ hold: true, reorder: true, duplicate: true, retryBaseMs: 200 });
    // Alice's part ends while Bob's transfer is ringing: a moment with no agent on the call.
    const transfer = await stack.sandbox.transfer({
      taskSid: c.taskSid,
      toWorkerSid: bob.workerSid,
      reservationStatus: 'pending',
      join: false,
    });
    await stack.sandbox.hangup(c.call.workerCallSid!);
    await stack.sandbox.setReservationStatus(c.reservationSid, 'wrapping');
    await stack.sandbox.setReservationStatus(c.reservationSid, 'completed');
    // Bob answers; only now do Alice's events arrive (late, newest first, each twice).
    await stack.sandbox.acceptReservation(transfer.reservationSid);
    const joined = await stack.sandbox.joinWorker(c.taskSid, bob.workerSid);
    await stack.sandbox.setEventDelivery({ hold: false });

    const late = await settled();
    expect(late.some((d) => d.duplicate)).toBe(true);
    expect(late.flatMap((d) => d.types)).toContain('com.twilio.taskrouter.reservation.wrapup');
    expect(late.every((d) => d.responseStatus === 200)).toBe(true);
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');

    // A duplicate of Alice's wrap-up sent again by hand (Twilio may redeliver at any time): still nothing.
    const again = await deliver(stack, [await cloudEventOf(stack, c.taskSid, 'reservation.wrapup')]);
    expect(again.status).toBe(200);
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');

    await stack.sandbox.setEventDelivery({ reorder: false, duplicate: false });
    await stack.sandbox.hangup(joined.workerCallSid);
    await stack.sandbox.setReservationStatus(transfer.reservationSid, 'wrapping');
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    await settled();
    expect(await recordingStatus(c.recordingSid)).toBe('completed');
  }, 60_000);
});

describe('a 300-task delivery is answered within Twilio’s 5 s', () => {
  it('300 recorded calls whose agents all left, in one batch: answered in time (200, or 503 with the rest done on redelivery), every recording stopped', async () => {
    const TASKS = 300;
    await subscribe(['com.twilio.taskrouter.task.wrapup']);
    await stack.sandbox.setEventDelivery({ hold: true, maxBatchSize: TASKS, retryBaseMs: 200 });
    const calls: RecordedCall[] = [];
    // Ten at a time, as agents accept calls; each start is the real create-recording.
    for (let i = 0; i < TASKS; i += 10) {
      calls.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(10, TASKS - i) }, (_, j) =>
            recordInboundCall(stack, { identity: `agent${i + j}` }),
          ),
        )),
      );
    }
    for (const c of calls) await lastAgentLeaves(c);
    await stack.sandbox.setEventDelivery({ hold: false });

    const deliveries = await settled();
    const [first] = deliveries;
    expect(first.taskSids).toHaveLength(TASKS);
    // The sandbox records a delivery that outlived Twilio's 5 s as a timeout: none did.
    expect((await stack.sandbox.eventDelivery()).policy.timeoutMs).toBe(TWILIO_SINK_TIMEOUT_MS);
    expect(deliveries.filter((d) => d.timedOut)).toEqual([]);
    expect(deliveries.map((d) => d.responseStatus).every((s) => s === 200 || s === 503)).toBe(true);
    expect(deliveries.at(-1)).toMatchObject({ responseStatus: 200, outcome: 'accepted' });
    const stopped = (await stack.sandbox.recordings()).filter((r) => r.status === 'completed');
    expect(stopped).toHaveLength(TASKS);
    // Measured, for the report (not asserted beyond Twilio's own 5 s above).
    console.log(
      `300-task delivery: ${deliveries.map((d) => `${d.responseStatus} in ${d.durationMs} ms`).join(', ')}`,
    );
  }, 300_000);
});

describe('the sink’s status for each failure class, as Twilio’s retry policy needs it', () => {
  // Twilio retries 429 and 5xx and discards any other 4xx for good: work not done must never be 2xx
  // or another 4xx; work done, a duplicate or an event of no interest is 2xx; a body that is not an
  // Event Streams delivery can never succeed, so it is 400 (discarded).
  async function wrappedUp(): Promise<RecordedCall> {
    const c = await recordInboundCall(stack);
    await lastAgentLeaves(c);
    return c;
  }

  /** The task's wrap-up event, read before a fault is injected (the fault hits every TaskRouter read). */
  async function wrapUpEvent(c: RecordedCall): Promise<Record<string, unknown>> {
    return cloudEventOf(stack, c.taskSid, 'task.wrapup');
  }

  it.each([
    ['Twilio’s 429 (too many requests in flight)', { status: 429 }],
    ['Twilio’s 503', { status: 503 }],
    ['the deadline (Twilio slower than the sink’s budget)', { latencyMs: 8000 }],
  ])(
    '%s: 503, retried; nothing stopped, nothing discarded',
    async (_name, fault) => {
      const c = await wrappedUp();
      const event = await wrapUpEvent(c);
      await stack.sandbox.addFault({ api: 'taskrouter', ...fault });
      const reply = await deliver(stack, [event]);
      expect(reply.status).toBe(503);
      expect(reply.body).toMatchObject({ unfinished: [c.taskSid] });
      await stack.sandbox.clearFaults();
      expect(await recordingStatus(c.recordingSid)).toBe('in-progress');
    },
    30_000,
  );

  it('broken settings: 500 naming the setting, retried until an admin fixes them', async () => {
    const c = await wrappedUp();
    const event = await wrapUpEvent(c);
    await stack.sandbox.setFlexUiAttributes({
      dual_channel_recording: { stop_on_last_agent_leave: 'sometimes' },
    });
    const reply = await deliver(stack, [event]);
    expect(reply.status).toBe(500);
    expect(reply.body).toMatchObject({ setting: expect.stringContaining('stop_on_last_agent_leave') });
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');
  }, 30_000);

  it('a malformed event (not a CloudEvent or an array of them): 400, discarded', async () => {
    const reply = await postFunction(
      stack,
      '/task-events',
      { hello: 'world' },
      {
        origin: null,
        headers: { Authorization: SINK_AUTH },
      },
    );
    expect(reply.status).toBe(400);
  }, 30_000);

  it('an event of no interest: 200, nothing read from Twilio', async () => {
    const c = await recordInboundCall(stack);
    const event = await cloudEventOf(stack, c.taskSid, 'reservation.created');
    const before = (await stack.sandbox.requests()).length;
    const reply = await deliver(stack, [event]);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ignored: 1, tasks: {} });
    expect((await stack.sandbox.requests()).length).toBe(before);
  }, 30_000);

  it('a duplicate of a delivered event: 200, counted as a duplicate, nothing done twice', async () => {
    const c = await wrappedUp();
    const event = await cloudEventOf(stack, c.taskSid, 'task.wrapup');
    expect((await deliver(stack, [event])).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'stopped' } },
    });
    const again = await deliver(stack, event);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicates: 1, tasks: {} });
  }, 30_000);
});
