/**
 * Build-time defaults from `.env`. flex-plugin-scripts replaces `process.env` with an object of the
 * FLEX_APP_* / REACT_APP_* variables at build time, so each one must be read by its full name here.
 * Never put a secret in a FLEX_APP_* variable: it ends up in the public bundle.
 */
export interface EnvDefaults {
  readonly FLEX_APP_DUAL_CHANNEL_RECORDING_ENABLED?: string;
  readonly FLEX_APP_DUAL_CHANNEL_RECORDING_CHANNEL?: string;
  readonly FLEX_APP_DUAL_CHANNEL_RECORDING_SERVERLESS_DOMAIN?: string;
  readonly FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_QUEUES?: string;
  readonly FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_ATTRIBUTES?: string;
  readonly FLEX_APP_DUAL_CHANNEL_RECORDING_WAIT_TIMEOUT_SECONDS?: string;
}

/** Reads the FLEX_APP_DUAL_CHANNEL_RECORDING_* variables baked in at build time. */
export function readEnvDefaults(): EnvDefaults {
  return {
    FLEX_APP_DUAL_CHANNEL_RECORDING_ENABLED: process.env.FLEX_APP_DUAL_CHANNEL_RECORDING_ENABLED,
    FLEX_APP_DUAL_CHANNEL_RECORDING_CHANNEL: process.env.FLEX_APP_DUAL_CHANNEL_RECORDING_CHANNEL,
    FLEX_APP_DUAL_CHANNEL_RECORDING_SERVERLESS_DOMAIN:
      process.env.FLEX_APP_DUAL_CHANNEL_RECORDING_SERVERLESS_DOMAIN,
    FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_QUEUES:
      process.env.FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_QUEUES,
    FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_ATTRIBUTES:
      process.env.FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_ATTRIBUTES,
    FLEX_APP_DUAL_CHANNEL_RECORDING_WAIT_TIMEOUT_SECONDS:
      process.env.FLEX_APP_DUAL_CHANNEL_RECORDING_WAIT_TIMEOUT_SECONDS,
  };
}
