/*
 * What the agent sees and touches, rendered by the real Flex UI 2.17: strings (Handlebars templates that
 * Flex compiles only after plugins initialise, rendered as HTML), every locale we ship, admin wording,
 * Flex's NotificationBar, Flex's KeyboardShortcutManager (throttle and its own "used too quickly"
 * notification), the TaskCanvas → CallCanvas / CallCanvasActions of the selected task, and where Flex
 * keeps the settings (ui_attributes merged with the local appConfig).
 */
import { LOCALES, StringTemplates } from 'plugin-dual-channel-recording/src/strings';
import { formatTemplate } from 'plugin-dual-channel-recording/src/strings/format';
import type { DrivenCall } from '@dual-channel-recording/flex-page/driver';
import { acceptedInbound } from './harness/calls';
import { loadRealFlex } from './harness/loadRealFlex';
import type { PluginSessionOptions } from './harness/pluginSession';
import { SERVERLESS_DOMAIN, defaultSettings, startPluginSession } from './harness/pluginSession';
import { mountAgentDesktopCanvas, mountNotificationBar } from './harness/render';
import {
  advance,
  callActionButtonsIn,
  conferenceArrives,
  giveUpOnFunctions,
  indicatorIn,
  notificationTextsIn,
  pauseButtonIn,
  installFlexTimers,
} from './harness/observe';

/** Ctrl+Shift+<digit> as the browser delivers it (KeyboardShortcutManager reads `code`). */
function pressCtrlShift(digit: string): void {
  window.dispatchEvent(
    new KeyboardEvent('keydown', { key: digit, code: `Digit${digit}`, ctrlKey: true, shiftKey: true }),
  );
}

/** A Flex page with the plugin, its task canvas and notification bar mounted. */
async function startPage(options: PluginSessionOptions = {}) {
  installFlexTimers();
  const ps = await startPluginSession(loadRealFlex(), options);
  const canvas = mountAgentDesktopCanvas(ps);
  const bar = mountNotificationBar(ps);
  return {
    ps,
    canvas,
    bar,
    close() {
      canvas.unmount();
      bar.unmount();
      ps.session.dispose();
    },
  };
}

