/**
 * Stop when the last agent leaves (issue 15 item 3): TaskRouter's events reach POST /task-events as
 * an Event Streams webhook sink delivers them (a JSON array of CloudEvents, HTTP Basic credentials
 * from the sink's URL); the Function judges from Twilio whether the call is over for every agent and
 * stops the customer-leg recording, never on a warm or cold transfer. Each step drives the sandbox
 * in the order Flex and TaskRouter act: the agent's leg leaves, their reservation wraps up, the task
 * wraps up (or, in a transfer, is held for the next agent).
 */
import { randomBytes } from 'node:crypto';
import type { Stack } from '@dual-channel-recording/local-stack';
import { SINK_AUTH, deliverLatest as deliverLogged, withSinkStack } from '../helpers/event-streams';
import { postFunction, recordInboundCall, type RecordedCall, type Reply } from '../helpers/functions-http';

let stack: Stack;
withSinkStack((started) => (stack = started));

/** What an Event Streams sink POSTs for one TaskRouter event. */
function deliver(
  type: string,
  taskSid: string,
  auth: string | null = SINK_AUTH,
  taskAttributes?: Record<string, unknown>,
): Promise<Reply> {
  const cloudEvent = {
    specversion: '1.0',
    type: `com.twilio.taskrouter.${type}`,
    source: `/v1/Workspaces/${stack.workspaceSid}/Tasks/${taskSid}`,
    // Each delivery is a new event: the sink answers a CloudEvent id it already handled as a duplicate.
    id: `EV${randomBytes(16).toString('hex')}`,
    datacontenttype: 'application/json',
    time: new Date().toISOString(),
    data: {
      task_sid: taskSid,
      workspace_sid: stack.workspaceSid,
      ...(taskAttributes ? { task_attributes: JSON.stringify(taskAttributes) } : {}),
    },
  };
  return postFunction(stack, '/task-events', [cloudEvent] as unknown as Record<string, unknown>, {
    origin: null,
    headers: auth ? { Authorization: auth } : {},
  });
}

/** The agent's part ends as Flex ends it: their leg leaves, their reservation and then the task wrap up. */
async function agentLeaves(callSid: string, reservationSid: string): Promise<void> {
  await stack.sandbox.hangup(callSid);
  await stack.sandbox.setReservationStatus(reservationSid, 'wrapping');
}

async function recordingStatus(recordingSid: string): Promise<string> {
  return (await stack.sandbox.recordings()).find((r) => r.sid === recordingSid)!.status;
}

async function recorded(): Promise<RecordedCall & { workerCallSid: string }> {
  const call = await recordInboundCall(stack);
  return { ...call, workerCallSid: call.call.workerCallSid! };
}

