/**
 * What the Event Streams sink's checks ask Twilio for one task (src/steps/last-agent.ts,
 * queue-transfer.ts, media-repair.ts over the shared reads of task-reads.ts): the admin's settings
 * first, then only the reads that decide, each once per delivery however many checks need it.
 */
import { parseComplianceSettings, parseExclusionSettings } from '@dual-channel-recording/contract';
import { sealedClaim } from '../../src/rules/seals';
import { stopIfLastAgentLeft } from '../../src/steps/last-agent';
import { repairMediaEntries } from '../../src/steps/media-repair';
import { stopIfInExcludedQueue } from '../../src/steps/queue-transfer';
import { taskReadsOnce } from '../../src/steps/task-reads';
import { FakeTwilio } from '../helpers/fake-gateway';
import { TEST_SEALS } from '../helpers/seals';
import { sid } from '../helpers/sids';

const BASE = 'https://svc.example';
const TASK = sid('WT', 1);
const CUSTOMER = sid('CA', 1);
const RECORDING = sid('RE', 1);
const CONFERENCE = sid('CF', 1);
const RESERVATION = sid('WR', 1);

/** The admin's `dual_channel_recording` settings, parsed as the Functions parse them. */
function settings(section: Record<string, unknown> = {}) {
  const ui = { dual_channel_recording: section };
  return {
    complianceSettings: async () => parseComplianceSettings(ui),
    exclusionSettings: async () => parseExclusionSettings(ui),
  };
}

/**
 * A call whose agent has left (task and reservation wrapping, their leg gone) while the customer
 * stays; the customer leg's recording runs, claimed and sealed on the task when `claimed`.
 */
function agentLeft(claimed: boolean): FakeTwilio {
  const fake = new FakeTwilio();
  const claim = sealedClaim(TEST_SEALS, TASK, CUSTOMER, {
    recording_sid: RECORDING,
    channel: 'customer',
    reservation_sid: RESERVATION,
  });
  fake.tasks.set(TASK, {
    sid: TASK,
    revision: 1,
    queueName: 'Medical',
    queueSid: sid('WQ', 1),
    attributes: JSON.stringify(claimed ? { dual_channel_recording: { legs: { [CUSTOMER]: claim } } } : {}),
  });
  fake.taskStatus.set(TASK, 'wrapping');
  fake.reservations.set(RESERVATION, {
    sid: RESERVATION,
    taskSid: TASK,
    workerSid: sid('WK', 1),
    status: 'wrapping',
  });
  fake.conferences.set(TASK, CONFERENCE);
  fake.calls.set(CUSTOMER, {
    sid: CUSTOMER,
    status: 'in-progress',
    from: '+15558675310',
    to: '+15005550006',
    direction: 'inbound',
    parentCallSid: null,
  });
  fake.participants.push({ conferenceSid: CONFERENCE, callSid: CUSTOMER, status: 'connected', label: null });
  fake.recordings.push({
    sid: RECORDING,
    callSid: CUSTOMER,
    status: 'in-progress',
    startTime: new Date(1_000),
    dateCreated: new Date(1_000),
  });
  return fake;
}

/** TaskRouter's event log of the task: one `task.updated` per attribute version given, newest first. */
function logWrites(fake: FakeTwilio, ...versions: Record<string, unknown>[]): void {
  fake.events.set(
    TASK,
    versions.map((attributes, i) => ({
      sid: sid('EV', versions.length - i),
      eventType: 'task.updated',
      at: 2_000 + (versions.length - i) * 1_000,
      data: { task_attributes: JSON.stringify(attributes) },
    })),
  );
}

function common(fake: FakeTwilio) {
  return { gateway: fake.gateway(), seals: TEST_SEALS, now: () => 5_000, log: () => undefined };
}

const ops = (fake: FakeTwilio): string[] => fake.calls_log.map((c) => c.op);

