/**
 * HTTP helpers for integration tests that call the built Functions under twilio-run: the POST and
 * GET of the local stack (`@dual-channel-recording/local-stack/functions-http`, shared with the
 * recordings CLI's tests), a wait for a Twilio request to reach the sandbox (to interleave a
 * concurrent writer), and the usual fixture: an inbound call whose customer leg create-recording is
 * recording.
 */
import type { Stack } from '@dual-channel-recording/local-stack';
import { postFunction } from '@dual-channel-recording/local-stack/functions-http';
import type { ScenarioResult, WorkerResult } from '@dual-channel-recording/twilio-sandbox';

export {
  FLEX_ORIGIN,
  formBody,
  getFunction,
  postFunction,
  type PostOptions,
  type Reply,
} from '@dual-channel-recording/local-stack/functions-http';

/**
 * Resolves once a `method` request on `api` whose path contains `pathPart` is in flight in the sandbox
 * (received, not yet answered: held by a fault's latency). The request log has a request only once it
 * is answered, so this is the sandbox's in-flight list, polled: a state, not a margin.
 */
export async function waitForInFlight(
  stack: Stack,
  api: string,
  pathPart: string,
  method: string,
): Promise<void> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const held = (await stack.sandbox.requestsInFlight()).some(
      (r) => r.api === api && r.method === method && r.path.includes(pathPart),
    );
    if (held) return;
    if (Date.now() > deadline) throw new Error(`no ${method} ${api} ${pathPart} request in flight`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An accepted inbound call whose customer leg create-recording is recording. */
export interface RecordedCall {
  worker: WorkerResult;
  call: ScenarioResult;
  taskSid: string;
  reservationSid: string;
  callSid: string;
  recordingSid: string;
}

/** Creates a worker and an inbound call, and records its customer leg through create-recording (201). */
export async function recordInboundCall(
  stack: Stack,
  opts: { identity?: string; attributes?: Record<string, unknown>; queueName?: string } = {},
): Promise<RecordedCall> {
  const worker = await stack.sandbox.createWorker({ identity: opts.identity ?? 'alice' });
  const call = await stack.sandbox.inboundCall({
    workerSid: worker.workerSid,
    attributes: opts.attributes,
    queueName: opts.queueName,
  });
  const callSid = call.customerCallSid!;
  const created = await postFunction(stack, '/create-recording', {
    Token: worker.token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid,
    channel: 'customer',
  });
  expect(created.status).toBe(201);
  return {
    worker,
    call,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid,
    recordingSid: String(created.body.recordingSid),
  };
}

/** The leg's recordings Twilio is still making. */
export async function activeRecordingsOf(stack: Stack, callSid: string) {
  return (await stack.sandbox.recordings()).filter(
    (r) => r.callSid === callSid && r.status === 'in-progress',
  );
}

/**
 * A start whose claim write never lands and whose stop fails: the recording is left running and
 * unnamed, as a Function killed between create and claim leaves it. Answers the call and that recording.
 * `extra` goes with the failed start's fields (`attempt`, say).
 */
export async function leaveUnnamedRecording(stack: Stack, extra: Record<string, unknown> = {}) {
  const worker = await stack.sandbox.createWorker({ identity: 'alice' });
  const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
  const callSid = call.customerCallSid!;
  const writes = await stack.sandbox.addFault({
    api: 'taskrouter',
    method: 'POST',
    path: '/Tasks/WT\\w+$',
    status: 503,
  });
  await stack.sandbox.addFault({
    api: 'api',
    method: 'POST',
    path: '/Calls/CA\\w+/Recordings/RE\\w+\\.json$',
    status: 500,
    times: 1,
  });
  const started = await postFunction(stack, '/create-recording', {
    Token: worker.token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid,
    channel: 'customer',
    ...extra,
  });
  expect(started.status).toBe(503);
  const orphans = await activeRecordingsOf(stack, callSid);
  expect(orphans).toHaveLength(1);
  expect(stack.logs()).toContain('unnamed_recording_not_stopped');
  await stack.sandbox.removeFault(writes);
  return { worker, call, orphan: orphans[0] };
}
