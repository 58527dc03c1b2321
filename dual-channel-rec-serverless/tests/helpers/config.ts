import type { Config } from '../../src/config/settings';
import { ACCOUNT, WORKSPACE } from './sids';

/** A deployment's settings as unit tests need them: auth-token credentials, the auth token as seal key. */
export const TEST_CONFIG: Config = {
  credentials: { kind: 'auth_token', accountSid: ACCOUNT, authToken: 'tok' },
  workspaceSid: WORKSPACE,
  allowedOrigins: ['https://flex.twilio.com'],
  pauseBehavior: 'skip',
  pauseRoles: ['supervisor'],
  exclusionsCacheMs: 30_000,
  sealSecret: { source: 'AUTH_TOKEN', value: 'tok' },
};
