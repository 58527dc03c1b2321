import type * as Flex from '@twilio/flex-ui';

import type { StandInFlex } from './flexSurface.js';
import type { StringsSource } from './templates.js';
import { renderTemplate } from './templates.js';

/** A notification on screen, its text already rendered. */
export interface ShownNotification {
  readonly instanceId: string;
  readonly id: string;
  readonly type: string;
  readonly text: string;
}

/** Flex's `Notifications` plus what the page needs to show them. */
export interface NotificationCenter {
  readonly api: StandInFlex['Notifications'];
  shown(): readonly ShownNotification[];
  dismiss(instanceId: string): void;
  subscribe(listener: () => void): () => void;
}

/**
 * Creates the notification registry. As in Flex, string content is a string id rendered with the
 * context given to showNotification (or literal text when no such string exists).
 */
export function createNotifications(strings: StringsSource): NotificationCenter {
  const registered = new Map<string, Flex.Notification>();
  let shown: ShownNotification[] = [];
  const listeners = new Set<() => void>();
  const changed = (): void => [...listeners].forEach((listener) => listener());
  let counter = 0;

  const dismiss = (instanceId: string): void => {
    shown = shown.filter((n) => n.instanceId !== instanceId);
    changed();
  };

  const textOf = (notification: Flex.Notification, context: object | undefined): string => {
    const { content } = notification;
    const values = { ...(context ?? {}) } as Readonly<Record<string, unknown>>;
    if (typeof content === 'string') return renderTemplate(strings()[content] ?? content, values);
    if (typeof content === 'number') return String(content);
    return notification.id;
  };

  const api: StandInFlex['Notifications'] = {
    registerNotification(notification) {
      registered.set(notification.id, notification);
    },
    showNotification(id, context) {
      const notification = registered.get(id);
      if (!notification) {
        console.warn(`[flex-stand-in] notification ${id} is not registered`);
        return null;
      }
      counter += 1;
      const instanceId = `${id}-${counter}`;
      shown = [
        ...shown,
        {
          instanceId,
          id,
          type: String(notification.type ?? 'information'),
          text: textOf(notification, context),
        },
      ];
      changed();
      if (notification.timeout && notification.timeout > 0) {
        // Flex dismisses timed notifications by itself.
        setTimeout(() => dismiss(instanceId), notification.timeout);
      }
      return { ...notification, instanceId, context };
    },
    dismissNotification(notification) {
      if (notification.instanceId) dismiss(notification.instanceId);
    },
  };

  return {
    api,
    shown: () => shown,
    dismiss,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
