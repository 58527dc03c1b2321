/**
 * The Event Streams sink's answers (src/routes/task-events.ts), held against Twilio's documented
 * delivery policy, with the three checks stood in for so each failure class can be forced:
 *
 * - "Event Streams guarantees at-least-once delivery … Two events are the same event if they have the
 *   same id … If you use a webhook sink, return a success status code (200) when you discard a
 *   duplicate event" (twilio.com/docs/events/faq/at-least-once-delivery);
 * - 4xx: "Because a 4xx response indicates a client-side or configuration error, Twilio does not
 *   attempt to retry delivery for these events" (error 91305); 5xx: "Twilio automatically retries
 *   event delivery according to the retry policy" (91306); 429: throttled deliveries are retried
 *   (91302); "Event Streams retries delivering an event for up to four hours"
 *   (docs/events/event-delivery-and-duplication);
 * - "The maximum timeout for a webhook Sink response is 5 seconds" (docs/events/webhook-quickstart),
 *   and a sink that does not answer in time is retried (91308).
 *
 * So a transient failure must answer 429 or 5xx (never another 4xx, never 2xx for work not done), a
 * duplicate or an event of no interest 2xx, and every delivery must be answered within the budget.
 */
import { ApiError } from '../../src/http/api-error';
import { sealedClaim } from '../../src/rules/seals';
import type { SinkDeps } from '../../src/routes/task-events';
import { RecentEventIds, SINK_BUDGET_MS, answerDelivery } from '../../src/routes/task-events';
import { parseTaskEventsDelivery } from '../../src/webhooks/task-events-delivery';
import { DeadlineExceededError, TwilioApiError } from '../../src/twilio/errors';
import { deferred } from '../helpers/fake-gateway';
import { TEST_SEALS } from '../helpers/seals';
import { sid } from '../helpers/sids';

const BASE = 'https://svc.example';
let ids = 0;

function cloudEvent(type: string, taskSid: string, attributes?: Record<string, unknown>, id?: string) {
  ids += 1;
  return {
    specversion: '1.0',
    type: `com.twilio.taskrouter.${type}`,
    id: id ?? `EZ${String(ids).padStart(32, '0')}`,
    time: new Date(ids).toISOString(),
    data: {
      payload: {
        task_sid: taskSid,
        ...(attributes ? { task_attributes: JSON.stringify(attributes) } : {}),
      },
    },
  };
}

function delivery(...events: ReturnType<typeof cloudEvent>[]) {
  const parsed = parseTaskEventsDelivery(Object.fromEntries(events.map((e, i) => [String(i), e])));
  if (!parsed.ok) throw new Error('not a delivery');
  return parsed.params;
}

/** Attributes as create-recording leaves them: a sealed claim on the customer leg, maybe sealed over. */
function recorded(taskSid: string, ended: boolean): Record<string, unknown> {
  const callSid = sid('CA', 1);
  const recordingSid = sid('RE', 1);
  const claim = sealedClaim(TEST_SEALS, taskSid, callSid, {
    recording_sid: recordingSid,
    channel: 'customer',
    reservation_sid: sid('WR', 1),
  });
  return {
    dual_channel_recording: {
      legs: { [callSid]: claim },
      recordings: ended
        ? { [recordingSid]: { status: 'completed', ended_seal: TEST_SEALS.ended(taskSid, recordingSid) } }
        : {},
    },
    conversations: {
      media: [
        {
          type: 'VoiceRecording',
          url: `https://api.twilio.com/2010-04-01/Accounts/${'AC' + '0'.repeat(31)}1/Recordings/${recordingSid}`,
          start_time: 1,
          channels: ['customer', 'others'],
          url_provider: `${BASE}/playback-recording?recordingSid=${recordingSid}&taskSid=${taskSid}`,
        },
      ],
    },
  };
}

