/**
 * What one create-recording asks Twilio for (issue 23: at most 7 on a warm instance), counted by the
 * sandbox's request log, with the real Functions under twilio-run served in one process
 * (`--no-fork-process`, as a warm deployed instance keeps its module state: the validated token and
 * the Flex configuration are cached after the agent's first start). The leg's recordings list, the
 * idempotency look, runs only when a recording of ours may already be running on the leg.
 */
import type { RequestLogEntry, ScenarioResult, WorkerResult } from '@dual-channel-recording/twilio-sandbox';
import type { Stack } from '@dual-channel-recording/local-stack';
import {
  activeRecordingsOf,
  leaveUnnamedRecording,
  postFunction,
  type Reply,
} from '../helpers/functions-http';
import { resourceOf } from '../helpers/request-log';
import { withStack } from '../helpers/stack';

let stack: Stack;
withStack((started) => (stack = started));

/** Every Twilio request since the last clear, as `METHOD resource` (SIDs dropped). */
async function twilioRequests(): Promise<string[]> {
  const all: RequestLogEntry[] = await stack.sandbox.requests();
  return all.map((r) => `${r.method} ${resourceOf(r.path)}`);
}

function start(
  worker: WorkerResult,
  call: ScenarioResult,
  callSid: string,
  extra: Record<string, unknown> = {},
): Promise<Reply> {
  return postFunction(stack, '/create-recording', {
    Token: worker.token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid,
    channel: 'customer',
    conferenceSid: call.conferenceSid,
    ...extra,
  });
}

/**
 * An agent whose first start made this instance warm (their token validated and kept, the Flex
 * configuration read and kept), and a new inbound call offered to them; the request log cleared.
 */
async function warmAgentWithNewCall(): Promise<{ worker: WorkerResult; call: ScenarioResult }> {
  const worker = await stack.sandbox.createWorker({ identity: 'alice' });
  const first = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
  expect((await start(worker, first, first.customerCallSid!, { attempt: 1 })).status).toBe(201);
  const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
  await stack.sandbox.clearRequests();
  return { worker, call };
}

const INBOUND_FIRST_TRY = [
  'GET Calls',
  'GET Conferences',
  'GET Conferences/Participants',
  'GET Tasks',
  'GET Tasks/Reservations',
  'POST Calls/Recordings',
  'POST Tasks',
];

describe('requests per start on a warm instance', () => {
  it('an inbound first try (attempt 1) on a task that names nothing of the leg: exactly 7 Twilio requests, no recordings list', async () => {
    const { worker, call } = await warmAgentWithNewCall();
    const res = await start(worker, call, call.customerCallSid!, { attempt: 1 });
    expect(res.status).toBe(201);
    expect((await twilioRequests()).sort()).toEqual(INBOUND_FIRST_TRY);
  }, 30_000);

  // Deployed, every new connection is a TCP and TLS handshake with Twilio before its request. The
  // sandbox's preload keeps connections in the pool of the agent that asked (the SDK client's), so a
  // client made per invocation shows here as a new connection for each of the parallel reads.
  it('an agent’s later start on the warm instance opens no new connection to Twilio: every request reuses one kept alive', async () => {
    const { worker, call } = await warmAgentWithNewCall();
    expect((await start(worker, call, call.customerCallSid!, { attempt: 1 })).status).toBe(201);
    const requests = await stack.sandbox.requests();
    expect(requests).toHaveLength(INBOUND_FIRST_TRY.length);
    expect(requests.filter((r) => r.newConnection).map((r) => `${r.method} ${resourceOf(r.path)}`)).toEqual(
      [],
    );
  }, 30_000);

  it('a retry (attempt 2) and an older plugin (no attempt) also list the leg’s recordings: 8', async () => {
    for (const extra of [{ attempt: 2 }, {}]) {
      const { worker, call } = await warmAgentWithNewCall();
      expect((await start(worker, call, call.customerCallSid!, extra)).status).toBe(201);
      expect((await twilioRequests()).sort()).toEqual([...INBOUND_FIRST_TRY, 'GET Calls/Recordings'].sort());
    }
  }, 40_000);

  it('a first try on a task that already names the leg (another tab) lists, answers alreadyRecording and creates nothing', async () => {
    const { worker, call } = await warmAgentWithNewCall();
    const first = await start(worker, call, call.customerCallSid!, { attempt: 1 });
    await stack.sandbox.clearRequests();
    const again = await start(worker, call, call.customerCallSid!, { attempt: 1 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ recordingSid: first.body.recordingSid, alreadyRecording: true });
    const requests = await twilioRequests();
    expect(requests).toContain('GET Calls/Recordings');
    expect(requests).not.toContain('POST Calls/Recordings');
    expect(await activeRecordingsOf(stack, call.customerCallSid!)).toHaveLength(1);
  }, 30_000);

  it('outbound worker leg with the customer’s call named (customerCallSid): one request more than inbound, call_sid filled with the customer’s call, no participant list or call read after the create', async () => {
    const worker = await stack.sandbox.createWorker({ identity: 'alice' });
    const warmUp = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
    expect((await start(worker, warmUp, warmUp.customerCallSid!, { attempt: 1 })).status).toBe(201);
    const call = await stack.sandbox.outboundCall({ workerSid: worker.workerSid });
    const { customerCallSid } = await stack.sandbox.answer(call.taskSid);
    await stack.sandbox.clearRequests();
    const res = await start(worker, call, call.workerCallSid!, {
      channel: 'worker',
      attempt: 1,
      customerCallSid,
    });
    expect(res.status).toBe(201);
    expect((await stack.sandbox.task(call.taskSid)).attributes).toMatchObject({
      call_sid: customerCallSid,
      conference: { sid: call.conferenceSid },
    });
    const requests = await twilioRequests();
    expect(requests).toHaveLength(8);
    expect(requests.sort()).toEqual(
      ['GET Calls', 'GET Calls', 'GET Conferences', 'GET Conferences/Participants', 'GET Tasks']
        .concat(['GET Tasks/Reservations', 'POST Calls/Recordings', 'POST Tasks'])
        .sort(),
    );
    // In order: nothing is read after the create.
    const inOrder = await twilioRequests();
    const create = inOrder.indexOf('POST Calls/Recordings');
    expect(inOrder.slice(create)).toEqual(['POST Calls/Recordings', 'POST Tasks']);
  }, 30_000);
});

