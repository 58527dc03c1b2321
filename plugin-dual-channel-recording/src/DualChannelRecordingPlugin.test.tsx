import { EventEmitter } from 'events';
import React from 'react';
import { act, render, screen } from '@testing-library/react';
import type * as Flex from '@twilio/flex-ui';

import DualChannelRecordingPlugin from './DualChannelRecordingPlugin';
import { NotificationIds } from './flex-hooks/notifications';
import { StringTemplates } from './strings';
import { conference, customer, me, aTask } from './test/builders';
import { createFakeStore } from './test/fakeStore';
import type { TaskLike } from './recording/types';

/**
 * Drives the real init() through a Flex stand-in holding only the surface the plugin uses: the
 * same contract a browser stand-in page must provide.
 */
function setup(settings: unknown) {
  const task = aTask();
  const state = {
    flex: {
      worker: { tasks: new Map<string, TaskLike>([[task.sid, task]]) },
      conferences: { states: new Map<string, { source: ReturnType<typeof conference> }>() },
      phone: {},
      session: { ssoTokenPayload: { token: 'flex-token' } },
    },
  };
  const store = createFakeStore(state);
  const manager = {
    events: new EventEmitter(),
    store,
    configuration: { ui_attributes: { dual_channel_recording: settings } },
    strings: { ExistingFlexString: 'kept' } as Record<string, string>,
    user: { token: 'flex-token' },
    localization: { localeTag: 'es-MX' },
  };
  const added: React.ReactElement[] = [];
  const flex = {
    Actions: new EventEmitter(),
    Notifications: { registerNotification: jest.fn(), showNotification: jest.fn() },
    NotificationType: { error: 'error', information: 'information', warning: 'warning', success: 'success' },
    CallCanvas: { Content: { add: jest.fn((element: React.ReactElement) => added.push(element)) } },
  };
  const fetch = jest.fn((_url: string, _init?: RequestInit) =>
    Promise.resolve({
      ok: true,
      status: 201,
      statusText: 'Created',
      headers: { get: () => null },
      text: () =>
        Promise.resolve(
          JSON.stringify({
            recordingSid: 'RE1',
            callSid: 'CAcustomer',
            channel: 'customer',
            status: 'in-progress',
            alreadyRecording: false,
          }),
        ),
    }),
  );
  window.fetch = fetch as unknown as typeof window.fetch;
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'info').mockImplementation(() => undefined);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);

  new DualChannelRecordingPlugin().init(flex as unknown as typeof Flex, manager as unknown as Flex.Manager);

  const setConference = (participants: ReturnType<typeof me>[]): void =>
    store.update((s) => ({
      flex: { ...s.flex, conferences: { states: new Map([['WT1', { source: conference(participants) }]]) } },
    }));
  const indicator = (): JSX.Element => {
    const element = added[0];
    if (!element) throw new Error('no component added to CallCanvas');
    return React.cloneElement(element, { task });
  };
  return { task, manager, flex, fetch, error, store, setConference, indicator };
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('DualChannelRecordingPlugin.init', () => {
  afterEach(() => jest.restoreAllMocks());

  it('adds strings in the agent locale, keeps Flex strings, registers notifications and the indicator', () => {
    const { manager, flex } = setup({ serverless_domain: 'x.twil.io' });
    expect(manager.strings.ExistingFlexString).toBe('kept');
    expect(manager.strings[StringTemplates.Recording]).toBe('Grabando');
    expect(flex.Notifications.registerNotification).toHaveBeenCalledTimes(3);
    expect(flex.CallCanvas.Content.add).toHaveBeenCalledTimes(1);
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
