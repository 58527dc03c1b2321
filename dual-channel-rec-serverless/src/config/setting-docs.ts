/**
 * What an admin reads about each environment setting of the Functions, kept beside their parser
 * (settings.ts) so that the one settings table in docs/admin-guide.md is generated from here
 * (scripts/settings-table.ts) and a variable added to `RecordingEnv` without a description fails to
 * compile.
 */
import type { SettingDoc } from '@dual-channel-recording/contract';
import type { Config, RecordingEnv } from './settings';

/** Every variable of {@link RecordingEnv}, described; defaults read from what parseConfig makes of an absent one. */
export const ENV_SETTING_DOCS: { readonly [K in keyof Required<RecordingEnv>]: SettingDoc<Config> } = {
  ACCOUNT_SID: {
    type: '`AC…`',
    does: 'the Twilio account (deployed, Twilio sets it)',
    default: 'required',
  },
  AUTH_TOKEN: {
    type: 'string',
    does: "the account's auth token: REST calls (unless an API key is set) and the status callbacks' signatures (deployed, Twilio sets it)",
    default: 'required, unless `API_KEY` + `API_SECRET`',
  },
  API_KEY: {
    type: '`SK…`',
    does: 'an API key for REST calls and token validation, with `API_SECRET`; wins over the auth token when given',
    default: 'none',
  },
  API_SECRET: {
    type: 'string',
    does: "the API key's secret",
    default: 'none',
  },
  TWILIO_WORKSPACE_SID: {
    type: '`WS…`',
    does: 'the Flex TaskRouter workspace ("Flex Task Assignment")',
    default: 'required',
  },
  ALLOWED_ORIGINS: {
    type: 'comma-separated exact origins; `*` refused',
    does: 'the pages allowed to call the Functions from a browser (403 `origin_not_allowed` otherwise)',
    default: (config) => config.allowedOrigins.join(','),
  },
  TWILIO_REGION: {
    type: '`ie1`, `au1`, …',
    does: 'the Twilio region for REST calls and token validation',
    default: 'US1',
  },
  TWILIO_EDGE: {
    type: '`dublin`, `sydney`, …',
    does: 'the Twilio edge for REST calls',
    default: 'none',
  },
  PUBLIC_BASE_URL: {
    type: 'http(s) URL, no query',
    does: "this service's base URL as Twilio calls it: the status callback's URL and its signature check (set it behind a proxy)",
    default: '`https://<DOMAIN_NAME>`',
  },
  PAUSE_BEHAVIOR: {
    type: '`skip` or `silence`',
    does: 'what a paused recording keeps of the pause: nothing, or silence',
    default: (config) => config.pauseBehavior,
  },
  PAUSE_ROLES: {
    type: 'comma-separated Flex roles; empty: nobody',
    does: 'roles that may pause and resume calls they do not own',
    default: (config) => config.pauseRoles.join(','),
  },
  EXCLUSIONS_CACHE_SECONDS: {
    type: 'whole seconds, 0–300',
    does: 'how long a warm instance keeps `ui_attributes` read from the Flex Configuration API (0: every request)',
    default: (config) => config.exclusionsCacheMs / 1000,
  },
  EVENTS_SINK_PASSWORD: {
    type: '24–128 of `A-Za-z0-9_-`',
    does: 'the password of the Event Streams sink that calls `/task-events` (user `events`); unset, that route refuses everything',
    default: 'none',
  },
  STATE_SIGNING_KEY: {
    type: '32–256 of `A-Za-z0-9_+/=-`',
    does: "the secret that seals what the Functions write on a task (claims, leases, ended and stop seals); changing it makes earlier seals unverifiable, so rotate it when no call is recorded; give the CLI's `audit` the same value (it verifies the claims' and stops' seals)",
    default: 'the auth token, else `API_SECRET`',
  },
  ACCESS_LOG_SYNC_SERVICE_SID: {
    type: 'Sync Service SID (`IS…`)',
    does: "the product's own Sync service that keeps the playback access log and the legal holds; `npm run deploy` creates it and sets this (docs/compliance.md)",
    default: 'set by `npm run deploy`',
  },
};
