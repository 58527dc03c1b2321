import { parseConfig, parseOrigins } from '../../src/config/settings';
import { ACCOUNT, WORKSPACE, sid } from '../helpers/sids';

const base = { ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: 'secret', TWILIO_WORKSPACE_SID: WORKSPACE };

describe('parseConfig', () => {
  it('parses the minimal settings with defaults', () => {
    expect(parseConfig(base)).toEqual({
      ok: true,
      config: {
        credentials: { kind: 'auth_token', accountSid: ACCOUNT, authToken: 'secret' },
        workspaceSid: WORKSPACE,
        allowedOrigins: ['https://flex.twilio.com'],
        pauseBehavior: 'skip',
        pauseRoles: ['supervisor'],
        exclusionsCacheMs: 30_000,
        sealSecret: { source: 'AUTH_TOKEN', value: 'secret' },
      },
    });
  });

  it('reads the access log Sync service (IS…) and names a value that is not one', () => {
    expect(parseConfig({ ...base, ACCESS_LOG_SYNC_SERVICE_SID: sid('IS', 7) })).toMatchObject({
      ok: true,
      config: { accessLogServiceSid: sid('IS', 7) },
    });
    expect(parseConfig({ ...base, ACCESS_LOG_SYNC_SERVICE_SID: 'default' })).toMatchObject({
      ok: false,
      problems: [{ setting: 'ACCESS_LOG_SYNC_SERVICE_SID', kind: 'invalid' }],
    });
  });

  it('seals with STATE_SIGNING_KEY when set, else the auth token, else the API secret; a short key is named', () => {
    const key = 'k'.repeat(40);
    expect(parseConfig({ ...base, STATE_SIGNING_KEY: key })).toMatchObject({
      ok: true,
      config: { sealSecret: { source: 'STATE_SIGNING_KEY', value: key } },
    });
    expect(
      parseConfig({ ...base, AUTH_TOKEN: undefined, API_KEY: sid('SK', 1), API_SECRET: 'keysecret' }),
    ).toMatchObject({ ok: true, config: { sealSecret: { source: 'API_SECRET', value: 'keysecret' } } });
    expect(parseConfig({ ...base, API_KEY: sid('SK', 1), API_SECRET: 'keysecret' })).toMatchObject({
      ok: true,
      config: { sealSecret: { source: 'AUTH_TOKEN', value: 'secret' } },
    });
    expect(parseConfig({ ...base, STATE_SIGNING_KEY: 'short' })).toMatchObject({
      ok: false,
      problems: [{ setting: 'STATE_SIGNING_KEY', kind: 'invalid' }],
    });
  });

  it('reads EXCLUSIONS_CACHE_SECONDS (0–300 whole seconds) and names it when it is anything else', () => {
    expect(parseConfig({ ...base, EXCLUSIONS_CACHE_SECONDS: '0' })).toMatchObject({
      ok: true,
      config: { exclusionsCacheMs: 0 },
    });
    for (const bad of ['-1', '301', '1.5', 'soon']) {
      expect(parseConfig({ ...base, EXCLUSIONS_CACHE_SECONDS: bad })).toMatchObject({
        ok: false,
        problems: [{ setting: 'EXCLUSIONS_CACHE_SECONDS', kind: 'invalid' }],
      });
    }
  });

  it('accepts an API key and secret instead of the auth token', () => {
    const result = parseConfig({ ...base, AUTH_TOKEN: undefined, API_KEY: sid('SK', 1), API_SECRET: 's' });
    expect(result).toMatchObject({
      ok: true,
      config: { credentials: { kind: 'api_key', apiKey: sid('SK', 1) } },
    });
  });

  it('reads region, edge and the public base URL (trailing slash dropped)', () => {
    const result = parseConfig({
      ...base,
      TWILIO_REGION: 'ie1',
      TWILIO_EDGE: 'dublin',
      PUBLIC_BASE_URL: 'https://svc-1234.twil.io/',
    });
    expect(result).toMatchObject({
      ok: true,
      config: { region: 'ie1', edge: 'dublin', publicBaseUrl: 'https://svc-1234.twil.io' },
    });
  });

  it.each([
    ['ACCOUNT_SID', { ACCOUNT_SID: undefined }, 'missing'],
    ['ACCOUNT_SID', { ACCOUNT_SID: 'AC123' }, 'invalid'],
    ['AUTH_TOKEN', { AUTH_TOKEN: '  ' }, 'missing'],
    ['API_SECRET', { AUTH_TOKEN: undefined, API_KEY: sid('SK', 1) }, 'missing'],
    ['TWILIO_WORKSPACE_SID', { TWILIO_WORKSPACE_SID: undefined }, 'missing'],
    ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: '*' }, 'invalid'],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://x' }, 'invalid'],
    ['TWILIO_REGION', { TWILIO_REGION: 'US 1' }, 'invalid'],
  ])('names %s when it is wrong', (setting, env, kind) => {
    const result = parseConfig({ ...base, ...env });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ setting, kind });
  });

  it('lists every problem, not only the first', () => {
    const result = parseConfig({});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.setting)).toEqual([
        'ACCOUNT_SID',
        'AUTH_TOKEN',
        'TWILIO_WORKSPACE_SID',
      ]);
    }
  });

  it('never puts a secret value in a problem', () => {
    const result = parseConfig({ ...base, ACCOUNT_SID: 'not-a-sid', AUTH_TOKEN: 'hunter2' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});

describe('parseOrigins', () => {
  it('splits, trims and normalises a comma-separated list', () => {
    expect(parseOrigins(' https://flex.twilio.com , http://localhost:3000/ ')).toEqual({
      origins: ['https://flex.twilio.com', 'http://localhost:3000'],
    });
  });

  it('defaults to Flex when unset or empty', () => {
    expect(parseOrigins(undefined)).toEqual({ origins: ['https://flex.twilio.com'] });
    expect(parseOrigins(' , ')).toEqual({ origins: ['https://flex.twilio.com'] });
  });

  it.each(['*', 'flex.twilio.com', 'https://flex.twilio.com/agent-desktop', 'https://*.twilio.com'])(
    'refuses %p',
    (raw) => {
      expect(parseOrigins(raw)).toHaveProperty('reason');
    },
  );
});
