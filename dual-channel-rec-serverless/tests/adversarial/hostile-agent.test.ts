/**
 * A hostile agent with a valid Flex token (issue 11): the built Functions under twilio-run (no fork,
 * see create-recording.test.ts) against the sandbox. Flex lets an agent write their own task's
 * attributes (`ITask.setAttributes`), so the fixture plays that agent by writing the task through
 * the sandbox's control API, then asks the Functions to act on legs and recordings that are not
 * theirs. The oracle: nothing of anyone else's changes (recording status, task attributes), and
 * the answer is a documented 4xx. Unauthenticated requests must not cost a single Twilio REST read.
 */
import fc from 'fast-check';
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import type { RequestLogEntry, ScenarioResult, WorkerResult } from '@dual-channel-recording/twilio-sandbox';
import { postFunction, recordInboundCall, type RecordedCall } from '../helpers/functions-http';
import { forgedToken, runs } from './arbitraries';
import { closeConnections, send } from './adversary';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ forkProcess: false });
}, 60_000);

afterAll(async () => {
  closeConnections();
  await stack?.stop();
});

beforeEach(async () => {
  await stack.sandbox.reset();
});

/** Twilio REST requests (not token validation) the sandbox logged. */
async function restRequests(): Promise<RequestLogEntry[]> {
  return (await stack.sandbox.requests()).filter((r) => r.api !== 'iam');
}

async function recordingStatus(recordingSid: string): Promise<string> {
  return (await stack.sandbox.recordings()).find((r) => r.sid === recordingSid)?.status ?? 'missing';
}

/** What an agent can do from Flex: replace their own task's attributes. */
async function plantClaim(
  taskSid: string,
  callSid: string,
  claim: { recording_sid: string; channel: string; reservation_sid: string },
): Promise<void> {
  const attributes = (await stack.sandbox.task(taskSid)).attributes;
  const product = (attributes.dual_channel_recording ?? {}) as Record<string, Record<string, unknown>>;
  await stack.sandbox.setTaskAttributes(taskSid, {
    ...attributes,
    dual_channel_recording: { ...product, legs: { ...(product.legs ?? {}), [callSid]: claim } },
  });
}

function control(
  action: 'pause' | 'resume',
  token: string,
  fields: { taskSid: string; reservationSid: string; callSid: string },
) {
  return postFunction(stack, `/${action}-recording`, { Token: token, ...fields });
}

describe('1. a claim planted in the agent’s own task gives no power over anyone else’s recording', () => {
  it('pausing another agent’s call through a planted claim is 403 and leaves their recording running', async () => {
    const alice = await recordInboundCall(stack, { identity: 'alice' });
    const bob = await recordInboundCall(stack, { identity: 'bob' });
    await plantClaim(alice.taskSid, bob.callSid, {
      recording_sid: bob.recordingSid,
      channel: 'customer',
      reservation_sid: alice.reservationSid,
    });
    const bobTask = await stack.sandbox.task(bob.taskSid);
    const res = await control('pause', alice.worker.token, {
      taskSid: alice.taskSid,
      reservationSid: alice.reservationSid,
      callSid: bob.callSid,
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 403, code: 'forbidden', field: 'callSid' });
    expect(await recordingStatus(bob.recordingSid)).toBe('in-progress');
    expect((await stack.sandbox.task(bob.taskSid)).etag).toBe(bobTask.etag);
  }, 30_000);

  it('resuming a recording another agent paused for card details, through a planted claim, is 403 and it stays paused', async () => {
    const alice = await recordInboundCall(stack, { identity: 'alice' });
    const bob = await recordInboundCall(stack, { identity: 'bob' });
    const paused = await control('pause', bob.worker.token, bob);
    expect(paused.body).toMatchObject({ status: 'paused', changed: true });
    await plantClaim(alice.taskSid, bob.callSid, {
      recording_sid: bob.recordingSid,
      channel: 'customer',
      reservation_sid: alice.reservationSid,
    });
    const res = await control('resume', alice.worker.token, {
      taskSid: alice.taskSid,
      reservationSid: alice.reservationSid,
      callSid: bob.callSid,
    });
    expect(res.status).toBe(403);
    expect(await recordingStatus(bob.recordingSid)).toBe('paused');
  }, 30_000);

  it('whatever claim an agent plants (any leg, any recording, any channel), pause and resume only ever act on a recording of a leg of their own task', async () => {
    const alice = await recordInboundCall(stack, { identity: 'alice' });
    const bob = await recordInboundCall(stack, { identity: 'bob' });
    // Bob's agent leg has its own recording too (a worker-channel start), so there are two targets.
    const bobWorker = await postFunction(stack, '/create-recording', {
      Token: bob.worker.token,
      taskSid: bob.taskSid,
      reservationSid: bob.reservationSid,
      callSid: bob.call.workerCallSid,
      channel: 'worker',
    });
    expect(bobWorker.status).toBe(201);
    const bobWorkerRecording = String(bobWorker.body.recordingSid);
    const legs = [alice.callSid, alice.call.workerCallSid!, bob.callSid, bob.call.workerCallSid!];
    const recordings = [alice.recordingSid, bob.recordingSid, bobWorkerRecording];
    const bobsRecordings = [bob.recordingSid, bobWorkerRecording];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...legs),
        fc.constantFrom(...recordings),
        fc.constantFrom('customer', 'worker'),
        fc.constantFrom('pause' as const, 'resume' as const),
        async (leg, recording, channel, action) => {
          await plantClaim(alice.taskSid, leg, {
            recording_sid: recording,
            channel,
            reservation_sid: alice.reservationSid,
          });
          const bobBefore = JSON.stringify((await stack.sandbox.task(bob.taskSid)).attributes);
          const bobStatuses = await Promise.all(bobsRecordings.map(recordingStatus));
          const res = await control(action, alice.worker.token, {
            taskSid: alice.taskSid,
            reservationSid: alice.reservationSid,
            callSid: leg,
          });
          expect(await Promise.all(bobsRecordings.map(recordingStatus))).toEqual(bobStatuses);
          expect(JSON.stringify((await stack.sandbox.task(bob.taskSid)).attributes)).toBe(bobBefore);
          if (res.status === 200) {
            // Only Alice's own customer leg with its own recording may be acted on.
            expect(leg).toBe(alice.callSid);
            expect(res.body.recordingSid).toBe(alice.recordingSid);
          } else {
            expect([403, 404]).toContain(res.status);
          }
        },
      ),
      runs(24),
    );
  }, 120_000);
});

