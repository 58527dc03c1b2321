/*
 * One agent, two Flex tabs (two pages of the real Flex UI 2.17 for the same worker). TaskRouter and the
 * conference reach both; the browser call only the tab that took it (Flex's multi-tab support accepts it
 * in the session that started it). The tab that did not take the call shows what the task attributes
 * say, asks for nothing they already name, and never notifies a failure that did not happen.
 */
import type { DrivenCall } from '@dual-channel-recording/flex-page/driver';
import { multiTabFacts } from './harness/bundleFacts';
import { createdRecording } from './harness/fakeFunctions';
import { loadRealFlex } from './harness/loadRealFlex';
import type { PluginSession, PluginSessionOptions } from './harness/pluginSession';
import { defaultSettings, startPluginSession } from './harness/pluginSession';
import { mountAgentDesktopCanvas } from './harness/render';
import {
  advance,
  conferenceArrives,
  giveUpOnFunctions,
  indicatorIn,
  installFlexTimers,
  pluginNotifications,
} from './harness/observe';

/** A Flex page with the plugin and the selected task's canvas mounted. */
async function startPage(options: PluginSessionOptions = {}) {
  const ps = await startPluginSession(loadRealFlex(), options);
  const canvas = mountAgentDesktopCanvas(ps);
  return { ps, canvas, close: () => (canvas.unmount(), ps.session.dispose()) };
}

/** What our create-recording Function writes into the task once it started a recording (contract). */
function recordingAttributes(body: Record<string, unknown>, recordingSid: string, status = 'in-progress') {
  const { callSid, channel, reservationSid } = body as Record<string, string>;
  return {
    dual_channel_recording: {
      legs: { [callSid]: { recording_sid: recordingSid, channel, reservation_sid: reservationSid } },
      recordings: {
        [recordingSid]: {
          call_sid: callSid,
          channel,
          reservation_sid: reservationSid,
          status,
          paused: false,
          updated_at: new Date().toISOString(),
        },
      },
    },
  };
}