describe('a recording of ours already running on the leg', () => {
  it('a retry (attempt 2) after a try whose claim write and stop both failed adopts the leftover recording instead of creating a second', async () => {
    // The failed try said it was the first (attempt 1): nothing on the task names its recording.
    const { worker, call, orphan: leftover } = await leaveUnnamedRecording(stack, { attempt: 1 });

    const retry = await start(worker, call, call.customerCallSid!, { attempt: 2 });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ recordingSid: leftover.sid, alreadyRecording: true });
    expect((await activeRecordingsOf(stack, call.customerCallSid!)).map((r) => r.sid)).toEqual([
      leftover.sid,
    ]);
    expect(JSON.stringify((await stack.sandbox.task(call.taskSid)).attributes)).toContain(leftover.sid);
  }, 40_000);

  // The known cost of skipping the list on a first try: the agent can write their own task, and a
  // task that names nothing of the leg looks like a leg never recorded. The second recording is
  // still a recording of this task (paused by pause-recording's look at the claims TaskRouter's event
  // log kept, which lands with the pause work; stopped with the call and seen by the sink): a
  // duplicate, never an unpaused or unstopped recording that no one knows of.
  it('KNOWN COST: an agent who deletes every trace of the leg from their task and starts again with attempt 1 gets a second recording of the leg', async () => {
    const worker = await stack.sandbox.createWorker({ identity: 'alice' });
    const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
    const first = await start(worker, call, call.customerCallSid!, { attempt: 1 });
    expect(first.status).toBe(201);
    const { attributes } = await stack.sandbox.task(call.taskSid);
    const {
      dual_channel_recording: _ours,
      conversations: _media,
      ...untraced
    } = attributes as Record<string, unknown>;
    await stack.sandbox.setTaskAttributes(call.taskSid, untraced);

    const again = await start(worker, call, call.customerCallSid!, { attempt: 1 });
    expect(again.status).toBe(201);
    expect(again.body.recordingSid).not.toBe(first.body.recordingSid);
    expect(await activeRecordingsOf(stack, call.customerCallSid!)).toHaveLength(2);
    // Saying it is a retry is enough to be answered with the running recording instead.
    const retry = await start(worker, call, call.customerCallSid!, { attempt: 2 });
    expect(retry.body).toMatchObject({ alreadyRecording: true });
    expect(await activeRecordingsOf(stack, call.customerCallSid!)).toHaveLength(2);
  }, 40_000);
});
