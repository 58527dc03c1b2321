import type { ExclusionKey, RecordingChannel, SettingProblem } from '@dual-channel-recording/contract';
import {
  COMPLIANCE_KEYS,
  isRecord,
  parseComplianceSettings,
  parseExcludeAttributes,
  parseExcludeQueues,
  VOICE_INTELLIGENCE_KEYS,
} from '@dual-channel-recording/contract';
import type { EnvDefaults } from './env';
import type {
  ConfigProblem,
  ConfigResult,
  PauseShortcuts,
  RecordingConfig,
  ShortcutKey,
} from './recordingConfig';
import {
  CONFIG_DEFAULTS,
  FLEX_DEFAULT_SHORTCUTS,
  UI_ATTRIBUTES_KEY,
  WAIT_TIMEOUT_SECONDS_RANGE,
} from './recordingConfig';

/** A raw setting and where it came from. Env values are always strings. */
interface RawSetting {
  readonly source: string;
  readonly value: unknown;
  readonly fromEnv: boolean;
}

const KNOWN_KEYS = [
  'enabled',
  'channel',
  'serverless_domain',
  'exclude_queues',
  'exclude_attributes',
  'wait_timeout_seconds',
  'pause_shortcuts',
] as const;
type Key = (typeof KNOWN_KEYS)[number];

const ENV_NAMES: Record<Key, keyof EnvDefaults> = {
  enabled: 'FLEX_APP_DUAL_CHANNEL_RECORDING_ENABLED',
  channel: 'FLEX_APP_DUAL_CHANNEL_RECORDING_CHANNEL',
  serverless_domain: 'FLEX_APP_DUAL_CHANNEL_RECORDING_SERVERLESS_DOMAIN',
  exclude_queues: 'FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_QUEUES',
  exclude_attributes: 'FLEX_APP_DUAL_CHANNEL_RECORDING_EXCLUDE_ATTRIBUTES',
  wait_timeout_seconds: 'FLEX_APP_DUAL_CHANNEL_RECORDING_WAIT_TIMEOUT_SECONDS',
  pause_shortcuts: 'FLEX_APP_DUAL_CHANNEL_RECORDING_PAUSE_SHORTCUTS',
};

const SHORTCUT_NAMES = ['toggle', 'pause', 'resume'] as const;
/** "9", "p", "Ctrl+Shift+9", "ctrl + shift + P": Flex shortcuts are always Ctrl+Shift+<key>. */
const SHORTCUT =
  /^(?:(?:ctrl|control)\s*\+\s*shift\s*\+\s*|shift\s*\+\s*(?:ctrl|control)\s*\+\s*)?([A-Za-z0-9])$/i;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);
const BARE_DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value}"` : `${typeof value} ${String(value)}`;
};

/**
 * Turns `serverless_domain` into a base URL: a bare domain (x-1234-dev.twil.io) gets https; a full
 * URL keeps its origin and path. Plain http is only accepted for loopback hosts, so a Flex token
 * never crosses the network in clear text.
 */
