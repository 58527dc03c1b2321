import type { ConfigResult, RecordingConfig } from '../config/recordingConfig';
import type { CreateRecordingRequest, CreateRecordingResponse } from '@dual-channel-recording/contract';
import { FunctionError, NetworkError } from '../api/errors';
import { aTask, conference, customer, me } from '../test/builders';
import { createFakeStore } from '../test/fakeStore';
import type { RecorderNotice } from './recorder';
import { createRecorder } from './recorder';
import type { RecordingState } from './recordingStore';
import { createRecordingStore } from './recordingStore';
import type { CallSnapshot, TaskLike } from './types';
import { createWaitFor } from './waitFor';

const baseConfig: RecordingConfig = {
  enabled: true,
  channel: 'customer',
  serverlessBaseUrl: 'https://x.twil.io',
  excludeQueues: [],
  excludeAttributes: [],
  waitTimeoutMs: 60000,
  pauseShortcuts: { toggle: '9', pause: '7', resume: '8' },
};

const response = (
  request: CreateRecordingRequest,
  extra: Partial<CreateRecordingResponse> = {},
): CreateRecordingResponse => ({
  recordingSid: 'RE1',
  callSid: request.callSid,
  channel: request.channel,
  status: 'in-progress',
  startTime: null,
  mediaUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
  alreadyRecording: false,
  ...extra,
});

function setup(options: { config?: ConfigResult | Partial<RecordingConfig>; task?: TaskLike } = {}) {
  const task = options.task ?? aTask();
  const config: ConfigResult =
    options.config && 'ok' in options.config
      ? options.config
      : { ok: true, config: { ...baseConfig, ...options.config }, problems: [] };
  const flex = createFakeStore<CallSnapshot>({
    task,
    storeConference: undefined,
    activeCallSid: undefined,
    callsInBrowser: false,
  });
  const store = createRecordingStore();
  const history: Array<RecordingState['status'] | 'deleted'> = [];
  store.subscribe((sid) => history.push(store.get(sid)?.status ?? 'deleted'));
  const createRecording = jest.fn((request: CreateRecordingRequest) => Promise.resolve(response(request)));
  const notices: RecorderNotice[] = [];
  const log = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const recorder = createRecorder<CallSnapshot>({
    config,
    store,
    // Flex's call test as a page with callback tasks registered answers it (TaskHelper.isCallTask).
    isCallTask: (t) => t.taskChannelUniqueName === 'voice' && t.attributes.taskType !== 'callback',
    waitFor: createWaitFor(flex),
    snapshot: (state) => state,
    createRecording,
    notify: (notice) => notices.push(notice),
    log,
  });
  /** Updates the task in the fake Flex state. */
  const updateTask = (change: Partial<TaskLike>): void =>
    flex.update((s) => ({ ...s, task: s.task && { ...s.task, ...change } }));
  return { task, flex, store, history, createRecording, notices, recorder, updateTask, log };
}