describe('two tabs of the same agent; the call is taken in the first', () => {
  let first: Awaited<ReturnType<typeof startPage>>;
  let second: Awaited<ReturnType<typeof startPage>>;
  /** Both tabs' Function requests (they share the page's `window.fetch`). */
  let functions: PluginSession['functions'];
  /** Legs whose create-recording the Function answers with a 502. */
  const failing = new Set<string>();

  beforeAll(async () => {
    installFlexTimers();
    first = await startPage();
    const { accountSid, worker } = first.ps.session;
    second = await startPage({
      sids: { accountSid, workspaceSid: worker.workspaceSid, workerSid: worker.sid },
    });
    ({ functions } = second.ps);
    // The Function as it de-duplicates: one recording per leg; a repeat gets it back, alreadyRecording.
    const started = new Map<string, string>();
    functions.answer('create-recording', (body) => {
      if (failing.has(String(body.callSid))) {
        return { status: 502, body: { status: 502, code: 'twilio_error', message: 'Twilio failed' } };
      }
      const known = started.get(String(body.callSid));
      if (known) return { status: 200, body: createdRecording(body, known, true) };
      const sid = `RE${(started.size + 1).toString(16).padStart(32, '0')}`;
      started.set(String(body.callSid), sid);
      return { status: 201, body: createdRecording(body, sid) };
    });
  });
  afterAll(() => {
    first.close();
    second.close();
  });
  beforeEach(() => {
    functions.requests.length = 0;
    first.ps.modules.flex.Notifications.dismissAll();
    second.ps.modules.flex.Notifications.dismissAll();
  });

  /** Selects the call in both tabs, lets Flex load the conference, and the Function write its entry. */
  async function connected(call: DrivenCall): Promise<void> {
    await first.ps.session.selectTask(call.sid);
    await second.ps.session.selectTask(call.sid);
    await conferenceArrives();
    await advance(0);
    for (const request of functions.to('create-recording')) {
      const recordingSid = `RE${'1'.padStart(32, '0')}`;
      call.updateAttributes((a) => ({ ...a, ...recordingAttributes(request.body, recordingSid) }));
    }
    await advance(0);
  }

  async function end(call: DrivenCall): Promise<void> {
    call.customerHangsUp();
    call.complete();
    await advance(6000);
  }

  it.each(['inbound', 'transfer'] as const)(
    '%s: the second tab sends nothing, shows what the attributes say, notifies nothing',
    async (kind) => {
      const call = first.ps.call({ kind });
      call.openIn(second.ps.session);
      call.ring();
      if (kind === 'transfer') call.otherAgentInConference();
      await advance(0);
      call.accept();
      await connected(call);
      await advance(30_000);
      expect(functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
      expect(indicatorIn(first.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
      // Exactly "Recording": this reservation's own recording is not "continued from earlier in the call".
      expect(indicatorIn(second.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
      expect(pluginNotifications(second.ps)).toEqual([]);
      await end(call);
    },
  );

  it('the first tab fails to start the recording: the second never asks, waits on no clock and notifies nothing', async () => {
    const call = first.ps.call({ kind: 'inbound' });
    failing.add(call.customer.callSid);
    call.openIn(second.ps.session);
    call.ring();
    await advance(0);
    call.accept();
    await first.ps.session.selectTask(call.sid);
    await second.ps.session.selectTask(call.sid);
    await conferenceArrives();
    await giveUpOnFunctions();
    expect(pluginNotifications(first.ps).map((n) => n.id)).toEqual(['DualChannelRecordingFailed']);
    // Longer than the leg wait (60 s) and the old 12 s grace: nothing in the second tab is timed.
    await advance(61_000);
    expect(functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    expect(pluginNotifications(second.ps)).toEqual([]);
    call.customerHangsUp();
    call.complete();
    await advance(6000);
    expect(pluginNotifications(second.ps)).toEqual([]);
    // Two pages run a minute of Flex's timers: slow on a loaded machine, so a jest timeout of 2 min.
  }, 120_000);

  it('multi-tab flag off, the second tab wins the call: it records, the first (which accepted) sends nothing', async () => {
    const call = first.ps.call({ kind: 'inbound' });
    call.openIn(second.ps.session);
    call.ring();
    await advance(0);
    call.accept(second.ps.session);
    await first.ps.session.selectTask(call.sid);
    await second.ps.session.selectTask(call.sid);
    await conferenceArrives();
    await advance(0);
    const requests = functions.to('create-recording');
    expect(requests.map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    for (const request of requests) {
      call.updateAttributes((a) => ({
        ...a,
        ...recordingAttributes(request.body, `RE${'1'.padStart(32, '0')}`),
      }));
    }
    await advance(0);
    expect(indicatorIn(first.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    expect(indicatorIn(second.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    expect(pluginNotifications(first.ps)).toEqual([]);
    expect(functions.to('create-recording')).toHaveLength(1);
    await end(call);
  });

  it("multi-tab flag on, the named first tab does not answer: the second answers after Flex's fallback and records; the first sends and notifies nothing", async () => {
    const { fallbackMs } = multiTabFacts();
    const call = first.ps.call({ kind: 'inbound' });
    call.openIn(second.ps.session);
    call.ring();
    await advance(0);
    call.acceptAfterMultiTabFallback();
    await first.ps.session.selectTask(call.sid);
    await second.ps.session.selectTask(call.sid);
    await advance(fallbackMs - 100);
    // Still ringing: no browser call in either tab, the reservation pending, nothing asked.
    expect(second.ps.session.store.getState().flex.phone.activeCall).toBeUndefined();
    expect(call.flexTask()?.status).toBe('pending');
    expect(functions.requests).toEqual([]);
    await advance(100);
    expect(second.ps.session.store.getState().flex.phone.activeCall?.parameters.CallSid).toBe(
      call.agent.callSid,
    );
    expect(first.ps.session.store.getState().flex.phone.activeCall).toBeUndefined();
    await connected(call);
    expect(functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    expect(indicatorIn(first.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    expect(indicatorIn(second.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    await advance(61_000);
    expect(functions.to('create-recording')).toHaveLength(1);
    expect(pluginNotifications(first.ps)).toEqual([]);
    expect(pluginNotifications(second.ps)).toEqual([]);
    await end(call);
    expect(second.ps.session.store.getState().flex.phone.activeCall).toBeUndefined();
  }, 120_000);

  it("multi-tab flag on, the named first tab answers: the second tab's fallback is canceled, it never takes the call", async () => {
    const { fallbackMs } = multiTabFacts();
    const call = first.ps.call({ kind: 'inbound' });
    call.openIn(second.ps.session);
    call.ring();
    await advance(0);
    call.acceptAfterMultiTabFallback(true);
    await connected(call);
    await advance(fallbackMs + 1000);
    expect(first.ps.session.store.getState().flex.phone.activeCall?.parameters.CallSid).toBe(
      call.agent.callSid,
    );
    expect(second.ps.session.store.getState().flex.phone.activeCall).toBeUndefined();
    expect(functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    expect(indicatorIn(first.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    expect(indicatorIn(second.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    expect(pluginNotifications(first.ps)).toEqual([]);
    expect(pluginNotifications(second.ps)).toEqual([]);
    await end(call);
  });

  it('outbound: the second tab sends nothing while the customer rings or after the answer', async () => {
    const call = first.ps.call({ kind: 'outbound' });
    call.openIn(second.ps.session);
    call.place();
    await advance(10_000);
    call.answer();
    await connected(call);
    await advance(30_000);
    expect(functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    expect(indicatorIn(second.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    expect(pluginNotifications(second.ps)).toEqual([]);
    await end(call);
  });

  it('internal call placed in the first tab: the second shows "Recording" at once, never a failure', async () => {
    const call = first.ps.call({ kind: 'internal' });
    call.openIn(second.ps.session);
    call.ring();
    await advance(0);
    call.accept();
    await connected(call);
    expect(functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.agent.callSid]);
    expect(indicatorIn(second.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    await advance(61_000);
    expect(indicatorIn(second.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
    expect(pluginNotifications(second.ps)).toEqual([]);
    expect(functions.to('create-recording')).toHaveLength(1);
    call.conferenceEnds();
    call.complete();
    await advance(6000);
  });
});

describe('two tabs, channel worker: Join Call pressed in the second tab moves the agent to a new leg', () => {
  let first: Awaited<ReturnType<typeof startPage>>;
  let second: Awaited<ReturnType<typeof startPage>>;

  beforeAll(async () => {
    installFlexTimers();
    const settings = { ...defaultSettings, channel: 'worker' };
    first = await startPage({ settings });
    const { accountSid, worker } = first.ps.session;
    second = await startPage({
      settings,
      sids: { accountSid, workspaceSid: worker.workspaceSid, workerSid: worker.sid },
    });
  });
  afterAll(() => {
    first.close();
    second.close();
  });

  // Flex's multi-tab flag on: the new call names the pressing session, which accepts it. Off: every tab
  // accepts it and the first wins, so it may land in the tab that held the old leg.
  it.each([
    ['on: the new leg rings in the second tab', 'second'],
    ['off: the first tab wins the race for the new call', 'first'],
  ] as const)(
    'multi-tab flag %s; the first tab records the new leg, both say "Recording"',
    async (_flag, lands) => {
      const { functions } = second.ps;
      functions.requests.length = 0;
      const call = first.ps.call({ kind: 'inbound' });
      call.openIn(second.ps.session);
      call.ring();
      await advance(0);
      call.accept();
      await first.ps.session.selectTask(call.sid);
      await second.ps.session.selectTask(call.sid);
      await conferenceArrives();
      const [oldRequest] = functions.to('create-recording');
      if (!oldRequest) throw new Error('no create-recording request');
      const entry = (body: Record<string, unknown>, recordingSid: string, status: string) =>
        recordingAttributes(body, recordingSid, status).dual_channel_recording.recordings;
      const oldSid = `RE${'1'.padStart(32, '0')}`;
      const newSid = `RE${'2'.padStart(32, '0')}`;
      const write = (recordings: Record<string, unknown>) =>
        call.updateAttributes((a) => ({ ...a, dual_channel_recording: { recordings } }));
      write(entry(oldRequest.body, oldSid, 'in-progress'));
      await advance(0);
      expect(indicatorIn(second.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });

      const newLeg = call.joinCall(second.ps.session, (lands === 'first' ? first : second).ps.session);
      await conferenceArrives();
      const requests = functions.to('create-recording');
      expect(requests.map((r) => r.body.callSid)).toEqual([call.agent.callSid, newLeg.callSid]);
      const newRequest = requests[1];
      if (!newRequest) throw new Error('no second create-recording request');
      write({
        ...entry(oldRequest.body, oldSid, 'completed'),
        ...entry(newRequest.body, newSid, 'in-progress'),
      });
      await advance(6000);
      expect(indicatorIn(first.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
      expect(indicatorIn(second.canvas.container)).toEqual({ status: 'recording', text: 'Recording' });
      expect(pluginNotifications(second.ps)).toEqual([]);
      call.customerHangsUp();
      call.complete();
      await advance(6000);
    },
  );
});
