/**
 * Exclusions: which tasks are never recorded. An admin sets them once in Flex
 * (`ui_attributes.dual_channel_recording.exclude_queues` / `exclude_attributes`); the plugin reads
 * them from its Flex configuration and does not ask, and create-recording reads the same document
 * from the Flex Configuration API and refuses. One parse and one matcher, used by both, so they can
 * never disagree about what is excluded.
 */
import type { SettingProblem } from '../credentials/settings';
import { isRecord } from '../json/is-record';
import { sidPattern } from '../credentials/sid';

/** Where the settings live in Flex's configuration. */
export const SETTINGS_PATH = 'ui_attributes.dual_channel_recording';

/** The key of the settings inside `ui_attributes`. */
export const UI_ATTRIBUTES_KEY = 'dual_channel_recording';

/** A value an attribute exclusion compares with (`===`: `true` does not match `"true"`). */
export type AttributeValue = string | number | boolean;

/** One `exclude_attributes` rule, parsed: the dot path split into segments, the values as a list. */
export interface AttributeExclusion {
  readonly path: string;
  readonly segments: readonly string[];
  readonly values: readonly AttributeValue[];
}

/** The exclusion settings, parsed. */
export interface ExclusionSettings {
  /** Queue names (exact) or WQ SIDs. */
  readonly excludeQueues: readonly string[];
  readonly excludeAttributes: readonly AttributeExclusion[];
}

/** Why a task is not recorded by configuration. */
export type Exclusion =
  | { readonly kind: 'queue'; readonly queue: string }
  | { readonly kind: 'attribute'; readonly path: string; readonly value: AttributeValue };

/** The parsed settings, or every problem found. */
export type ExclusionSettingsResult =
  | { readonly ok: true; readonly settings: ExclusionSettings }
  | { readonly ok: false; readonly problems: readonly SettingProblem[] };

const WORKSPACE_QUEUE_SID = sidPattern('WQ');

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value}"` : `${typeof value} ${String(value)}`;
}

