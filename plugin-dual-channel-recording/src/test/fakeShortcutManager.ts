/** A keyboard shortcut as Flex's KeyboardShortcutManager takes it. */
export interface FakeShortcut {
  readonly action: () => void;
  readonly name: string;
  readonly throttle?: number;
}

/**
 * Flex 2.17's KeyboardShortcutManager, reduced to what decides whether a key press runs a shortcut:
 * only Ctrl+Shift presses count, and the key is read from `code` (KeyP → "P", Digit9 → "9").
 */
export function createFakeShortcutManager() {
  const shortcuts: Record<string, FakeShortcut> = {};
  const onKeyDown = (event: KeyboardEvent): void => {
    if (!event.ctrlKey || !event.shiftKey) return;
    const key = event.code.replace(/^(Key|Digit|Numpad)/, '');
    shortcuts[key]?.action();
  };
  window.addEventListener('keydown', onKeyDown);
  return {
    shortcuts,
    addShortcuts: jest.fn((added: Record<string, FakeShortcut>) => Object.assign(shortcuts, added)),
    dispose: () => window.removeEventListener('keydown', onKeyDown),
  };
}

/** The KeyboardEvent init for Ctrl+Shift+<key> (a letter or digit). */
export const ctrlShift = (key: string): KeyboardEventInit => ({
  key,
  code: /\d/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`,
  ctrlKey: true,
  shiftKey: true,
});