/** Task attributes naming recording RE1 of `callSid` as the Functions write them. */
const recordedBy = (
  reservationSid: string,
  entry: { status?: string; paused?: boolean; callSid?: string; channel?: string } = {},
) => {
  const callSid = entry.callSid ?? 'CAcustomer';
  const channel = entry.channel ?? 'customer';
  return {
    direction: 'inbound',
    call_sid: 'CAcustomer',
    dual_channel_recording: {
      legs: { [callSid]: { recording_sid: 'RE1', channel, reservation_sid: reservationSid } },
      recordings: {
        RE1: {
          call_sid: callSid,
          channel,
          reservation_sid: reservationSid,
          status: entry.status ?? 'in-progress',
          paused: entry.paused ?? false,
          updated_at: '2026-11-21T10:00:00Z',
        },
      },
    },
  };
};

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('recorder', () => {
  it('inbound: waits for the legs, then records the customer leg and shows recording', async () => {
    const { recorder, store, history, createRecording, updateTask, flex } = setup();
    const done = recorder.onTaskAccepted(aTask());
    expect(store.get('WR1')).toEqual({ status: 'waiting_for_leg', callKind: 'inbound' });
    updateTask({ conference: conference([me()]) });
    expect(createRecording).not.toHaveBeenCalled();
    updateTask({ conference: conference([me(), customer()]) });
    await done;
    expect(createRecording).toHaveBeenCalledWith({
      taskSid: 'WT1',
      reservationSid: 'WR1',
      callSid: 'CAcustomer',
      channel: 'customer',
    });
    expect(history).toEqual(['waiting_for_leg', 'starting', 'recording']);
    expect(store.get('WR1')).toMatchObject({
      status: 'recording',
      recordingSid: 'RE1',
      alreadyRecording: false,
    });
    expect(flex.listenerCount).toBe(0);
  });

  it("worker channel records this worker's leg, found through Redux when the task copy lacks callSid", async () => {
    const { recorder, createRecording, flex } = setup({ config: { channel: 'worker' } });
    const done = recorder.onTaskAccepted(aTask());
    flex.update((s) => ({
      ...s,
      task: aTask({ conference: conference([customer({ callSid: undefined }), me({ callSid: undefined })]) }),
      storeConference: conference([customer(), me()]),
    }));
    await flush();
    expect(createRecording).toHaveBeenCalledWith(
      expect.objectContaining({ callSid: 'CAme', channel: 'worker' }),
    );
    // With the worker channel the flow follows the call (Join Call) until the task ends.
    recorder.onTaskEnded('WR1');
    await done;
  });

  it('worker channel, Join Call: the recorded leg leaves and a new leg of this reservation joins: it is recorded too', async () => {
    const task = aTask({ conference: conference([customer(), me()]) });
    const { recorder, store, createRecording, updateTask } = setup({ task, config: { channel: 'worker' } });
    const done = recorder.onTaskAccepted(task);
    await flush();
    expect(createRecording).toHaveBeenCalledTimes(1);
    // The new leg joins first; nothing happens while the recorded leg is still in.
    updateTask({ conference: conference([customer(), me(), me({ callSid: 'CAnewLeg' })]) });
    await flush();
    expect(createRecording).toHaveBeenCalledTimes(1);
    updateTask({
      conference: conference([customer(), me({ status: 'recently_left' }), me({ callSid: 'CAnewLeg' })]),
    });
    await flush();
    expect(createRecording.mock.calls.map(([request]) => request.callSid)).toEqual(['CAme', 'CAnewLeg']);
    expect(store.get('WR1')).toMatchObject({ status: 'recording', callSid: 'CAnewLeg' });
    recorder.onTaskEnded('WR1');
    await done;
    expect(store.get('WR1')).toMatchObject({ status: 'recording', callSid: 'CAnewLeg' });
  });

  it("worker channel, outbound task without call_sid: the request names the customer's call as Flex knows it", async () => {
    const customerSid = `CA${'c'.repeat(32)}`;
    const task = aTask({ attributes: { direction: 'outbound' }, conference: conference([me()]) });
    const { recorder, createRecording, updateTask } = setup({ task, config: { channel: 'worker' } });
    const done = recorder.onTaskAccepted(task);
    updateTask({ conference: conference([me(), customer({ callSid: customerSid })]) });
    await flush();
    expect(createRecording).toHaveBeenCalledWith({
      taskSid: 'WT1',
      reservationSid: 'WR1',
      callSid: 'CAme',
      channel: 'worker',
      customerCallSid: customerSid,
    });
    recorder.onTaskEnded('WR1');
    await done;
  });

  it('outbound answered: records once the customer joins', async () => {
    const task = aTask({ attributes: { direction: 'outbound' }, conference: conference([me()]) });
    const { recorder, store, updateTask, createRecording } = setup({ task });
    const done = recorder.onTaskAccepted(task);
    expect(store.get('WR1')).toEqual({ status: 'waiting_for_leg', callKind: 'outbound' });
    updateTask({ conference: conference([me(), customer()]) });
    await done;
    expect(createRecording).toHaveBeenCalledTimes(1);
    expect(store.get('WR1')?.status).toBe('recording');
  });

  it('outbound ended before answer (task ends mid-wait): records nothing and says so', async () => {
    const task = aTask({ attributes: { direction: 'outbound' }, conference: conference([me()]) });
    const { recorder, store, notices, createRecording, flex } = setup({ task });
    const done = recorder.onTaskAccepted(task);
    recorder.onTaskEnded('WR1');
    await done;
    expect(createRecording).not.toHaveBeenCalled();
    expect(store.get('WR1')).toEqual({ status: 'not_recorded', reason: { kind: 'call_ended' } });
    expect(notices).toEqual([{ kind: 'call_ended', reservationSid: 'WR1' }]);
    expect(flex.listenerCount).toBe(0);
  });

  it('a reservation that moves to wrapping in the store also ends the wait as "call ended"', async () => {
    const { recorder, store, updateTask } = setup();
    const done = recorder.onTaskAccepted(aTask());
    updateTask({ status: 'wrapping' });
    await done;
    expect(store.get('WR1')).toEqual({ status: 'not_recorded', reason: { kind: 'call_ended' } });
  });

  describe('with fake timers', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('times out when the leg never goes live: failed, with a notification', async () => {
      const { recorder, store, notices, createRecording } = setup({ config: { waitTimeoutMs: 30000 } });
      const done = recorder.onTaskAccepted(aTask());
      jest.advanceTimersByTime(29999);
      expect(store.get('WR1')?.status).toBe('waiting_for_leg');
      jest.advanceTimersByTime(1);
      await done;
      const reason = { kind: 'leg_timeout', seconds: 30 };
      expect(store.get('WR1')).toEqual({ status: 'failed', reason });
      expect(notices).toEqual([{ kind: 'failed', reservationSid: 'WR1', reason }]);
      expect(createRecording).not.toHaveBeenCalled();
    });
  });

  describe('a tab that did not take the call (another Flex session of this agent holds it)', () => {
    /** This worker takes calls in the browser; both legs are up; this tab has no browser call. */
    const heldElsewhere = (s: CallSnapshot): CallSnapshot => ({
      ...s,
      callsInBrowser: true,
      activeCallSid: undefined,
      task: s.task && { ...s.task, conference: conference([me(), customer()]) },
    });

    it('asks for nothing however long the attributes stay silent, and records once the call is held here (Join Call)', async () => {
      jest.useFakeTimers();
      try {
        const { recorder, flex, store, notices, createRecording } = setup();
        const done = recorder.onTaskAccepted(aTask());
        flex.update(heldElsewhere);
        jest.advanceTimersByTime(10 * 60_000);
        await Promise.resolve();
        expect(createRecording).not.toHaveBeenCalled();
        expect(store.get('WR1')?.status).toBe('waiting_for_leg');
        expect(notices).toEqual([]);
        // The agent pressed Join Call in this tab: the browser call is here now.
        flex.update((s) => ({ ...s, activeCallSid: 'CAme' }));
        await done;
        expect(createRecording).toHaveBeenCalledTimes(1);
        expect(createRecording).toHaveBeenCalledWith(expect.objectContaining({ callSid: 'CAcustomer' }));
        expect(store.get('WR1')?.status).toBe('recording');
      } finally {
        jest.useRealTimers();
      }
    });

    it('the call ends: not recorded here, with no notification (the session that holds it tells the agent)', async () => {
      const { recorder, flex, store, notices, createRecording, updateTask } = setup();
      const done = recorder.onTaskAccepted(aTask());
      flex.update(heldElsewhere);
      await flush();
      updateTask({ status: 'wrapping' });
      await done;
      expect(store.get('WR1')).toEqual({ status: 'not_recorded', reason: { kind: 'call_ended' } });
      expect(notices).toEqual([]);
      expect(createRecording).not.toHaveBeenCalled();
    });
  });

  it('409 call_not_in_progress from the Function means the call ended first', async () => {
    const task = aTask({ conference: conference([me(), customer()]) });
    const { recorder, store, createRecording, notices } = setup({ task });
    createRecording.mockRejectedValueOnce(
      new FunctionError({
        status: 409,
        code: 'call_not_in_progress',
        message: 'The call is not in progress',
      }),
    );
    await recorder.onTaskAccepted(task);
    expect(store.get('WR1')).toEqual({ status: 'not_recorded', reason: { kind: 'call_ended' } });
    expect(notices).toEqual([{ kind: 'call_ended', reservationSid: 'WR1' }]);
  });

  it('403 recording_excluded from the Function (its settings exclude the task, this plugin’s copy did not) shows why it is not recorded', async () => {
    const task = aTask({ conference: conference([me(), customer()]) });
    const { recorder, store, createRecording } = setup({ task });
    createRecording.mockRejectedValueOnce(
      new FunctionError({
        status: 403,
        code: 'recording_excluded',
        message: 'Not recorded: queue Medical is excluded',
        exclusion: { kind: 'queue', queue: 'Medical' },
      }),
    );
    await recorder.onTaskAccepted(task);
    expect(store.get('WR1')).toEqual({
      status: 'not_recorded',
      reason: { kind: 'excluded', exclusion: { kind: 'queue', queue: 'Medical' } },
    });
  });

  it("another Function error fails with the Function's reason, in the state and a notification", async () => {
    const task = aTask({ conference: conference([me(), customer()]) });
    const { recorder, store, createRecording, notices } = setup({ task });
    createRecording.mockRejectedValueOnce(
      new FunctionError({
        status: 403,
        code: 'leg_not_in_task',
        message: 'That call is not part of the task',
      }),
    );
    await recorder.onTaskAccepted(task);
    const reason = {
      kind: 'function',
      status: 403,
      code: 'leg_not_in_task',
      message: 'That call is not part of the task',
    };
    expect(store.get('WR1')).toEqual({ status: 'failed', reason });
    expect(notices).toEqual([{ kind: 'failed', reservationSid: 'WR1', reason }]);
  });

  it('a network failure after retries is reported as such', async () => {
    const task = aTask({ conference: conference([me(), customer()]) });
    const { recorder, store, createRecording } = setup({ task });
    createRecording.mockRejectedValueOnce(
      new NetworkError('https://x.twil.io/create-recording', new TypeError('offline')),
    );
    await recorder.onTaskAccepted(task);
    expect(store.get('WR1')).toMatchObject({ status: 'failed', reason: { kind: 'network' } });
  });

  it('transfer with channel customer: the next agent gets the existing recording (alreadyRecording)', async () => {
    const task = aTask({ sid: 'WR2', conference: conference([customer(), me({ reservationSid: 'WR2' })]) });
    const { recorder, store, createRecording } = setup({ task });
    createRecording.mockImplementationOnce((request) =>
      Promise.resolve(response(request, { alreadyRecording: true })),
    );
    await recorder.onTaskAccepted(task);
    expect(createRecording).toHaveBeenCalledWith(
      expect.objectContaining({ reservationSid: 'WR2', callSid: 'CAcustomer' }),
    );
    expect(store.get('WR2')).toMatchObject({ status: 'recording', alreadyRecording: true });
  });

  describe('transfer with channel customer: the recording the first agent started runs on', () => {
    const secondAgent = (
      attributes: Record<string, unknown>,
      participants = [customer(), me({ reservationSid: 'WR2' })],
    ) => aTask({ sid: 'WR2', attributes, conference: conference(participants) });

    it('the next agent asks nothing and shows the running recording, continued', async () => {
      const task = secondAgent(recordedBy('WR1'));
      const { recorder, store, createRecording, log } = setup({ task });
      await recorder.onTaskAccepted(task);
      expect(createRecording).not.toHaveBeenCalled();
      expect(store.get('WR2')).toEqual({
        status: 'recording',
        recordingSid: 'RE1',
        callSid: 'CAcustomer',
        channel: 'customer',
        alreadyRecording: true,
      });
      expect(log.error).not.toHaveBeenCalled();
    });

    it('a paused recording is shown paused, not asked for', async () => {
      const task = secondAgent(recordedBy('WR1', { paused: true }));
      const { recorder, store, createRecording } = setup({ task });
      await recorder.onTaskAccepted(task);
      expect(createRecording).not.toHaveBeenCalled();
      expect(store.get('WR2')).toMatchObject({
        status: 'paused',
        recordingSid: 'RE1',
        alreadyRecording: true,
      });
    });

    it('attributes first, the leg later (Flex order): decided when the leg is live, nothing asked', async () => {
      const task = aTask({ sid: 'WR2', attributes: recordedBy('WR1') });
      const { recorder, store, createRecording, updateTask } = setup({ task });
      const done = recorder.onTaskAccepted(task);
      expect(store.get('WR2')?.status).toBe('waiting_for_leg');
      updateTask({ conference: conference([customer(), me({ reservationSid: 'WR2' })]) });
      await done;
      expect(createRecording).not.toHaveBeenCalled();
      expect(store.get('WR2')).toMatchObject({ status: 'recording', alreadyRecording: true });
    });

    it('the leg before the attributes: the Function is asked, as before (it answers alreadyRecording)', async () => {
      const task = secondAgent({ direction: 'inbound', call_sid: 'CAcustomer' });
      const { recorder, store, createRecording } = setup({ task });
      createRecording.mockImplementationOnce((request) =>
        Promise.resolve(response(request, { alreadyRecording: true })),
      );
      await recorder.onTaskAccepted(task);
      expect(createRecording).toHaveBeenCalledTimes(1);
      expect(store.get('WR2')).toMatchObject({ status: 'recording', alreadyRecording: true });
    });

    it.each([
      ['completed (stopped, or the leg ended)', { status: 'completed' }],
      ['absent', { status: 'absent' }],
      ['on another call leg', { callSid: 'CAearlierCustomer' }],
      ["a worker recording of the first agent's leg", { callSid: 'CAcustomer', channel: 'worker' }],
    ])('a recording %s does not count: the Function is asked', async (_what, entry) => {
      const task = secondAgent(recordedBy('WR1', entry));
      const { recorder, createRecording } = setup({ task });
      await recorder.onTaskAccepted(task);
      expect(createRecording).toHaveBeenCalledWith(
        expect.objectContaining({ reservationSid: 'WR2', callSid: 'CAcustomer', channel: 'customer' }),
      );
    });
  });

  it('transfer with channel worker: the receiving reservation records its own leg, although the task names a running recording', async () => {
    const task = aTask({
      sid: 'WR2',
      // The first agent's own recording of their leg, running on.
      attributes: recordedBy('WR1', { callSid: 'CAfirstAgent', channel: 'worker' }),
      conference: conference([
        customer(),
        me({ reservationSid: 'WR1', isCurrentWorker: false, callSid: 'CAfirstAgent' }),
        me({ reservationSid: 'WR2', callSid: 'CAsecondAgent' }),
      ]),
    });
    const { recorder, createRecording } = setup({ task, config: { channel: 'worker' } });
    const done = recorder.onTaskAccepted(task);
    await flush();
    expect(createRecording).toHaveBeenCalledWith(
      expect.objectContaining({ reservationSid: 'WR2', callSid: 'CAsecondAgent', channel: 'worker' }),
    );
    recorder.onTaskEnded('WR2');
    await done;
  });

  it('internal call, outbound side: records the active call', async () => {
    const task = aTask({ attributes: { client_call: true, direction: 'outbound' } });
    const { recorder, flex, createRecording } = setup({ task });
    const done = recorder.onTaskAccepted(task);
    flex.update((s) => ({ ...s, activeCallSid: 'CAactive' }));
    await done;
    expect(createRecording).toHaveBeenCalledWith(expect.objectContaining({ callSid: 'CAactive' }));
  });

  it('internal call, inbound side: not recorded here, without waiting', async () => {
    const task = aTask({ attributes: { client_call: true, direction: 'inbound' } });
    const { recorder, store, flex, createRecording } = setup({ task });
    await recorder.onTaskAccepted(task);
    expect(store.get('WR1')).toEqual({ status: 'not_recorded', reason: { kind: 'internal_inbound' } });
    expect(flex.listenerCount).toBe(0);
    expect(createRecording).not.toHaveBeenCalled();
  });

  it('excluded tasks are not recorded and say why', async () => {
    const { recorder, store, createRecording, flex } = setup({ config: { excludeQueues: ['Support'] } });
    await recorder.onTaskAccepted(aTask());
    expect(store.get('WR1')).toEqual({
      status: 'not_recorded',
      reason: { kind: 'excluded', exclusion: { kind: 'queue', queue: 'Support' } },
    });
    expect(flex.listenerCount).toBe(0);
    expect(createRecording).not.toHaveBeenCalled();
  });

  it('disabled: not recorded, reason disabled', async () => {
    const { recorder, store } = setup({ config: { enabled: false } });
    await recorder.onTaskAccepted(aTask());
    expect(store.get('WR1')).toEqual({ status: 'not_recorded', reason: { kind: 'disabled' } });
  });

  it('invalid config: not recorded, reason config_invalid', async () => {
    const { recorder, store, createRecording } = setup({
      config: { ok: false, problems: [{ source: 'x', message: 'y' }] },
    });
    await recorder.onTaskAccepted(aTask());
    expect(store.get('WR1')).toEqual({ status: 'not_recorded', reason: { kind: 'config_invalid' } });
    expect(createRecording).not.toHaveBeenCalled();
  });

  it("ignores what Flex's call test says is no call (chat, a callback on the voice channel), and repeats", async () => {
    const task = aTask({ conference: conference([me(), customer()]) });
    const { recorder, store, createRecording } = setup({ task });
    await recorder.onTaskAccepted(aTask({ sid: 'WRchat', taskChannelUniqueName: 'chat' }));
    await recorder.onTaskAccepted(aTask({ sid: 'WRcallback', attributes: { taskType: 'callback' } }));
    expect(store.get('WRchat')).toBeUndefined();
    expect(store.get('WRcallback')).toBeUndefined();
    await Promise.all([recorder.onTaskAccepted(task), recorder.onTaskAccepted(task)]);
    expect(createRecording).toHaveBeenCalledTimes(1);
  });

  it('a removed reservation forgets its state, and a late Function answer does not bring it back', async () => {
    const task = aTask({ conference: conference([me(), customer()]) });
    const { recorder, store, createRecording } = setup({ task });
    let answer: (value: CreateRecordingResponse) => void = () => undefined;
    createRecording.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const done = recorder.onTaskAccepted(task);
    await flush();
    expect(store.get('WR1')?.status).toBe('starting');
    recorder.onTaskRemoved('WR1');
    expect(store.get('WR1')).toBeUndefined();
    answer(response({ taskSid: 'WT1', reservationSid: 'WR1', callSid: 'CAcustomer', channel: 'customer' }));
    await done;
    expect(store.get('WR1')).toBeUndefined();
  });
});