function isAttributeValue(value: unknown): value is AttributeValue {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** Parses `exclude_queues`: a list of non-empty queue names or WQ SIDs (trimmed). */
export function parseExcludeQueues(value: unknown, setting: string, problems: SettingProblem[]): string[] {
  if (!Array.isArray(value)) {
    problems.push({ setting, kind: 'invalid', reason: 'must be a list of queue names or WQ SIDs' });
    return [];
  }
  const queues: string[] = [];
  value.forEach((queue: unknown, index) => {
    if (typeof queue !== 'string' || queue.trim() === '') {
      problems.push({
        setting: `${setting}[${index}]`,
        kind: 'invalid',
        reason: 'must be a non-empty queue name or WQ SID',
      });
    } else {
      queues.push(queue.trim());
    }
  });
  return queues;
}

/** Parses `exclude_attributes`: a list of `{ path, value }` rules. */
export function parseExcludeAttributes(
  value: unknown,
  setting: string,
  problems: SettingProblem[],
): AttributeExclusion[] {
  if (!Array.isArray(value)) {
    problems.push({
      setting,
      kind: 'invalid',
      reason: 'must be a list like [{"path":"customers.segment","value":"vip"}]',
    });
    return [];
  }
  const rules: AttributeExclusion[] = [];
  value.forEach((item: unknown, index) => {
    const at = `${setting}[${index}]`;
    if (!isRecord(item)) {
      problems.push({ setting: at, kind: 'invalid', reason: 'must be an object with "path" and "value"' });
      return;
    }
    const extra = Object.keys(item).filter((k) => k !== 'path' && k !== 'value');
    if (extra.length > 0) {
      problems.push({
        setting: at,
        kind: 'invalid',
        reason: `unknown field(s) ${extra.join(', ')}; only "path" and "value"`,
      });
    }
    const { path, value: wanted } = item;
    const segments = typeof path === 'string' ? path.split('.') : [];
    if (typeof path !== 'string' || segments.some((segment) => segment.trim() === '')) {
      problems.push({
        setting: `${at}.path`,
        kind: 'invalid',
        reason: `must be a dot path like "customers.segment", got ${describe(path)}`,
      });
      return;
    }
    const values = Array.isArray(wanted) ? wanted : [wanted];
    if (values.length === 0 || !values.every(isAttributeValue)) {
      problems.push({
        setting: `${at}.value`,
        kind: 'invalid',
        reason: 'must be a string, number or boolean, or a non-empty list of them',
      });
      return;
    }
    rules.push({ path, segments, values });
  });
  return rules;
}

/**
 * Reads the exclusion settings from `ui_attributes` (the whole object, as the Flex Configuration API
 * answers it). Absent keys are empty lists; anything malformed is a problem naming its full path, so
 * a caller refuses rather than guesses (a compliance exclusion must never be silently dropped).
 */
export function parseExclusionSettings(uiAttributes: unknown): ExclusionSettingsResult {
  const problems: SettingProblem[] = [];
  if (uiAttributes !== undefined && uiAttributes !== null && !isRecord(uiAttributes)) {
    return {
      ok: false,
      problems: [{ setting: 'ui_attributes', kind: 'invalid', reason: 'must be an object' }],
    };
  }
  const section = uiAttributes?.[UI_ATTRIBUTES_KEY];
  if (section === undefined || section === null)
    return { ok: true, settings: { excludeQueues: [], excludeAttributes: [] } };
  if (!isRecord(section))
    return {
      ok: false,
      problems: [{ setting: SETTINGS_PATH, kind: 'invalid', reason: 'must be an object' }],
    };
  const excludeQueues =
    section.exclude_queues === undefined
      ? []
      : parseExcludeQueues(section.exclude_queues, `${SETTINGS_PATH}.exclude_queues`, problems);
  const excludeAttributes =
    section.exclude_attributes === undefined
      ? []
      : parseExcludeAttributes(section.exclude_attributes, `${SETTINGS_PATH}.exclude_attributes`, problems);
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, settings: { excludeQueues, excludeAttributes } };
}

/**
 * Every value found at `segments` inside `root`. Arrays met on the way (or at the end) are searched
 * element by element, so `customers.segment` finds "vip" in `{ customers: [{ segment: "vip" }] }`
 * and in `{ customers: { segment: ["gold", "vip"] } }`.
 */
export function valuesAtPath(root: unknown, segments: readonly string[]): unknown[] {
  const flatten = (values: unknown[]): unknown[] =>
    values.flatMap((v) => (Array.isArray(v) ? flatten(v as unknown[]) : [v]));
  let current: unknown[] = [root];
  for (const segment of segments) {
    current = flatten(current).flatMap((node) =>
      typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, segment)
        ? [(node as Record<string, unknown>)[segment]]
        : [],
    );
  }
  return flatten(current);
}

/** What the matcher reads of a task: TaskRouter's queue fields and the attributes. */
export interface ExcludableTask {
  readonly queueName?: string;
  readonly queueSid?: string;
  readonly attributes: unknown;
}

/**
 * The first configured exclusion the task matches, or undefined to record it. Queue entries that
 * look like WQ SIDs compare with the task's queue SID, others with its queue name (exact: TaskRouter
 * names are case-sensitive). Attribute values compare with `===`.
 */
export function findExclusion(task: ExcludableTask, settings: ExclusionSettings): Exclusion | undefined {
  for (const queue of settings.excludeQueues) {
    const hit = WORKSPACE_QUEUE_SID.test(queue) ? task.queueSid === queue : task.queueName === queue;
    if (hit) return { kind: 'queue', queue };
  }
  for (const rule of settings.excludeAttributes) {
    const found = valuesAtPath(task.attributes, rule.segments);
    const value = rule.values.find((wanted) => found.some((candidate) => candidate === wanted));
    if (value !== undefined) return { kind: 'attribute', path: rule.path, value };
  }
  return undefined;
}
