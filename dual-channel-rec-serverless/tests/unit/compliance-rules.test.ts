/**
 * The compliance rules as pure functions: which task events end an agent's part, when a task is
 * still held (a transfer), who handled a call by TaskRouter's events, and the Insights player's token.
 */
import { parseAuthorizationToken } from '../../src/http/flex-token';
import { stillHeldBy } from '../../src/steps/last-agent';
import { acceptedBy } from '../../src/routes/playback-recording';
import { sealedClaim } from '../../src/rules/seals';
import { isClaimedInEvents } from '../../src/rules/task-claims';
import { RecentEventIds, factsOf, planDelivery } from '../../src/routes/task-events';
import { parseTaskEventsDelivery } from '../../src/webhooks/task-events-delivery';
import type { ReservationInfo, TaskEvent } from '../../src/twilio/gateway';
import { TEST_SEALS } from '../helpers/seals';
import { sid } from '../helpers/sids';

const TASK = sid('WT', 7);
const reservation = (status: string): ReservationInfo => ({
  sid: sid('WR', 1),
  taskSid: TASK,
  workerSid: sid('WK', 1),
  status,
});

describe('stillHeldBy: the end of the call for the last agent, never a transfer', () => {
  it('a task held for the next agent (reserved, pending) or by one (assigned) is still held', () => {
    for (const status of ['reserved', 'pending', 'assigned'])
      expect(stillHeldBy(status, [])).toBe('task_still_held');
  });

  it('a wrapping task with a reservation pending (cold transfer ringing) or accepted (warm) is held by an agent', () => {
    expect(stillHeldBy('wrapping', [reservation('wrapping'), reservation('pending')])).toBe('agent_on_task');
    expect(stillHeldBy('wrapping', [reservation('accepted')])).toBe('agent_on_task');
  });

  it('a wrapping, completed or canceled task with every reservation finished is over', () => {
    for (const status of ['wrapping', 'completed', 'canceled'])
      expect(
        stillHeldBy(status, [reservation('wrapping'), reservation('completed'), reservation('rescinded')]),
      ).toBeUndefined();
    expect(stillHeldBy(undefined, [])).toBeUndefined();
  });
});

describe('playback: who handled the call, from TaskRouter’s events', () => {
  const event = (eventType: string, data: Record<string, unknown>): TaskEvent => ({
    sid: 'EV1',
    eventType,
    at: 0,
    data,
  });

  it('binds a recording to the task only by a claim the Functions sealed on that task, found in any attribute write of the event log', () => {
    const CA = sid('CA', 1);
    const RE = sid('RE', 1);
    const claim = { recording_sid: RE, channel: 'customer' as const, reservation_sid: sid('WR', 1) };
    const legs = (c: unknown) => JSON.stringify({ dual_channel_recording: { legs: { [CA]: c } } });
    const sealed = sealedClaim(TEST_SEALS, TASK, CA, claim);
    // Sealed on this task, in an attribute write the agent may since have undone.
    expect(
      isClaimedInEvents(
        [
          event('task.updated', { task_attributes: legs(sealed) }),
          event('task.updated', { task_attributes: '{}' }),
        ],
        TASK,
        CA,
        RE,
        TEST_SEALS,
      ),
    ).toBe(true);
    // The call an agent named when creating the task, a claim they planted, or one sealed on another task: no.
    const notBound = [
      [event('task.created', { task_attributes: JSON.stringify({ call_sid: CA }) })],
      [event('task.updated', { task_attributes: legs(claim) })],
      [event('task.updated', { task_attributes: legs({ ...claim, seal: 'forged' }) })],
      [event('task.updated', { task_attributes: legs(sealedClaim(TEST_SEALS, sid('WT', 9), CA, claim)) })],
      [event('task.updated', { task_attributes: 'not json' })],
    ];
    for (const events of notBound) expect(isClaimedInEvents(events, TASK, CA, RE, TEST_SEALS)).toBe(false);
  });

  it('needs a reservation.accepted by that worker (not another worker’s, not a mere reservation.created)', () => {
    const events = [
      event('reservation.created', { worker_sid: 'WK1' }),
      event('reservation.accepted', { worker_sid: 'WK2' }),
    ];
    expect(acceptedBy(events, 'WK1')).toBe(false);
    expect(acceptedBy(events, 'WK2')).toBe(true);
  });
});

