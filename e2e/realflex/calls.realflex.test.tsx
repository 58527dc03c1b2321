/*
 * The plugin inside the real Flex UI 2.17 (store, reducers, Manager, Actions, Notifications, TaskCanvas,
 * CallCanvas, CallCanvasActions), fed at Twilio's edges by ./driver in Flex's own order and timing:
 * taskAccepted before the store update, the conference only after the Interactions REST reads and the
 * 500 ms throttle, outbound reservations pending until the customer answers, participants as Flex's
 * ConferenceParticipant instances. Our Functions are a fake fetch (the contract's answers).
 */
import type { DrivenCall, Leg } from '@dual-channel-recording/flex-page/driver';
import { conferenceStatuses, joinCallSteps, outboundTransferFacts } from './harness/bundleFacts';
import { acceptedInbound } from './harness/calls';
import { createdRecording } from './harness/fakeFunctions';
import { loadRealFlex } from './harness/loadRealFlex';
import type { PluginSession } from './harness/pluginSession';
import { SERVERLESS_DOMAIN, defaultSettings, startPluginSession } from './harness/pluginSession';
import type { Mounted } from './harness/render';
import { mountAgentDesktopCanvas, mountNotificationBar } from './harness/render';
import {
  advance,
  conferenceArrives,
  indicatorIn,
  notificationTextsIn,
  pluginNotifications,
  installFlexTimers,
} from './harness/observe';

/** Ends a call the way Twilio does, so the next test starts with no live task. */
async function hangUpAndComplete(call: DrivenCall): Promise<void> {
  if (call.reservation.status === 'accepted') call.customerHangsUp();
  if (call.reservation.status === 'wrapping') call.complete();
  await advance(6000);
}

/** The accepted-with-recording task attributes our create-recording Function writes (contract). */
function recordingAttributes(
  call: DrivenCall,
  recordingSid: string,
  extra: Record<string, unknown> = {},
  startedBy: string = call.sid,
) {
  return {
    dual_channel_recording: {
      legs: {
        [call.customer.callSid]: {
          recording_sid: recordingSid,
          channel: 'customer',
          reservation_sid: startedBy,
        },
      },
      recordings: {
        [recordingSid]: {
          call_sid: call.customer.callSid,
          channel: 'customer',
          reservation_sid: startedBy,
          status: 'in-progress',
          paused: false,
          updated_at: new Date().toISOString(),
          ...extra,
        },
      },
    },
  };
}

/** Flex's own `transfer` participants (the placeholder `handleConferenceUpdateImpl` makes up) in the store. */
function transferParticipants(ps: PluginSession, call: DrivenCall) {
  const conference = ps.session.store.getState().flex.conferences.states.get(call.task.sid)?.source;
  return (conference?.participants ?? [])
    .filter((p) => p.participantType === outboundTransferFacts().placeholderType)
    .map((p) => ({ workerSid: p.workerSid, status: p.status, connecting: p.connecting }));
}

/**
 * Registers what flex-project-template's callbacks feature registers: presentation channels for callback
 * and voicemail tasks on the `voice` TaskRouter channel, built from Flex's default (non-call) definition.
 */
function registerCallbackAndVoicemailChannels({ flex }: { flex: PluginSession['modules']['flex'] }): void {
  for (const taskType of ['callback', 'voicemail']) {
    flex.TaskChannels.register(
      flex.DefaultTaskChannels.createDefaultTaskChannel(
        taskType,
        (task) => task.taskChannelUniqueName === 'voice' && task.attributes?.taskType === taskType,
      ),
    );
  }
}

/**
 * Presses Join Call through the driver and checks that what its rewrite asks of the conference is what
 * Flex's own `joinCall` asks for, in the bundle's order (`joinCallSteps`, read from the bundle).
 */