export function normalizeServerlessDomain(input: string): { url: string } | { error: string } {
  const trimmed = input.trim();
  if (trimmed === '') return { error: 'must not be empty' };
  if (!trimmed.includes('://')) {
    return BARE_DOMAIN.test(trimmed)
      ? { url: `https://${trimmed.toLowerCase()}` }
      : { error: `"${trimmed}" is neither a domain name nor an http(s) URL` };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { error: `"${trimmed}" is not a valid URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { error: `protocol ${url.protocol} is not supported; use https` };
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return { error: `plain http is only allowed for localhost/127.0.0.1; use https for ${url.hostname}` };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { error: 'must not contain credentials, a query or a fragment' };
  }
  return { url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/**
 * Parses the settings once: `ui_attributes.dual_channel_recording` wins key by key over the
 * FLEX_APP_DUAL_CHANNEL_RECORDING_* build-time defaults, which win over CONFIG_DEFAULTS. Any problem
 * (unknown key, wrong type, bad value) makes the result not ok: recording stays off rather than
 * guessing.
 */
export function parseConfig(uiAttributes: unknown, env: EnvDefaults): ConfigResult {
  const problems: ConfigProblem[] = [];
  const uiPrefix = `ui_attributes.${UI_ATTRIBUTES_KEY}`;
  const problem = (source: string, message: string): undefined => {
    problems.push({ source, message });
    return undefined;
  };

  let ui: Record<string, unknown> = {};
  if (uiAttributes !== undefined && uiAttributes !== null) {
    if (isRecord(uiAttributes)) {
      ui = uiAttributes;
      for (const key of Object.keys(ui)) {
        const known: readonly string[] = [...KNOWN_KEYS, ...COMPLIANCE_KEYS, ...VOICE_INTELLIGENCE_KEYS];
        if (!known.includes(key)) {
          problem(`${uiPrefix}.${key}`, `unknown setting; known settings are ${known.join(', ')}`);
        }
      }
      // The Functions' settings beside ours (playback, consent, stop on last agent): the plugin does
      // not use them, but names their problems too, read by the same contract parser as the Functions.
      const compliance = parseComplianceSettings({ [UI_ATTRIBUTES_KEY]: ui });
      if (!compliance.ok) for (const p of compliance.problems) problem(p.setting, p.reason);
      // voice_intelligence_service_sid is the Functions' alone, and a wrong one must not stop recording:
      // they record `invalid_setting` on every completed recording instead, which the audit shows.
    } else {
      problem(uiPrefix, `must be an object, got ${describe(uiAttributes)}`);
    }
  }

  const setting = (key: Key): RawSetting | undefined => {
    if (ui[key] !== undefined) return { source: `${uiPrefix}.${key}`, value: ui[key], fromEnv: false };
    const envName = ENV_NAMES[key];
    const envValue = env[envName];
    if (envValue !== undefined && envValue.trim() !== '') {
      return { source: envName, value: envValue.trim(), fromEnv: true };
    }
    return undefined;
  };

  const enabled = ((): boolean | undefined => {
    const s = setting('enabled');
    if (!s) return CONFIG_DEFAULTS.enabled;
    if (typeof s.value === 'boolean') return s.value;
    if (s.fromEnv && (s.value === 'true' || s.value === 'false')) return s.value === 'true';
    return problem(s.source, `must be true or false, got ${describe(s.value)}`);
  })();

  const channel = ((): RecordingChannel | undefined => {
    const s = setting('channel');
    if (!s) return CONFIG_DEFAULTS.channel;
    if (s.value === 'customer' || s.value === 'worker') return s.value;
    return problem(s.source, `must be "customer" or "worker", got ${describe(s.value)}`);
  })();

  const serverlessBaseUrl = ((): string | undefined => {
    const s = setting('serverless_domain');
    if (!s) {
      return enabled === false
        ? ''
        : problem(`${uiPrefix}.serverless_domain`, `is required (or set ${ENV_NAMES.serverless_domain})`);
    }
    if (typeof s.value !== 'string') return problem(s.source, `must be a string, got ${describe(s.value)}`);
    const normalized = normalizeServerlessDomain(s.value);
    return 'url' in normalized ? normalized.url : problem(s.source, normalized.error);
  })();

  // Exclusions come from ui_attributes only, read by the contract's parsers, the same the Functions
  // use: create-recording reads that same document (the Flex Configuration API) and refuses excluded
  // tasks too, but a build-time value never reaches it.
  const exclusionSetting = <T>(
    key: ExclusionKey,
    parse: (value: unknown, setting: string, found: SettingProblem[]) => T[],
    defaults: readonly T[],
  ): T[] | undefined => {
    const s = setting(key);
    if (!s) return [...defaults];
    if (s.fromEnv) {
      return problem(
        s.source,
        `cannot be a build-time setting: set ${uiPrefix}.${key} in Flex instead, where the Functions enforce it too, and leave this variable empty`,
      );
    }
    const found: SettingProblem[] = [];
    const parsed = parse(s.value, s.source, found);
    for (const p of found) problem(p.setting, p.reason);
    return found.length > 0 ? undefined : parsed;
  };

  const excludeQueues = exclusionSetting('exclude_queues', parseExcludeQueues, CONFIG_DEFAULTS.excludeQueues);
  const excludeAttributes = exclusionSetting(
    'exclude_attributes',
    parseExcludeAttributes,
    CONFIG_DEFAULTS.excludeAttributes,
  );

  const waitTimeoutMs = ((): number | undefined => {
    const s = setting('wait_timeout_seconds');
    if (!s) return CONFIG_DEFAULTS.waitTimeoutSeconds * 1000;
    const n = s.fromEnv && typeof s.value === 'string' ? Number(s.value) : s.value;
    const { min, max } = WAIT_TIMEOUT_SECONDS_RANGE;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
      return problem(s.source, `must be a number of seconds from ${min} to ${max}, got ${describe(s.value)}`);
    }
    return Math.round(n * 1000);
  })();

  const pauseShortcuts = ((): PauseShortcuts | undefined => {
    const s = setting('pause_shortcuts');
    if (!s) return { ...CONFIG_DEFAULTS.pauseShortcuts };
    let value = s.value;
    if (s.fromEnv && typeof s.value === 'string') {
      try {
        value = JSON.parse(s.value) as unknown;
      } catch {
        return problem(s.source, 'must be JSON, e.g. {"toggle":"9","pause":"7","resume":null}');
      }
    }
    if (!isRecord(value)) {
      return problem(s.source, `must be an object like {"toggle":"9","pause":"7","resume":"8"}`);
    }
    const before = problems.length;
    for (const key of Object.keys(value)) {
      if (!(SHORTCUT_NAMES as readonly string[]).includes(key)) {
        problem(`${s.source}.${key}`, `unknown shortcut; known shortcuts are ${SHORTCUT_NAMES.join(', ')}`);
      }
    }
    const keys: Record<(typeof SHORTCUT_NAMES)[number], ShortcutKey> = { ...CONFIG_DEFAULTS.pauseShortcuts };
    const takenBy = new Map<string, string>();
    for (const name of SHORTCUT_NAMES) {
      const at = `${s.source}.${name}`;
      const raw = value[name];
      if (raw === null || raw === false) {
        keys[name] = null;
        continue;
      }
      if (raw !== undefined) {
        const match = typeof raw === 'string' ? SHORTCUT.exec(raw.trim()) : null;
        if (!match?.[1]) {
          problem(
            at,
            `must be one letter or digit (Flex shortcuts are always Ctrl+Shift+<key>), or null/false to turn it off, got ${describe(raw)}`,
          );
          continue;
        }
        keys[name] = match[1].toUpperCase();
      }
      const key = keys[name];
      if (key === null) continue;
      const flexName = FLEX_DEFAULT_SHORTCUTS[key];
      if (flexName !== undefined) {
        problem(at, `Ctrl+Shift+${key} is Flex's own "${flexName}" shortcut; choose another key`);
        continue;
      }
      const other = takenBy.get(key);
      if (other !== undefined) {
        problem(
          at,
          raw === undefined
            ? `its default Ctrl+Shift+${key} is now the ${other} shortcut; set ${name} to another key or null`
            : `Ctrl+Shift+${key} is already the ${other} shortcut; choose another key`,
        );
        continue;
      }
      takenBy.set(key, name);
    }
    return problems.length === before ? keys : undefined;
  })();

  if (
    problems.length > 0 ||
    enabled === undefined ||
    channel === undefined ||
    serverlessBaseUrl === undefined ||
    excludeQueues === undefined ||
    excludeAttributes === undefined ||
    waitTimeoutMs === undefined ||
    pauseShortcuts === undefined
  ) {
    return { ok: false, problems };
  }
  const config: RecordingConfig = {
    enabled,
    channel,
    serverlessBaseUrl,
    excludeQueues,
    excludeAttributes,
    waitTimeoutMs,
    pauseShortcuts,
  };
  return { ok: true, config, problems: [] };
}
