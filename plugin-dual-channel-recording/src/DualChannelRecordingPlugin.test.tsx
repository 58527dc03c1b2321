import { EventEmitter } from 'events';
import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type * as Flex from '@twilio/flex-ui';

import DualChannelRecordingPlugin from './DualChannelRecordingPlugin';
import { NotificationIds } from './flex-hooks/notifications';
import { StringTemplates } from './strings';
import { conference, customer, me, aTask } from './test/builders';
import { ctrlShift, createFakeShortcutManager } from './test/fakeShortcutManager';
import { createFakeStore } from './test/fakeStore';
import type { TaskLike } from './recording/types';

/** A fetch Response stand-in (jsdom has no Response). */
const answer = (status: number, body: unknown) =>
  Promise.resolve({
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    headers: { get: () => null },
    text: () => Promise.resolve(JSON.stringify(body)),
  });

/** What the fake Functions answer, by route. */
type Routes = Record<string, () => ReturnType<typeof answer>>;
const defaultRoutes: Routes = {
  'create-recording': () =>
    answer(201, {
      recordingSid: 'RE1',
      callSid: 'CAcustomer',
      channel: 'customer',
      status: 'in-progress',
      startTime: '2026-11-21T10:00:00.000Z',
      mediaUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
      alreadyRecording: false,
    }),
  'pause-recording': () =>
    answer(200, { recordingSid: 'RE1', callSid: 'CAcustomer', status: 'paused', changed: true }),
  'resume-recording': () =>
    answer(200, { recordingSid: 'RE1', callSid: 'CAcustomer', status: 'in-progress', changed: true }),
};

/**
 * Drives the real init() through a Flex stand-in holding only the surface the plugin uses: the
 * same contract a browser stand-in page must provide.
 */
function setup(settings: unknown, options: { task?: TaskLike; routes?: Partial<Routes> } = {}) {
  const task = options.task ?? aTask();
  const state = {
    flex: {
      worker: { tasks: new Map<string, TaskLike>([[task.sid, task]]) },
      conferences: { states: new Map<string, { source: ReturnType<typeof conference> }>() },
      phone: {},
      session: { ssoTokenPayload: { token: 'flex-token' } },
      view: { selectedTaskSid: task.sid },
    },
  };
  const store = createFakeStore(state);
  const manager = {
    events: new EventEmitter(),
    store,
    configuration: { ui_attributes: { dual_channel_recording: settings } },
    strings: { ExistingFlexString: 'kept' } as Record<string, string>,
    localization: { localeTag: 'es-MX' },
  };
  const added: React.ReactElement[] = [];
  const actions: React.ReactElement[] = [];
  const shortcuts = createFakeShortcutManager();
  disposers.push(shortcuts.dispose);
  const flex = {
    Actions: new EventEmitter(),
    Notifications: { registerNotification: jest.fn(), showNotification: jest.fn() },
    NotificationType: { error: 'error', information: 'information', warning: 'warning', success: 'success' },
    CallCanvas: { Content: { add: jest.fn((element: React.ReactElement) => added.push(element)) } },
    CallCanvasActions: { Content: { add: jest.fn((element: React.ReactElement) => actions.push(element)) } },
    KeyboardShortcutManager: shortcuts,
    // Flex's default channel definitions: the `voice` TaskRouter channel is the Call channel.
    TaskHelper: { isCallTask: (t: TaskLike) => t.taskChannelUniqueName === 'voice' },
  };
  const routes = { ...defaultRoutes, ...options.routes };
  const fetch = jest.fn((url: string, _init?: RequestInit) => {
    const route = routes[url.split('/').pop() ?? ''];
    return route ? route() : answer(404, { status: 404, code: 'http_404', message: 'no such route' });
  });
  window.fetch = fetch as unknown as typeof window.fetch;
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'info').mockImplementation(() => undefined);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);

  new DualChannelRecordingPlugin().init(flex as unknown as typeof Flex, manager as unknown as Flex.Manager);

  const setConference = (participants: ReturnType<typeof me>[]): void =>
    store.update((s) => ({
      flex: { ...s.flex, conferences: { states: new Map([['WT1', { source: conference(participants) }]]) } },
    }));
  /** Replaces the task in flex.worker.tasks, as Flex does when its attributes change. */
  const setAttributes = (attributes: TaskLike['attributes']): void =>
    store.update((s) => ({
      flex: { ...s.flex, worker: { tasks: new Map([[task.sid, { ...task, attributes }]]) } },
    }));
  const indicator = (): JSX.Element => {
    const element = added[0];
    if (!element) throw new Error('no component added to CallCanvas');
    return React.cloneElement(element, { task });
  };
  const button = (): JSX.Element => {
    const element = actions[0];
    if (!element) throw new Error('no component added to CallCanvasActions');
    return React.cloneElement(element, { task });
  };
  return {
    task,
    manager,
    flex,
    fetch,
    error,
    store,
    shortcuts,
    setConference,
    setAttributes,
    indicator,
    button,
  };
}

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