describe('the sink’s checks ask Twilio only what decides', () => {
  it('with stop_on_last_agent_leave and stop_on_excluded_queue_transfer off, the stop and queue checks ask Twilio nothing', async () => {
    const fake = agentLeft(true);
    const off = settings({
      stop_on_last_agent_leave: false,
      stop_on_excluded_queue_transfer: false,
      exclude_queues: ['Medical'],
    });
    await expect(stopIfLastAgentLeft(TASK, {}, { ...common(fake), ...off })).resolves.toBe('disabled');
    await expect(stopIfInExcludedQueue(TASK, {}, { ...common(fake), ...off })).resolves.toBe('disabled');
    expect(ops(fake)).toEqual([]);
  });

  it('a task with no claim anywhere (task, event, event log): the stop check reads the task and its event log, nothing more', async () => {
    const fake = agentLeft(false);
    await expect(
      stopIfLastAgentLeft(TASK, { attributes: {} }, { ...common(fake), ...settings() }),
    ).resolves.toBe('nothing_to_stop');
    expect(ops(fake).sort()).toEqual(['fetchTask', 'listTaskEvents']);
    expect(fake.recordings[0].status).toBe('in-progress');
  });

  it('an agent who deleted the sealed claim from their task (and so from the event) still has the recording stopped: the event log keeps the claim', async () => {
    const fake = agentLeft(true);
    // TaskRouter logged the claim write; then the agent emptied their attributes.
    const { attributes } = await fake.gateway().fetchTask(TASK);
    logWrites(fake, attributes);
    fake.tasks.get(TASK)!.attributes = JSON.stringify({});
    fake.calls_log = [];
    await expect(
      stopIfLastAgentLeft(TASK, { attributes: {} }, { ...common(fake), ...settings() }),
    ).resolves.toBe('stopped');
    expect(fake.recordings[0].status).toBe('stopped');
  });

  it('the event’s status (TaskRouter’s) and the event log decide the usual event: a claim sealed over in the log costs the log read alone', async () => {
    const fake = agentLeft(true);
    const { attributes } = await fake.gateway().fetchTask(TASK);
    const product = attributes.dual_channel_recording as Record<string, unknown>;
    const sealedOver = {
      ...attributes,
      dual_channel_recording: {
        ...product,
        recordings: { [RECORDING]: { status: 'completed', ended_seal: TEST_SEALS.ended(TASK, RECORDING) } },
      },
    };
    logWrites(fake, sealedOver, attributes);
    fake.calls_log = [];
    // The agent put back the attributes from before the seal: the event carries those.
    await expect(
      stopIfLastAgentLeft(TASK, { attributes, taskStatus: 'wrapping' }, { ...common(fake), ...settings() }),
    ).resolves.toBe('nothing_to_stop');
    expect(ops(fake)).toEqual(['listTaskEvents']);
  });

  it('a claim not sealed over whose recording is merely over: one recordings list, and no write (the recording-status callback seals it)', async () => {
    const fake = agentLeft(true);
    fake.recordings[0].status = 'completed';
    const { attributes } = await fake.gateway().fetchTask(TASK);
    logWrites(fake, attributes);
    fake.calls_log = [];
    await expect(
      stopIfLastAgentLeft(TASK, { attributes, taskStatus: 'completed' }, { ...common(fake), ...settings() }),
    ).resolves.toBe('nothing_to_stop');
    expect(ops(fake).sort()).toEqual(['listCallRecordings', 'listTaskEvents']);
  });

  it('a recording still running after the task ended: the reads that decide, then the stop, then one task read (its ETag) and the write', async () => {
    const fake = agentLeft(true);
    const { attributes } = await fake.gateway().fetchTask(TASK);
    logWrites(fake, attributes);
    fake.calls_log = [];
    await expect(
      stopIfLastAgentLeft(TASK, { attributes, taskStatus: 'wrapping' }, { ...common(fake), ...settings() }),
    ).resolves.toBe('stopped');
    const log = ops(fake);
    expect(log.slice(0, 2)).toEqual(['listTaskEvents', 'listCallRecordings']);
    expect(log.slice(-2)).toEqual(['fetchTask', 'updateTaskAttributes']);
    expect(log.filter((op) => op === 'fetchTask')).toHaveLength(1);
  });

  it('an event whose status TaskRouter wrote as not ended: nothing read at all', async () => {
    const fake = agentLeft(true);
    await expect(
      stopIfLastAgentLeft(TASK, { taskStatus: 'assigned' }, { ...common(fake), ...settings() }),
    ).resolves.toBe('task_still_held');
    expect(ops(fake)).toEqual([]);
  });

  it('the queue check trusts the queues TaskRouter wrote in the events to look no further, and reads the task when one is excluded', async () => {
    const fake = agentLeft(true);
    const rules = settings({ exclude_queues: ['Medical'] });
    await expect(
      stopIfInExcludedQueue(
        TASK,
        { queues: [{ sid: sid('WQ', 2), name: 'Sales' }] },
        { ...common(fake), ...rules },
      ),
    ).resolves.toBe('queue_not_excluded');
    expect(ops(fake)).toEqual([]);
    await expect(
      stopIfInExcludedQueue(
        TASK,
        { queues: [{ sid: sid('WQ', 1), name: 'Medical' }] },
        { ...common(fake), ...rules },
      ),
    ).resolves.toBe('stopped');
    expect(ops(fake)[0]).toBe('fetchTask');
    expect(fake.recordings[0].status).toBe('stopped');
  });

  it('the queue check reads nothing when no queue is excluded, and only the task while it is not in an excluded one', async () => {
    const fake = agentLeft(true);
    await expect(stopIfInExcludedQueue(TASK, {}, { ...common(fake), ...settings() })).resolves.toBe(
      'queue_not_excluded',
    );
    expect(ops(fake)).toEqual([]);
    await expect(
      stopIfInExcludedQueue(TASK, {}, { ...common(fake), ...settings({ exclude_queues: ['Sales'] }) }),
    ).resolves.toBe('queue_not_excluded');
    expect(ops(fake)).toEqual(['fetchTask']);
  });

  it('the stop, queue and media checks of one task in one delivery read the task and its event log once between them', async () => {
    const fake = agentLeft(true);
    const reads = taskReadsOnce(fake.gateway(), TASK);
    const all = settings({ exclude_queues: ['Medical'] });
    await Promise.all([
      stopIfLastAgentLeft(TASK, {}, { ...common(fake), ...all, reads }),
      stopIfInExcludedQueue(TASK, {}, { ...common(fake), ...all, reads }),
      repairMediaEntries(TASK, undefined, { ...common(fake), playbackBase: BASE, reads }),
    ]);
    expect(fake.count('listTaskEvents')).toBe(1);
    // The claimed call's recordings too: listed once for the stop and the media check.
    expect(fake.count('listCallRecordings')).toBe(1);
    // The first read is shared; a write that met another's (412) re-reads the task fresh.
    const firstWrite = ops(fake).indexOf('updateTaskAttributes');
    expect(firstWrite).toBeGreaterThan(0);
    expect(
      ops(fake)
        .slice(0, firstWrite)
        .filter((op) => op === 'fetchTask'),
    ).toHaveLength(1);
    expect(fake.recordings[0].status).toBe('stopped');
  });
});