describe('3. the customer’s leg is never an agent’s (channel worker)', () => {
  it('create-recording refuses the customer leg as channel worker with 403 leg_channel_mismatch and records nothing', async () => {
    const worker = await stack.sandbox.createWorker({ identity: 'alice' });
    const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
    const res = await postFunction(stack, '/create-recording', {
      Token: worker.token,
      taskSid: call.taskSid,
      reservationSid: call.reservationSid,
      callSid: call.customerCallSid,
      channel: 'worker',
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'leg_channel_mismatch', field: 'callSid' });
    expect(await stack.sandbox.recordings()).toEqual([]);
  }, 30_000);

  it('after a transfer, the agent now on the call may pause the customer’s recording even if the task’s claim says channel worker', async () => {
    const alice = await recordInboundCall(stack, { identity: 'alice' });
    const bob = await stack.sandbox.createWorker({ identity: 'bob' });
    const transfer = await stack.sandbox.transfer({ taskSid: alice.taskSid, toWorkerSid: bob.workerSid });
    // What an older version wrote, or what an agent can write: the customer leg claimed as Alice's.
    await plantClaim(alice.taskSid, alice.callSid, {
      recording_sid: alice.recordingSid,
      channel: 'worker',
      reservation_sid: alice.reservationSid,
    });
    const res = await control('pause', bob.token, {
      taskSid: alice.taskSid,
      reservationSid: transfer.reservationSid,
      callSid: alice.callSid,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'paused', recordingSid: alice.recordingSid });
  }, 30_000);
});

