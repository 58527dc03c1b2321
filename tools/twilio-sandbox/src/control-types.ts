import type { ConcurrencyStats } from './concurrency';
import type { FaultRule, ActiveFaultRule } from './faults';
import type {
  AnnouncementRecord,
  CallbackRecord,
  RecordingStatusChange,
  ReservationStatus,
  RequestLogEntry,
  TaskUpdate,
  TokenKind,
  Transcript,
} from './state';
import type { CreateWorkerInput, ScenarioResult, TaskOptions } from './scenarios';

/** JSON shapes of the control API (`/__sandbox/...`), shared by the server and SandboxClient. */

export type {
  ConcurrencyStats,
  AnnouncementRecord,
  FaultRule,
  ActiveFaultRule,
  CallbackRecord,
  RequestLogEntry,
  CreateWorkerInput,
  ScenarioResult,
  TaskUpdate,
  TokenKind,
  ReservationStatus,
};

/** A call leg as the control API shows it. */
export interface CallView {
  sid: string;
  accountSid: string;
  parentCallSid: string | null;
  from: string;
  to: string;
  direction: string;
  role: 'customer' | 'worker';
  status: string;
  conferenceSids: string[];
}

/** A recording as the control API shows it. */
export interface RecordingView {
  sid: string;
  accountSid: string;
  callSid: string;
  status: string;
  channels: 1 | 2;
  track: string;
  pauseBehavior: string;
  durationSeconds: number | null;
  callbackUrl: string | null;
  callbackMethod: string | null;
  callbackEvents: string[];
  deleted: boolean;
  errorCode: number | null;
  startTime: string;
  /** Every status the recording took, numbered in the order shared with task writes. */
  statusHistory: RecordingStatusChange[];
}

/** A task as the control API shows it (attributes parsed, ETag, history of writes). */
export interface TaskView {
  sid: string;
  accountSid: string;
  workspaceSid: string;
  attributes: Record<string, unknown>;
  assignmentStatus: string;
  etag: string;
  history: TaskUpdate[];
}

/** A Voice Intelligence transcript as the control API shows it (the `Channel` object as the create sent it). */
export type TranscriptView = Pick<
  Transcript,
  'sid' | 'accountSid' | 'serviceSid' | 'sourceSid' | 'channel' | 'customerKey' | 'mediaStartTime'
>;

/** A reservation as the control API shows it. */
export interface ReservationView {
  sid: string;
  taskSid: string;
  workerSid: string;
  status: ReservationStatus;
}

/** A conference with its participants. */
export interface ConferenceView {
  sid: string;
  friendlyName: string;
  status: string;
  participants: { callSid: string; role: string; status: string; label: string | null }[];
}

/** A worker with a Flex token. */
export interface WorkerResult {
  workerSid: string;
  workspaceSid: string;
  accountSid: string;
  identity: string;
  token: string;
  tokenExpiresAt: string;
  roles: string[];
}

/** Input shared by the call scenarios. */
export type ScenarioInput = TaskOptions;

/** Everything at once. */
export interface StateView {
  accounts: { sid: string; friendlyName: string }[];
  workers: { sid: string; identity: string; workspaceSid: string }[];
  calls: CallView[];
  recordings: RecordingView[];
  tasks: TaskView[];
  reservations: ReservationView[];
  conferences: ConferenceView[];
  callbacks: CallbackRecord[];
}
