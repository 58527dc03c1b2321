/**
 * What an admin reads about each setting of `ui_attributes.dual_channel_recording` that the plugin's
 * own parser reads (parseConfig.ts), kept beside it so that the one settings table in
 * docs/admin-guide.md is generated from here (scripts/settings-table.ts) and a setting added to
 * `EnvDefaults` without a description fails to compile. The exclusions are described by the contract,
 * whose parser reads them.
 */
import type { ExclusionKey, SettingDoc } from '@dual-channel-recording/contract';
import type { EnvDefaults } from './env';
import type { RecordingConfig } from './recordingConfig';

/** The prefix of the build-time default of a plugin setting (`FLEX_APP_DUAL_CHANNEL_RECORDING_<KEY>`). */
export const ENV_DEFAULT_PREFIX = 'FLEX_APP_DUAL_CHANNEL_RECORDING_';

/** A key of `ui_attributes.dual_channel_recording` the plugin's parser reads, named after its `.env` default. */
export type PluginSettingKey = keyof EnvDefaults extends `${typeof ENV_DEFAULT_PREFIX}${infer Key}`
  ? Lowercase<Key>
  : never;

/** Every plugin setting but the exclusions, described; defaults read from what parseConfig makes of an absent one. */
export const PLUGIN_SETTING_DOCS: {
  readonly [K in Exclude<PluginSettingKey, ExclusionKey>]: SettingDoc<RecordingConfig>;
} = {
  enabled: {
    type: 'boolean',
    does: 'records accepted calls; `false` turns the plugin off',
    default: (config) => config.enabled,
  },
  channel: {
    type: '`customer` or `worker`',
    does: "`customer`: one recording of the customer's leg spans the call, transfers included; `worker`: one per agent reservation",
    default: (config) => config.channel,
  },
  serverless_domain: {
    type: 'domain (→ https) or http(s) URL; http only for localhost',
    does: 'where the Functions are (`npm run deploy` prints it)',
    default: 'required when enabled',
  },
  wait_timeout_seconds: {
    type: 'number, 5–600',
    does: 'how long the plugin waits for the leg to go live (an outbound call rings meanwhile)',
    default: (config) => config.waitTimeoutMs / 1000,
  },
  pause_shortcuts: {
    type: '`{ toggle?, pause?, resume? }`: a letter or digit each, `null` or `false` for off',
    does: 'the pause/resume keys, always with Ctrl+Shift (Flex adds them)',
    default: (config) => config.pauseShortcuts,
  },
};
