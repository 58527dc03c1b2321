/**
 * Twilio configuration from the environment and an optional `.env` file. The same code talks to a
 * real account or to the local sandbox: the sandbox is reached by configuration outside this code
 * (NODE_OPTIONS=--require dist/sandbox/preload.js plus TWILIO_SANDBOX_URL), never by a branch here.
 */
import { existsSync } from 'node:fs';
import { readEnvFile } from '../env-file';
import { ConfigError } from './errors';

/** Credentials and routing for the Twilio REST API. */
export interface TwilioConfig {
  accountSid: string;
  /** HTTP Basic user: the account SID, or an API key SID (SK...). */
  username: string;
  /** HTTP Basic password: the auth token, or the API key's secret. */
  password: string;
  /** Needed for `--task` only. */
  workspaceSid: string | null;
  region: string | null;
  edge: string | null;
}

type Env = Record<string, string | undefined>;

/** Reads a dotenv file; values already in the environment win, as with `node --env-file`. */
export function withEnvFile(env: Env, file: string, required: boolean): Env {
  if (!existsSync(file)) {
    if (required) throw new ConfigError(`env file ${file} does not exist`);
    return env;
  }
  return { ...readEnvFile(file), ...env };
}

const SID = (prefix: string): RegExp => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/** Parses the Twilio configuration; every problem is named in one ConfigError. */
export function parseTwilioConfig(env: Env, needsWorkspace: boolean): TwilioConfig {
  const problems: string[] = [];
  const accountSid = optional(env, 'ACCOUNT_SID') ?? optional(env, 'TWILIO_ACCOUNT_SID');
  if (!accountSid) problems.push('ACCOUNT_SID is missing');
  else if (!SID('AC').test(accountSid))
    problems.push('ACCOUNT_SID must look like AC followed by 32 hex digits');

  const apiKey = optional(env, 'API_KEY') ?? optional(env, 'TWILIO_API_KEY');
  const apiSecret = optional(env, 'API_SECRET') ?? optional(env, 'TWILIO_API_SECRET');
  const authToken = optional(env, 'AUTH_TOKEN') ?? optional(env, 'TWILIO_AUTH_TOKEN');
  let username = accountSid ?? '';
  let password = authToken ?? '';
  if (apiKey || apiSecret) {
    // An API key is preferred when given: it can be revoked without rotating the account's token.
    if (!apiKey || !apiSecret) problems.push('API_KEY and API_SECRET must be given together');
    else if (!SID('SK').test(apiKey)) problems.push('API_KEY must look like SK followed by 32 hex digits');
    else {
      username = apiKey;
      password = apiSecret;
    }
  } else if (!authToken) {
    problems.push('AUTH_TOKEN (or API_KEY and API_SECRET) is missing');
  }

  const workspaceSid = optional(env, 'TWILIO_WORKSPACE_SID');
  if (needsWorkspace && !workspaceSid) problems.push('TWILIO_WORKSPACE_SID is missing (needed for --task)');
  else if (workspaceSid && !SID('WS').test(workspaceSid))
    problems.push('TWILIO_WORKSPACE_SID must look like WS followed by 32 hex digits');

  const region = optional(env, 'TWILIO_REGION');
  const edge = optional(env, 'TWILIO_EDGE');
  for (const [name, value] of [
    ['TWILIO_REGION', region],
    ['TWILIO_EDGE', edge],
  ] as const) {
    if (value && !/^[a-z0-9-]+$/.test(value))
      problems.push(`${name} must be a lower-case name like ie1 or dublin`);
  }

  if (problems.length > 0 || !accountSid) throw new ConfigError(problems.join('; '));
  return { accountSid, username, password, workspaceSid, region, edge };
}

/**
 * The REST API host for a region/edge, as the twilio SDK builds it: `api.twilio.com` by default,
 * `api.{edge}.{region}.twilio.com` otherwise (an edge alone implies region us1).
 */
export function apiHost(config: Pick<TwilioConfig, 'region' | 'edge'>): string {
  if (!config.region && !config.edge) return 'api.twilio.com';
  const region = config.region ?? 'us1';
  return config.edge ? `api.${config.edge}.${region}.twilio.com` : `api.${region}.twilio.com`;
}
