/**
 * The Functions' settings, parsed once per invocation from the environment into a typed value.
 * Parsing returns the problems instead of throwing or casting them away, so a route can answer 500
 * naming the setting (and nothing else) and log the same.
 */
import type { SettingProblem, TwilioCredentials } from '@dual-channel-recording/contract';
import {
  parseRegionAndEdge,
  parseTwilioCredentials,
  settingValue,
  readSid,
} from '@dual-channel-recording/contract';

/** Environment variables the recording Functions read (all strings, as Twilio passes them). */
export type RecordingEnv = {
  ACCOUNT_SID?: string;
  AUTH_TOKEN?: string;
  API_KEY?: string;
  API_SECRET?: string;
  TWILIO_WORKSPACE_SID?: string;
  ALLOWED_ORIGINS?: string;
  TWILIO_REGION?: string;
  TWILIO_EDGE?: string;
  PUBLIC_BASE_URL?: string;
  PAUSE_BEHAVIOR?: string;
  PAUSE_ROLES?: string;
  EXCLUSIONS_CACHE_SECONDS?: string;
  EVENTS_SINK_PASSWORD?: string;
  STATE_SIGNING_KEY?: string;
  ACCESS_LOG_SYNC_SERVICE_SID?: string;
};

/** The parsed settings. */
export interface Config {
  /**
   * How the Functions authenticate to Twilio, as the contract's one parser reads it: an API key when
   * one is given; the auth token, when present, still verifies Twilio's webhook signatures.
   */
  credentials: TwilioCredentials;
  workspaceSid: string;
  /** Exact origins (scheme://host[:port]) allowed to call the Functions from a browser. */
  allowedOrigins: string[];
  region?: string;
  edge?: string;
  /** Base URL of this service for callbacks, without a trailing slash; undefined means use DOMAIN_NAME. */
  publicBaseUrl?: string;
  /** What a paused recording keeps of the paused time: nothing (`skip`) or silence (`silence`). */
  pauseBehavior: PauseBehavior;
  /** Flex roles that may pause and resume calls they do not own (`[]`: nobody but the owner). */
  pauseRoles: string[];
  /** How long a warm instance keeps the exclusion settings read from the Flex configuration (ms). */
  exclusionsCacheMs: number;
  /**
   * The password of the Event Streams sink that calls /task-events (its destination URL carries
   * `events:<password>@`, sent as HTTP Basic auth); unset, that route refuses everything.
   */
  eventsSinkPassword?: string;
  /**
   * The secret the Functions seal what they write on a task with (claims, leases, the end of a
   * recording): `STATE_SIGNING_KEY` when set, else the account's auth token, else the API secret.
   * Only the Functions hold it, so an agent who writes their task's attributes cannot make a seal.
   */
  sealSecret: { source: SealSecretSource; value: string };
  /**
   * The product's own Sync service (IS…) holding the access log, created by `npm run deploy`; never
   * Flex's, whose tokens agents hold. Unset, a playback fails closed unless the admin allows it.
   */
  accessLogServiceSid?: string;
}

/** Where the sealing secret comes from. */
export type SealSecretSource = 'STATE_SIGNING_KEY' | 'AUTH_TOKEN' | 'API_SECRET';

/** Twilio's `PauseBehavior` for a paused recording. */
export type PauseBehavior = 'skip' | 'silence';

/** Either the config or the list of problems. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: SettingProblem[] };

/** Flex's own origin: the default when ALLOWED_ORIGINS is unset. */
export const DEFAULT_ALLOWED_ORIGINS = ['https://flex.twilio.com'];

/**
 * How long a warm instance keeps the exclusion settings when EXCLUSIONS_CACHE_SECONDS is unset: an
 * admin's change is enforced within 30 s, and a burst of calls costs one read per instance.
 */
export const DEFAULT_EXCLUSIONS_CACHE_SECONDS = 30;

/** Roles allowed to pause others' calls when PAUSE_ROLES is unset. */
export const DEFAULT_PAUSE_ROLES = ['supervisor'];

// Flex role names are plain words (admin, supervisor, agent, wfo.quality_process_manager, ...).
const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** Parses an origin list; `*` is refused because the token-bearing requests must stay origin-bound. */
export function parseOrigins(raw: string | undefined): { origins: string[] } | { reason: string } {
  if (raw === undefined || raw.trim() === '') return { origins: [...DEFAULT_ALLOWED_ORIGINS] };
  const origins: string[] = [];
  for (const item of raw.split(',').map((entry) => entry.trim())) {
    if (item === '') continue;
    if (item.includes('*')) return { reason: 'must list exact origins; wildcards ("*") are not allowed' };
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      return { reason: `"${item}" is not an origin like https://flex.twilio.com` };
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== item.replace(/\/$/, '')) {
      return {
        reason: `"${item}" is not an origin like https://flex.twilio.com (no path, query or wildcard)`,
      };
    }
    origins.push(url.origin);
  }
  return origins.length > 0 ? { origins } : { origins: [...DEFAULT_ALLOWED_ORIGINS] };
}

function parseBaseUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.search !== '' || url.hash !== '') return undefined;
    return url.toString().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/**
 * Parses PAUSE_ROLES. Unset means the default (supervisor); set but empty means nobody but the
 * reservation's owner, which is why this reads the raw value instead of treating '' as unset.
 */
