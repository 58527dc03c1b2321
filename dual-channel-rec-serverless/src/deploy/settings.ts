/**
 * What `npm run deploy` needs, parsed once from the environment and `.env` files into a typed plan,
 * with every problem named before anything is uploaded.
 */

/** Credentials the Serverless Toolkit and the Twilio CLI deploy with. */
export type DeployCredentials =
  | { kind: 'auth-token'; accountSid: string; authToken: string }
  | { kind: 'api-key'; accountSid: string; apiKey: string; apiSecret: string };

/** Which halves of the product to deploy. */
export interface DeployTargets {
  functions: boolean;
  plugin: boolean;
}

/** A validated deployment: credentials, service, and the variables the deployed Functions get. */
export interface DeploySettings {
  credentials: DeployCredentials;
  serviceName: string;
  /** Serverless environment: `production` has no domain suffix. */
  environment: string;
  /** Variables uploaded to the Functions: never credentials (Twilio injects ACCOUNT_SID/AUTH_TOKEN). */
  functionEnv: Record<string, string>;
  targets: DeployTargets;
}

/** The parse result: settings, or every problem found. */
export type DeploySettingsResult = { ok: true; settings: DeploySettings } | { ok: false; problems: string[] };

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
const WORKSPACE_SID = /^WS[0-9a-fA-F]{32}$/;
const SERVICE_NAME = /^[A-Za-z0-9-]{1,50}$/;

/**
 * Keys that must never be uploaded as Function variables: credentials (the deployed runtime injects its
 * own), local-only wiring (sandbox routing, ports), and the plugin's build-time settings.
 */
const NOT_UPLOADED = new Set([
  'ACCOUNT_SID',
  'AUTH_TOKEN',
  'API_KEY',
  'API_SECRET',
  'TWILIO_SANDBOX_URL',
  'NODE_OPTIONS',
  'NODE_PATH',
  'PUBLIC_BASE_URL',
  'FUNCTIONS_PORT',
  'SANDBOX_PORT',
  'SERVICE_NAME',
  'SERVERLESS_ENVIRONMENT',
]);

function isUploaded(key: string): boolean {
  return !NOT_UPLOADED.has(key) && !key.startsWith('FLEX_APP_') && !key.startsWith('REACT_APP_');
}

function credentialsFrom(env: Record<string, string>, problems: string[]): DeployCredentials | undefined {
  const accountSid = env.ACCOUNT_SID ?? '';
  if (!accountSid) problems.push('ACCOUNT_SID is missing: the Account SID (AC…) of the Flex account.');
  else if (!ACCOUNT_SID.test(accountSid))
    problems.push('ACCOUNT_SID must be AC followed by 32 hex characters.');

  const { AUTH_TOKEN: authToken, API_KEY: apiKey, API_SECRET: apiSecret } = env;
  if (apiKey || apiSecret) {
    if (!apiKey) problems.push('API_KEY is missing: API_SECRET is set, so its key SID (SK…) is needed.');
    else if (!API_KEY_SID.test(apiKey)) problems.push('API_KEY must be SK followed by 32 hex characters.');
    if (!apiSecret) problems.push('API_SECRET is missing: API_KEY is set, so its secret is needed.');
    if (problems.length === 0 && apiKey && apiSecret)
      return { kind: 'api-key', accountSid, apiKey, apiSecret };
    return undefined;
  }
  if (!authToken) {
    problems.push('AUTH_TOKEN is missing: set it, or API_KEY and API_SECRET, to deploy.');
    return undefined;
  }
  return problems.length === 0 ? { kind: 'auth-token', accountSid, authToken } : undefined;
}

/** Validates the merged environment for a deployment of `targets`. */
export function parseDeploySettings(
  env: Record<string, string>,
  targets: DeployTargets,
  production: boolean,
): DeploySettingsResult {
  const problems: string[] = [];
  const credentials = credentialsFrom(env, problems);

  if (targets.functions) {
    const workspace = env.TWILIO_WORKSPACE_SID ?? '';
    if (!workspace)
      problems.push('TWILIO_WORKSPACE_SID is missing: the Flex TaskRouter workspace (WS…), see the README.');
    else if (!WORKSPACE_SID.test(workspace))
      problems.push('TWILIO_WORKSPACE_SID must be WS followed by 32 hex characters.');
  }
  if (env.TWILIO_SANDBOX_URL)
    problems.push(
      'TWILIO_SANDBOX_URL is set: it routes Twilio calls to the local sandbox; unset it to deploy.',
    );

  const serviceName = env.SERVICE_NAME || 'dual-channel-recording';
  if (!SERVICE_NAME.test(serviceName))
    problems.push('SERVICE_NAME may hold only letters, digits and dashes (at most 50).');

  if (problems.length > 0 || !credentials) return { ok: false, problems };

  const functionEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (isUploaded(key) && value !== '') functionEnv[key] = value;

  return {
    ok: true,
    settings: {
      credentials,
      serviceName,
      environment: production ? 'production' : env.SERVERLESS_ENVIRONMENT || 'dev',
      functionEnv,
      targets,
    },
  };
}

/** Username and password for the Serverless Toolkit and the Twilio CLI. */
export function basicAuthOf(credentials: DeployCredentials): { username: string; password: string } {
  return credentials.kind === 'api-key'
    ? { username: credentials.apiKey, password: credentials.apiSecret }
    : { username: credentials.accountSid, password: credentials.authToken };
}

/** Environment variables the Twilio CLI reads its credentials from. */
export function twilioCliEnv(credentials: DeployCredentials): Record<string, string> {
  return credentials.kind === 'api-key'
    ? {
        TWILIO_ACCOUNT_SID: credentials.accountSid,
        TWILIO_API_KEY: credentials.apiKey,
        TWILIO_API_SECRET: credentials.apiSecret,
      }
    : { TWILIO_ACCOUNT_SID: credentials.accountSid, TWILIO_AUTH_TOKEN: credentials.authToken };
}
