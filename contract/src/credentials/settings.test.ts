import {
  basicAuthOf,
  describeProblem,
  parseRegionAndEdge,
  parseTwilioCredentials,
  sidProblem,
} from './settings';
import type { SettingProblem } from './settings';

const AC = 'AC' + 'a'.repeat(32);
const SK = 'SK' + 'b'.repeat(32);

function parse(env: Record<string, string | undefined>) {
  const problems: SettingProblem[] = [];
  return { credentials: parseTwilioCredentials(env, problems), problems };
}

describe('parseTwilioCredentials', () => {
  it('reads the account SID with its auth token', () => {
    expect(parse({ ACCOUNT_SID: AC, AUTH_TOKEN: ' t ' })).toEqual({
      credentials: { kind: 'auth_token', accountSid: AC, authToken: 't' },
      problems: [],
    });
  });

  it('uses an API key whenever one is given, keeping the auth token for webhook signatures', () => {
    expect(parse({ ACCOUNT_SID: AC, API_KEY: SK, API_SECRET: 's' }).credentials).toEqual({
      kind: 'api_key',
      accountSid: AC,
      apiKey: SK,
      apiSecret: 's',
    });
    expect(parse({ ACCOUNT_SID: AC, AUTH_TOKEN: 't', API_KEY: SK, API_SECRET: 's' }).credentials).toEqual({
      kind: 'api_key',
      accountSid: AC,
      apiKey: SK,
      apiSecret: 's',
      authToken: 't',
    });
  });

  it('names every missing or malformed setting, never its value', () => {
    expect(parse({}).problems).toEqual([
      { setting: 'ACCOUNT_SID', kind: 'missing', reason: 'the Twilio account SID (AC…) is needed' },
      { setting: 'AUTH_TOKEN', kind: 'missing', reason: 'set AUTH_TOKEN, or API_KEY and API_SECRET' },
    ]);
    const half = parse({ ACCOUNT_SID: 'AC123', AUTH_TOKEN: 't', API_KEY: 'secret-looking' });
    expect(half.credentials).toBeUndefined();
    expect(half.problems.map(describeProblem)).toEqual([
      'ACCOUNT_SID is invalid: must be AC followed by 32 hex digits',
      'API_KEY is invalid: must be SK followed by 32 hex digits',
      'API_SECRET is missing: API_KEY is set, so its secret is needed',
    ]);
    expect(parse({ ACCOUNT_SID: AC, API_SECRET: 's' }).problems.map((p) => p.setting)).toEqual(['API_KEY']);
  });

  it('gives the REST API user and password of either kind', () => {
    expect(basicAuthOf({ kind: 'auth_token', accountSid: AC, authToken: 't' })).toEqual({
      username: AC,
      password: 't',
    });
    expect(basicAuthOf({ kind: 'api_key', accountSid: AC, apiKey: SK, apiSecret: 's' })).toEqual({
      username: SK,
      password: 's',
    });
  });
});

describe('SIDs, region and edge', () => {
  it('checks a SID setting by its prefix', () => {
    expect(sidProblem('TWILIO_WORKSPACE_SID', 'WS' + 'c'.repeat(32), 'WS', 'the workspace')).toBeUndefined();
    expect(sidProblem('TWILIO_WORKSPACE_SID', 'WT' + 'c'.repeat(32), 'WS', 'the workspace')?.kind).toBe(
      'invalid',
    );
    expect(sidProblem('TWILIO_WORKSPACE_SID', undefined, 'WS', 'the workspace')?.kind).toBe('missing');
  });

  it('reads region and edge names, naming malformed ones', () => {
    const problems: SettingProblem[] = [];
    expect(parseRegionAndEdge({ TWILIO_REGION: 'ie1', TWILIO_EDGE: 'Dublin 1' }, problems)).toEqual({
      region: 'ie1',
    });
    expect(problems.map((p) => p.setting)).toEqual(['TWILIO_EDGE']);
  });
});