function deps(overrides: Partial<SinkDeps> = {}): SinkDeps & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    seals: TEST_SEALS,
    accountSid: 'AC' + '0'.repeat(31) + '1',
    playbackBase: BASE,
    log: () => undefined,
    budgetSpent: new Promise(() => undefined),
    stop: async (taskSid) => {
      calls.push(`stop ${taskSid}`);
      return 'stopped';
    },
    queue: async (taskSid) => {
      calls.push(`queue ${taskSid}`);
      return 'queue_not_excluded';
    },
    media: async (taskSid) => {
      calls.push(`media ${taskSid}`);
      return 'as_written';
    },
    ...overrides,
  };
}

describe('POST /task-events answers as Event Streams expects', () => {
  it('every check done: 200 with each task’s outcome, and the same delivery again is duplicates, answered 200 without a check', async () => {
    const T = sid('WT', 1);
    const d = delivery(cloudEvent('task.wrapup', T));
    const done = new RecentEventIds(100);
    const first = deps();
    expect(await answerDelivery(d, done, first)).toMatchObject({
      status: 200,
      body: { tasks: { [T]: { stop: 'stopped', media: 'as_written' } }, duplicates: 0 },
    });
    const again = deps();
    expect(await answerDelivery(d, done, again)).toMatchObject({
      status: 200,
      body: { tasks: {}, duplicates: 1 },
    });
    expect(again.calls).toEqual([]);
  });

  it('events of no interest answer 200 and cost no check', async () => {
    const d = deps();
    const answer = await answerDelivery(
      delivery(cloudEvent('worker.activity.update', sid('WT', 2)), cloudEvent('task.created', sid('WT', 3))),
      new RecentEventIds(100),
      d,
    );
    expect(answer).toMatchObject({ status: 200, body: { ignored: 2 } });
    expect(d.calls).toEqual([]);
  });

  it.each([
    ['Twilio kept answering 429 (requests in flight)', new TwilioApiError('Too Many Requests', 429, 20429)],
    ['Twilio answered 503', new TwilioApiError('Service Unavailable', 503, 20503)],
    ['the deadline passed', new DeadlineExceededError('Twilio did not answer in time')],
    ['Twilio refused the Function’s credentials', new TwilioApiError('Unauthorized', 401, 20003)],
    ['something unexpected', new Error('boom')],
  ])(
    '%s: 503 (retried by Twilio), never 2xx for work not done and never another 4xx',
    async (_why, error) => {
      const T = sid('WT', 4);
      const answer = await answerDelivery(
        delivery(cloudEvent('task.wrapup', T)),
        new RecentEventIds(100),
        deps({ stop: () => Promise.reject(error) }),
      );
      expect(answer.status).toBe(503);
      expect(answer.body.unfinished).toEqual([T]);
    },
  );

  it('settings an admin wrote wrongly: 500 naming the setting (Twilio retries 5xx while it is fixed)', async () => {
    const answer = await answerDelivery(
      delivery(cloudEvent('task.wrapup', sid('WT', 5))),
      new RecentEventIds(100),
      deps({
        stop: () =>
          Promise.reject(
            new ApiError('invalid_setting', 'bad', {
              setting: 'ui_attributes.dual_channel_recording.stop_on_last_agent_leave',
            }),
          ),
      }),
    );
    expect(answer).toMatchObject({
      status: 500,
      body: {
        code: 'invalid_setting',
        setting: 'ui_attributes.dual_channel_recording.stop_on_last_agent_leave',
      },
    });
  });

  it('a delivery whose work outlives the budget is answered 503 when the budget is spent, with the finished tasks remembered; the redelivery checks only the rest', async () => {
    const tasks = Array.from({ length: 300 }, (_, n) => sid('WT', 100 + n));
    const slow = new Set(tasks.slice(250));
    const never = deferred<'stopped'>();
    const budget = deferred();
    const done = new RecentEventIds(10_000);
    const events = tasks.map((t) => cloudEvent('task.wrapup', t, recorded(t, true)));
    const first = deps({
      budgetSpent: budget.promise,
      stop: async (taskSid) => (slow.has(taskSid) ? never.promise : 'stopped'),
    });
    const answering = answerDelivery(delivery(...events), done, first);
    // Twilio's 5-second clock, as the route's timer stands for it: the budget is spent.
    setTimeout(() => budget.resolve(), 10);
    const answer = await answering;
    expect(answer.status).toBe(503);
    expect(new Set(answer.body.unfinished)).toEqual(slow);
    expect(Object.keys(answer.body.tasks)).toHaveLength(250);

    const redelivery = deps();
    const second = await answerDelivery(delivery(...events), done, redelivery);
    expect(second).toMatchObject({ status: 200, body: { duplicates: 250 } });
    expect(redelivery.calls).toHaveLength(50);
  });

  it('checks the tasks of a delivery concurrently, never more than a bounded number at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const d = deps({
      stop: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        return 'nothing_to_stop';
      },
    });
    const events = Array.from({ length: 40 }, (_, n) => cloudEvent('task.wrapup', sid('WT', 500 + n)));
    expect((await answerDelivery(delivery(...events), new RecentEventIds(100), d)).status).toBe(200);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(10);
    expect(SINK_BUDGET_MS).toBeLessThan(5000);
  });
});

