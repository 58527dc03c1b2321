import type { RecordingChannel } from '../recording/types';

/** A value an attribute may hold for the rule to match. */
export type AttributeValue = string | number | boolean;

/**
 * Excludes a task when the attribute at `path` (dot separated; arrays on the way are searched
 * element by element) equals one of `values`.
 */
export interface AttributeExclusion {
  readonly path: string;
  readonly segments: readonly string[];
  readonly values: readonly AttributeValue[];
}

/** The validated plugin configuration. */
export interface RecordingConfig {
  readonly enabled: boolean;
  readonly channel: RecordingChannel;
  /** Base URL of the Functions service, without a trailing slash (e.g. https://x-1234-dev.twil.io). */
  readonly serverlessBaseUrl: string;
  /** Queue names or WQ SIDs whose tasks are never recorded. */
  readonly excludeQueues: readonly string[];
  readonly excludeAttributes: readonly AttributeExclusion[];
  /** How long to wait for the leg to go live (an outbound call rings meanwhile). */
  readonly waitTimeoutMs: number;
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
} as const;

/** Bounds for `wait_timeout_seconds`. */
export const WAIT_TIMEOUT_SECONDS_RANGE = { min: 5, max: 600 } as const;

/** Where Flex keeps our settings: `ui_attributes.dual_channel_recording`. */
export const UI_ATTRIBUTES_KEY = 'dual_channel_recording';