export function parsePauseRoles(raw: string | undefined): { roles: string[] } | { reason: string } {
  if (raw === undefined) return { roles: [...DEFAULT_PAUSE_ROLES] };
  const roles = raw
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  const bad = roles.find((role) => !ROLE_NAME.test(role));
  if (bad !== undefined)
    return { reason: 'must be comma-separated Flex role names such as supervisor,admin' };
  return { roles: [...new Set(roles)] };
}

/** What a `STATE_SIGNING_KEY` must look like (a random secret). */
export const STATE_SIGNING_KEY_PATTERN = /^[A-Za-z0-9_+/=-]{32,256}$/;

/**
 * The sealing secret: a dedicated `STATE_SIGNING_KEY` (rotate it without touching Twilio credentials),
 * else the auth token (Twilio gives deployed Functions their account's), else the API secret. The CLI's
 * audit verifies seals with the same rule.
 */
export function sealSecretOf(
  signingKey: string | undefined,
  credentials: TwilioCredentials,
): { source: SealSecretSource; value: string } {
  if (signingKey !== undefined) return { source: 'STATE_SIGNING_KEY', value: signingKey };
  if (credentials.kind === 'auth_token') return { source: 'AUTH_TOKEN', value: credentials.authToken };
  if (credentials.authToken !== undefined) return { source: 'AUTH_TOKEN', value: credentials.authToken };
  return { source: 'API_SECRET', value: credentials.apiSecret };
}

/** Reads and checks every setting; collects all problems rather than stopping at the first. */
export function parseConfig(env: RecordingEnv): ConfigResult {
  const problems: SettingProblem[] = [];
  const invalid = (setting: string, reason: string): void => {
    problems.push({ setting, kind: 'invalid', reason });
  };

  const credentials = parseTwilioCredentials(env, problems);

  const workspaceSid = readSid(
    env,
    'TWILIO_WORKSPACE_SID',
    'WS',
    'the Flex TaskRouter workspace SID',
    problems,
  );

  const originsResult = parseOrigins(env.ALLOWED_ORIGINS);
  if ('reason' in originsResult) invalid('ALLOWED_ORIGINS', originsResult.reason);

  const { region, edge } = parseRegionAndEdge(env, problems);

  const rawBase = settingValue(env, 'PUBLIC_BASE_URL');
  const publicBaseUrl = rawBase ? parseBaseUrl(rawBase) : undefined;
  if (rawBase && !publicBaseUrl)
    invalid('PUBLIC_BASE_URL', 'must be an http(s) URL without query or fragment');

  const rawBehavior = settingValue(env, 'PAUSE_BEHAVIOR');
  const pauseBehavior = rawBehavior === undefined ? 'skip' : rawBehavior.toLowerCase();
  if (pauseBehavior !== 'skip' && pauseBehavior !== 'silence')
    invalid('PAUSE_BEHAVIOR', 'must be "skip" or "silence"');

  const rolesResult = parsePauseRoles(env.PAUSE_ROLES);
  if ('reason' in rolesResult) invalid('PAUSE_ROLES', rolesResult.reason);

  const rawCache = settingValue(env, 'EXCLUSIONS_CACHE_SECONDS');
  const cacheSeconds = rawCache === undefined ? DEFAULT_EXCLUSIONS_CACHE_SECONDS : Number(rawCache);
  if (!/^\d{1,3}$/.test(rawCache ?? '0') || cacheSeconds > 300)
    invalid('EXCLUSIONS_CACHE_SECONDS', 'must be a whole number of seconds from 0 to 300');

  const sinkPassword = settingValue(env, 'EVENTS_SINK_PASSWORD');
  if (sinkPassword !== undefined && !/^[A-Za-z0-9_-]{24,128}$/.test(sinkPassword))
    invalid('EVENTS_SINK_PASSWORD', 'must be 24 to 128 letters, digits, "-" or "_" (it goes in a URL)');

  const accessLogServiceSid =
    settingValue(env, 'ACCESS_LOG_SYNC_SERVICE_SID') === undefined
      ? undefined
      : readSid(env, 'ACCESS_LOG_SYNC_SERVICE_SID', 'IS', "the access log's Sync service SID", problems);

  const signingKey = settingValue(env, 'STATE_SIGNING_KEY');
  if (signingKey !== undefined && !STATE_SIGNING_KEY_PATTERN.test(signingKey))
    invalid('STATE_SIGNING_KEY', 'must be 32 to 256 letters, digits or "-_+/=" (a random secret)');

  if (
    problems.length > 0 ||
    !credentials ||
    !workspaceSid ||
    'reason' in originsResult ||
    'reason' in rolesResult ||
    problems.some((p) => p.setting === 'EXCLUSIONS_CACHE_SECONDS') ||
    (pauseBehavior !== 'skip' && pauseBehavior !== 'silence')
  ) {
    return { ok: false, problems };
  }
  const config: Config = {
    credentials,
    sealSecret: sealSecretOf(signingKey, credentials),
    workspaceSid,
    allowedOrigins: originsResult.origins,
    pauseBehavior,
    pauseRoles: rolesResult.roles,
    exclusionsCacheMs: cacheSeconds * 1000,
  };
  if (region) config.region = region;
  if (edge) config.edge = edge;
  if (publicBaseUrl) config.publicBaseUrl = publicBaseUrl;
  if (sinkPassword) config.eventsSinkPassword = sinkPassword;
  if (accessLogServiceSid) config.accessLogServiceSid = accessLogServiceSid;
  return { ok: true, config };
}
