/**
 * Twilio configuration from the environment and an optional `.env` file. The same code talks to a
 * real account or to the local sandbox: the sandbox is reached by configuration outside this code
 * (NODE_OPTIONS=--require <the sandbox's dist/preload.js> plus TWILIO_SANDBOX_URL), never by a branch here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { SettingProblem } from '@dual-channel-recording/contract';
import {
  basicAuthOf,
  describeProblem,
  parseRegionAndEdge,
  parseTwilioCredentials,
  settingValue,
  readSid,
} from '@dual-channel-recording/contract';
import { STATE_SIGNING_KEY_PATTERN, sealSecretOf } from 'dual-channel-rec-serverless/config';
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
  /**
   * The secret the Functions seal their task claims with, by their rule: `STATE_SIGNING_KEY` when
   * set, else the auth token, else the API secret (the audit verifies claims with it).
   */
  sealSecret: string;
}

type Env = Record<string, string | undefined>;

/** Reads a dotenv file; values already in the environment win, as with `node --env-file`. */
export function withEnvFile(env: Env, file: string, required: boolean): Env {
  if (!existsSync(file)) {
    if (required) throw new ConfigError(`env file ${file} does not exist`);
    return env;
  }
  // Node's own dotenv parser: the syntax `node --env-file` accepts.
  return { ...parseEnv(readFileSync(file, 'utf8')), ...env };
}

/** The Twilio CLI's names for the same settings, read when ours are not set. */
const TWILIO_CLI_NAMES: Readonly<Record<string, string>> = {
  ACCOUNT_SID: 'TWILIO_ACCOUNT_SID',
  AUTH_TOKEN: 'TWILIO_AUTH_TOKEN',
  API_KEY: 'TWILIO_API_KEY',
  API_SECRET: 'TWILIO_API_SECRET',
};

/** Parses the Twilio configuration with the contract's parser; every problem is named in one ConfigError. */
export function parseTwilioConfig(env: Env, needsWorkspace: boolean): TwilioConfig {
  const named: Env = { ...env };
  for (const [ours, theirs] of Object.entries(TWILIO_CLI_NAMES))
    if (!settingValue(named, ours)) named[ours] = env[theirs];

  const problems: SettingProblem[] = [];
  const credentials = parseTwilioCredentials(named, problems);
  const workspaceSid = settingValue(env, 'TWILIO_WORKSPACE_SID') ?? null;
  if (needsWorkspace || workspaceSid !== null)
    readSid(env, 'TWILIO_WORKSPACE_SID', 'WS', 'the Flex TaskRouter workspace SID, for --task,', problems);
  const { region, edge } = parseRegionAndEdge(env, problems);
  const signingKey = settingValue(env, 'STATE_SIGNING_KEY');
  if (signingKey !== undefined && !STATE_SIGNING_KEY_PATTERN.test(signingKey))
    problems.push({
      setting: 'STATE_SIGNING_KEY',
      kind: 'invalid',
      reason: 'must be 32 to 256 letters, digits or "-_+/=" (a random secret)',
    });

  if (problems.length > 0 || !credentials) throw new ConfigError(problems.map(describeProblem).join('; '));
  return {
    accountSid: credentials.accountSid,
    ...basicAuthOf(credentials),
    workspaceSid,
    region: region ?? null,
    edge: edge ?? null,
    sealSecret: sealSecretOf(signingKey, credentials).value,
  };
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
