/**
 * The validated plugin configuration: its type, the problems list, defaults, bounds and the Flex
 * shortcuts ours must not take. parseConfig.ts fills it from Flex's ui_attributes and `.env`.
 */
import type { ExclusionSettings, RecordingChannel } from '@dual-channel-recording/contract';

// The exclusion rules are the contract's (one parser and matcher for the plugin and the Functions).
export type { AttributeExclusion, AttributeValue } from '@dual-channel-recording/contract';

/** A key as Flex's KeyboardShortcutManager names it (one upper-case letter or digit); null = off. */
export type ShortcutKey = string | null;

/** The pause/resume keyboard shortcuts (Flex always adds Ctrl+Shift). */
export interface PauseShortcuts {
  /** Pauses a running recording, resumes a paused one. */
  readonly toggle: ShortcutKey;
  readonly pause: ShortcutKey;
  readonly resume: ShortcutKey;
}

/**
 * The validated plugin configuration. Its exclusions are the contract's {@link ExclusionSettings}: the
 * Functions judge the same settings with the same matcher.
 */
export interface RecordingConfig extends ExclusionSettings {
  readonly enabled: boolean;
  readonly channel: RecordingChannel;
  /** Base URL of the Functions service, without a trailing slash (e.g. https://x-1234-dev.twil.io). */
  readonly serverlessBaseUrl: string;
  /** How long to wait for the leg to go live (an outbound call rings meanwhile). */
  readonly waitTimeoutMs: number;
  readonly pauseShortcuts: PauseShortcuts;
}

/** One thing wrong with the configuration, named by where it came from. */
export interface ConfigProblem {
  /** `ui_attributes.dual_channel_recording.<key>` or the FLEX_APP_* variable. */
  readonly source: string;
  readonly message: string;
}

/** The outcome of parsing: a config only when there is no problem at all. */
export type ConfigResult =
  | { readonly ok: true; readonly config: RecordingConfig; readonly problems: readonly [] }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Defaults for keys neither Flex nor `.env` sets. */
export const CONFIG_DEFAULTS = {
  enabled: true,
  channel: 'customer',
  excludeQueues: [],
  excludeAttributes: [],
  waitTimeoutSeconds: 60,
  /**
   * Ctrl+Shift+9 / 7 / 8. Flex's own shortcuts take 1, L, A, R, T, Y, S, H, M and C, and browsers
   * keep most Ctrl+Shift+letter combinations (Firefox: P private window, E/K/I/J/C devtools; Chrome: N,
   * T, W, B, O, ...); Flex does not stop the browser's default, so both would fire. Ctrl+Shift+digit
   * is free in Chrome, Edge, Firefox and Safari.
   */
  pauseShortcuts: { toggle: '9', pause: '7', resume: '8' },
} as const;

/** Flex UI 2.x's default shortcuts (KeyboardShortcuts.defaultKeyboardShortcuts), which ours must not take. */
export const FLEX_DEFAULT_SHORTCUTS: Readonly<Record<string, string>> = {
  '1': 'End Selected Task',
  L: 'Logout',
  A: 'Accept Task',
  R: 'Reject Task',
  T: 'Select Next Task',
  Y: 'Select Previous Task',
  S: 'Toggle Activity Menu',
  H: 'Toggle Hold',
  M: 'Toggle Mute',
  C: 'Return To Call',
};

/** Bounds for `wait_timeout_seconds`. */
export const WAIT_TIMEOUT_SECONDS_RANGE = { min: 5, max: 600 } as const;

/** Where Flex keeps our settings (`ui_attributes.dual_channel_recording`): the contract's one name. */
export { UI_ATTRIBUTES_KEY } from '@dual-channel-recording/contract';