describe('4. an internal-call task only records its own internal call', () => {
  async function aliceWithInternalAndInbound(): Promise<{
    alice: WorkerResult;
    internal: ScenarioResult;
    inbound: ScenarioResult;
  }> {
    const alice = await stack.sandbox.createWorker({ identity: 'alice' });
    const bob = await stack.sandbox.createWorker({ identity: 'bob' });
    const internal = await stack.sandbox.internalCall({
      workerSid: alice.workerSid,
      toWorkerSid: bob.workerSid,
    });
    const inbound = await stack.sandbox.inboundCall({ workerSid: alice.workerSid });
    return { alice, internal, inbound };
  }

  it('create-recording refuses the agent’s own leg of another task’s conference, named on the internal-call task', async () => {
    const { alice, internal, inbound } = await aliceWithInternalAndInbound();
    const res = await postFunction(stack, '/create-recording', {
      Token: alice.token,
      taskSid: internal.taskSid,
      reservationSid: internal.reservationSid,
      callSid: inbound.workerCallSid,
      channel: 'worker',
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'leg_not_in_task', field: 'callSid' });
    expect(await stack.sandbox.recordings()).toEqual([]);
  }, 30_000);

  it('pause refuses a planted claim for the agent’s leg of another task on the internal-call task', async () => {
    const { alice, internal, inbound } = await aliceWithInternalAndInbound();
    const created = await postFunction(stack, '/create-recording', {
      Token: alice.token,
      taskSid: inbound.taskSid,
      reservationSid: inbound.reservationSid,
      callSid: inbound.workerCallSid,
      channel: 'worker',
    });
    expect(created.status).toBe(201);
    const recordingSid = String(created.body.recordingSid);
    await plantClaim(internal.taskSid, inbound.workerCallSid!, {
      recording_sid: recordingSid,
      channel: 'worker',
      reservation_sid: internal.reservationSid,
    });
    const res = await control('pause', alice.token, {
      taskSid: internal.taskSid,
      reservationSid: internal.reservationSid,
      callSid: inbound.workerCallSid!,
    });
    expect(res.status).toBe(403);
    expect(await recordingStatus(recordingSid)).toBe('in-progress');
  }, 30_000);

  it('the internal call’s own caller leg is still recorded on its task', async () => {
    const { alice, internal } = await aliceWithInternalAndInbound();
    const res = await postFunction(stack, '/create-recording', {
      Token: alice.token,
      taskSid: internal.taskSid,
      reservationSid: internal.reservationSid,
      callSid: internal.callerCallSid,
      channel: 'worker',
    });
    expect(res.status).toBe(201);
  }, 30_000);
});

describe('5. a bad token costs the account no Twilio REST request', () => {
  let recorded: RecordedCall;

  beforeEach(async () => {
    recorded = await recordInboundCall(stack, { identity: 'alice' });
    await stack.sandbox.clearRequests();
  });

  it.each(['/create-recording', '/pause-recording', '/resume-recording'])(
    '%s: 50 requests with forged tokens make no REST read at all',
    async (path) => {
      const tokens = fc.sample(forgedToken(recorded.worker.token), { numRuns: 50, seed: 11 });
      for (const token of tokens) {
        const res = await postFunction(stack, path, {
          Token: token,
          taskSid: recorded.taskSid,
          reservationSid: recorded.reservationSid,
          callSid: recorded.callSid,
          channel: 'customer',
        });
        // 400 naming Token for one that is not a token at all (20 000 characters), 403 otherwise.
        expect([
          { status: 403, code: 'invalid_token' },
          { status: 400, code: 'invalid_parameter', field: 'Token' },
        ]).toContainEqual({
          status: res.status,
          code: res.body.code,
          ...(res.body.field ? { field: res.body.field } : {}),
        });
      }
      expect(await restRequests()).toEqual([]);
    },
    120_000,
  );
});

describe('6. a token that cannot be sent as it is is refused at once', () => {
  it('a token with a non-ASCII or control character is 403 invalid_token before any request to Twilio', async () => {
    const recorded = await recordInboundCall(stack, { identity: 'alice' });
    const odd = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }).filter((s) => /[^\x21-\x7e]/.test(s)),
      fc.constantFrom('é', '日本', '\u0000', '\u007f', '\n', ' ', '\u200b', '\ud83d\ude00'),
    );
    await fc.assert(
      fc.asyncProperty(
        odd,
        fc.nat(),
        fc.constantFrom('/create-recording', '/pause-recording'),
        async (insert, at, path) => {
          await stack.sandbox.clearRequests();
          const token = recorded.worker.token;
          const i = at % token.length;
          const started = Date.now();
          const res = await send(stack.functionsUrl, {
            path,
            headers: { 'Content-Type': 'application/json', Origin: 'https://flex.twilio.com' },
            body: JSON.stringify({
              Token: `${token.slice(0, i)}${insert}${token.slice(i)}`,
              taskSid: recorded.taskSid,
              reservationSid: recorded.reservationSid,
              callSid: recorded.callSid,
              channel: 'customer',
            }),
          });
          expect(res.status).toBe(403);
          expect(JSON.parse(res.text)).toMatchObject({ code: 'invalid_token' });
          expect(await stack.sandbox.requests()).toEqual([]);
          // Refused locally: no validation round trips, no backoff.
          expect(Date.now() - started).toBeLessThan(2000);
        },
      ),
      runs(30),
    );
  }, 120_000);
});
