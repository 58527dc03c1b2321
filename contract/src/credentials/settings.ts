/**
 * Twilio settings read from an environment (the Functions' variables, the CLI's and the deploy
 * script's `.env` plus shell): the credentials, and SIDs and names checked the same way everywhere.
 * Parsing returns problems naming the setting, never the value, instead of throwing.
 */
import { isSid } from './sid';

/** An environment: variable name → value (unset and '' both mean "not given"). */
export type SettingsEnv = Readonly<Record<string, string | undefined>>;

/** One setting that is missing or malformed; `reason` says what it should be, never its value. */
export interface SettingProblem {
  readonly setting: string;
  readonly kind: 'missing' | 'invalid';
  readonly reason: string;
}

/** A problem as one sentence: `ACCOUNT_SID is missing: …` / `API_KEY is invalid: …`. */
export function describeProblem(problem: SettingProblem): string {
  return `${problem.setting} is ${problem.kind}: ${problem.reason}`;
}

/**
 * How to authenticate to Twilio. `api_key` is used whenever an API key is given (it can be revoked
 * without rotating the account's token); the auth token, when also given, still signs and verifies
 * webhooks, which Twilio signs with the account's auth token only.
 */
export type TwilioCredentials =
  | { readonly kind: 'auth_token'; readonly accountSid: string; readonly authToken: string }
  | {
      readonly kind: 'api_key';
      readonly accountSid: string;
      readonly apiKey: string;
      readonly apiSecret: string;
      readonly authToken?: string;
    };

/** The value of a setting, trimmed; undefined when unset or blank. */
export function settingValue(env: SettingsEnv, name: string): string | undefined {
  const trimmed = env[name]?.trim();
  return trimmed ? trimmed : undefined;
}

/** The problem with a Twilio SID setting (`prefix` + 32 hex digits), if any. */
export function sidProblem(
  name: string,
  value: string | undefined,
  prefix: string,
  what: string,
): SettingProblem | undefined {
  if (value === undefined)
    return { setting: name, kind: 'missing', reason: `${what} (${prefix}…) is needed` };
  if (!isSid(value, prefix))
    return { setting: name, kind: 'invalid', reason: `must be ${prefix} followed by 32 hex digits` };
  return undefined;
}

/** Reads a SID setting; a missing or malformed one is added to `problems` and read as undefined. */
export function readSid(
  env: SettingsEnv,
  name: string,
  prefix: string,
  what: string,
  problems: SettingProblem[],
): string | undefined {
  const value = settingValue(env, name);
  const problem = sidProblem(name, value, prefix, what);
  if (problem) problems.push(problem);
  return problem ? undefined : value;
}

// Twilio's region and edge names are short lowercase words (us1, ie1, au1; sydney, dublin, ...).
const REGION_OR_EDGE = /^[a-z][a-z0-9-]{1,30}$/;

/** TWILIO_REGION and TWILIO_EDGE, when set and well-formed; problems name the malformed ones. */
export function parseRegionAndEdge(
  env: SettingsEnv,
  problems: SettingProblem[],
): { region?: string; edge?: string } {
  const out: { region?: string; edge?: string } = {};
  const names = [
    ['region', 'TWILIO_REGION', 'a Twilio region such as us1 or ie1'],
    ['edge', 'TWILIO_EDGE', 'a Twilio edge such as dublin or sydney'],
  ] as const;
  for (const [key, setting, example] of names) {
    const value = settingValue(env, setting);
    if (value === undefined) continue;
    if (REGION_OR_EDGE.test(value)) out[key] = value;
    else problems.push({ setting, kind: 'invalid', reason: `must be ${example}` });
  }
  return out;
}

/**
 * Reads ACCOUNT_SID with AUTH_TOKEN, or with API_KEY + API_SECRET. Appends a problem per missing or
 * malformed setting to `problems` and returns undefined when there is any.
 */
export function parseTwilioCredentials(
  env: SettingsEnv,
  problems: SettingProblem[],
): TwilioCredentials | undefined {
  const before = problems.length;
  const accountSid = settingValue(env, 'ACCOUNT_SID');
  const accountProblem = sidProblem('ACCOUNT_SID', accountSid, 'AC', 'the Twilio account SID');
  if (accountProblem) problems.push(accountProblem);

  const authToken = settingValue(env, 'AUTH_TOKEN');
  const apiKey = settingValue(env, 'API_KEY');
  const apiSecret = settingValue(env, 'API_SECRET');
  if (apiKey !== undefined || apiSecret !== undefined) {
    if (apiKey === undefined)
      problems.push({
        setting: 'API_KEY',
        kind: 'missing',
        reason: 'API_SECRET is set, so its key SID (SK…) is needed',
      });
    else if (!isSid(apiKey, 'SK'))
      problems.push({ setting: 'API_KEY', kind: 'invalid', reason: 'must be SK followed by 32 hex digits' });
    if (apiSecret === undefined)
      problems.push({
        setting: 'API_SECRET',
        kind: 'missing',
        reason: 'API_KEY is set, so its secret is needed',
      });
  } else if (authToken === undefined) {
    problems.push({
      setting: 'AUTH_TOKEN',
      kind: 'missing',
      reason: 'set AUTH_TOKEN, or API_KEY and API_SECRET',
    });
  }

  if (problems.length > before || accountSid === undefined) return undefined;
  if (apiKey !== undefined && apiSecret !== undefined)
    return {
      kind: 'api_key',
      accountSid,
      apiKey,
      apiSecret,
      ...(authToken === undefined ? {} : { authToken }),
    };
  return { kind: 'auth_token', accountSid, authToken: authToken ?? '' };
}

/** HTTP Basic user and password for Twilio's REST API (the twilio SDK's first two arguments). */
export function basicAuthOf(credentials: TwilioCredentials): { username: string; password: string } {
  return credentials.kind === 'api_key'
    ? { username: credentials.apiKey, password: credentials.apiSecret }
    : { username: credentials.accountSid, password: credentials.authToken };
}
