import { SidFactory } from './sids';
import type { HeardSentence } from './transcribe';
import { SyncStore } from './sync-store';
import type { EventDelivery, EventSink } from './event-streams';
import type { TaskRouterEvent } from './task-events';
import type { WebhookParams } from './signer';

/** An account: SID, auth token and API keys (SK... → secret). */
export interface Account {
  sid: string;
  authToken: string;
  friendlyName: string;
  apiKeys: Record<string, string>;
}

/** A TaskRouter workspace. */
export interface Workspace {
  sid: string;
  accountSid: string;
  friendlyName: string;
}

/** A TaskRouter worker (a Flex agent). */
export interface Worker {
  sid: string;
  accountSid: string;
  workspaceSid: string;
  friendlyName: string;
  identity: string;
  attributes: string;
  activityName: string;
  activitySid: string;
  available: boolean;
  dateCreated: Date;
  dateUpdated: Date;
}

/** Kinds of Flex token the control API can mint. */
export type TokenKind = 'valid' | 'expired' | 'other-account';

/** A Flex token and who it belongs to. */
export interface FlexToken {
  token: string;
  /** The account the token was issued for (differs from the worker's for `other-account`). */
  accountSid: string;
  workerSid: string;
  identity: string;
  roles: string[];
  expiresAt: Date;
  realmUserId: string;
  flexUserSid: string;
  flexInstanceSid: string;
}

/** One write to a task, for the state read-out (who wrote what, in which order). */
export interface TaskUpdate {
  at: string;
  /** Position in the sandbox's one order of state changes ({@link nextChangeSeq}). */
  seq: number;
  revision: number;
  by: 'api' | 'control';
  attributes: string;
  assignmentStatus: string;
}

/** A TaskRouter task. `revision` is its version, sent as the ETag. */
export interface Task {
  sid: string;
  accountSid: string;
  workspaceSid: string;
  attributes: string;
  assignmentStatus: 'pending' | 'reserved' | 'assigned' | 'canceled' | 'completed' | 'wrapping';
  priority: number;
  reason: string | null;
  queueSid: string;
  queueName: string;
  workflowSid: string;
  workflowName: string;
  channelSid: string;
  channelName: string;
  timeout: number;
  dateCreated: Date;
  dateUpdated: Date;
  revision: number;
  history: TaskUpdate[];
}

/** Reservation statuses (TaskRouter's task_reservation_enum_status). */
export type ReservationStatus =
  'pending' | 'accepted' | 'rejected' | 'timeout' | 'canceled' | 'rescinded' | 'wrapping' | 'completed';