describe('parseTaskEventsDelivery and planDelivery: an Event Streams delivery', () => {
  let next = 0;
  const cloud = (type: string, data: unknown, id = `EZ${String((next += 1)).padStart(32, '0')}`) => ({
    specversion: '1.0',
    type,
    id,
    time: '2026-01-01T00:00:00.000Z',
    data,
  });
  const plan = (fields: Record<string, unknown>, done = new RecentEventIds(100)) => {
    const parsed = parseTaskEventsDelivery(fields);
    if (!parsed.ok) throw new Error('did not parse');
    return planDelivery(parsed.params.events, done);
  };

  it('reads a JSON array (the runtime spreads it into keys "0", "1", …) and keeps each task once, with the checks its events call for', () => {
    const planned = plan({
      0: cloud('com.twilio.taskrouter.reservation.wrapup', { task_sid: TASK }),
      1: cloud('com.twilio.taskrouter.task.wrapup', { payload: { task_sid: TASK } }),
      2: cloud('com.twilio.taskrouter.task-queue.entered', { payload: { task_sid: sid('WT', 8) } }),
      3: cloud('com.twilio.taskrouter.worker.activity.update', { payload: { task_sid: sid('WT', 9) } }),
      request: { headers: {}, cookies: {} },
    });
    expect(planned.work.map((w) => [w.taskSid, w.stop, w.queue, w.media])).toEqual([
      [TASK, true, false, true],
      [sid('WT', 8), false, true, false],
    ]);
    // reservation.wrapup is of no interest: the task's own wrapup stands for it.
    expect(planned.ignored).toBe(2);
  });

  it('reads a single CloudEvent (a sink that does not batch): the runtime spreads its keys into the event', () => {
    const single = cloud('com.twilio.taskrouter.task.completed', { payload: { task_sid: TASK } });
    expect(plan({ ...single, request: { headers: {}, cookies: {} } }).work).toEqual([
      expect.objectContaining({ taskSid: TASK, stop: true, media: true }),
    ]);
  });

  it('drops a duplicate: the same id twice in a delivery, or an id whose work this instance already did', () => {
    const done = new RecentEventIds(100);
    const event = cloud('com.twilio.taskrouter.task.wrapup', { payload: { task_sid: TASK } }, 'EZdup');
    expect(plan({ 0: event, 1: event }, done)).toMatchObject({ duplicates: 1 });
    done.add('EZdup');
    expect(plan({ 0: event }, done)).toMatchObject({ work: [], duplicates: 1 });
  });

  it('reads the newest attributes an event of the task carried (agent-writable: hints only)', () => {
    const at = (time: string, attrs: object) => ({
      ...cloud('com.twilio.taskrouter.task.wrapup', {
        payload: { task_sid: TASK, task_attributes: JSON.stringify(attrs) },
      }),
      time,
    });
    const planned = plan({
      0: at('2026-01-01T00:00:02.000Z', { v: 2 }),
      1: at('2026-01-01T00:00:01.000Z', { v: 1 }),
    });
    expect(planned.work[0].attributes).toEqual({ v: 2 });
  });

  it('reads TaskRouter’s own fields of the payload (status, queue SID and name); a field missing or not of its kind is unknown', () => {
    const event = (payload: Record<string, unknown>) =>
      cloud('com.twilio.taskrouter.task.wrapup', { payload: { task_sid: TASK, ...payload } });
    const parsed = parseTaskEventsDelivery({
      0: event({
        task_assignment_status: 'wrapping',
        task_queue_sid: sid('WQ', 1),
        task_queue_name: 'Sales',
      }),
      1: event({ task_assignment_status: 'gone fishing', task_queue_sid: 'WQ1', task_queue_name: '' }),
      2: event({}),
    });
    if (!parsed.ok) throw new Error('did not parse');
    expect(parsed.params.events.map((e) => [e.taskStatus, e.queueSid, e.queueName])).toEqual([
      ['wrapping', sid('WQ', 1), 'Sales'],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
    ]);
  });

  it('the facts of a task’s events: an ended status wins (a task never leaves it), one end event without a status leaves it unknown; one queue event without a queue leaves the queues unknown', () => {
    const ev = (type: string, payload: Record<string, unknown>) =>
      cloud(`com.twilio.taskrouter.${type}`, { payload: { task_sid: TASK, ...payload } });
    const factsFor = (...events: ReturnType<typeof ev>[]) =>
      factsOf(plan(Object.fromEntries(events.map((e, i) => [String(i), e]))).work[0]);
    expect(
      factsFor(ev('task.wrapup', { task_assignment_status: 'wrapping' }), ev('task.completed', {})),
    ).toMatchObject({ taskStatus: 'wrapping' });
    expect(factsFor(ev('task.canceled', {}))).toMatchObject({ taskStatus: undefined });
    expect(factsFor(ev('task.wrapup', { task_assignment_status: 'assigned' }))).toMatchObject({
      taskStatus: 'assigned',
    });
    const inSales = { task_queue_sid: sid('WQ', 1), task_queue_name: 'Sales' };
    expect(factsFor(ev('reservation.accepted', inSales))).toMatchObject({
      queues: [{ sid: sid('WQ', 1), name: 'Sales' }],
    });
    expect(
      factsFor(ev('reservation.accepted', inSales), ev('task-queue.entered', { task_queue_name: 'Medical' })),
    ).toMatchObject({ queues: undefined });
  });

  it('ignores a malformed task SID and refuses a body with no CloudEvent', () => {
    expect(plan({ 0: cloud('com.twilio.taskrouter.task.wrapup', { task_sid: 'WT1' }) })).toMatchObject({
      work: [],
      ignored: 1,
    });
    expect(parseTaskEventsDelivery({ hello: 'world' })).toMatchObject({
      ok: false,
      problem: { field: 'body' },
    });
    expect(parseTaskEventsDelivery({ 0: 'not an object' })).toMatchObject({ ok: false });
  });
});

describe('parseAuthorizationToken: the Insights player’s Authorization header', () => {
  const basic = (pair: string) => ({ authorization: `Basic ${Buffer.from(pair).toString('base64')}` });

  it('reads the token of user "token"', () => {
    expect(parseAuthorizationToken(basic('token:eyJ.abc.def'))).toEqual({
      ok: true,
      token: 'eyJ.abc.def',
    });
  });

  it('refuses another user or another scheme without asking Twilio (403); without the header the token is missing', () => {
    expect(parseAuthorizationToken(basic('AC1:secret'))).toMatchObject({ ok: false, unsendable: true });
    expect(parseAuthorizationToken({ authorization: 'Bearer eyJ' })).toMatchObject({
      ok: false,
      unsendable: true,
    });
    expect(parseAuthorizationToken({})).toMatchObject({ ok: false, missing: true });
    expect(parseAuthorizationToken(undefined)).toMatchObject({ ok: false, missing: true });
  });
});