/** Attributes as the Functions write them for a recording of the customer leg by WR1. */
const recorded = (recording: Record<string, unknown> = {}): TaskLike['attributes'] => ({
  direction: 'inbound',
  call_sid: 'CAcustomer',
  dual_channel_recording: {
    legs: { CAcustomer: { recording_sid: 'RE1', channel: 'customer', reservation_sid: 'WR1' } },
    recordings: {
      RE1: {
        call_sid: 'CAcustomer',
        channel: 'customer',
        reservation_sid: 'WR1',
        status: 'in-progress',
        paused: false,
        updated_at: '2026-11-21T10:00:00Z',
        ...recording,
      },
    },
  },
});

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('DualChannelRecordingPlugin.init', () => {
  afterEach(() => jest.restoreAllMocks());

  it('adds strings in the agent locale, keeps Flex strings, registers notifications, indicator, button and shortcuts', () => {
    const { manager, flex, shortcuts } = setup({ serverless_domain: 'x.twil.io' });
    expect(manager.strings.ExistingFlexString).toBe('kept');
    expect(manager.strings[StringTemplates.Recording]).toBe('Grabando');
    expect(flex.Notifications.registerNotification).toHaveBeenCalledTimes(5);
    expect(flex.CallCanvas.Content.add).toHaveBeenCalledTimes(1);
    expect(flex.CallCanvasActions.Content.add).toHaveBeenCalledTimes(1);
    expect(Object.keys(shortcuts.shortcuts).sort()).toEqual(['7', '8', '9']);
    expect(flex.Notifications.showNotification).not.toHaveBeenCalled();
  });

  it('records an accepted inbound call through the Function once both legs are live', async () => {
    const { manager, task, fetch, setConference, indicator } = setup({ serverless_domain: 'x.twil.io' });
    manager.events.emit('taskAccepted', task);
    render(indicator());
    expect(screen.getByRole('status')).toHaveTextContent('Recording starts when the call connects');
    // Flex 2.17: Redux has the call SIDs.
    setConference([me(), customer()]);
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('https://x.twil.io/create-recording');
    expect(JSON.parse(String(init?.body))).toEqual({
      Token: 'flex-token',
      taskSid: 'WT1',
      reservationSid: 'WR1',
      callSid: 'CAcustomer',
      channel: 'customer',
      attempt: 1,
    });
    expect(await screen.findByRole('status')).toHaveTextContent(/^Recording$/);
  });

  it('a hang-up before the customer answers records nothing and says so', async () => {
    const { manager, flex, task, fetch, indicator } = setup({ serverless_domain: 'x.twil.io' });
    manager.events.emit('taskAccepted', { ...task, attributes: { direction: 'outbound' } });
    flex.Actions.emit('afterHangupCall', { task, sid: task.sid });
    await flush();
    render(indicator());
    expect(screen.getByRole('status')).toHaveTextContent('Not recorded: the call ended first');
    expect(fetch).not.toHaveBeenCalled();
    expect(flex.Notifications.showNotification).toHaveBeenCalledWith(NotificationIds.CallEndedFirst, {});
  });

  it('taskCompleted removes the indicator state', async () => {
    const { manager, task, indicator } = setup({
      serverless_domain: 'x.twil.io',
      exclude_queues: ['Support'],
    });
    manager.events.emit('taskAccepted', task);
    await flush();
    render(indicator());
    expect(screen.getByRole('status')).toHaveTextContent('Not recorded: queue Support is excluded');
    act(() => {
      manager.events.emit('taskCompleted', task);
    });
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('invalid settings: names every problem in a notification and the console, and records nothing', async () => {
    const { manager, flex, task, fetch, error } = setup({
      channel: 'agent',
      serverless_domain: 'http://evil.example',
    });
    expect(flex.Notifications.showNotification).toHaveBeenCalledWith(NotificationIds.ConfigInvalid, {
      problems: expect.stringContaining('ui_attributes.dual_channel_recording.channel') as unknown,
    });
    const [message] = error.mock.calls[0] ?? [];
    expect(String(message)).toContain('ui_attributes.dual_channel_recording.serverless_domain');
    manager.events.emit('taskAccepted', task);
    await flush();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('DualChannelRecordingPlugin: pause/resume, shortcuts and state read back from the task', () => {
  afterEach(() => jest.restoreAllMocks());

  const settle = (): Promise<void> => act(() => flush());

  it('after a reload, a paused recording in the task attributes shows "paused" and a pressed Resume button, without starting a recording', async () => {
    const { fetch, indicator, button } = setup(
      { serverless_domain: 'x.twil.io' },
      { task: aTask({ attributes: recorded({ paused: true }) }) },
    );
    render(
      <>
        {indicator()}
        {button()}
      </>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Recording paused');
    expect(screen.getByRole('status')).toHaveAttribute('data-tone', 'paused');
    expect(screen.getByRole('button', { name: 'Resume recording' })).toHaveAttribute('aria-pressed', 'true');
    await settle();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('after a reload, an accepted call without a recording in its attributes starts the recorder (Flex does not re-emit taskAccepted)', async () => {
    const { fetch, setConference } = setup({ serverless_domain: 'x.twil.io' });
    setConference([me(), customer()]);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe('https://x.twil.io/create-recording');
  });

  it('Ctrl+Shift+9 pauses through pause-recording, then resumes; indicator and button follow the answers', async () => {
    const { fetch, indicator, button } = setup(
      { serverless_domain: 'x.twil.io' },
      { task: aTask({ attributes: recorded() }) },
    );
    render(
      <>
        {indicator()}
        {button()}
      </>,
    );
    expect(screen.getByRole('button', { name: 'Pause recording' })).toHaveAttribute('aria-pressed', 'false');
    fireEvent.keyDown(window, ctrlShift('9'));
    expect(screen.getByRole('button', { name: 'Pause recording' })).toBeDisabled();
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('https://x.twil.io/pause-recording');
    expect(JSON.parse(String(init?.body))).toEqual({
      Token: 'flex-token',
      taskSid: 'WT1',
      reservationSid: 'WR1',
      callSid: 'CAcustomer',
    });
    expect(screen.getByRole('status')).toHaveTextContent('Recording paused');
    expect(screen.getByRole('button', { name: 'Resume recording' })).toBeEnabled();

    fireEvent.keyDown(window, ctrlShift('9'));
    await settle();
    expect(fetch.mock.calls[1]?.[0]).toBe('https://x.twil.io/resume-recording');
    expect(screen.getByRole('status')).toHaveTextContent(/^Recording$/);
  });

  it('remapped shortcuts: toggle on Ctrl+Shift+P ("ctrl+shift+p" in config); the default 9 does nothing', async () => {
    const { fetch, shortcuts } = setup(
      { serverless_domain: 'x.twil.io', pause_shortcuts: { toggle: 'ctrl+shift+p' } },
      { task: aTask({ attributes: recorded() }) },
    );
    expect(Object.keys(shortcuts.shortcuts).sort()).toEqual(['7', '8', 'P']);
    fireEvent.keyDown(window, ctrlShift('9'));
    await settle();
    expect(fetch).not.toHaveBeenCalled();
    fireEvent.keyDown(window, ctrlShift('p'));
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['https://x.twil.io/pause-recording']);
  });

  it('turned off: toggle null registers no toggle key; pause (7) and resume (8) still work, and a repeat is a no-op', async () => {
    const { fetch, shortcuts } = setup(
      { serverless_domain: 'x.twil.io', pause_shortcuts: { toggle: null, resume: false } },
      { task: aTask({ attributes: recorded() }) },
    );
    expect(Object.keys(shortcuts.shortcuts)).toEqual(['7']);
    fireEvent.keyDown(window, ctrlShift('9'));
    fireEvent.keyDown(window, ctrlShift('8'));
    await settle();
    expect(fetch).not.toHaveBeenCalled();
    fireEvent.keyDown(window, ctrlShift('7'));
    await settle();
    fireEvent.keyDown(window, ctrlShift('7'));
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['https://x.twil.io/pause-recording']);
  });

  it('shortcuts without Ctrl+Shift do nothing', async () => {
    const { fetch } = setup({ serverless_domain: 'x.twil.io' }, { task: aTask({ attributes: recorded() }) });
    fireEvent.keyDown(window, { ...ctrlShift('9'), shiftKey: false });
    await settle();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('another tab pauses, then the status callback writes "absent": the indicator follows the task attributes and the button goes', () => {
    const { indicator, button, setAttributes } = setup(
      { serverless_domain: 'x.twil.io' },
      { task: aTask({ attributes: recorded() }) },
    );
    render(
      <>
        {indicator()}
        {button()}
      </>,
    );
    act(() => setAttributes(recorded({ paused: true })));
    expect(screen.getByRole('status')).toHaveTextContent('Recording paused');
    act(() => setAttributes(recorded({ status: 'absent', paused: false, error_code: 0 })));
    expect(screen.getByRole('status')).toHaveTextContent('Not recorded: nothing was recorded');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('a refused pause (404 no_recording) shows a notification with the reason and keeps the state', async () => {
    const { flex, indicator, button } = setup(
      { serverless_domain: 'x.twil.io' },
      {
        task: aTask({ attributes: recorded() }),
        routes: {
          'pause-recording': () =>
            answer(404, { status: 404, code: 'no_recording', message: 'No recording for call CAcustomer' }),
        },
      },
    );
    render(
      <>
        {indicator()}
        {button()}
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Pause recording' }));
    await settle();
    expect(flex.Notifications.showNotification).toHaveBeenCalledWith(NotificationIds.PauseFailed, {
      reason: 'this call has no recording (it was excluded or never recorded)',
    });
    expect(screen.getByRole('status')).toHaveTextContent(/^Recording$/);
    expect(screen.getByRole('button', { name: 'Pause recording' })).toBeEnabled();
  });

  it('recording off: no button and no shortcuts', () => {
    const { flex, shortcuts } = setup({ enabled: false });
    expect(flex.CallCanvasActions.Content.add).not.toHaveBeenCalled();
    expect(shortcuts.addShortcuts).not.toHaveBeenCalled();
  });
});
