import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import twilio from 'twilio';
import { apiHost, parseTwilioConfig, withEnvFile } from './config';
import { ConfigError } from './errors';

const AC = 'AC' + 'a'.repeat(32);
const SK = 'SK' + 'b'.repeat(32);

describe('parseTwilioConfig', () => {
  it('uses the auth token, or an API key and secret when given', () => {
    expect(parseTwilioConfig({ ACCOUNT_SID: AC, AUTH_TOKEN: 't' }, false)).toMatchObject({
      username: AC,
      password: 't',
    });
    expect(parseTwilioConfig({ ACCOUNT_SID: AC, API_KEY: SK, API_SECRET: 's' }, false)).toMatchObject({
      accountSid: AC,
      username: SK,
      password: 's',
    });
  });

  it("verifies seals with the Functions' secret: STATE_SIGNING_KEY, else the auth token, else the API secret", () => {
    const key = 'k'.repeat(40);
    expect(
      parseTwilioConfig({ ACCOUNT_SID: AC, AUTH_TOKEN: 't', STATE_SIGNING_KEY: key }, false).sealSecret,
    ).toBe(key);
    expect(parseTwilioConfig({ ACCOUNT_SID: AC, AUTH_TOKEN: 't' }, false).sealSecret).toBe('t');
    expect(
      parseTwilioConfig({ ACCOUNT_SID: AC, API_KEY: SK, API_SECRET: 's', AUTH_TOKEN: 't' }, false).sealSecret,
    ).toBe('t');
    expect(parseTwilioConfig({ ACCOUNT_SID: AC, API_KEY: SK, API_SECRET: 's' }, false).sealSecret).toBe('s');
    expect(() =>
      parseTwilioConfig({ ACCOUNT_SID: AC, AUTH_TOKEN: 't', STATE_SIGNING_KEY: 'short' }, false),
    ).toThrow(/STATE_SIGNING_KEY is invalid/);
  });

  it('names every problem at once', () => {
    expect(() =>
      parseTwilioConfig({ ACCOUNT_SID: 'nope', API_KEY: SK, TWILIO_REGION: 'IE 1' }, true),
    ).toThrow(
      /ACCOUNT_SID is invalid.*API_SECRET is missing.*TWILIO_WORKSPACE_SID is missing.*TWILIO_REGION is invalid/,
    );
    expect(() => parseTwilioConfig({}, false)).toThrow(ConfigError);
  });

  it('reads .env, letting the real environment win', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dcr-env-')), '.env');
    writeFileSync(file, `ACCOUNT_SID=${AC}\nAUTH_TOKEN=from-file\n`);
    expect(withEnvFile({ AUTH_TOKEN: 'from-env' }, file, true)).toMatchObject({
      ACCOUNT_SID: AC,
      AUTH_TOKEN: 'from-env',
    });
    expect(() => withEnvFile({}, `${file}.missing`, true)).toThrow(ConfigError);
    expect(withEnvFile({ A: '1' }, `${file}.missing`, false)).toEqual({ A: '1' });
  });
});

describe('apiHost', () => {
  it('builds the media host the way the twilio SDK builds its API host', () => {
    const client = twilio(AC, 'token', { accountSid: AC });
    for (const [region, edge] of [
      [null, null],
      ['ie1', null],
      [null, 'dublin'],
      ['ie1', 'dublin'],
    ] as const) {
      const sdk = client.getHostname('api.twilio.com', edge ?? undefined, region ?? undefined);
      expect(apiHost({ region, edge })).toBe(sdk);
    }
  });
});
