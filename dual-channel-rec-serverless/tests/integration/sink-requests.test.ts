/**
 * What the Event Streams sink asks Twilio for over a recorded call's life (issue 23): TaskRouter's
 * events as the sandbox logs and delivers them (the CloudEvent payload in the shape of Twilio's
 * Event Streams pages, with `task_assignment_status`, `task_queue_sid`, `task_queue_name` and
 * `task_attributes`), posted to the real Functions under twilio-run; every Twilio request counted by
 * the sandbox. The admin's settings are read through the Flex configuration API, which is not the
 * sink's per-event cost, so the counts leave it out.
 */
import type { EventDelivery, RequestLogEntry } from '@dual-channel-recording/twilio-sandbox';
import type { Stack } from '@dual-channel-recording/local-stack';
import { cloudEventOf, deliver, sinkUrl, withSinkStack } from '../helpers/event-streams';
import { SUBSCRIBED_EVENT_TYPES } from '../../src/routes/task-events';
import { recordInboundCall, type RecordedCall } from '../helpers/functions-http';
import { resourceOf } from '../helpers/request-log';

let stack: Stack;
withSinkStack((started) => (stack = started));

/** The sink's Twilio requests since the last clear, as `METHOD resource` (settings reads left out). */
async function sinkRequests(): Promise<string[]> {
  const all: RequestLogEntry[] = await stack.sandbox.requests();
  return all.filter((r) => r.api !== 'flex').map((r) => `${r.method} ${resourceOf(r.path)}`);
}

async function recordingStatus(recordingSid: string): Promise<string> {
  return (await stack.sandbox.recordings()).find((r) => r.sid === recordingSid)?.status ?? 'missing';
}

/** Polls until the task's attributes say the recording is over (the recording-status callback sealed it). */
async function sealedOver(c: RecordedCall): Promise<void> {
  for (;;) {
    const { attributes } = await stack.sandbox.task(c.taskSid);
    const recordings = ((attributes.dual_channel_recording ?? {}) as { recordings?: Record<string, unknown> })
      .recordings;
    const entry = recordings?.[c.recordingSid] as { ended_seal?: string } | undefined;
    if (entry?.ended_seal !== undefined) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until Event Streams has no event pending (state, not a sleep), and answers every delivery. */
async function settledDeliveries(): Promise<EventDelivery[]> {
  while ((await stack.sandbox.eventDelivery()).pending > 0) await new Promise((r) => setTimeout(r, 25));
  return stack.sandbox.eventDeliveries();
}

/** The task's latest logged event of each type, as Event Streams delivers it (read before counting). */
async function eventsOf(
  taskSid: string,
  types: readonly string[],
): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const type of types) out[type] = await cloudEventOf(stack, taskSid, type);
  return out;
}

/** The agent's part ends: their leg leaves, their reservation and then the task wrap up and complete. */
async function agentLeavesAndTaskEnds(c: RecordedCall): Promise<void> {
  await stack.sandbox.hangup(c.call.workerCallSid!);
  await stack.sandbox.setReservationStatus(c.reservationSid, 'wrapping');
  await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
  await stack.sandbox.setReservationStatus(c.reservationSid, 'completed');
  await stack.sandbox.setTaskStatus(c.taskSid, 'completed');
}