/** Makes our Functions unreachable (fetch rejects, as on a network failure); returns the undo. */
function functionsUnreachable(): () => void {
  const original = window.fetch;
  Object.assign(window, { fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
  return () => Object.assign(window, { fetch: original });
}

describe.each(Object.keys(LOCALES))('the agent works in %s (Flex configuration `language`)', (locale) => {
  const strings = LOCALES[locale] ?? LOCALES['en-US'];
  const text = (code: StringTemplates, context?: Record<string, string | number>) =>
    formatTemplate(strings?.[code] ?? '', context);
  let page: Awaited<ReturnType<typeof startPage>>;
  let call: DrivenCall;

  beforeAll(async () => {
    page = await startPage({ uiAttributes: { language: locale } });
  });
  afterAll(() => page.close());

  it('the indicator and the pause button speak the locale', async () => {
    call = await acceptedInbound(page.ps);
    expect(indicatorIn(page.canvas.container)?.text).toBe(text(StringTemplates.WaitingForCall));
    await conferenceArrives();
    expect(indicatorIn(page.canvas.container)?.text).toBe(text(StringTemplates.Recording));
    const button = pauseButtonIn(page.canvas.container);
    expect(button?.getAttribute('aria-label')).toBe(text(StringTemplates.PauseButton));
    expect(button?.title).toBe(`${text(StringTemplates.PauseButton)} (Ctrl+Shift+9)`);
  });

  it("the shortcut names in Flex's shortcut list speak the locale", () => {
    const { keyboardShortcuts } = page.ps.modules.flex.KeyboardShortcutManager;
    expect([
      keyboardShortcuts['9']?.name,
      keyboardShortcuts['7']?.name,
      keyboardShortcuts['8']?.name,
    ]).toEqual([
      text(StringTemplates.ShortcutToggle),
      text(StringTemplates.ShortcutPause),
      text(StringTemplates.ShortcutResume),
    ]);
  });

  it("a failure reason is told in the locale, in the indicator and in Flex's notification bar", async () => {
    const restore = functionsUnreachable();
    try {
      const second = await acceptedInbound(page.ps);
      await conferenceArrives();
      await giveUpOnFunctions();
      const reason = text(StringTemplates.ReasonNetwork);
      expect(indicatorIn(page.canvas.container)?.text).toBe(text(StringTemplates.Failed, { reason }));
      expect(notificationTextsIn(page.bar.container)).toEqual([
        text(StringTemplates.NotificationFailed, { reason }),
      ]);
      second.customerHangsUp();
      second.complete();
    } finally {
      restore();
    }
    call.customerHangsUp();
    call.complete();
  });
});

describe('admin wording written as HTML (Flex renders templates as HTML: entities, markup)', () => {
  // Set before our plugin initialises (by an admin's plugin, say); ours never overwrite them.
  const wording = {
    [StringTemplates.PauseButton]: 'Pause &quot;rec&quot; &amp; hold',
    [StringTemplates.ShortcutToggle]: 'Pause &amp; resume &#39;rec&#39;',
    [StringTemplates.ShortcutPause]: 'Pause <b>now</b>',
    [StringTemplates.ReasonNetwork]: 'service &lt;unreachable&gt; &amp; &quot;down&quot;',
  };
  let page: Awaited<ReturnType<typeof startPage>>;

  beforeAll(async () => {
    page = await startPage({
      settings: { ...defaultSettings, exclude_queues: ['R&D <EU>'] },
      beforePlugin: ({ manager }) => {
        manager.strings = { ...manager.strings, ...wording };
      },
    });
  });
  afterAll(() => page.close());

  it("the pause button's aria-label and tooltip are the text the agent sees, not HTML", async () => {
    const call = await acceptedInbound(page.ps);
    await conferenceArrives();
    const button = pauseButtonIn(page.canvas.container);
    expect(button?.getAttribute('aria-label')).toBe('Pause "rec" & hold');
    expect(button?.title).toBe('Pause "rec" & hold (Ctrl+Shift+9)');
    call.customerHangsUp();
    call.complete();
  });

  it("shortcut names are the admin's text in Flex's list and in Flex's own \"used too quickly\" notice", async () => {
    const { keyboardShortcuts } = page.ps.modules.flex.KeyboardShortcutManager;
    expect(keyboardShortcuts['9']?.name).toBe("Pause & resume 'rec'");
    expect(keyboardShortcuts['7']?.name).toBe('Pause now');
    const call = await acceptedInbound(page.ps);
    await conferenceArrives();
    page.ps.modules.flex.Notifications.dismissAll();
    pressCtrlShift('9');
    await advance(100);
    pressCtrlShift('9');
    await advance(0);
    expect(notificationTextsIn(page.bar.container)).toEqual([
      "Pause & resume 'rec' shortcut used too quickly. Please try again.",
    ]);
    call.customerHangsUp();
    call.complete();
  });

  it('a reason nested in another template is escaped once: the agent reads the text the admin wrote', async () => {
    const restore = functionsUnreachable();
    try {
      page.ps.modules.flex.Notifications.dismissAll();
      const call = await acceptedInbound(page.ps);
      await conferenceArrives();
      await giveUpOnFunctions();
      expect(indicatorIn(page.canvas.container)?.text).toBe(
        'Recording failed: service <unreachable> & "down"',
      );
      expect(notificationTextsIn(page.bar.container)).toEqual([
        'This call is not being recorded: service <unreachable> & "down"',
      ]);
      call.customerHangsUp();
      call.complete();
    } finally {
      restore();
    }
  });

  it('a queue name with & < > in an exclusion shows as written', async () => {
    const call = await acceptedInbound(page.ps, { queueName: 'R&D <EU>' });
    await advance(0);
    expect(indicatorIn(page.canvas.container)?.text).toBe('Not recorded: queue R&D <EU> is excluded');
    call.customerHangsUp();
    call.complete();
  });
});

describe("pause and resume through Flex's KeyboardShortcutManager and the real call canvas", () => {
  let page: Awaited<ReturnType<typeof startPage>>;

  beforeAll(async () => {
    page = await startPage();
  });
  afterAll(() => page.close());

  it("ours are added to Flex's defaults, which stay", () => {
    const { keyboardShortcuts } = page.ps.modules.flex.KeyboardShortcutManager;
    expect(Object.keys(keyboardShortcuts).sort()).toEqual([
      '1',
      '7',
      '8',
      '9',
      'A',
      'C',
      'H',
      'L',
      'M',
      'R',
      'S',
      'T',
      'Y',
    ]);
    expect(keyboardShortcuts['9']).toMatchObject({ name: 'Pause or resume call recording', throttle: 500 });
  });

  it('Ctrl+Shift+9 pauses the selected call, a press within the throttle is refused by Flex, the next resumes', async () => {
    const call = await acceptedInbound(page.ps);
    await conferenceArrives();
    page.ps.modules.flex.Notifications.dismissAll();
    pressCtrlShift('9');
    await advance(0);
    expect(page.ps.functions.to('pause-recording').map((r) => r.body.callSid)).toEqual([
      call.customer.callSid,
    ]);
    expect(pauseButtonIn(page.canvas.container)?.getAttribute('aria-pressed')).toBe('true');
    expect(indicatorIn(page.canvas.container)?.text).toBe('Recording paused');

    await advance(200);
    pressCtrlShift('9');
    await advance(0);
    expect(page.ps.functions.to('resume-recording')).toHaveLength(0);
    expect(notificationTextsIn(page.bar.container)).toEqual([
      'Pause or resume call recording shortcut used too quickly. Please try again.',
    ]);

    await advance(400);
    pressCtrlShift('9');
    await advance(0);
    expect(page.ps.functions.to('resume-recording')).toHaveLength(1);
    expect(indicatorIn(page.canvas.container)?.text).toBe('Recording');
    call.customerHangsUp();
    call.complete();
  });

  it('the pause button sits between Mute and Transfer in CallCanvasActions', async () => {
    const call = await acceptedInbound(page.ps);
    await conferenceArrives();
    const buttons = callActionButtonsIn(page.canvas.container);
    const at = (id: string) => buttons.indexOf(id);
    expect(at('mute-call')).toBeGreaterThanOrEqual(0);
    expect(at('dual-channel-recording-pause-button')).toBe(at('mute-call') + 1);
    expect(at('call-transfer')).toBe(at('dual-channel-recording-pause-button') + 1);
    call.customerHangsUp();
    await advance(0);
    expect(pauseButtonIn(page.canvas.container)).toBeNull();
    expect(indicatorIn(page.canvas.container)?.text).toBe('Recording');
    call.complete();
  });

  it('a second copy of the plugin on the page fails at init (Flex refuses a notification id twice); one recording', async () => {
    await expect(page.ps.session.initPlugin(page.ps.modules.Plugin)).rejects.toThrow();
    const call = await acceptedInbound(page.ps);
    await conferenceArrives();
    expect(page.ps.functions.requests.filter((r) => r.body.reservationSid === call.sid)).toHaveLength(1);
    expect(
      page.canvas.container.querySelectorAll('[data-testid="dual-channel-recording-indicator"]'),
    ).toHaveLength(1);
    call.customerHangsUp();
    call.complete();
  });

  it('the canvas shows the selected task only: switching tasks switches the indicator', async () => {
    const first = await acceptedInbound(page.ps);
    await conferenceArrives();
    const second = page.ps.call({ kind: 'inbound' });
    second.ring();
    await advance(0);
    second.accept();
    await page.ps.session.selectTask(second.sid);
    expect(indicatorIn(page.canvas.container)?.text).toBe('Recording starts when the call connects');
    await page.ps.session.selectTask(first.sid);
    expect(indicatorIn(page.canvas.container)?.text).toBe('Recording');
    for (const call of [first, second]) {
      call.customerHangsUp();
      call.complete();
    }
  });
});

describe('where the settings come from (Flex merges ui_attributes with the local appConfig)', () => {
  it('a key set in the local appConfig overrides the same key from ui_attributes', async () => {
    const page = await startPage({
      localConfig: { dual_channel_recording: { serverless_domain: 'http://localhost:3000' } },
    });
    try {
      const configured = page.ps.session.manager.configuration as unknown as Record<string, unknown>;
      expect(configured.dual_channel_recording).toEqual({
        ...defaultSettings,
        serverless_domain: 'http://localhost:3000',
      });
      const call = await acceptedInbound(page.ps);
      await conferenceArrives();
      expect(page.ps.functions.requests.map((r) => r.url)).toEqual([
        'http://localhost:3000/create-recording',
      ]);
      call.customerHangsUp();
      call.complete();
    } finally {
      page.close();
    }
  });

  it("invalid settings: Flex's notification bar names every problem, and calls say why they are not recorded", async () => {
    const page = await startPage({ settings: { enabled: 'yes', channel: 'both' } });
    try {
      expect(notificationTextsIn(page.bar.container)).toEqual([
        expect.stringContaining('ui_attributes.dual_channel_recording.enabled: must be true or false'),
      ]);
      expect(notificationTextsIn(page.bar.container)[0]).toContain(
        'ui_attributes.dual_channel_recording.channel',
      );
      const call = await acceptedInbound(page.ps);
      await conferenceArrives();
      expect(page.ps.functions.requests).toHaveLength(0);
      expect(indicatorIn(page.canvas.container)?.text).toBe(
        'Not recorded: the recording settings are invalid',
      );
      call.customerHangsUp();
      call.complete();
    } finally {
      page.close();
    }
  });

  it(`settings only in ui_attributes reach the plugin (https://${SERVERLESS_DOMAIN})`, async () => {
    const page = await startPage();
    try {
      const call = await acceptedInbound(page.ps);
      await conferenceArrives();
      expect(page.ps.functions.requests.map((r) => r.url)).toEqual([
        `https://${SERVERLESS_DOMAIN}/create-recording`,
      ]);
      call.customerHangsUp();
      call.complete();
    } finally {
      page.close();
    }
  });
});
