/**
 * Exclusions an admin sets once in Flex (`ui_attributes.dual_channel_recording`, issue 11 item 7)
 * are enforced by create-recording too, not only by each agent's plugin: the built Function under
 * twilio-run (one warm process, like a warm deployed instance) reads them from the Flex
 * Configuration API the sandbox serves (validated against twilio_flex_v1.json).
 */
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import type { ScenarioResult, WorkerResult } from '@dual-channel-recording/twilio-sandbox';
import { postFunction, type Reply } from '../helpers/functions-http';
import { withStack } from '../helpers/stack';

const MEDICAL_QUEUE_SID = `WQ${'0'.repeat(31)}9`;

let stack: Stack;
// Every test sets its own exclusions: the instance must read them each time (cache off here).
withStack((started) => (stack = started), { env: { EXCLUSIONS_CACHE_SECONDS: '0' } });

async function call(
  options: { queueName?: string; queueSid?: string; attributes?: Record<string, unknown> } = {},
): Promise<{ worker: WorkerResult; call: ScenarioResult }> {
  const worker = await stack.sandbox.createWorker({ identity: 'alice' });
  const scenario = await stack.sandbox.inboundCall({ workerSid: worker.workerSid, ...options });
  return { worker, call: scenario };
}

function start({ worker, call: c }: { worker: WorkerResult; call: ScenarioResult }): Promise<Reply> {
  return postFunction(stack, '/create-recording', {
    Token: worker.token,
    taskSid: c.taskSid,
    reservationSid: c.reservationSid,
    callSid: c.customerCallSid,
    channel: 'customer',
    conferenceSid: c.conferenceSid,
  });
}

async function expectRefusedAndUntouched(reply: Reply, taskSid: string, before: string): Promise<void> {
  expect(reply.status).toBe(403);
  expect(reply.body).toMatchObject({ status: 403, code: 'recording_excluded' });
  expect(await stack.sandbox.recordings()).toEqual([]);
  expect((await stack.sandbox.task(taskSid)).etag).toBe(before);
}

describe('create-recording refuses what the admin excluded in Flex', () => {
  it('a task in an excluded queue (by name, or by WQ SID) is 403 recording_excluded: nothing recorded, the task untouched', async () => {
    await stack.sandbox.setFlexUiAttributes({
      dual_channel_recording: { exclude_queues: ['Medical', MEDICAL_QUEUE_SID] },
    });
    const byName = await call({ queueName: 'Medical' });
    const before = (await stack.sandbox.task(byName.call.taskSid)).etag;
    await expectRefusedAndUntouched(await start(byName), byName.call.taskSid, before);
    const again = await start(byName);
    expect(String(again.body.message)).toContain('Medical');
    expect(again.body.exclusion).toEqual({ kind: 'queue', queue: 'Medical' });

    const bySid = await call({ queueName: 'Renamed medical line', queueSid: MEDICAL_QUEUE_SID });
    const sidBefore = (await stack.sandbox.task(bySid.call.taskSid)).etag;
    await expectRefusedAndUntouched(await start(bySid), bySid.call.taskSid, sidBefore);
  }, 30_000);

  it('a task whose attributes match an excluded path and value is refused the same way', async () => {
    await stack.sandbox.setFlexUiAttributes({
      dual_channel_recording: {
        exclude_attributes: [{ path: 'customers.segment', value: ['vip', 'press'] }],
      },
    });
    const vip = await call({ attributes: { customers: [{ segment: 'gold' }, { segment: 'vip' }] } });
    const before = (await stack.sandbox.task(vip.call.taskSid)).etag;
    await expectRefusedAndUntouched(await start(vip), vip.call.taskSid, before);
  }, 30_000);

  it('a task that is not excluded is recorded', async () => {
    await stack.sandbox.setFlexUiAttributes({
      dual_channel_recording: {
        exclude_queues: ['Medical'],
        exclude_attributes: [{ path: 'pci', value: true }],
      },
    });
    for (const options of [{ queueName: 'Sales' }, { attributes: { pci: 'true' } }, {}]) {
      expect((await start(await call(options))).status).toBe(201);
    }
  }, 30_000);

  it('exclusion settings the plugin would refuse (not a list) refuse recording too, naming the setting', async () => {
    await stack.sandbox.setFlexUiAttributes({ dual_channel_recording: { exclude_queues: 'Medical' } });
    const c = await call({ queueName: 'Sales' });
    const reply = await start(c);
    expect(reply.status).toBe(500);
    expect(reply.body).toMatchObject({
      code: 'invalid_setting',
      setting: 'ui_attributes.dual_channel_recording.exclude_queues',
    });
    expect(await stack.sandbox.recordings()).toEqual([]);
  }, 30_000);
});

describe('a warm instance with the default cache (EXCLUSIONS_CACHE_SECONDS unset: 30 s)', () => {
  let warm: Stack;

  beforeAll(async () => {
    warm = await startStack({ forkProcess: false });
  }, 60_000);

  afterAll(async () => {
    await warm?.stop();
  });

  it('reads the Flex configuration once for many starts', async () => {
    await warm.sandbox.setFlexUiAttributes({ dual_channel_recording: { exclude_queues: ['Medical'] } });
    for (let i = 0; i < 4; i += 1) {
      const worker = await warm.sandbox.createWorker({ identity: `agent${i}` });
      const c = await warm.sandbox.inboundCall({ workerSid: worker.workerSid, queueName: 'Sales' });
      const reply = await postFunction(warm, '/create-recording', {
        Token: worker.token,
        taskSid: c.taskSid,
        reservationSid: c.reservationSid,
        callSid: c.customerCallSid,
        channel: 'customer',
        conferenceSid: c.conferenceSid,
      });
      expect(reply.status).toBe(201);
    }
    expect((await warm.sandbox.requests()).filter((r) => r.api === 'flex')).toHaveLength(1);
  }, 30_000);
});