describe('what the event’s attributes let the sink leave alone (no Twilio request)', () => {
  const run = async (type: string, taskSid: string, attributes?: Record<string, unknown>) => {
    const d = deps();
    const answer = await answerDelivery(
      delivery(cloudEvent(type, taskSid, attributes)),
      new RecentEventIds(10),
      d,
    );
    return { answer, calls: d.calls };
  };

  it('a task whose every sealed recording is sealed over, with its entries as written: no media repair, but the stop rule still looks (an agent may have deleted another claim)', async () => {
    const T = sid('WT', 601);
    const { answer, calls } = await run('task.wrapup', T, recorded(T, true));
    expect(calls).toEqual([`stop ${T}`]);
    expect(answer.body.tasks[T]).toEqual({ stop: 'stopped', media: 'as_written' });
  });

  it('a task whose event carries no claim (never recorded, or an agent deleted the sealed claim to dodge the stop): the stop rule still looks; no media repair', async () => {
    const T = sid('WT', 602);
    expect((await run('task.completed', T, { direction: 'inbound' })).calls).toEqual([`stop ${T}`]);
    expect((await run('task.canceled', T, {})).calls).toEqual([`stop ${T}`]);
  });

  it('a recording not sealed over yet: the stop rule looks; entries as written: no media repair', async () => {
    const T = sid('WT', 603);
    expect((await run('task.wrapup', T, recorded(T, false))).calls).toEqual([`stop ${T}`]);
  });

  it('an unsealed claim (an agent’s), an ended seal copied from another task, or no attributes at all: the rules look', async () => {
    const T = sid('WT', 604);
    const planted = recorded(T, true);
    const product = planted.dual_channel_recording as { legs: Record<string, Record<string, unknown>> };
    product.legs[sid('CA', 2)] = { recording_sid: sid('RE', 9), channel: 'customer', reservation_sid: '' };
    expect((await run('task.wrapup', T, planted)).calls).toEqual([`stop ${T}`]);

    const copied = recorded(T, false);
    (copied.dual_channel_recording as { recordings: unknown }).recordings = {
      [sid('RE', 1)]: { status: 'completed', ended_seal: TEST_SEALS.ended(sid('WT', 999), sid('RE', 1)) },
    };
    expect((await run('task.completed', T, copied)).calls).toEqual([`stop ${T}`]);

    expect((await run('task.wrapup', T)).calls.sort()).toEqual([`media ${T}`, `stop ${T}`]);
  });

  it('a media entry pointing its url_provider elsewhere: the repair looks, even with every recording over', async () => {
    const T = sid('WT', 605);
    const attributes = recorded(T, true);
    const [entry] = (attributes.conversations as { media: Record<string, unknown>[] }).media;
    entry.url_provider = 'https://attacker.example/steal';
    expect((await run('task.wrapup', T, attributes)).calls.sort()).toEqual([`media ${T}`, `stop ${T}`]);
  });

  it('the queue rule looks whatever the attributes say (a claim may have been deleted from them)', async () => {
    const T = sid('WT', 606);
    expect((await run('task-queue.entered', T, recorded(T, true))).calls).toEqual([`queue ${T}`]);
    expect((await run('task-queue.entered', T, {})).calls).toEqual([`queue ${T}`]);
  });
});
