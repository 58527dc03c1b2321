import type { StandInShortcutManager, StandInShortcuts } from './flexSurface.js';

/** Flex's `KeyboardShortcutManager` plus what the page needs: the keys registered, and teardown. */
export interface ShortcutCenter {
  readonly api: StandInShortcutManager;
  /** Registered shortcuts by key (shown on the page), e.g. `{ "9": "Pause or resume call recording" }`. */
  registered(): Readonly<Record<string, string>>;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

/** The key Flex reads from a key press: `event.code` without its prefix (`KeyP` → `P`, `Digit9` → `9`). */
export function shortcutKeyOf(event: Pick<KeyboardEvent, 'code'>): string {
  return event.code.replace(/^(Key|Digit|Numpad)/, '');
}

/**
 * Flex 2.17's keyboard shortcuts: on keydown with Ctrl and Shift both held (Control on macOS too), the
 * shortcut registered under the physical key runs; a repeat within its `throttle` is dropped. Flex
 * does not call `preventDefault`, so neither does the stand-in.
 */
export function createShortcutManager(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
): ShortcutCenter {
  const shortcuts: StandInShortcuts = {};
  const lastRun = new Map<string, number>();
  const listeners = new Set<() => void>();
  const onKeyDown = (event: KeyboardEvent): void => {
    if (!event.ctrlKey || !event.shiftKey) return;
    const key = shortcutKeyOf(event);
    const shortcut = shortcuts[key];
    if (!shortcut) return;
    const now = Date.now();
    const last = lastRun.get(key);
    if (shortcut.throttle !== undefined && last !== undefined && now - last < shortcut.throttle) return;
    lastRun.set(key, now);
    // Flex types `action` as Function; shortcuts take no arguments.
    (shortcut.action as () => unknown)();
  };
  target.addEventListener('keydown', onKeyDown);
  return {
    api: {
      addShortcuts(added) {
        Object.assign(shortcuts, added);
        [...listeners].forEach((listener) => listener());
      },
    },
    registered: () => Object.fromEntries(Object.entries(shortcuts).map(([key, s]) => [key, s.name])),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    dispose: () => target.removeEventListener('keydown', onKeyDown),
  };
}
