/**
 * What `npm run deploy` needs, parsed once from the environment and `.env` files into a typed plan,
 * with every problem named before anything is uploaded.
 */
import type { SettingProblem, TwilioCredentials } from '@dual-channel-recording/contract';
import { describeProblem, parseTwilioCredentials, readSid } from '@dual-channel-recording/contract';

/** Which halves of the product to deploy. */
export interface DeployTargets {
  functions: boolean;
  plugin: boolean;
}

/** A validated deployment: credentials, service, and the variables the deployed Functions get. */
export interface DeploySettings {
  /** What the Serverless Toolkit and the Twilio CLI deploy with (the contract's one parser). */
  credentials: TwilioCredentials;
  serviceName: string;
  /** Serverless environment: `production` has no domain suffix. */
  environment: string;
  /** Variables uploaded to the Functions: never credentials (Twilio injects ACCOUNT_SID/AUTH_TOKEN). */
  functionEnv: Record<string, string>;
  targets: DeployTargets;
}

/** The parse result: settings, or every problem found. */
export type DeploySettingsResult = { ok: true; settings: DeploySettings } | { ok: false; problems: string[] };

const SERVICE_NAME = /^[A-Za-z0-9-]{1,50}$/;

/**
 * Keys never uploaded as Function variables as they are: credentials (the deployed runtime injects
 * ACCOUNT_SID and AUTH_TOKEN itself; an API key is uploaded only when it is what the deploy uses,
 * see {@link parseDeploySettings}), local-only wiring (sandbox routing, ports), and the plugin's
 * build-time settings.
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

/** Validates the merged environment for a deployment of `targets`. */
export function parseDeploySettings(
  env: Record<string, string>,
  targets: DeployTargets,
  production: boolean,
): DeploySettingsResult {
  const settingProblems: SettingProblem[] = [];
  const credentials = parseTwilioCredentials(env, settingProblems);
  if (targets.functions)
    readSid(
      env,
      'TWILIO_WORKSPACE_SID',
      'WS',
      'the Flex TaskRouter workspace SID, see the README,',
      settingProblems,
    );
  const problems = settingProblems.map(describeProblem);
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
  // The deployed Functions get ACCOUNT_SID and AUTH_TOKEN from Twilio (the Serverless Toolkit creates
  // services with IncludeCredentials); an API key reaches them only if we upload it.
  if (credentials.kind === 'api_key') {
    functionEnv.API_KEY = credentials.apiKey;
    functionEnv.API_SECRET = credentials.apiSecret;
  }

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

/** Environment variables the Twilio CLI reads its credentials from. */
export function twilioCliEnv(credentials: TwilioCredentials): Record<string, string> {
  return credentials.kind === 'api_key'
    ? {
        TWILIO_ACCOUNT_SID: credentials.accountSid,
        TWILIO_API_KEY: credentials.apiKey,
        TWILIO_API_SECRET: credentials.apiSecret,
      }
    : { TWILIO_ACCOUNT_SID: credentials.accountSid, TWILIO_AUTH_TOKEN: credentials.authToken };
}