/** A task reservation: a worker offered (or holding) a task. */
export interface Reservation {
  sid: string;
  accountSid: string;
  workspaceSid: string;
  taskSid: string;
  workerSid: string;
  status: ReservationStatus;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A conference (Flex names it after the task SID). */
export interface Conference {
  sid: string;
  accountSid: string;
  friendlyName: string;
  status: 'init' | 'in-progress' | 'completed';
  dateCreated: Date;
  dateUpdated: Date;
}

/** Who a call leg belongs to, for scenarios and media channels. */
export type LegRole = 'customer' | 'worker';

/** A conference participant (one call leg in a conference). */
export interface Participant {
  conferenceSid: string;
  callSid: string;
  accountSid: string;
  label: string | null;
  role: LegRole;
  status: 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';
  hold: boolean;
  muted: boolean;
  dateCreated: Date;
  dateUpdated: Date;
}

/** Call statuses (the 2010 API's call_enum_status). */
export type CallStatus =
  'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

/** A call leg. */
export interface Call {
  sid: string;
  accountSid: string;
  parentCallSid: string | null;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  role: LegRole;
  status: CallStatus;
  startTime: Date;
  endTime: Date | null;
  dateCreated: Date;
  dateUpdated: Date;
}

/** Recording statuses (the 2010 API's recording_enum_status). */
export type RecordingStatus =
  'in-progress' | 'paused' | 'stopped' | 'processing' | 'completed' | 'absent' | 'deleted';

/** Where and when to send a recording's status callbacks. */
export interface RecordingCallback {
  url: string;
  method: 'GET' | 'POST';
  events: string[];
}

/** A call recording. */
export interface Recording {
  sid: string;
  accountSid: string;
  callSid: string;
  conferenceSid: string | null;
  channels: 1 | 2;
  track: 'inbound' | 'outbound' | 'both';
  source: 'StartCallRecordingAPI';
  status: RecordingStatus;
  pauseBehavior: 'skip' | 'silence';
  startTime: Date;
  dateCreated: Date;
  dateUpdated: Date;
  durationSeconds: number | null;
  /** Recorded milliseconds so far (pauses with `skip` do not count). */
  activeMs: number;
  /** Epoch ms since when `activeMs` is accruing (null while paused/over). */
  accruingSince: number | null;
  callback: RecordingCallback | null;
  errorCode: number | null;
  deleted: boolean;
  /** Every status the recording took, in the sandbox's one order of state changes. */
  statusHistory: RecordingStatusChange[];
}

/** A Voice Intelligence transcript (`intelligence.twilio.com/v2/Transcripts`). */
export interface Transcript {
  sid: string;
  accountSid: string;
  serviceSid: string;
  /** The recording it transcribes (`Channel.media_properties.source_sid`). */
  sourceSid: string;
  /** The `Channel` object as the create sent it (media properties and participants). */
  channel: Record<string, unknown>;
  customerKey: string | null;
  mediaStartTime: string | null;
  dateCreated: Date;
  /** Reads since the create: the create answers `queued`, every later read `completed`. */
  reads: number;
  /** What was heard in the recording's audio when the transcript was made (it outlives the recording). */
  sentences: HeardSentence[];
}

/** One status change of a recording, numbered like task writes ({@link nextChangeSeq}). */
export interface RecordingStatusChange {
  seq: number;
  status: RecordingStatus;
}

let changeSeq = 0;

/**
 * The next number in one order shared by every task write and recording status change in this
 * process, so a test can replay exactly which state followed which (timestamps tie at 1 ms).
 */
export function nextChangeSeq(): number {
  changeSeq += 1;
  return changeSeq;
}

/** A status callback the sandbox sent, with the answer it got. */
export interface CallbackRecord {
  at: string;
  recordingSid: string;
  url: string;
  method: 'GET' | 'POST';
  params: WebhookParams;
  signature: string;
  responseStatus: number | null;
  error: string | null;
}

/** An announcement the sandbox was asked to play to one participant (Participant `AnnounceUrl`). */
export interface AnnouncementRecord {
  at: string;
  conferenceSid: string;
  callSid: string;
  url: string;
  method: string;
}

/** One Twilio API request as the sandbox saw it. */
export interface RequestLogEntry {
  seq: number;
  at: string;
  atMs: number;
  method: string;
  host: string;
  api: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  fault: string | null;
  twilioCode: number | null;
  /**
   * True when this request opened its connection (the first on it); deployed, that is a TCP and TLS
   * handshake before the request. A client that keeps its connections alive opens few.
   */
  newConnection: boolean;
}

/** The default account and workspace created at start and by reset (documented in README.md). */
export const DEFAULT_ACCOUNT = {
  sid: 'AC' + 'a'.repeat(32),
  authToken: 'sandbox0auth0token0000000000000000'.slice(0, 32),
  workspaceSid: 'WS' + 'a'.repeat(32),
};

/** The whole in-memory world of the sandbox. */
export class SandboxState {
  readonly sids = new SidFactory();
  readonly accounts = new Map<string, Account>();
  /** Each account's Flex `ui_attributes` (Flex Configuration API), as an admin set them. */
  readonly flexUiAttributes = new Map<string, Record<string, unknown>>();
  /** Accounts that turned on "Enforce HTTP Auth on Media URLs" (control API `setMediaAuth`). */
  readonly mediaAuthEnforced = new Set<string>();
  /** Accounts with Voice Insights Advanced Features on (control API `setVoiceInsightsAdvancedFeatures`). */
  readonly voiceInsightsAdvanced = new Set<string>();
  /** Voice Intelligence Services (`GA…`) by SID, with their account (control API `createIntelligenceService`). */
  readonly intelligenceServices = new Map<string, { accountSid: string }>();
  /** Voice Intelligence transcripts by SID. */
  readonly transcripts = new Map<string, Transcript>();
  readonly workspaces = new Map<string, Workspace>();
  readonly workers = new Map<string, Worker>();
  readonly tokens = new Map<string, FlexToken>();
  readonly tasks = new Map<string, Task>();
  readonly reservations = new Map<string, Reservation>();
  readonly conferences = new Map<string, Conference>();
  readonly participants = new Map<string, Participant>();
  readonly calls = new Map<string, Call>();
  readonly recordings = new Map<string, Recording>();
  readonly callbacks: CallbackRecord[] = [];
  readonly announcements: AnnouncementRecord[] = [];
  /** TaskRouter's event log, kept after tasks are deleted (`/Workspaces/{WS}/Events`). */
  readonly taskEvents: TaskRouterEvent[] = [];
  /** Each account's Event Streams webhook sink and its subscribed types (control API `setEventSink`). */
  readonly eventSinks = new Map<string, EventSink>();
  /** What was delivered to the sinks, oldest first. */
  readonly eventDeliveries: EventDelivery[] = [];
  /** Called with every TaskRouter event as it is recorded (Event Streams listens here). */
  onTaskEvent: ((event: TaskRouterEvent) => void) | undefined;
  /** Run at the end of every reset: what a harness re-creates (the deployed product's Sync service). */
  readonly afterReset: (() => void)[] = [];
  readonly requests: RequestLogEntry[] = [];
  /** Twilio Sync: services, Documents and Lists (the product's access log and legal holds). */
  readonly sync = new SyncStore();
  private requestSeq = 0;

