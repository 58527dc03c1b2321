import { normalizeServerlessDomain, parseConfig } from './parseConfig';

const ui = (settings: Record<string, unknown>): Record<string, unknown> => ({
  serverless_domain: 'x-1234-dev.twil.io',
  ...settings,
});

describe('parseConfig', () => {
  it('accepts the Functions’ compliance settings beside its own (set once in Flex, read by both)', () => {
    const result = parseConfig(
      ui({
        playback_roles: ['supervisor'],
        playback_handling_agent: true,
        consent_announcement: { url: 'https://example.com/consent.mp3', directions: ['inbound'] },
        stop_on_last_agent_leave: false,
      }),
      {},
    );
    expect(result.ok).toBe(true);
  });

  it('accepts voice_intelligence_service_sid, and a malformed one does not turn recording off (the Functions report it per recording)', () => {
    expect(parseConfig(ui({ voice_intelligence_service_sid: 'GA' + 'a'.repeat(32) }), {}).ok).toBe(true);
    expect(parseConfig(ui({ voice_intelligence_service_sid: 'nope' }), {}).ok).toBe(true);
    expect(parseConfig(ui({ voice_intelligence_service: 'GA' }), {})).toMatchObject({ ok: false });
  });

  it('names a malformed compliance setting as the Functions would, and keeps recording off', () => {
    const result = parseConfig(ui({ consent_announcement: { url: 'http://example.com/a.mp3' } }), {});
    expect(result).toMatchObject({
      ok: false,
      problems: [{ source: 'ui_attributes.dual_channel_recording.consent_announcement.url' }],
    });
  });

  it('fills defaults: enabled, customer channel, empty lists, 60 s wait', () => {
    expect(parseConfig(ui({}), {})).toEqual({
      ok: true,
      problems: [],
      config: {
        enabled: true,
        channel: 'customer',
        serverlessBaseUrl: 'https://x-1234-dev.twil.io',
        excludeQueues: [],
        excludeAttributes: [],
        waitTimeoutMs: 60000,
        pauseShortcuts: { toggle: '9', pause: '7', resume: '8' },
      },
    });
  });

  it('reads every key from ui_attributes', () => {
    const result = parseConfig(
      {
        enabled: true,
        channel: 'worker',
        serverless_domain: 'http://127.0.0.1:3000/',
        exclude_queues: ['VIP', 'WQ0123456789abcdef0123456789abcdef'],
        exclude_attributes: [
          { path: 'customers.segment', value: ['vip', 'gold'] },
          { path: 'pci', value: true },
        ],
        wait_timeout_seconds: 90,
      },
      {},
    );
    expect(result).toMatchObject({
      ok: true,
      config: {
        channel: 'worker',
        serverlessBaseUrl: 'http://127.0.0.1:3000',
        excludeQueues: ['VIP', 'WQ0123456789abcdef0123456789abcdef'],
        excludeAttributes: [
          { path: 'customers.segment', segments: ['customers', 'segment'], values: ['vip', 'gold'] },
          { path: 'pci', segments: ['pci'], values: [true] },
        ],
        waitTimeoutMs: 90000,
      },
    });
  });

  it('uses FLEX_APP_* .env defaults for keys ui_attributes leaves out, and ui_attributes wins otherwise', () => {
    const env = {
      FLEX_APP_DUAL_CHANNEL_RECORDING_ENABLED: 'true',
      FLEX_APP_DUAL_CHANNEL_RECORDING_CHANNEL: 'worker',
      FLEX_APP_DUAL_CHANNEL_RECORDING_SERVERLESS_DOMAIN: 'env-domain.twil.io',
      FLEX_APP_DUAL_CHANNEL_RECORDING_WAIT_TIMEOUT_SECONDS: '30',
    };
    const fromEnv = parseConfig(undefined, env);
    expect(fromEnv).toMatchObject({
      ok: true,
      config: {
        channel: 'worker',
        serverlessBaseUrl: 'https://env-domain.twil.io',
        excludeQueues: [],
        excludeAttributes: [],
        waitTimeoutMs: 30000,
      },
    });
    expect(parseConfig({ channel: 'customer' }, env)).toMatchObject({
      ok: true,
      config: { channel: 'customer' },
    });
  });

  it('disabled needs no serverless_domain', () => {
    expect(parseConfig({ enabled: false }, {})).toMatchObject({ ok: true, config: { enabled: false } });
  });

  it('names every problem at once and returns no config', () => {
    const result = parseConfig(
      {
        enabled: 'yes',
        channel: 'agent',
        serverless_domain: 'ftp://x',
        exclude_queues: ['ok', ''],
        exclude_attributes: [
          { path: 'a..b', value: 'x' },
          { path: 'c', value: {} },
          'nope',
          { path: 'd', value: 1, extra: 1 },
        ],
        wait_timeout_seconds: 1,
        exclude_queue: ['typo'],
      },
      {},
    );
    expect(result.ok).toBe(false);
    const sources = result.problems.map((p) => p.source);
    expect(sources).toEqual(
      expect.arrayContaining([
        'ui_attributes.dual_channel_recording.exclude_queue',
        'ui_attributes.dual_channel_recording.enabled',
        'ui_attributes.dual_channel_recording.channel',
        'ui_attributes.dual_channel_recording.serverless_domain',
        'ui_attributes.dual_channel_recording.exclude_queues[1]',
        'ui_attributes.dual_channel_recording.exclude_attributes[0].path',
        'ui_attributes.dual_channel_recording.exclude_attributes[1].value',
        'ui_attributes.dual_channel_recording.exclude_attributes[2]',
        'ui_attributes.dual_channel_recording.exclude_attributes[3]',
        'ui_attributes.dual_channel_recording.wait_timeout_seconds',
      ]),
    );
    expect(result.problems).toHaveLength(10);
    expect(result.problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it('requires serverless_domain when enabled, naming both places to set it', () => {
    const result = parseConfig({}, {});
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          source: 'ui_attributes.dual_channel_recording.serverless_domain',
          message: 'is required (or set FLEX_APP_DUAL_CHANNEL_RECORDING_SERVERLESS_DOMAIN)',
        },
      ],
    });
  });

  it('names the FLEX_APP variable when a bad value comes from .env', () => {
    const result = parseConfig(ui({}), {
      FLEX_APP_DUAL_CHANNEL_RECORDING_ENABLED: 'maybe',
      FLEX_APP_DUAL_CHANNEL_RECORDING_WAIT_TIMEOUT_SECONDS: 'soon',
    });
    expect(result.problems.map((p) => p.source)).toEqual([
      'FLEX_APP_DUAL_CHANNEL_RECORDING_ENABLED',
      'FLEX_APP_DUAL_CHANNEL_RECORDING_WAIT_TIMEOUT_SECONDS',
    ]);
  });

  it('refuses build-time exclusions (.env) as a problem naming the variable: the Functions could not enforce them', () => {
    const result = parseConfig(ui({}), {
      FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_QUEUES: 'VIP, Internal',
      FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_ATTRIBUTES: '[{"path":"a.b","value":"c"}]',
    });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        source: 'FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_QUEUES',
        message: expect.stringContaining('ui_attributes.dual_channel_recording.exclude_queues'),
      },
      {
        source: 'FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_ATTRIBUTES',
        message: expect.stringContaining('ui_attributes.dual_channel_recording.exclude_attributes'),
      },
    ]);
    // Set in ui_attributes, the same exclusions are fine (and the variables are not read).
    expect(
      parseConfig(ui({ exclude_queues: ['VIP'] }), { FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_QUEUES: 'x' }),
    ).toMatchObject({ ok: true, config: { excludeQueues: ['VIP'] } });
  });

  it('rejects a dual_channel_recording value that is not an object', () => {
    expect(parseConfig('on', {}).problems[0]).toMatchObject({
      source: 'ui_attributes.dual_channel_recording',
    });
  });
});

