/*
 * Nothing of ours may break Flex: the plugin's task scan runs inside every Flex dispatch and its
 * components inside Flex's call canvas. An error there (another plugin's task channel that throws, a
 * render error of ours) must leave Flex's store updating, its call canvas on screen and the next call
 * recorded. Real Flex UI 2.17 (store, TaskChannels, TaskHelper, TaskCanvas), fed by ./driver.
 */
import { StringTemplates } from 'plugin-dual-channel-recording/src/strings';
import { acceptedInbound } from './harness/calls';
import { loadRealFlex } from './harness/loadRealFlex';
import type { PluginSessionOptions } from './harness/pluginSession';
import { startPluginSession } from './harness/pluginSession';
import { mountAgentDesktopCanvas } from './harness/render';
import {
  advance,
  callActionButtonsIn,
  conferenceArrives,
  indicatorIn,
  installFlexTimers,
  pauseButtonIn,
} from './harness/observe';

/** A Flex page with the plugin and the selected task's canvas mounted. */
async function startPage(options: PluginSessionOptions) {
  installFlexTimers();
  const ps = await startPluginSession(loadRealFlex(), options);
  const canvas = mountAgentDesktopCanvas(ps);
  return {
    ps,
    canvas,
    close() {
      canvas.unmount();
      ps.session.dispose();
    },
  };
}

describe("another plugin's task channel throws in isApplicable for one custom-channel task", () => {
  let page: Awaited<ReturnType<typeof startPage>>;

  beforeAll(async () => {
    page = await startPage({
      beforePlugin: ({ flex }) => {
        // Another plugin's channel definition with a bug: it assumes every task on its channel has a
        // `followUp` object, and throws once another system writes `followUp: null`.
        flex.TaskChannels.register(
          flex.DefaultTaskChannels.createDefaultTaskChannel('crm-followup', (task) => {
            if (task.taskChannelUniqueName !== 'crm-followup') return false;
            const { followUp } = task.attributes as { followUp: { kind: string } };
            return followUp.kind === 'crm';
          }),
        );
      },
    });
  });
  afterAll(() => page.close());

  it("Flex's dispatch goes on: the store updates, the canvas renders and the next call is recorded; logged once", async () => {
    const { ps, canvas } = page;
    const broken = ps.call({
      kind: 'no-call',
      taskChannelUniqueName: 'crm-followup',
      attributes: { followUp: { kind: 'crm' } },
    });
    broken.ring();
    await advance(0);
    // TaskRouter's `updated` reaches Flex's store through its dispatch, with our scan subscribed.
    expect(() => broken.updateAttributes((a) => ({ ...a, followUp: null }))).not.toThrow();
    expect(broken.flexTask()?.attributes.followUp).toBeNull();

    // Every later dispatch (reservations, accept, SelectTask, conference updates) goes through too.
    const call = await acceptedInbound(ps);
    expect(call.flexTask()?.status).toBe('accepted');
    await conferenceArrives();
    expect(call.flexTask()?.conference?.participants).toHaveLength(2);
    expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([call.customer.callSid]);
    await advance(0);
    expect(indicatorIn(canvas.container)?.text).toBe('Recording');
    expect(callActionButtonsIn(canvas.container)).toContain('hangup-footer');
    ps.session.refreshToken('flex-token-2');
    expect(ps.session.store.getState().flex.session.ssoTokenPayload?.token).toBe('flex-token-2');
    expect(ps.logged.filter((line) => line.includes('following a task'))).toHaveLength(1);

    call.customerHangsUp();
    call.complete();
    // Flex's own listener asks the channel too when the task is canceled: give it a readable task.
    broken.updateAttributes((a) => ({ ...a, followUp: { kind: 'crm' } }));
    broken.callerHangsUpBeforeAccept();
    await advance(6000);
  });
});

describe('our own component throws while rendering', () => {
  let page: Awaited<ReturnType<typeof startPage>>;

  beforeAll(async () => {
    page = await startPage({
      // An admin's wording that calls a Handlebars helper nobody registered: our indicator throws
      // ("Missing helper") whenever it renders "Recording".
      beforePlugin: ({ manager }) => {
        const wording = { [StringTemplates.Recording]: '{{shout "Recording"}}' };
        manager.strings = { ...manager.strings, ...wording };
      },
    });
  });
  afterAll(() => page.close());

  it("the call canvas stays (Mute, our pause button, Hang up), and the next call's recording works", async () => {
    const { ps, canvas } = page;
    const call = await acceptedInbound(ps);
    await conferenceArrives();
    await advance(0);
    expect(ps.functions.to('create-recording')).toHaveLength(1);
    // Only the indicator is gone; Flex's call canvas and our button are on screen.
    expect(indicatorIn(canvas.container)).toBeUndefined();
    const buttons = callActionButtonsIn(canvas.container);
    expect(buttons).toEqual(expect.arrayContaining(['mute-call', 'dual-channel-recording-pause-button']));
    expect(buttons).toContain('hangup-footer');
    expect(ps.logged.filter((line) => line.includes('rendering the recording indicator'))).toHaveLength(1);
    call.customerHangsUp();
    call.complete();
    await advance(6000);

    const next = await acceptedInbound(ps);
    await conferenceArrives();
    await advance(0);
    expect(ps.functions.to('create-recording').map((r) => r.body.callSid)).toEqual([
      call.customer.callSid,
      next.customer.callSid,
    ]);
    expect(pauseButtonIn(canvas.container)).not.toBeNull();
    next.customerHangsUp();
    next.complete();
    await advance(6000);
  });
});
