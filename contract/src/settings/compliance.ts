/**
 * The admin's compliance settings, set once in Flex (`ui_attributes.dual_channel_recording`) beside
 * the exclusions and read by the Functions from the Flex Configuration API (and by the plugin, which
 * names the same problems): who may play recordings back (`playback_roles`,
 * `playback_handling_agent`), the consent announcement (`consent_announcement`), whether a
 * customer-leg recording stops when the last agent leaves (`stop_on_last_agent_leave`), also while
 * the customer talks to an external party an agent transferred them to (`stop_on_external_transfer`),
 * when the task is transferred into an excluded queue (`stop_on_excluded_queue_transfer`), and
 * whether a playback may go ahead when the access log cannot record it (`play_without_access_log`),
 * and how long each queue's recordings are kept (`retention_by_queue`). One
 * parser, problems naming the setting's full path; a setting that does not parse is never guessed.
 */
import type { SettingProblem } from '../credentials/settings';
import type { CallDirectionFact } from '../task-attributes/layout';
import { isRecord } from '../json/is-record';
import { SETTINGS_PATH, UI_ATTRIBUTES_KEY } from './exclusions';
import { isSid } from '../credentials/sid';

/** A call direction as Flex writes it in the task attributes (`direction`). */
export type CallDirection = 'inbound' | 'outbound';

/** When and what the customer hears as the recording starts. */
export interface ConsentAnnouncement {
  /** What Twilio fetches (Conference Participant `AnnounceUrl`): an MP3, a WAV or TwiML. */
  readonly url: string;
  /** Queue names or WQ SIDs it applies to; empty: every queue. */
  readonly queues: readonly string[];
  /** Call directions it applies to (default both). */
  readonly directions: readonly CallDirection[];
  /** Announce again when a paused recording resumes (default false). */
  readonly onResume: boolean;
  /** A failed announcement stops the recording (default false: the failure is recorded and shown). */
  readonly stopRecordingOnFailure: boolean;
}

/** The compliance settings, parsed, with their defaults applied. */
export interface ComplianceSettings {
  /** Flex roles that may play any recording back (default supervisor and admin). */
  readonly playbackRoles: readonly string[];
  /** The agent who handled the call may play its recording back too (default false). */
  readonly playbackHandlingAgent: boolean;
  /** The consent announcement, or undefined when off. */
  readonly consentAnnouncement: ConsentAnnouncement | undefined;
  /** A customer-leg recording stops when the call is over for the last agent (default true). */
  readonly stopOnLastAgentLeave: boolean;
  /**
   * It stops too when the last agent left the customer talking to an external party (a cold transfer
   * to a phone number) (default false: that is a transfer, and the call goes on being recorded).
   */
  readonly stopOnExternalTransfer: boolean;
  /**
   * A recording running when its task is transferred into a queue `exclude_queues` lists is stopped
   * at the transfer (default true: the excluded queue's conversation is not recorded).
   */
  readonly stopOnExcludedQueueTransfer: boolean;
  /**
   * A playback is granted even when the access log cannot take its entry (default false: the grant
   * fails closed with 503 and the player asks again).
   */
  readonly playWithoutAccessLog: boolean;
  /**
   * Days a queue's recordings are kept before `purge` deletes them, by queue name or WQ SID; a queue
   * not listed takes the purge's `--older-than` (default `{}`).
   */
  readonly retentionByQueue: Readonly<Record<string, number>>;
}

/** The parsed settings, or every problem found. */
export type ComplianceSettingsResult =
  | { readonly ok: true; readonly settings: ComplianceSettings }
  | { readonly ok: false; readonly problems: readonly SettingProblem[] };

/** The compliance keys of `ui_attributes.dual_channel_recording` (the plugin accepts them too). */
export const COMPLIANCE_KEYS = [
  'playback_roles',
  'playback_handling_agent',
  'consent_announcement',
  'stop_on_last_agent_leave',
  'stop_on_external_transfer',
  'stop_on_excluded_queue_transfer',
  'play_without_access_log',
  'retention_by_queue',
] as const;

/**
 * The defaults: supervisors and admins play back, no announcement, stop when the last agent leaves
 * (not while the customer talks to an external party), stop at a transfer into an excluded queue.
 */