describe('parseConfig: pause_shortcuts', () => {
  const shortcuts = (value: unknown, env = {}) => parseConfig(ui({ pause_shortcuts: value }), env);
  const source = 'ui_attributes.dual_channel_recording.pause_shortcuts';

  it('remaps keys (a letter or digit, any case, with or without "Ctrl+Shift+"), keeping defaults for the rest', () => {
    expect(shortcuts({ toggle: 'p' })).toMatchObject({
      ok: true,
      config: { pauseShortcuts: { toggle: 'P', pause: '7', resume: '8' } },
    });
    expect(shortcuts({ toggle: 'Ctrl+Shift+K', pause: 'shift + ctrl + 2', resume: ' 3 ' })).toMatchObject({
      config: { pauseShortcuts: { toggle: 'K', pause: '2', resume: '3' } },
    });
  });

  it('null or false turns one shortcut off; all three can be off', () => {
    expect(shortcuts({ pause: null, resume: false })).toMatchObject({
      config: { pauseShortcuts: { toggle: '9', pause: null, resume: null } },
    });
    expect(shortcuts({ toggle: null, pause: null, resume: null })).toMatchObject({
      config: { pauseShortcuts: { toggle: null, pause: null, resume: null } },
    });
  });

  it('reads FLEX_APP_DUAL_CHANNEL_RECORDING_PAUSE_SHORTCUTS as JSON', () => {
    expect(
      parseConfig(ui({}), { FLEX_APP_DUAL_CHANNEL_RECORDING_PAUSE_SHORTCUTS: '{"toggle":"2","pause":null}' }),
    ).toMatchObject({ config: { pauseShortcuts: { toggle: '2', pause: null, resume: '8' } } });
    expect(
      parseConfig(ui({}), { FLEX_APP_DUAL_CHANNEL_RECORDING_PAUSE_SHORTCUTS: 'toggle=2' }).problems,
    ).toEqual([{ source: 'FLEX_APP_DUAL_CHANNEL_RECORDING_PAUSE_SHORTCUTS', message: expect.any(String) }]);
  });

  it("names each bad shortcut: not one key, other modifiers, Flex's own keys, duplicates, unknown names", () => {
    const result = shortcuts({ toggle: 'Alt+P', pause: 'H', resume: 'F1', mute: 'M' });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.source).sort()).toEqual(
      [`${source}.mute`, `${source}.pause`, `${source}.resume`, `${source}.toggle`].sort(),
    );
    expect(result.problems.find((p) => p.source === `${source}.pause`)?.message).toBe(
      'Ctrl+Shift+H is Flex\'s own "Toggle Hold" shortcut; choose another key',
    );
    expect(shortcuts({ toggle: '5', pause: '5' }).problems).toEqual([
      {
        source: `${source}.pause`,
        message: 'Ctrl+Shift+5 is already the toggle shortcut; choose another key',
      },
    ]);
  });

  it('says when a remapped key takes a default that was left unset', () => {
    expect(shortcuts({ toggle: '7' }).problems).toEqual([
      {
        source: `${source}.pause`,
        message: 'its default Ctrl+Shift+7 is now the toggle shortcut; set pause to another key or null',
      },
    ]);
  });

  it.each([['P'], [true], [[]], [1]])('rejects %j as the whole value', (value) => {
    expect(shortcuts(value).problems[0]?.source).toBe(source);
  });
});

describe('normalizeServerlessDomain', () => {
  it.each([
    ['x-1234-dev.twil.io', 'https://x-1234-dev.twil.io'],
    ['X-1234-DEV.twil.io', 'https://x-1234-dev.twil.io'],
    ['https://x-1234-dev.twil.io/', 'https://x-1234-dev.twil.io'],
    ['https://example.com/functions/', 'https://example.com/functions'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['localhost:3000', 'https://localhost:3000'],
  ])('%s → %s', (input, url) => {
    expect(normalizeServerlessDomain(input)).toEqual({ url });
  });

  it.each([
    '',
    'http://example.com',
    'ftp://x.io',
    'https://u:p@x.io',
    'https://x.io/?a=1',
    'not a domain',
    'x.io/path',
  ])('rejects %j', (input) => {
    expect(normalizeServerlessDomain(input)).toHaveProperty('error');
  });
});
