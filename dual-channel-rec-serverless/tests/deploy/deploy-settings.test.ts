import { basicAuthOf } from '@dual-channel-recording/contract';
import { parseDeploySettings, twilioCliEnv } from '../../deploy/settings';

const AC = 'AC' + 'a'.repeat(32);
const SK = 'SK' + 'b'.repeat(32);
const WS = 'WS' + 'c'.repeat(32);
const both = { functions: true, plugin: true };

describe('parseDeploySettings', () => {
  it('names every missing setting instead of deploying', () => {
    const result = parseDeploySettings({}, both, true);
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.problems.join('\n');
    expect(text).toMatch(/ACCOUNT_SID is missing/);
    expect(text).toMatch(/AUTH_TOKEN is missing/);
    expect(text).toMatch(/TWILIO_WORKSPACE_SID is missing/);
  });

  it('rejects malformed SIDs with the field named', () => {
    const result = parseDeploySettings(
      { ACCOUNT_SID: 'AC123', AUTH_TOKEN: 'x', TWILIO_WORKSPACE_SID: 'WT' + 'c'.repeat(32) },
      both,
      true,
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      'ACCOUNT_SID is invalid: must be AC followed by 32 hex digits',
      'TWILIO_WORKSPACE_SID is invalid: must be WS followed by 32 hex digits',
    ]);
  });

  it('needs no workspace when only the plugin is deployed', () => {
    const result = parseDeploySettings(
      { ACCOUNT_SID: AC, AUTH_TOKEN: 't' },
      { functions: false, plugin: true },
      true,
    );
    expect(result.ok).toBe(true);
  });

  it('accepts an API key pair and asks for the missing half of one', () => {
    const pair = parseDeploySettings(
      { ACCOUNT_SID: AC, API_KEY: SK, API_SECRET: 's', TWILIO_WORKSPACE_SID: WS },
      both,
      true,
    );
    expect(pair.ok && pair.settings.credentials).toEqual({
      kind: 'api_key',
      accountSid: AC,
      apiKey: SK,
      apiSecret: 's',
    });
    const half = parseDeploySettings({ ACCOUNT_SID: AC, API_KEY: SK, TWILIO_WORKSPACE_SID: WS }, both, true);
    expect(half.ok ? [] : half.problems).toEqual([
      'API_SECRET is missing: API_KEY is set, so its secret is needed',
    ]);
  });

  it('uploads an API key for the Functions when the deploy uses one, never the auth token', () => {
    const result = parseDeploySettings(
      { ACCOUNT_SID: AC, AUTH_TOKEN: 'secret-token', API_KEY: SK, API_SECRET: 's', TWILIO_WORKSPACE_SID: WS },
      both,
      true,
    );
    expect(result.ok && result.settings.functionEnv).toEqual({
      TWILIO_WORKSPACE_SID: WS,
      API_KEY: SK,
      API_SECRET: 's',
    });
  });

  it('refuses to deploy while the environment still routes Twilio to the local sandbox', () => {
    const result = parseDeploySettings(
      {
        ACCOUNT_SID: AC,
        AUTH_TOKEN: 't',
        TWILIO_WORKSPACE_SID: WS,
        TWILIO_SANDBOX_URL: 'http://127.0.0.1:4010',
      },
      both,
      true,
    );
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^TWILIO_SANDBOX_URL is set/)]);
  });

  it('uploads Function settings but never credentials, local wiring or plugin build variables', () => {
    const result = parseDeploySettings(
      {
        ACCOUNT_SID: AC,
        AUTH_TOKEN: 'secret-token',
        API_SECRET: '',
        TWILIO_WORKSPACE_SID: WS,
        ALLOWED_ORIGINS: 'https://flex.twilio.com',
        PAUSE_BEHAVIOR: 'silence',
        PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
        NODE_OPTIONS: '--require x',
        FLEX_APP_DUAL_CHANNEL_RECORDING_CHANNEL: 'worker',
      },
      both,
      false,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.functionEnv).toEqual({
      TWILIO_WORKSPACE_SID: WS,
      ALLOWED_ORIGINS: 'https://flex.twilio.com',
      PAUSE_BEHAVIOR: 'silence',
    });
    expect(result.settings.environment).toBe('dev');
    expect(result.settings.serviceName).toBe('dual-channel-recording');
  });
});

describe('credential hand-off', () => {
  it('gives the Serverless Toolkit and the Twilio CLI the same account', () => {
    const token = { kind: 'auth_token' as const, accountSid: AC, authToken: 't' };
    expect(basicAuthOf(token)).toEqual({ username: AC, password: 't' });
    expect(twilioCliEnv(token)).toEqual({ TWILIO_ACCOUNT_SID: AC, TWILIO_AUTH_TOKEN: 't' });
    const key = { kind: 'api_key' as const, accountSid: AC, apiKey: SK, apiSecret: 's' };
    expect(basicAuthOf(key)).toEqual({ username: SK, password: 's' });
    expect(twilioCliEnv(key)).toEqual({ TWILIO_ACCOUNT_SID: AC, TWILIO_API_KEY: SK, TWILIO_API_SECRET: 's' });
  });
});