describe('the sink’s Twilio requests per recorded inbound call', () => {
  it('the customer hung up first (the recording-status callback sealed it over): task.wrapup and task.completed cost one event-log read each, reservation events nothing', async () => {
    const c = await recordInboundCall(stack);
    await stack.sandbox.hangup(c.callSid);
    await sealedOver(c);
    await agentLeavesAndTaskEnds(c);
    const events = await eventsOf(c.taskSid, [
      'reservation.wrapup',
      'reservation.completed',
      'task.wrapup',
      'task.completed',
    ]);
    await stack.sandbox.clearRequests();

    for (const type of ['reservation.wrapup', 'reservation.completed']) {
      expect((await deliver(stack, [events[type]])).body).toMatchObject({ tasks: {}, ignored: 1 });
    }
    expect(await sinkRequests()).toEqual([]);
    expect((await deliver(stack, [events['task.wrapup']])).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'nothing_to_stop', media: 'as_written' } },
    });
    expect((await deliver(stack, [events['task.completed']])).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'nothing_to_stop', media: 'as_written' } },
    });
    expect(await sinkRequests()).toEqual(['GET Events', 'GET Events']);
  }, 30_000);

  it('the same call with the events delivered by Event Streams itself (the sandbox’s emitter, as Twilio sends them): the sink reads the event log and nothing else', async () => {
    await stack.sandbox.setEventSink(
      sinkUrl(stack),
      SUBSCRIBED_EVENT_TYPES.map((t) => `com.twilio.taskrouter.${t}`),
    );
    const c = await recordInboundCall(stack);
    await stack.sandbox.hangup(c.callSid);
    await sealedOver(c);
    await settledDeliveries();
    await stack.sandbox.clearRequests();
    await agentLeavesAndTaskEnds(c);
    const deliveries = await settledDeliveries();
    expect(deliveries.flatMap((d) => d.types)).toEqual(
      expect.arrayContaining(['com.twilio.taskrouter.task.wrapup', 'com.twilio.taskrouter.task.completed']),
    );
    const requests = await sinkRequests();
    // One log read per delivery that carried a task end event (the two may come in one batch).
    expect(requests.length).toBeGreaterThanOrEqual(1);
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(new Set(requests)).toEqual(new Set(['GET Events']));
  }, 30_000);

  it('the agent left while the customer stays: task.wrapup stops it (log, the call’s recordings, who holds the task and who is connected, the stop, one task read and write); task.completed then costs the log alone', async () => {
    const c = await recordInboundCall(stack);
    await agentLeavesAndTaskEnds(c);
    const events = await eventsOf(c.taskSid, ['task.wrapup', 'task.completed']);
    const before = (await stack.sandbox.callbacks()).length;
    await stack.sandbox.clearRequests();

    expect((await deliver(stack, [events['task.wrapup']])).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'stopped' } },
    });
    expect(await recordingStatus(c.recordingSid)).toBe('completed');
    // The stop makes Twilio send the recording-status callback, whose route reads and writes the task
    // too (it is counted apart in the bench): its requests, and any a 412 between the two writers
    // costs, are set aside; the rest are the sink's.
    const callbacks = (
      await stack.sandbox.waitForCallbacks((all) => all.every((cb) => cb.responseStatus !== null), 20_000)
    ).slice(before);
    const requests = await sinkRequests();
    const conflicts = (await stack.sandbox.requests()).filter((r) => r.status === 412).length;
    const isTaskReadOrWrite = (r: string): boolean => r === 'GET Tasks' || r === 'POST Tasks';
    expect(requests.filter(isTaskReadOrWrite)).toHaveLength(2 * (1 + callbacks.length + conflicts));
    expect(requests.filter((r) => !isTaskReadOrWrite(r)).sort()).toEqual(
      [
        'GET Events',
        'GET Calls/Recordings',
        'GET Tasks/Reservations',
        'GET Conferences',
        'GET Conferences/Participants',
        'GET Calls',
        'POST Calls/Recordings',
      ].sort(),
    );
    await stack.sandbox.clearRequests();
    expect((await deliver(stack, [events['task.completed']])).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'nothing_to_stop' } },
    });
    expect(await sinkRequests()).toEqual(['GET Events']);
  }, 30_000);

  it('the task’s status comes from the event TaskRouter wrote; an event without it has the task read (never a guess)', async () => {
    const c = await recordInboundCall(stack);
    await stack.sandbox.hangup(c.callSid);
    await sealedOver(c);
    await agentLeavesAndTaskEnds(c);
    const event = await cloudEventOf(stack, c.taskSid, 'task.completed');
    const payload = (event.data as { payload: Record<string, unknown> }).payload;
    expect(payload.task_assignment_status).toBe('completed');

    await stack.sandbox.clearRequests();
    const { task_assignment_status: _status, ...withoutStatus } = payload;
    const bare = {
      ...event,
      id: `${String(event.id)}x`,
      data: { ...(event.data as object), payload: withoutStatus },
    };
    expect((await deliver(stack, [bare])).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'nothing_to_stop' } },
    });
    expect((await sinkRequests()).sort()).toEqual(['GET Events', 'GET Tasks']);
  }, 30_000);

  it('an event whose status says the task is still held (assigned) stops nothing and reads nothing', async () => {
    const c = await recordInboundCall(stack);
    await stack.sandbox.hangup(c.call.workerCallSid!);
    const event = await cloudEventOf(stack, c.taskSid, 'task.created');
    const payload = (event.data as { payload: Record<string, unknown> }).payload;
    const early = {
      ...event,
      id: `${String(event.id)}w`,
      type: 'com.twilio.taskrouter.task.wrapup',
      data: { ...(event.data as object), payload: { ...payload, task_assignment_status: 'assigned' } },
    };
    await stack.sandbox.clearRequests();
    expect((await deliver(stack, [early])).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'task_still_held' } },
    });
    expect(await sinkRequests()).toEqual([]);
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');
  }, 30_000);
});

describe('the excluded-queue stop decides from the queue TaskRouter wrote in the event', () => {
  it('a reservation accepted in a queue the admin does not exclude costs nothing; one accepted in a queue they exclude stops the recording', async () => {
    const sales = await recordInboundCall(stack, { identity: 'alice' });
    const medical = await recordInboundCall(stack, { identity: 'bob', queueName: 'Medical' });
    // The admin excludes Medical while both calls are recorded (as a transfer into it would find them).
    await stack.sandbox.setFlexUiAttributes({ dual_channel_recording: { exclude_queues: ['Medical'] } });
    const salesAccepted = await cloudEventOf(stack, sales.taskSid, 'reservation.accepted');
    const medicalAccepted = await cloudEventOf(stack, medical.taskSid, 'reservation.accepted');
    await stack.sandbox.clearRequests();

    expect((await deliver(stack, [salesAccepted])).body).toMatchObject({
      tasks: { [sales.taskSid]: { queue: 'queue_not_excluded' } },
    });
    expect(await sinkRequests()).toEqual([]);
    expect((await deliver(stack, [medicalAccepted])).body).toMatchObject({
      tasks: { [medical.taskSid]: { queue: 'stopped' } },
    });
    expect(await recordingStatus(medical.recordingSid)).toBe('completed');
    expect(await recordingStatus(sales.recordingSid)).toBe('in-progress');
  }, 30_000);

  it('an event that names no queue has the task read (never a guess)', async () => {
    const sales = await recordInboundCall(stack, { identity: 'alice' });
    await stack.sandbox.setFlexUiAttributes({ dual_channel_recording: { exclude_queues: ['Medical'] } });
    const event = await cloudEventOf(stack, sales.taskSid, 'reservation.accepted');
    const payload = (event.data as { payload: Record<string, unknown> }).payload;
    const { task_queue_name: _name, ...withoutName } = payload;
    const bare = { ...event, data: { ...(event.data as object), payload: withoutName } };
    await stack.sandbox.clearRequests();
    expect((await deliver(stack, [bare])).body).toMatchObject({
      tasks: { [sales.taskSid]: { queue: 'queue_not_excluded' } },
    });
    expect(await sinkRequests()).toEqual(['GET Tasks']);
  }, 30_000);
});
