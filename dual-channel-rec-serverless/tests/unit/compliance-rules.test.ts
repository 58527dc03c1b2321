/**
 * The compliance rules as pure functions: which task events end an agent's part, when a task is
 * still held (a transfer), who handled a call by TaskRouter's events, and the Insights player's token.
 */
import { parseAuthorizationToken } from '../../src/http/flex-token';
import { stillHeldBy } from '../../src/recording/last-agent';
import { acceptedBy, createdCallSid } from '../../src/recording/playback';
import { parseTaskEventsDelivery } from '../../src/recording/task-events';
import type { ReservationInfo, TaskEvent, TaskSnapshot } from '../../src/twilio/gateway';
import { sid } from '../helpers/sids';

const TASK = sid('WT', 7);
const task = (assignmentStatus: string): TaskSnapshot => ({
  sid: TASK,
  assignmentStatus,
  queueSid: '',
  queueName: '',
  attributes: {},
  etag: '"1"',
});
const reservation = (status: string): ReservationInfo => ({
  sid: sid('WR', 1),
  taskSid: TASK,
  workerSid: sid('WK', 1),
  status,
});

describe('stillHeldBy: the end of the call for the last agent, never a transfer', () => {
  it('a task held for the next agent (reserved, pending) or by one (assigned) is still held', () => {
    for (const status of ['reserved', 'pending', 'assigned'])
      expect(stillHeldBy(task(status), [])).toBe('task_still_held');
  });

  it('a wrapping task with a reservation pending (cold transfer ringing) or accepted (warm) is held by an agent', () => {
    expect(stillHeldBy(task('wrapping'), [reservation('wrapping'), reservation('pending')])).toBe(
      'agent_on_task',
    );
    expect(stillHeldBy(task('wrapping'), [reservation('accepted')])).toBe('agent_on_task');
  });

  it('a wrapping, completed or canceled task with every reservation finished is over', () => {
    for (const status of ['wrapping', 'completed', 'canceled'])
      expect(
        stillHeldBy(task(status), [
          reservation('wrapping'),
          reservation('completed'),
          reservation('rescinded'),
        ]),
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

  it('reads the customer call TaskRouter created the task with (attributes as a JSON string or an object)', () => {
    expect(
      createdCallSid([event('task.created', { task_attributes: JSON.stringify({ call_sid: 'CA1' }) })]),
    ).toBe('CA1');
    expect(createdCallSid([event('task.created', { task_attributes: { call_sid: 'CA2' } })])).toBe('CA2');
    expect(createdCallSid([event('task.updated', { task_attributes: { call_sid: 'CA3' } })])).toBeUndefined();
    expect(createdCallSid([event('task.created', { task_attributes: 'not json' })])).toBeUndefined();
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

describe('parseTaskEventsDelivery: an Event Streams delivery (JSON array of CloudEvents)', () => {
  const cloud = (type: string, data: unknown) => ({ specversion: '1.0', type, data });

  it('keeps the task SIDs of the events that end an agent’s part, once each', () => {
    const delivery = {
      0: cloud('com.twilio.taskrouter.reservation.wrapup', { task_sid: TASK }),
      1: cloud('com.twilio.taskrouter.task.wrapup', { payload: { task_sid: TASK } }),
      2: cloud('com.twilio.taskrouter.reservation.accepted', { task_sid: sid('WT', 8) }),
      request: { headers: {}, cookies: {} },
    };
    expect(parseTaskEventsDelivery(delivery)).toEqual({ ok: true, params: { taskSids: [TASK] } });
  });

  it('ignores a malformed task SID and refuses a body with no CloudEvent', () => {
    expect(
      parseTaskEventsDelivery({ 0: cloud('com.twilio.taskrouter.task.wrapup', { task_sid: 'WT1' }) }),
    ).toEqual({
      ok: true,
      params: { taskSids: [] },
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
