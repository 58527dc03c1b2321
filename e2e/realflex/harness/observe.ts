import { DEFAULT_RETRY_POLICY, giveUpBoundMs } from 'plugin-dual-channel-recording/src/services/retry';
import type { PluginSession } from './pluginSession';

/** Fake timers for a real-Flex test: Flex's and the plugin's timers, promises left native. */
export function installFlexTimers(): void {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'performance'] });
}

/** Lets `ms` of (fake) time pass, running promise callbacks in between. */
export const advance = (ms: number): Promise<void> => jest.advanceTimersByTimeAsync(ms);

/**
 * Time for a conference to reach Flex's store after an accept: the listener's two Interactions REST reads
 * (150 ms each in these sessions), then Flex's state update, which waits out the 500 ms throttle window
 * when another conference (another task) updated just before.
 */
export const conferenceArrives = (): Promise<void> => advance(900);

/**
 * Time for the plugin to give up on an unreachable Function: its retry window and one last attempt
 * (an unreachable Function answers at once), plus a second.
 */
export const giveUpOnFunctions = (): Promise<void> => advance(giveUpBoundMs(DEFAULT_RETRY_POLICY, 0) + 1000);

/** What the recording indicator shows, if it is rendered under `root`. */
export function indicatorIn(root: ParentNode): { status: string | null; text: string } | undefined {
  const element = root.querySelector('[data-testid="dual-channel-recording-indicator"]');
  return element
    ? { status: element.getAttribute('data-status'), text: element.textContent ?? '' }
    : undefined;
}

/** The pause/resume button, if it is rendered under `root`. */
export function pauseButtonIn(root: ParentNode): HTMLButtonElement | null {
  return root.querySelector<HTMLButtonElement>('[data-testid="dual-channel-recording-pause-button"]');
}

/** The `data-testid`s of the call canvas action buttons, in document order. */
export function callActionButtonsIn(root: ParentNode): string[] {
  const bar = root.querySelector('[data-testid="hangup-footer"]')?.parentElement?.parentElement;
  return [...(bar ?? root).querySelectorAll('button')].map((b) => b.getAttribute('data-testid') ?? '');
}

/** The plugin's notifications Flex holds as active (id and context), oldest first. */
export function pluginNotifications(ps: PluginSession): Array<{ id: string; context: unknown }> {
  return ps.modules.flex.Notifications.activeNotifications
    .filter((n) => n.id.startsWith('DualChannelRecording'))
    .map((n) => ({ id: n.id, context: n.context }));
}

/** The texts Flex's own NotificationBar shows, mounted in the session (see `mountNotificationBar`). */
export function notificationTextsIn(root: ParentNode): string[] {
  return [...root.querySelectorAll('[data-testid="notification-message"]')].map((e) => e.textContent ?? '');
}
