import type * as Flex from '@twilio/flex-ui';

import type { PauseShortcuts } from '../../config/recordingConfig';
import type { PauseController } from '../../recording/pauseController';
import { shortcutTarget } from '../../recording/pauseController';
import type { RecordingStore } from '../../recording/recordingStore';
import { StringTemplates } from '../../strings';
import type { Translate } from '../../strings/format';

/** Flex's `KeyboardShortcuts` map (its type is not exported from the package root in 2.17). */
type FlexShortcuts = Parameters<typeof Flex.KeyboardShortcutManager.addShortcuts>[0];
type FlexShortcut = FlexShortcuts[string];

/** Repeats of one shortcut within this window are dropped by Flex (with its own notification). */
const THROTTLE_MS = 500;

/**
 * Registers the configured pause/resume shortcuts with Flex's KeyboardShortcutManager (Flex adds
 * Ctrl+Shift to the key). Each acts on the selected task's recording, else on the only recording that
 * can be paused. Returns the keys registered; none when this Flex has no shortcut manager.
 */
export function registerPauseShortcuts(
  flex: typeof Flex,
  shortcuts: PauseShortcuts,
  deps: {
    readonly controller: PauseController;
    readonly store: RecordingStore;
    readonly selectedReservationSid: () => string | undefined;
    readonly translate: Translate;
  },
): string[] {
  const manager = (flex as Partial<typeof Flex>).KeyboardShortcutManager;
  if (typeof manager?.addShortcuts !== 'function') return [];
  const act = (run: (sid: string) => Promise<void>) => (): void => {
    const sid = shortcutTarget(deps.store, deps.selectedReservationSid());
    // The controller never rejects; outcomes land in the store and in notifications.
    if (sid !== undefined) void run(sid);
  };
  const shortcut = (code: StringTemplates, run: (sid: string) => Promise<void>): FlexShortcut => ({
    action: act(run),
    // Read when Flex lists the shortcuts or names one in its "used too quickly" notice. Flex 2.17 compiles
    // plugins' strings only after they initialise (loadInitialData): a name fixed now would always be
    // the en-US fallback, never the agent's locale or an admin's wording.
    get name() {
      return deps.translate(code);
    },
    throttle: THROTTLE_MS,
  });
  const entries: Array<[string | null, FlexShortcut]> = [
    [shortcuts.toggle, shortcut(StringTemplates.ShortcutToggle, (sid) => deps.controller.toggle(sid))],
    [shortcuts.pause, shortcut(StringTemplates.ShortcutPause, (sid) => deps.controller.pause(sid))],
    [shortcuts.resume, shortcut(StringTemplates.ShortcutResume, (sid) => deps.controller.resume(sid))],
  ];
  const added: FlexShortcuts = {};
  for (const [key, shortcut] of entries) if (key !== null) added[key] = shortcut;
  if (Object.keys(added).length > 0) manager.addShortcuts(added);
  return Object.keys(added);
}