export const DEFAULT_COMPLIANCE_SETTINGS: ComplianceSettings = {
  playbackRoles: ['supervisor', 'admin'],
  playbackHandlingAgent: false,
  consentAnnouncement: undefined,
  stopOnLastAgentLeave: true,
  stopOnExternalTransfer: false,
  stopOnExcludedQueueTransfer: true,
  playWithoutAccessLog: false,
  retentionByQueue: {},
};

// Flex role names are plain words (admin, supervisor, agent, wfo.quality_process_manager, ...).
const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const DIRECTIONS: readonly CallDirection[] = ['inbound', 'outbound'];
const CONSENT_KEYS = ['url', 'queues', 'directions', 'on_resume', 'stop_recording_on_failure'];
// https://host[:port]/…, or http on a loopback host (the contract has no URL class: browser and Node alike).
const FETCHABLE_URL =
  /^(?:https:\/\/[A-Za-z0-9.-]+|http:\/\/(?:localhost|127\.0\.0\.1|\[::1\]))(?::\d{1,5})?(?:[/?#][^\s]*)?$/;

function invalid(problems: SettingProblem[], setting: string, reason: string): undefined {
  problems.push({ setting, kind: 'invalid', reason });
  return undefined;
}

function readBoolean(
  section: Record<string, unknown>,
  key: string,
  fallback: boolean,
  problems: SettingProblem[],
): boolean {
  const value = section[key];
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  invalid(problems, `${SETTINGS_PATH}.${key}`, 'must be true or false');
  return fallback;
}

function readRoles(value: unknown, setting: string, problems: SettingProblem[]): string[] | undefined {
  if (!Array.isArray(value) || !value.every((role) => typeof role === 'string' && ROLE_NAME.test(role))) {
    return invalid(problems, setting, 'must be a list of Flex role names such as ["supervisor", "admin"]');
  }
  return [...new Set(value as string[])];
}

/** Longest retention accepted: 100 years, in days (anything longer is a typo). */
const MAX_RETENTION_DAYS = 36_500;

function readRetention(value: unknown, problems: SettingProblem[]): Record<string, number> {
  const at = `${SETTINGS_PATH}.retention_by_queue`;
  if (value === undefined || value === null) return {};
  const ok =
    isRecord(value) &&
    Object.entries(value).every(
      ([queue, days]) =>
        queue.trim() !== '' &&
        typeof days === 'number' &&
        Number.isInteger(days) &&
        days >= 1 &&
        days <= MAX_RETENTION_DAYS,
    );
  if (!ok) {
    invalid(
      problems,
      at,
      `must map queue names or WQ SIDs to whole days from 1 to ${MAX_RETENTION_DAYS}, like {"Sales": 90}`,
    );
    return {};
  }
  return Object.fromEntries(Object.entries(value as Record<string, number>).map(([q, d]) => [q.trim(), d]));
}

/** An https URL Twilio can fetch (http only for a local address: Twilio cannot reach it anyway). */
export function isFetchableUrl(value: string): boolean {
  return FETCHABLE_URL.test(value);
}

function readConsent(value: unknown, problems: SettingProblem[]): ConsentAnnouncement | undefined {
  const at = `${SETTINGS_PATH}.consent_announcement`;
  if (value === undefined || value === null || value === false) return undefined;
  if (!isRecord(value)) {
    return invalid(problems, at, 'must be an object like {"url": "https://…/consent.mp3"}, or null for none');
  }
  const before = problems.length;
  const extra = Object.keys(value).filter((key) => !CONSENT_KEYS.includes(key));
  if (extra.length > 0)
    invalid(problems, at, `unknown field(s) ${extra.join(', ')}; known: ${CONSENT_KEYS.join(', ')}`);
  const { url } = value;
  if (typeof url !== 'string' || !isFetchableUrl(url)) {
    invalid(problems, `${at}.url`, 'must be an https URL of an MP3, a WAV or TwiML (<Play>, <Say>)');
  }
  let queues: string[] = [];
  if (value.queues !== undefined) {
    if (
      !Array.isArray(value.queues) ||
      !value.queues.every((queue) => typeof queue === 'string' && queue.trim() !== '')
    ) {
      invalid(problems, `${at}.queues`, 'must be a list of queue names or WQ SIDs (empty: every queue)');
    } else {
      queues = value.queues.map((queue: string) => queue.trim());
    }
  }
  let directions: CallDirection[] = [...DIRECTIONS];
  if (value.directions !== undefined) {
    const list = value.directions;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((d) => DIRECTIONS.includes(d as CallDirection))
    ) {
      invalid(problems, `${at}.directions`, 'must be a non-empty list of "inbound" and "outbound"');
    } else {
      directions = [...new Set(list as CallDirection[])];
    }
  }
  const flag = (key: string): boolean => {
    const raw = value[key];
    if (raw === undefined) return false;
    if (typeof raw === 'boolean') return raw;
    invalid(problems, `${at}.${key}`, 'must be true or false');
    return false;
  };
  const onResume = flag('on_resume');
  const stopRecordingOnFailure = flag('stop_recording_on_failure');
  if (problems.length > before) return undefined;
  return { url: url as string, queues, directions, onResume, stopRecordingOnFailure };
}

/**
 * Reads the compliance settings from `ui_attributes` (the whole object, as the Flex Configuration API
 * answers it). Absent keys take the defaults ({@link DEFAULT_COMPLIANCE_SETTINGS}); anything
 * malformed is a problem naming its full path.
 */
export function parseComplianceSettings(uiAttributes: unknown): ComplianceSettingsResult {
  if (uiAttributes !== undefined && uiAttributes !== null && !isRecord(uiAttributes)) {
    return {
      ok: false,
      problems: [{ setting: 'ui_attributes', kind: 'invalid', reason: 'must be an object' }],
    };
  }
  const section = uiAttributes?.[UI_ATTRIBUTES_KEY];
  if (section === undefined || section === null) return { ok: true, settings: DEFAULT_COMPLIANCE_SETTINGS };
  if (!isRecord(section)) {
    return {
      ok: false,
      problems: [{ setting: SETTINGS_PATH, kind: 'invalid', reason: 'must be an object' }],
    };
  }
  const problems: SettingProblem[] = [];
  const playbackRoles =
    section.playback_roles === undefined
      ? DEFAULT_COMPLIANCE_SETTINGS.playbackRoles
      : readRoles(section.playback_roles, `${SETTINGS_PATH}.playback_roles`, problems);
  const settings: ComplianceSettings = {
    playbackRoles: playbackRoles ?? [],
    playbackHandlingAgent: readBoolean(section, 'playback_handling_agent', false, problems),
    consentAnnouncement: readConsent(section.consent_announcement, problems),
    stopOnLastAgentLeave: readBoolean(section, 'stop_on_last_agent_leave', true, problems),
    stopOnExternalTransfer: readBoolean(section, 'stop_on_external_transfer', false, problems),
    stopOnExcludedQueueTransfer: readBoolean(section, 'stop_on_excluded_queue_transfer', true, problems),
    playWithoutAccessLog: readBoolean(section, 'play_without_access_log', false, problems),
    retentionByQueue: readRetention(section.retention_by_queue, problems),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings };
}

/**
 * What the consent rule reads of a task: TaskRouter's queue fields and the call's direction as
 * Twilio's call resource reports it (never the task's `direction` attribute, which an agent writes).
 */
export interface ConsentTask {
  readonly queueName?: string;
  readonly queueSid?: string;
  /** `unknown` when the call could not be read: the announcement is then played (fail closed). */
  readonly direction: CallDirectionFact;
}

/** Whether the announcement is played, or which part of the rule leaves this task out. */
export type ConsentDecision = 'announce' | 'queue_not_listed' | 'direction_not_listed';

/**
 * The consent rule for one task: played unless its queue is not listed, or its direction is known
 * and not listed. An unknown direction is announced: a caller is never recorded unannounced because
 * a fact could not be read.
 */
export function consentDecision(announcement: ConsentAnnouncement, task: ConsentTask): ConsentDecision {
  if (task.direction !== 'unknown' && !announcement.directions.includes(task.direction))
    return 'direction_not_listed';
  if (announcement.queues.length === 0) return 'announce';
  const listed = announcement.queues.some((queue) =>
    isSid(queue, 'WQ') ? task.queueSid === queue : task.queueName === queue,
  );
  return listed ? 'announce' : 'queue_not_listed';
}

/** True when the announcement applies to this task ({@link consentDecision} is `announce`). */
export function consentApplies(announcement: ConsentAnnouncement, task: ConsentTask): boolean {
  return consentDecision(announcement, task) === 'announce';
}