  constructor() {
    this.reset();
  }

  /** Empties everything, then recreates the default account and workspace. */
  reset(): void {
    for (const map of [
      this.accounts,
      this.workspaces,
      this.workers,
      this.tokens,
      this.tasks,
      this.reservations,
      this.conferences,
      this.participants,
      this.calls,
      this.recordings,
      this.flexUiAttributes,
      this.intelligenceServices,
      this.transcripts,
    ]) {
      map.clear();
    }
    this.mediaAuthEnforced.clear();
    this.voiceInsightsAdvanced.clear();
    this.announcements.length = 0;
    this.taskEvents.length = 0;
    this.eventSinks.clear();
    this.eventDeliveries.length = 0;
    this.callbacks.length = 0;
    this.requests.length = 0;
    this.sync.reset();
    this.sids.reset();
    this.accounts.set(DEFAULT_ACCOUNT.sid, {
      sid: DEFAULT_ACCOUNT.sid,
      authToken: DEFAULT_ACCOUNT.authToken,
      friendlyName: 'Sandbox default account',
      apiKeys: {},
    });
    this.workspaces.set(DEFAULT_ACCOUNT.workspaceSid, {
      sid: DEFAULT_ACCOUNT.workspaceSid,
      accountSid: DEFAULT_ACCOUNT.sid,
      friendlyName: 'Flex Task Assignment',
    });
    for (const hook of this.afterReset) hook();
  }

  /** Appends to the request log and returns the entry. */
  logRequest(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { ...entry, seq: ++this.requestSeq };
    this.requests.push(full);
    return full;
  }

  /** Participant key: one call leg per conference. */
  static participantKey(conferenceSid: string, callSid: string): string {
    return `${conferenceSid}/${callSid}`;
  }
}
