import type { RecordingChannel } from '@dual-channel-recording/contract';
import { isRecord } from '@dual-channel-recording/contract';
import type { EnvDefaults } from './env';
import type {
  AttributeExclusion,
  AttributeValue,
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

const isAttributeValue = (value: unknown): value is AttributeValue =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

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
        if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
          problem(`${uiPrefix}.${key}`, `unknown setting; known settings are ${KNOWN_KEYS.join(', ')}`);
        }
      }
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

  const excludeQueues = ((): string[] | undefined => {
    const s = setting('exclude_queues');
    if (!s) return [...CONFIG_DEFAULTS.excludeQueues];
    const list = s.fromEnv && typeof s.value === 'string' ? s.value.split(',').map((q) => q.trim()) : s.value;
    if (!Array.isArray(list)) return problem(s.source, `must be a list of queue names or WQ SIDs`);
    const bad = list.findIndex((q) => typeof q !== 'string' || q.trim() === '');
    if (bad !== -1) return problem(`${s.source}[${bad}]`, `must be a non-empty queue name or WQ SID`);
    return list.map((q: string) => q.trim());
  })();

  const excludeAttributes = ((): AttributeExclusion[] | undefined => {
    const s = setting('exclude_attributes');
    if (!s) return [...CONFIG_DEFAULTS.excludeAttributes];
    let list = s.value;
    if (s.fromEnv && typeof s.value === 'string') {
      try {
        list = JSON.parse(s.value) as unknown;
      } catch {
        return problem(s.source, 'must be JSON, e.g. [{"path":"customers.segment","value":"vip"}]');
      }
    }
    if (!Array.isArray(list)) {
      return problem(s.source, 'must be a list like [{"path":"customers.segment","value":"vip"}]');
    }
    const rules: AttributeExclusion[] = [];
    list.forEach((item: unknown, index) => {
      const at = `${s.source}[${index}]`;
      if (!isRecord(item)) return problem(at, `must be an object with "path" and "value"`);
      const extra = Object.keys(item).filter((k) => k !== 'path' && k !== 'value');
      if (extra.length > 0) problem(at, `unknown field(s) ${extra.join(', ')}; only "path" and "value"`);
      const { path, value } = item;
      const segments = typeof path === 'string' ? path.split('.') : [];
      if (typeof path !== 'string' || segments.some((seg) => seg.trim() === '')) {
        return problem(`${at}.path`, `must be a dot path like "customers.segment", got ${describe(path)}`);
      }
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0 || !values.every(isAttributeValue)) {
        return problem(`${at}.value`, `must be a string, number or boolean, or a non-empty list of them`);
      }
      rules.push({ path, segments, values });
      return undefined;
    });
    return rules;
  })();

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
