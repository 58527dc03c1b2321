/**
 * What an admin reads about each setting of `ui_attributes.dual_channel_recording` that the contract
 * parses (the exclusions and the compliance settings), kept beside their parsers so that the one
 * settings table in docs/admin-guide.md is generated from here (scripts/settings-table.ts) and a key
 * added to a parser without a description fails to compile.
 */
import type { ComplianceSettings, COMPLIANCE_KEYS } from './compliance';
import type { ExclusionSettings } from './exclusions';
import type { VOICE_INTELLIGENCE_KEYS } from './voice-intelligence';

/** One setting as the admin guide's table shows it. */
export interface SettingDoc<Parsed> {
  /** The type or the allowed values, as the parser accepts them. */
  readonly type: string;
  /** What it does, in one sentence. */
  readonly does: string;
  /**
   * The default: read from what the parser makes of an absent setting, or said in words when it is
   * not a value (required, or derived from another setting).
   */
  readonly default: ((parsed: Parsed) => unknown) | string;
}

/** The exclusion keys of `ui_attributes.dual_channel_recording`. */
export type ExclusionKey = 'exclude_queues' | 'exclude_attributes';

/** The exclusions: read by the plugin (which does not ask) and by create-recording (which refuses). */
export const EXCLUSION_SETTING_DOCS: { readonly [K in ExclusionKey]: SettingDoc<ExclusionSettings> } = {
  exclude_queues: {
    type: 'string[]: queue names (exact) or WQ SIDs',
    does: "tasks in these queues are never recorded; matched on TaskRouter's queue fields, which an agent cannot change",
    default: (parsed) => parsed.excludeQueues,
  },
  exclude_attributes: {
    type: '`{ path, value }[]`: a dot path into the task attributes; a value or a list of values',
    does: 'tasks whose attribute at `path` equals a value (`===`, arrays searched) are never recorded; an agent can write the attributes',
    default: (parsed) => parsed.excludeAttributes,
  },
};

/** The compliance settings: read by the Functions, checked by the plugin too. */
export const COMPLIANCE_SETTING_DOCS: {
  readonly [K in (typeof COMPLIANCE_KEYS)[number]]: SettingDoc<ComplianceSettings>;
} = {
  playback_roles: {
    type: 'string[]: Flex roles',
    does: 'who may play any recording back through the Insights player (`url_provider`)',
    default: (parsed) => parsed.playbackRoles,
  },
  playback_handling_agent: {
    type: 'boolean',
    does: "the agent who handled the call (by TaskRouter's event log) may play its recording back too",
    default: (parsed) => parsed.playbackHandlingAgent,
  },
  consent_announcement: {
    type: '`{ url, queues?, directions?, on_resume?, stop_recording_on_failure? }` or `null`',
    does: 'the customer hears `url` (https MP3, WAV or TwiML) once when a recording starts, for the listed queues (empty: all) and directions (default both)',
    default: (parsed) => parsed.consentAnnouncement ?? null,
  },
  stop_on_last_agent_leave: {
    type: 'boolean',
    does: 'a customer-leg recording stops when the call is over for the last agent (never on a transfer); needs the Event Streams sink',
    default: (parsed) => parsed.stopOnLastAgentLeave,
  },
  stop_on_external_transfer: {
    type: 'boolean',
    does: 'with the last-agent stop, also stop while the customer talks to an external party an agent cold-transferred them to',
    default: (parsed) => parsed.stopOnExternalTransfer,
  },
  stop_on_excluded_queue_transfer: {
    type: 'boolean',
    does: 'a task transferred into a queue in `exclude_queues` has its recordings stopped at the transfer',
    default: (parsed) => parsed.stopOnExcludedQueueTransfer,
  },
  play_without_access_log: {
    type: 'boolean',
    does: 'a playback goes ahead when its access-log entry cannot be written (off: the player gets a 503 and retries); docs/compliance.md',
    default: (parsed) => parsed.playWithoutAccessLog,
  },
  retention_by_queue: {
    type: '`{ "<queue name or WQ SID>": days }`',
    does: "days a queue's recordings are kept before `dual-channel-recordings purge` deletes them (legal holds excepted); docs/compliance.md",
    default: (parsed) => parsed.retentionByQueue,
  },
};

/** The Voice Intelligence setting: read by the recording-status Function. */
export const VOICE_INTELLIGENCE_SETTING_DOCS: {
  readonly [K in (typeof VOICE_INTELLIGENCE_KEYS)[number]]: SettingDoc<{ serviceSid: string | undefined }>;
} = {
  voice_intelligence_service_sid: {
    type: 'Intelligence Service SID (`GA…`), `null` or `""`',
    does: 'each completed recording is transcribed in this service, its two channels labelled customer and agent by the leg recorded (docs/voice-intelligence.md)',
    default: (parsed) => parsed.serviceSid ?? null,
  },
};