describe('POST /task-events: stop the customer-leg recording when the last agent leaves', () => {
  it('the agent hangs up while the customer stays (a post-call survey): the recording stops, and the task says why', async () => {
    const c = await recorded();
    await agentLeaves(c.workerCallSid, c.reservationSid);
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');

    const reply = await deliver('task.wrapup', c.taskSid);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ tasks: { [c.taskSid]: { stop: 'stopped' } }, duplicates: 0 });
    expect(await recordingStatus(c.recordingSid)).toBe('completed');
    const task = await stack.sandbox.task(c.taskSid);
    const product = task.attributes.dual_channel_recording as {
      recordings: Record<string, { stopped_by?: string }>;
    };
    expect(product.recordings[c.recordingSid].stopped_by).toBe('last_agent_left');
    // The customer's call itself goes on (only the recording stopped).
    expect((await stack.sandbox.calls()).find((call) => call.sid === c.callSid)?.status).toBe('in-progress');

    // A late or repeated event finds nothing running.
    expect((await deliver('task.wrapup', c.taskSid)).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'nothing_to_stop' } },
      duplicates: 0,
    });
  }, 30_000);

  it('warm transfer: the first agent leaves while the second is on the call: nothing stops', async () => {
    const c = await recorded();
    const bob = await stack.sandbox.createWorker({ identity: 'bob' });
    await stack.sandbox.transfer({ taskSid: c.taskSid, toWorkerSid: bob.workerSid });
    await agentLeaves(c.workerCallSid, c.reservationSid);

    const reply = await deliver('task.wrapup', c.taskSid);
    expect(reply.body).toMatchObject({ tasks: { [c.taskSid]: { stop: 'task_still_held' } }, duplicates: 0 });
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');
  }, 30_000);

  it('cold transfer: a moment with no agent at all (the next one still ringing) stops nothing; the end of the call does', async () => {
    const c = await recorded();
    const bob = await stack.sandbox.createWorker({ identity: 'bob' });
    const transfer = await stack.sandbox.transfer({
      taskSid: c.taskSid,
      toWorkerSid: bob.workerSid,
      reservationStatus: 'pending',
      join: false,
    });
    await stack.sandbox.setTaskStatus(c.taskSid, 'reserved');
    await agentLeaves(c.workerCallSid, c.reservationSid);
    const conference = (await stack.sandbox.state()).conferences.find((x) => x.friendlyName === c.taskSid)!;
    expect(conference.participants.filter((p) => p.status === 'connected').map((p) => p.role)).toEqual([
      'customer',
    ]);

    expect((await deliver('task.wrapup', c.taskSid)).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'task_still_held' } },
      duplicates: 0,
    });
    // Even with the task's status not yet moved, the next agent's pending reservation holds it.
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    expect((await deliver('task.wrapup', c.taskSid)).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'agent_on_task' } },
      duplicates: 0,
    });
    await stack.sandbox.setTaskStatus(c.taskSid, 'assigned');
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');

    await stack.sandbox.acceptReservation(transfer.reservationSid);
    const joined = await stack.sandbox.joinWorker(c.taskSid, bob.workerSid);
    await agentLeaves(joined.workerCallSid, transfer.reservationSid);
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    expect((await deliver('task.wrapup', c.taskSid)).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'stopped' } },
      duplicates: 0,
    });
    expect(await recordingStatus(c.recordingSid)).toBe('completed');
  }, 30_000);

  it('a Flex client leg still connected to the conference (an agent who has not left) keeps the recording', async () => {
    const c = await recorded();
    await stack.sandbox.setReservationStatus(c.reservationSid, 'wrapping');
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    expect((await deliver('task.wrapup', c.taskSid)).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'agent_connected' } },
      duplicates: 0,
    });
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');
  }, 30_000);

  it('an admin who turned it off (stop_on_last_agent_leave: false) keeps recording the customer', async () => {
    await stack.sandbox.setFlexUiAttributes({ dual_channel_recording: { stop_on_last_agent_leave: false } });
    const c = await recorded();
    await agentLeaves(c.workerCallSid, c.reservationSid);
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    expect((await deliver('task.wrapup', c.taskSid)).body).toMatchObject({
      tasks: { [c.taskSid]: { stop: 'disabled' } },
      duplicates: 0,
    });
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');
  }, 30_000);

  it('an agent who plants a claim on their own task naming another call’s recording cannot get it stopped', async () => {
    const victim = await recorded();
    const mallory = await stack.sandbox.createWorker({ identity: 'mallory' });
    const own = await stack.sandbox.inboundCall({ workerSid: mallory.workerSid });
    const task = await stack.sandbox.task(own.taskSid);
    await stack.sandbox.setTaskAttributes(own.taskSid, {
      ...task.attributes,
      dual_channel_recording: {
        legs: {
          [victim.callSid]: {
            recording_sid: victim.recordingSid,
            channel: 'customer',
            reservation_sid: own.reservationSid,
          },
        },
      },
    });
    await agentLeaves(own.workerCallSid!, own.reservationSid);
    await stack.sandbox.setTaskStatus(own.taskSid, 'wrapping');
    expect((await deliver('task.wrapup', own.taskSid)).body).toMatchObject({
      tasks: { [own.taskSid]: { stop: 'nothing_to_stop' } },
      duplicates: 0,
    });
    expect(await recordingStatus(victim.recordingSid)).toBe('in-progress');
  }, 30_000);

  it('an agent who deletes the sealed claim from their task before leaving (the event carries attributes without it) still has the recording stopped', async () => {
    const c = await recorded();
    // ITask.setAttributes: the agent drops the product's bookkeeping, so the event's attributes
    // show no recording at all; TaskRouter's event log still has the claim write.
    await stack.sandbox.setTaskAttributes(c.taskSid, { type: 'inbound' });
    await agentLeaves(c.workerCallSid, c.reservationSid);
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    const reply = await deliver('task.wrapup', c.taskSid, SINK_AUTH, { type: 'inbound' });
    expect(reply.body).toMatchObject({ tasks: { [c.taskSid]: { stop: 'stopped' } } });
    expect(await recordingStatus(c.recordingSid)).toBe('completed');
  }, 30_000);

  it('the same agent, with the event as TaskRouter sends it (its status says wrapping): the claim deleted from the task and the event, the recording still stops', async () => {
    const c = await recorded();
    await stack.sandbox.setTaskAttributes(c.taskSid, { type: 'inbound' });
    await agentLeaves(c.workerCallSid, c.reservationSid);
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    const reply = await deliverLogged(stack, c.taskSid, 'task.wrapup');
    expect(reply.body).toMatchObject({ tasks: { [c.taskSid]: { stop: 'stopped' } } });
    expect(await recordingStatus(c.recordingSid)).toBe('completed');
  }, 30_000);

  it('an agent who rolls their attributes back to a version before the first recording’s ended seal (a second recording now runs on the call) still has the second one stopped', async () => {
    const c = await recorded();
    const withFirstClaim = (await stack.sandbox.task(c.taskSid)).attributes;
    // The first recording ends (Twilio's callback seals it over on the task); the agent records again.
    await stack.sandbox.completeRecording(c.recordingSid);
    const again = await postFunction(stack, '/create-recording', {
      Token: c.worker.token,
      taskSid: c.taskSid,
      reservationSid: c.reservationSid,
      callSid: c.callSid,
      channel: 'customer',
    });
    expect(again.status).toBe(201);
    const second = String(again.body.recordingSid);
    expect(second).not.toBe(c.recordingSid);
    // The agent puts back the attributes as they were before the seal (and before the second claim).
    await stack.sandbox.setTaskAttributes(c.taskSid, withFirstClaim);
    await agentLeaves(c.workerCallSid, c.reservationSid);
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    const reply = await deliverLogged(stack, c.taskSid, 'task.wrapup');
    expect(reply.body).toMatchObject({ tasks: { [c.taskSid]: { stop: 'stopped' } } });
    expect(await recordingStatus(second)).toBe('completed');
  }, 30_000);

  it('an agent who forges an ended seal for the running recording in their attributes (garbage, or one copied from another task) still has it stopped', async () => {
    const other = await recordInboundCall(stack, { identity: 'carol' });
    await stack.sandbox.completeRecording(other.recordingSid);
    const otherSeal = (
      (await stack.sandbox.task(other.taskSid)).attributes.dual_channel_recording as {
        recordings: Record<string, { ended_seal?: string }>;
      }
    ).recordings[other.recordingSid].ended_seal;
    expect(otherSeal).toEqual(expect.any(String));

    for (const forged of ['AAAAAAAAAAAAAAAAAAAAAA', otherSeal!]) {
      const c = await recorded();
      const { attributes } = await stack.sandbox.task(c.taskSid);
      const product = attributes.dual_channel_recording as {
        recordings?: Record<string, Record<string, unknown>>;
      };
      await stack.sandbox.setTaskAttributes(c.taskSid, {
        ...attributes,
        dual_channel_recording: {
          ...product,
          recordings: {
            ...product.recordings,
            [c.recordingSid]: {
              ...product.recordings?.[c.recordingSid],
              status: 'completed',
              ended_seal: forged,
            },
          },
        },
      });
      await agentLeaves(c.workerCallSid, c.reservationSid);
      await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
      // The event carries the forged attributes, as TaskRouter copies them from the task.
      const reply = await deliverLogged(stack, c.taskSid, 'task.wrapup');
      expect(reply.body).toMatchObject({ tasks: { [c.taskSid]: { stop: 'stopped' } } });
      expect(await recordingStatus(c.recordingSid)).toBe('completed');
    }
  }, 60_000);

  it('a reservation wrap-up alone is of no interest: answered 200, nothing read, nothing stopped (the task’s own wrap-up decides)', async () => {
    const c = await recorded();
    await agentLeaves(c.workerCallSid, c.reservationSid);
    await stack.sandbox.clearRequests();
    expect((await deliver('reservation.wrapup', c.taskSid)).body).toEqual({
      tasks: {},
      duplicates: 0,
      ignored: 1,
    });
    expect(await stack.sandbox.requests()).toEqual([]);
    expect(await recordingStatus(c.recordingSid)).toBe('in-progress');
  }, 30_000);

  it('a delivery without the sink credentials, or with wrong ones, is 401 and reads nothing from Twilio', async () => {
    const c = await recorded();
    await stack.sandbox.clearRequests();
    for (const auth of [null, `Basic ${Buffer.from('events:wrong').toString('base64')}`]) {
      const reply = await deliver('task.wrapup', c.taskSid, auth);
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ code: 'invalid_credentials' });
    }
    expect(await stack.sandbox.requests()).toEqual([]);
  }, 30_000);

  it('event types of no interest are accepted and ignored; a body that is not CloudEvents is 400', async () => {
    const c = await recorded();
    expect((await deliver('reservation.created', c.taskSid)).body).toEqual({
      tasks: {},
      duplicates: 0,
      ignored: 1,
    });
    const bad = await postFunction(
      stack,
      '/task-events',
      { hello: 'world' },
      { origin: null, headers: { Authorization: SINK_AUTH } },
    );
    expect(bad.status).toBe(400);
  }, 30_000);
});
