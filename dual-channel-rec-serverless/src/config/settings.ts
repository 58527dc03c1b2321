/**
 * The Functions' settings, parsed once per invocation from the environment into a typed value.
 * Parsing returns the problems instead of throwing or casting them away, so a route can answer 500
 * naming the setting (and nothing else) and log the same.
 */

/** Environment variables the recording Functions read (all strings, as Twilio passes them). */
export interface RecordingEnv {
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
}

/** How the Functions authenticate to Twilio: the account's auth token, or an API key and secret. */
export type Credentials =
  | { kind: 'auth_token'; accountSid: string; authToken: string }
  | { kind: 'api_key'; accountSid: string; apiKey: string; apiSecret: string };

/** The parsed settings. */
export interface Config {
  credentials: Credentials;
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
}

/** Twilio's `PauseBehavior` for a paused recording. */
export type PauseBehavior = 'skip' | 'silence';

/** One setting that is missing or malformed. */
export interface ConfigProblem {
  setting: string;
  kind: 'missing' | 'invalid';
  reason: string;
}

/** Either the config or the list of problems. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** Flex's own origin: the default when ALLOWED_ORIGINS is unset. */
export const DEFAULT_ALLOWED_ORIGINS = ['https://flex.twilio.com'];

/** Roles allowed to pause others' calls when PAUSE_ROLES is unset. */
export const DEFAULT_PAUSE_ROLES = ['supervisor'];

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const WORKSPACE_SID = /^WS[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
// Twilio's region and edge names are short lowercase words (us1, ie1, au1; sydney, dublin, ...).
const REGION_OR_EDGE = /^[a-z][a-z0-9-]{1,30}$/;
// Flex role names are plain words (admin, supervisor, agent, wfo.quality_process_manager, ...).
const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

function value(env: RecordingEnv, name: keyof RecordingEnv): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

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

/** Reads and checks every setting; collects all problems rather than stopping at the first. */
export function parseConfig(env: RecordingEnv): ConfigResult {
  const problems: ConfigProblem[] = [];
  const missing = (setting: string, reason: string): void => {
    problems.push({ setting, kind: 'missing', reason });
  };
  const invalid = (setting: string, reason: string): void => {
    problems.push({ setting, kind: 'invalid', reason });
  };

  const accountSid = value(env, 'ACCOUNT_SID');
  if (!accountSid) missing('ACCOUNT_SID', 'the Twilio account SID (AC...) is required');
  else if (!ACCOUNT_SID.test(accountSid))
    invalid('ACCOUNT_SID', 'must look like AC followed by 32 hex digits');

  const authToken = value(env, 'AUTH_TOKEN');
  const apiKey = value(env, 'API_KEY');
  const apiSecret = value(env, 'API_SECRET');
  if (!authToken) {
    if (!apiKey && !apiSecret) missing('AUTH_TOKEN', 'set AUTH_TOKEN, or API_KEY and API_SECRET');
    else if (!apiKey) missing('API_KEY', 'API_SECRET is set but API_KEY (SK...) is not');
    else if (!apiSecret) missing('API_SECRET', 'API_KEY is set but API_SECRET is not');
    else if (!API_KEY_SID.test(apiKey)) invalid('API_KEY', 'must look like SK followed by 32 hex digits');
  }

  const workspaceSid = value(env, 'TWILIO_WORKSPACE_SID');
  if (!workspaceSid) missing('TWILIO_WORKSPACE_SID', 'the Flex TaskRouter workspace SID (WS...) is required');
  else if (!WORKSPACE_SID.test(workspaceSid))
    invalid('TWILIO_WORKSPACE_SID', 'must look like WS followed by 32 hex digits');

  const originsResult = parseOrigins(env.ALLOWED_ORIGINS);
  if ('reason' in originsResult) invalid('ALLOWED_ORIGINS', originsResult.reason);

  const region = value(env, 'TWILIO_REGION');
  if (region && !REGION_OR_EDGE.test(region))
    invalid('TWILIO_REGION', 'must be a Twilio region such as us1 or ie1');
  const edge = value(env, 'TWILIO_EDGE');
  if (edge && !REGION_OR_EDGE.test(edge))
    invalid('TWILIO_EDGE', 'must be a Twilio edge such as dublin or sydney');

  const rawBase = value(env, 'PUBLIC_BASE_URL');
  const publicBaseUrl = rawBase ? parseBaseUrl(rawBase) : undefined;
  if (rawBase && !publicBaseUrl)
    invalid('PUBLIC_BASE_URL', 'must be an http(s) URL without query or fragment');

  const rawBehavior = value(env, 'PAUSE_BEHAVIOR');
  const pauseBehavior = rawBehavior === undefined ? 'skip' : rawBehavior.toLowerCase();
  if (pauseBehavior !== 'skip' && pauseBehavior !== 'silence')
    invalid('PAUSE_BEHAVIOR', 'must be "skip" or "silence"');

  const rolesResult = parsePauseRoles(env.PAUSE_ROLES);
  if ('reason' in rolesResult) invalid('PAUSE_ROLES', rolesResult.reason);

  if (
    problems.length > 0 ||
    !accountSid ||
    !workspaceSid ||
    'reason' in originsResult ||
    'reason' in rolesResult ||
    (pauseBehavior !== 'skip' && pauseBehavior !== 'silence')
  ) {
    return { ok: false, problems };
  }
  const credentials: Credentials = authToken
    ? { kind: 'auth_token', accountSid, authToken }
    : { kind: 'api_key', accountSid, apiKey: apiKey ?? '', apiSecret: apiSecret ?? '' };
  const config: Config = {
    credentials,
    workspaceSid,
    allowedOrigins: originsResult.origins,
    pauseBehavior,
    pauseRoles: rolesResult.roles,
  };
  if (region) config.region = region;
  if (edge) config.edge = edge;
  if (publicBaseUrl) config.publicBaseUrl = publicBaseUrl;
  return { ok: true, config };
}