function joinCallRecordingSteps(call: DrivenCall): Leg {
  const channel = call.channel;
  if (!channel) throw new Error('Join Call needs a conference');
  const steps: string[] = [];
  let old: string | undefined;
  let added: string | undefined;
  const who = (participantSid: string): string => (participantSid === added ? 'new' : 'old');
  const original = {
    setEnd: channel.setEndConferenceOnExit.bind(channel),
    join: channel.join.bind(channel),
    leave: channel.leave.bind(channel),
  };
  const spies = [
    jest.spyOn(channel, 'setEndConferenceOnExit').mockImplementation((sid, end) => {
      old ??= sid;
      steps.push(`setEndConferenceOnExit:${who(sid)}:${end}`);
      original.setEnd(sid, end);
    }),
    jest.spyOn(channel, 'join').mockImplementation((spec) => {
      added = spec.participantSid;
      const onReservation = spec.reservationSid === call.sid ? 'reservation' : '?';
      steps.push(`addVoiceParticipant:${spec.type}:${onReservation}`);
      original.join(spec);
    }),
    jest.spyOn(channel, 'leave').mockImplementation((sid) => {
      steps.push(`removeVoiceParticipant:${who(sid)}`);
      original.leave(sid);
    }),
  ];
  try {
    const leg = call.joinCall();
    expect(old).toBe(call.agent.participantSid);
    expect(steps).toEqual(joinCallSteps());
    return leg;
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

describe('recording the customer leg (channel: customer)', () => {
  let ps: PluginSession;
  let canvas: Mounted;
  let bar: Mounted;

  beforeAll(async () => {
    installFlexTimers();
    ps = await startPluginSession(loadRealFlex(), {
      beforePlugin: ({ flex }) => {
        registerCallbackAndVoicemailChannels({ flex });
        // A custom TaskRouter channel that carries calls, declared with Flex's call channel definition.
        flex.TaskChannels.register(
          flex.DefaultTaskChannels.createCallTaskChannel(
            'priority-voice',
            (task) => task.taskChannelUniqueName === 'priority-voice',
          ),
        );
      },
    });
  });
  afterAll(() => ps.session.dispose());
  beforeEach(() => {
    ps.modules.flex.Notifications.dismissAll();
    ps.functions.requests.length = 0;
    ps.logged.length = 0;
    canvas = mountAgentDesktopCanvas(ps);
    bar = mountNotificationBar(ps);
  });
  afterEach(() => {
    canvas.unmount();
    bar.unmount();
  });

  it('real Flex order: taskAccepted comes before the store update and before any conference', async () => {
    const call = ps.call({ kind: 'inbound' });
    const seen: Array<{ conference: unknown; storeStatus: unknown; sameObject: boolean }> = [];
    const onAccepted = (task: { conference?: unknown; sid: string }) => {
      const inStore = ps.session.store.getState().flex.worker.tasks.get(task.sid);
      seen.push({ conference: task.conference, storeStatus: inStore?.status, sameObject: inStore === task });
    };
    ps.session.manager.events.addListener('taskAccepted', onAccepted);
    call.ring();
    await advance(0);
    const pendingInStore = ps.session.store.getState().flex.worker.tasks.get(call.sid);
    call.accept();
    ps.session.manager.events.removeListener('taskAccepted', onAccepted);

    expect(seen).toEqual([{ conference: undefined, storeStatus: 'accepted', sameObject: false }]);
    // The store still held the object from reservationCreated; its getters read the live reservation.
    expect(pendingInStore).not.toBe(ps.session.store.getState().flex.worker.tasks.get(call.sid));
    await conferenceArrives();
    const task = call.flexTask();
    expect(task?.conference).toBe(
      ps.session.store.getState().flex.conferences.states.get(call.task.sid)?.source,
    );
    await hangUpAndComplete(call);
  });

  it('inbound: waits while Flex has no conference, then records the customer leg with the Flex token', async () => {
    const call = await acceptedInbound(ps);
    expect(indicatorIn(canvas.container)).toEqual({
      status: 'waiting_for_leg',
      text: 'Recording starts when the call connects',
    });
    expect(ps.functions.to('create-recording')).toHaveLength(0);

    await conferenceArrives();
    expect(ps.functions.to('create-recording').map((r) => r.body)).toEqual([
      {
        Token: 'flex-token-1',
        taskSid: call.task.sid,
        reservationSid: call.sid,
        callSid: call.customer.callSid,
        channel: 'customer',
        // Real Flex 2.17's task.conference carries the conference SID: the Function reads the
        // participant in the same round (it checks this SID against Twilio).
        conferenceSid: call.channel?.conferenceSid,
        attempt: 1,
      },
    ]);
    expect(call.channel?.conferenceSid).toMatch(/^CF[0-9a-f]{32}$/);
    expect(ps.functions.requests[0]?.url).toBe(`https://${SERVERLESS_DOMAIN}/create-recording`);
    await advance(0);
    expect(indicatorIn(canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    expect(pluginNotifications(ps)).toEqual([]);
    await hangUpAndComplete(call);
  });

  it('inbound: the recording state follows the task attributes Flex receives (completed after hang-up)', async () => {
    const call = await acceptedInbound(ps);
    await conferenceArrives();
    const recordingSid = `RE${'1'.padStart(32, '0')}`;
    // create-recording merged its entry (TaskRouter's `updated` reaches Flex), then the call ends and the
    // recording-status callback writes `completed`.
    call.updateAttributes((attributes) => ({ ...attributes, ...recordingAttributes(call, recordingSid) }));
    call.customerHangsUp();
    call.updateAttributes((attributes) => ({
      ...attributes,
      ...recordingAttributes(call, recordingSid, { status: 'completed', duration: 42 }),
    }));
    await advance(0);
    expect(indicatorIn(canvas.container)).toEqual({ status: 'completed', text: 'Recording complete' });
    call.complete();
    await advance(6000);
  });

  it('outbound: nothing is recorded while the customer rings (reservation pending), then the customer leg on answer', async () => {
    const call = ps.call({ kind: 'outbound' });
    call.place();
    await advance(20_000);
    expect(call.flexTask()?.status).toBe('pending');
    expect(ps.session.store.getState().flex.phone.activeCall?.parameters.CallSid).toBe(call.agent.callSid);
    expect(ps.functions.requests).toHaveLength(0);

    call.answer();
    await ps.session.selectTask(call.sid);
    // Accepted means answered: until Flex has the conference, the customer is already on the line.
    expect(indicatorIn(canvas.container)).toEqual({
      status: 'waiting_for_leg',
      text: 'Recording starts when the call connects',
    });
    await conferenceArrives();
    expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    await advance(0);
    expect(indicatorIn(canvas.container)?.text).toBe('Recording');
    await hangUpAndComplete(call);
  });

  it.each([
    [45305, 'OutboundCallCanceledNoAnswer'],
    [45303, 'OutboundCallCanceledBusy'],
  ] as const)(
    'outbound not connected (%s): the reservation is canceled, no taskAccepted, the plugin does nothing',
    async (code, flexNotification) => {
      const call = ps.call({ kind: 'outbound' });
      call.place();
      await advance(30_000);
      call.notConnected(code);
      // Flex names the reason itself.
      expect(ps.modules.flex.Notifications.activeNotifications.map((n) => n.id)).toContain(flexNotification);
      await advance(90_000);
      expect(call.flexTask()).toBeUndefined();
      expect(ps.functions.requests).toHaveLength(0);
      expect(pluginNotifications(ps)).toEqual([]);
      expect(ps.logged.filter((line) => !line.startsWith('info'))).toEqual([]);
    },
  );

  it('caller hangs up before accept: the reservation is canceled, the plugin never starts', async () => {
    const call = ps.call({ kind: 'inbound' });
    call.ring();
    await advance(3000);
    call.callerHangsUpBeforeAccept();
    await advance(90_000);
    expect(ps.functions.requests).toHaveLength(0);
    expect(pluginNotifications(ps)).toEqual([]);
  });

  it('caller hangs up after accept, before Flex has the conference: "call ended first", no request', async () => {
    const call = await acceptedInbound(ps);
    await advance(100);
    call.customerHangsUp();
    await advance(1000);
    expect(ps.functions.requests).toHaveLength(0);
    expect(indicatorIn(canvas.container)).toEqual({
      status: 'not_recorded',
      text: 'Not recorded: the call ended first',
    });
    expect(pluginNotifications(ps).map((n) => n.id)).toEqual(['DualChannelRecordingCallEndedFirst']);
    call.complete();
    await advance(6000);
  });

  it('external and unknown participants and a customer on hold: the customer leg is recorded, once', async () => {
    const call = ps.call({ kind: 'inbound' });
    call.ring();
    call.holdCustomer(true);
    const external = { participantSid: ps.session.sid('UT'), callSid: ps.session.sid('CA') };
    const unknown = { participantSid: ps.session.sid('UT'), callSid: ps.session.sid('CA') };
    call.channel?.join({ ...external, type: 'external' });
    call.channel?.join({ ...unknown, type: 'unknown' });
    await advance(0);
    call.accept();
    await ps.session.selectTask(call.sid);
    await conferenceArrives();
    const types = call.flexTask()?.conference?.participants.map((p) => p.participantType);
    expect(types?.sort()).toEqual(['customer', 'external', 'unknown', 'worker']);
    expect(
      call.flexTask()?.conference?.participants.find((p) => p.participantType === 'customer')?.onHold,
    ).toBe(true);
    expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    call.leaves(external);
    call.holdCustomer(false);
    await advance(6000);
    expect(ps.functions.to('create-recording')).toHaveLength(1);
    expect(indicatorIn(canvas.container)?.text).toBe('Recording');
    await hangUpAndComplete(call);
  });

  describe('conference statuses as the bundle declares them (ConferenceStatus)', () => {
    const statuses = conferenceStatuses();
    it('Flex 2.17.1 declares setup, active, closed and failed (a new status fails here first)', () => {
      expect(Object.values(statuses).sort()).toEqual(['active', 'closed', 'failed', 'setup']);
    });

    it.each([
      ['Closed', 'both legs listed', true],
      ['Failed', 'both legs listed', true],
      ['Failed', 'the customer leg missing', false],
      ['Closed', 'the customer leg missing', false],
    ])(
      'a %s conference (%s) is over: "call ended first" at once, no request, no failure',
      async (name, _legs, customerListed) => {
        const call = ps.call({ kind: 'inbound' });
        const status = statuses[name];
        if (!call.channel || status === undefined) throw new Error(`no channel or no ${name} status`);
        if (customerListed) call.ring();
        else ps.session.taskRouter.reservationCreated(ps.session.worker, call.reservation);
        // Flex reads the channel's status with getChannels when its conference listener starts (accept).
        call.channel.status = status as typeof call.channel.status;
        await advance(0);
        call.accept();
        await ps.session.selectTask(call.sid);
        await conferenceArrives();
        expect(call.flexTask()?.conference?.status).toBe(status);
        expect(ps.functions.requests).toHaveLength(0);
        expect(indicatorIn(canvas.container)).toEqual({
          status: 'not_recorded',
          text: 'Not recorded: the call ended first',
        });
        expect(pluginNotifications(ps).map((n) => n.id)).toEqual(['DualChannelRecordingCallEndedFirst']);
        call.conferenceEnds();
        call.complete();
        await advance(6000);
      },
    );

    it('a conference still in setup with both legs joined is live: the customer leg is recorded', async () => {
      const call = ps.call({ kind: 'inbound' });
      call.ring();
      if (!call.channel || statuses.Setup === undefined) throw new Error('no channel or no Setup status');
      call.channel.status = statuses.Setup as typeof call.channel.status;
      await advance(0);
      call.accept();
      await ps.session.selectTask(call.sid);
      await conferenceArrives();
      expect(call.flexTask()?.conference?.status).toBe('setup');
      expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
      await advance(0);
      expect(indicatorIn(canvas.container)?.text).toBe('Recording');
      await hangUpAndComplete(call);
    });
  });

  it('caller hangs up after the recording started: Flex shows them recently_left, then left; nothing more happens', async () => {
    const call = await acceptedInbound(ps);
    await conferenceArrives();
    expect(ps.functions.to('create-recording')).toHaveLength(1);
    const customerStatus = () =>
      call.flexTask()?.conference?.participants.find((p) => p.participantType === 'customer')?.status;
    call.customerLeaves();
    await advance(600);
    expect(customerStatus()).toBe('recently_left');
    await advance(5000);
    expect(customerStatus()).toBe('left');
    expect(ps.functions.requests).toHaveLength(1);
    expect(indicatorIn(canvas.container)?.text).toBe('Recording');
    expect(pluginNotifications(ps)).toEqual([]);
    call.conferenceEnds();
    call.complete();
    await advance(1000);
  });

  it('caller hangs up while the Function starts the recording (409 call_not_in_progress): "call ended first"', async () => {
    ps.functions.answer('create-recording', () => ({
      status: 409,
      body: { status: 409, code: 'call_not_in_progress', message: 'The call is no longer in progress' },
    }));
    try {
      const call = await acceptedInbound(ps);
      await conferenceArrives();
      await advance(0);
      expect(indicatorIn(canvas.container)?.text).toBe('Not recorded: the call ended first');
      expect(notificationTextsIn(bar.container)).toEqual(['The call ended before it could be recorded.']);
      await hangUpAndComplete(call);
    } finally {
      ps.functions.answer('create-recording', undefined);
    }
  });

  it('agent presses Hang up (Flex HangupCall action) before the conference arrives: "call ended first"', async () => {
    const call = await acceptedInbound(ps);
    await call.agentHangsUp();
    await advance(1000);
    expect(ps.session.store.getState().flex.phone.activeCall).toBeUndefined();
    expect(ps.functions.requests).toHaveLength(0);
    expect(indicatorIn(canvas.container)?.text).toBe('Not recorded: the call ended first');
    call.complete();
    await advance(6000);
  });

  it('warm transfer, receiving agent: the customer leg already recorded is continued, not recorded twice', async () => {
    ps.functions.answer('create-recording', (body) => ({
      status: 200,
      body: createdRecording({ ...body, channel: 'customer' }, `RE${'7'.padStart(32, '0')}`, true),
    }));
    try {
      const call = ps.call({ kind: 'transfer', transferMode: 'WARM' });
      call.ring();
      call.otherAgentInConference();
      call.holdCustomer(true);
      await advance(2000);
      call.accept();
      await ps.session.selectTask(call.sid);
      await conferenceArrives();
      expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
      await advance(0);
      expect(indicatorIn(canvas.container)?.text).toBe('Recording (continued from earlier in the call)');
      await hangUpAndComplete(call);
    } finally {
      ps.functions.answer('create-recording', undefined);
    }
  });

  it('warm transfer, receiving agent: the task already names the running customer recording, so nothing is asked; shown continued', async () => {
    const call = ps.call({ kind: 'transfer', transferMode: 'WARM' });
    call.ring();
    // What the first agent's start wrote on the task before the transfer (TaskRouter's `updated`).
    const firstAgent = `WR${'f'.repeat(32)}`;
    const recordingSid = `RE${'8'.padStart(32, '0')}`;
    call.updateAttributes((attributes) => ({
      ...attributes,
      ...recordingAttributes(call, recordingSid, {}, firstAgent),
    }));
    call.otherAgentInConference();
    call.holdCustomer(true);
    await advance(2000);
    call.accept();
    await ps.session.selectTask(call.sid);
    await conferenceArrives();
    await advance(0);
    expect(ps.functions.to('create-recording')).toEqual([]);
    expect(indicatorIn(canvas.container)).toEqual({
      status: 'recording',
      text: 'Recording (continued from earlier in the call)',
    });
    await hangUpAndComplete(call);
  });

  it('transfer, sending agent: the recording carries on after this agent leaves; wrap-up hides the pause button', async () => {
    const call = await acceptedInbound(ps);
    await conferenceArrives();
    expect(ps.functions.to('create-recording')).toHaveLength(1);
    call.holdCustomer(true);
    call.otherAgentInConference();
    call.transferredAway();
    await advance(6000);
    expect(call.flexTask()?.status).toBe('wrapping');
    expect(ps.functions.requests).toHaveLength(1);
    expect(indicatorIn(canvas.container)?.text).toBe('Recording');
    expect(canvas.container.querySelector('[data-testid="dual-channel-recording-pause-button"]')).toBeNull();
    call.complete();
    await advance(0);
    expect(indicatorIn(canvas.container)).toBeUndefined();
  });

  it('cold transfer, receiving agent: the first agent already left (recently_left), the held customer is recorded', async () => {
    const call = ps.call({ kind: 'transfer', transferMode: 'COLD' });
    call.ring();
    const first = call.otherAgentInConference();
    call.holdCustomer(true);
    call.leaves(first);
    await advance(1000);
    call.accept();
    await conferenceArrives();
    expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    await hangUpAndComplete(call);
  });

  describe("transferring out: Flex's own transfer participant (outboundTransfer), statuses read from the bundle", () => {
    const facts = outboundTransferFacts();
    const transferStatus = (status: string) => status as Parameters<DrivenCall['transferEnds']>[1];

    it.each(['WARM', 'COLD'] as const)(
      '%s transfer to another agent: recorded once, nothing stopped, the indicator stays "Recording"',
      async (mode) => {
        const call = await acceptedInbound(ps);
        await conferenceArrives();
        expect(ps.functions.to('create-recording')).toHaveLength(1);
        call.holdCustomer(true);
        const transfer = call.transferOut(mode);
        await advance(1000);
        expect(transferParticipants(ps, call)).toEqual([
          { workerSid: transfer.to, status: facts.initialStatus, connecting: true },
        ]);
        expect(indicatorIn(canvas.container)?.text).toBe('Recording');
        const receiving = { participantSid: ps.session.sid('UT'), callSid: ps.session.sid('CA') };
        if (mode === 'COLD') call.transferredAway();
        call.channel?.join({ ...receiving, type: 'agent', workerSid: transfer.to });
        call.transferEnds(transfer, transferStatus(facts.dropOn[0] ?? ''));
        await advance(1000);
        expect(transferParticipants(ps, call)).toEqual([]);
        if (mode === 'WARM') {
          call.holdCustomer(false);
          call.transferredAway();
        }
        await advance(6000);
        expect(call.flexTask()?.status).toBe('wrapping');
        expect(ps.functions.requests.map((r) => r.route)).toEqual(['create-recording']);
        expect(indicatorIn(canvas.container)?.text).toBe('Recording');
        call.complete();
        await advance(0);
      },
    );

    it("a transfer to a queue that fails: recently_left for the bundle's delay, then gone; the call stays recorded once", async () => {
      const call = await acceptedInbound(ps);
      await conferenceArrives();
      call.holdCustomer(true);
      const transfer = call.transferOut('WARM', ps.session.sid('WQ'));
      await advance(1000);
      call.transferEnds(transfer, transferStatus(facts.failOn));
      await advance(600);
      expect(transferParticipants(ps, call)).toEqual([
        { workerSid: transfer.to, status: facts.failedStatus, connecting: false },
      ]);
      expect(indicatorIn(canvas.container)?.text).toBe('Recording');
      await advance(facts.failedMs);
      expect(transferParticipants(ps, call)).toEqual([]);
      call.holdCustomer(false);
      await advance(1000);
      expect(ps.functions.requests.map((r) => r.route)).toEqual(['create-recording']);
      expect(indicatorIn(canvas.container)?.text).toBe('Recording');
      expect(
        canvas.container.querySelector('[data-testid="dual-channel-recording-pause-button"]'),
      ).not.toBeNull();
      await hangUpAndComplete(call);
    });

    it('a warm transfer to a phone number (an external participant, no transfer placeholder): recorded once', async () => {
      const call = await acceptedInbound(ps);
      await conferenceArrives();
      call.holdCustomer(true);
      const number = { participantSid: ps.session.sid('UT'), callSid: ps.session.sid('CA') };
      call.channel?.join({ ...number, type: 'external' });
      await advance(1000);
      expect(transferParticipants(ps, call)).toEqual([]);
      expect(indicatorIn(canvas.container)?.text).toBe('Recording');
      call.holdCustomer(false);
      call.transferredAway();
      await advance(6000);
      expect(ps.functions.requests.map((r) => r.route)).toEqual(['create-recording']);
      expect(indicatorIn(canvas.container)?.text).toBe('Recording');
      call.complete();
      await advance(0);
    });
  });

  it('a supervisor joining (Flex filters supervisors out) changes nothing: one recording of the customer', async () => {
    const call = await acceptedInbound(ps);
    call.supervisorJoins();
    await conferenceArrives();
    await advance(1000);
    expect(
      call
        .flexTask()
        ?.conference?.participants.map((p) => p.participantType)
        .sort(),
    ).toEqual(['customer', 'worker']);
    expect(ps.functions.to('create-recording')).toHaveLength(1);
    await hangUpAndComplete(call);
  });

  it("internal call, calling side: records this browser's call leg (no conference)", async () => {
    const call = ps.call({ kind: 'internal' });
    call.ring();
    await advance(0);
    call.accept();
    await advance(1000);
    expect(ps.functions.to('create-recording').map((r) => r.body)).toEqual([
      expect.objectContaining({ callSid: call.agent.callSid, channel: 'customer' }),
    ]);
    call.conferenceEnds();
    call.complete();
  });

  it('internal call, receiving side: not recorded here (the caller records it)', async () => {
    const call = ps.call({ kind: 'internal', attributes: { direction: 'inbound' } });
    call.ring();
    await advance(0);
    call.accept();
    await ps.session.selectTask(call.sid);
    await advance(61_000);
    expect(ps.functions.requests).toHaveLength(0);
    expect(indicatorIn(canvas.container)?.text).toBe(
      'Not recorded here: the calling agent records this call',
    );
    call.conferenceEnds();
    call.complete();
  });

  it.each(['callback', 'voicemail'])(
    'a %s task lives on the voice channel but is no call (TaskHelper.isCallTask): no wait, no error, ever',
    async (taskType) => {
      const call = ps.call({ kind: 'no-call', attributes: { taskType, name: 'Customer' } });
      call.ring();
      await advance(0);
      call.accept();
      await ps.session.selectTask(call.sid);
      expect(ps.modules.flex.TaskHelper.isCallTask(call.flexTask() as never)).toBe(false);
      await advance(61_000);
      expect(ps.functions.requests).toHaveLength(0);
      expect(pluginNotifications(ps)).toEqual([]);
      expect(notificationTextsIn(bar.container)).toEqual([]);
      expect(ps.logged.filter((line) => !line.startsWith('info'))).toEqual([]);
      call.complete();
    },
  );

  it('a call on a custom call-capable channel (TaskHelper.isCallTask is true) is recorded', async () => {
    const call = await acceptedInbound(ps, { taskChannelUniqueName: 'priority-voice' });
    expect(ps.modules.flex.TaskHelper.isCallTask(call.flexTask() as never)).toBe(true);
    await conferenceArrives();
    expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    await hangUpAndComplete(call);
  });

  it('token refresh: the next request carries the new token from the session', async () => {
    ps.session.refreshToken('flex-token-2');
    const call = await acceptedInbound(ps);
    await conferenceArrives();
    expect(ps.functions.to('create-recording').map((r) => r.body.Token)).toEqual(['flex-token-2']);
    await hangUpAndComplete(call);
  });
});

describe("recording this agent's leg (channel: worker)", () => {
  let ps: PluginSession;

  beforeAll(async () => {
    installFlexTimers();
    ps = await startPluginSession(loadRealFlex(), { settings: { ...defaultSettings, channel: 'worker' } });
  });
  afterAll(() => ps.session.dispose());
  beforeEach(() => {
    ps.functions.requests.length = 0;
  });

  it("inbound: records this agent's conference leg on this reservation", async () => {
    const call = await acceptedInbound(ps);
    await conferenceArrives();
    expect(ps.functions.to('create-recording').map((r) => r.body)).toEqual([
      expect.objectContaining({ callSid: call.agent.callSid, reservationSid: call.sid, channel: 'worker' }),
    ]);
    await hangUpAndComplete(call);
  });

  it("outbound (Flex-initiated, no call_sid): the request names the customer's call as Flex knows it", async () => {
    const call = ps.call({ kind: 'outbound' });
    call.place();
    await advance(1000);
    call.answer();
    await conferenceArrives();
    expect(call.task.attributes.call_sid).toBeUndefined();
    expect(ps.functions.to('create-recording').map((r) => r.body)).toEqual([
      expect.objectContaining({
        callSid: call.agent.callSid,
        channel: 'worker',
        customerCallSid: call.customer.callSid,
        attempt: 1,
      }),
    ]);
    expect(call.customer.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    await hangUpAndComplete(call);
  });

  it("warm transfer out (Flex's transfer participant on this reservation): this agent's leg only, once", async () => {
    const facts = outboundTransferFacts();
    const call = await acceptedInbound(ps);
    await conferenceArrives();
    call.holdCustomer(true);
    const transfer = call.transferOut('WARM');
    await advance(1000);
    expect(transferParticipants(ps, call)).toEqual([
      { workerSid: transfer.to, status: facts.initialStatus, connecting: true },
    ]);
    const receiving = { participantSid: ps.session.sid('UT'), callSid: ps.session.sid('CA') };
    call.channel?.join({ ...receiving, type: 'agent', workerSid: transfer.to });
    call.transferEnds(transfer, facts.dropOn[0] as Parameters<DrivenCall['transferEnds']>[1]);
    call.holdCustomer(false);
    await advance(1000);
    call.transferredAway();
    await advance(6000);
    expect(ps.functions.to('create-recording').map((r) => r.body)).toEqual([
      expect.objectContaining({ callSid: call.agent.callSid, reservationSid: call.sid, channel: 'worker' }),
    ]);
    expect(ps.functions.requests).toHaveLength(1);
    call.complete();
    await advance(0);
  });

  it('Join Call: with two legs of this worker, the one on this reservation is recorded', async () => {
    const call = ps.call({ kind: 'inbound' });
    call.ring();
    await advance(0);
    // The worker is already in the conference from another device, on no reservation of this tab.
    const other = call.joinsAgain();
    call.accept();
    await conferenceArrives();
    const mine = call.flexTask()?.conference?.participants.filter((p) => p.isCurrentWorker) ?? [];
    expect(mine.map((p) => p.callSid).sort()).toEqual([call.agent.callSid, other.callSid].sort());
    expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.agent.callSid]);
    await hangUpAndComplete(call);
  });

  it('Join Call moves this agent to a new leg: it is recorded too, and the indicator says "Recording", not "complete"', async () => {
    const canvas = mountAgentDesktopCanvas(ps);
    const call = await acceptedInbound(ps);
    await conferenceArrives();
    /** What the Functions write: create-recording's entry, then the status callback's completion. */
    const entry = (callSid: string, recordingSid: string, status: 'in-progress' | 'completed') => ({
      [recordingSid]: {
        call_sid: callSid,
        channel: 'worker',
        reservation_sid: call.sid,
        status,
        paused: false,
        updated_at: new Date().toISOString(),
      },
    });
    const first = `RE${'1'.padStart(32, '0')}`;
    const second = `RE${'2'.padStart(32, '0')}`;
    const write = (recordings: Record<string, unknown>) =>
      call.updateAttributes((a) => ({ ...a, dual_channel_recording: { recordings } }));
    write(entry(call.agent.callSid, first, 'in-progress'));
    await advance(0);

    const newLeg = joinCallRecordingSteps(call);
    await conferenceArrives();
    expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([
      call.agent.callSid,
      newLeg.callSid,
    ]);
    // The old leg's recording completes before the new one's entry reaches Flex.
    write(entry(call.agent.callSid, first, 'completed'));
    await advance(0);
    expect(indicatorIn(canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    write({
      ...entry(call.agent.callSid, first, 'completed'),
      ...entry(newLeg.callSid, second, 'in-progress'),
    });
    await advance(6000);
    expect(indicatorIn(canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    expect(ps.functions.to('create-recording')).toHaveLength(2);
    canvas.unmount();
    await hangUpAndComplete(call);
  });

  it('Join Call: a leg of this worker that just left (recently_left) is never picked', async () => {
    const call = ps.call({ kind: 'inbound' });
    call.ring();
    await advance(0);
    const earlier = call.joinsAgain(call.sid);
    await advance(0);
    call.accept();
    call.leaves(earlier);
    await conferenceArrives();
    expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.agent.callSid]);
    await hangUpAndComplete(call);
  });

  it("warm transfer, receiving agent: records this agent's own leg, not the transferring agent's", async () => {
    const call = ps.call({ kind: 'transfer', transferMode: 'WARM' });
    const first = call.otherAgentInConference();
    call.ring();
    await advance(0);
    call.accept();
    await conferenceArrives();
    const requested = ps.functions.to('create-recording').map((r) => r.body.callSid);
    expect(requested).toEqual([call.agent.callSid]);
    expect(requested).not.toContain(first.callSid);
    await hangUpAndComplete(call);
  });
});

describe.each([
  ['before', false],
  ['after', true],
] as const)(
  'a reload with calls in progress (worker ready %s plugin init; no taskAccepted again)',
  (_when, late) => {
    let ps: PluginSession;
    let recorded: DrivenCall;
    let unrecorded: DrivenCall;
    let callback: DrivenCall;
    let canvas: Mounted;
    let bar: Mounted;
    const recordingSid = `RE${'9'.padStart(32, '0')}`;

    beforeAll(async () => {
      installFlexTimers();
      const modules = loadRealFlex();
      ps = await startPluginSession(modules, {
        workerReadyAfterPlugin: late,
        beforePlugin: (session) => {
          registerCallbackAndVoicemailChannels(session);
          const call = (options: Parameters<PluginSession['call']>[0]) =>
            new modules.driver.DrivenCall(session, options);
          recorded = call({ kind: 'inbound' });
          recorded.task.attributes = {
            ...recorded.task.attributes,
            ...recordingAttributes(recorded, recordingSid, { paused: true }),
          };
          recorded.acceptedBeforeLoad();
          unrecorded = call({ kind: 'inbound' });
          unrecorded.acceptedBeforeLoad();
          callback = call({ kind: 'no-call', attributes: { taskType: 'callback' } });
          callback.acceptedBeforeLoad();
        },
      });
      canvas = mountAgentDesktopCanvas(ps);
      bar = mountNotificationBar(ps);
      await conferenceArrives();
    });
    afterAll(() => {
      canvas.unmount();
      bar.unmount();
      ps.session.dispose();
    });

    it('a call whose attributes hold its recording shows that state (paused) and asks for nothing', async () => {
      await ps.session.selectTask(recorded.sid);
      expect(indicatorIn(canvas.container)).toEqual({ status: 'paused', text: 'Recording paused' });
      expect(ps.functions.requests.filter((r) => r.body.reservationSid === recorded.sid)).toEqual([]);
    });

    it('an accepted call without a recording: nothing asked while no browser call is here, recorded once Join Call brings it here', async () => {
      await ps.session.selectTask(unrecorded.sid);
      // A reloaded page holds no browser call: the live leg is another session's (Flex offers Join Call),
      // which asks for the recording itself. No clock: however long, this page asks for nothing.
      await advance(61_000);
      expect(ps.functions.to('create-recording')).toEqual([]);
      expect(pluginNotifications(ps)).toEqual([]);
      // The agent presses Join Call here: the call is in this page now, and this page records it.
      unrecorded.joinCall();
      await advance(0);
      expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([
        unrecorded.customer.callSid,
      ]);
      await advance(0);
      expect(indicatorIn(canvas.container)?.text).toBe('Recording');
      // A minute of Flex's timers on a loaded machine: a jest timeout of 2 min.
    }, 120_000);

    it('an accepted callback task is no call: no wait, no error after the wait would have timed out', async () => {
      await advance(61_000);
      expect(ps.functions.requests.filter((r) => r.body.reservationSid === callback.sid)).toEqual([]);
      expect(pluginNotifications(ps)).toEqual([]);
      expect(notificationTextsIn(bar.container)).toEqual([]);
      // A minute of Flex's timers took 10 to 30 s at load 8 to 10: a jest timeout of 2 min.
    }, 120_000);
  },
);

describe('a session whose token payload is gone (logged out, or before login completes)', () => {
  let ps: PluginSession;

  beforeAll(async () => {
    installFlexTimers();
    ps = await startPluginSession(loadRealFlex(), { token: null });
  });
  afterAll(() => ps.session.dispose());

  it('the call is not recorded and the agent is told to sign in again; nothing throws', async () => {
    // Flex's own getter throws here (it reads ssoTokenPayload.permissions); Flex's canvas cannot render.
    expect(() => ps.session.manager.user).toThrow(TypeError);
    const call = ps.call({ kind: 'inbound' });
    call.ring();
    await advance(0);
    call.accept();
    await conferenceArrives();
    expect(ps.functions.requests).toHaveLength(0);
    expect(pluginNotifications(ps)).toEqual([
      {
        id: 'DualChannelRecordingFailed',
        context: { reason: 'your Flex session has no token; sign in again' },
      },
    ]);
    await hangUpAndComplete(call);
  });
});
