/**
 * What the page reads from the sandbox (through the page server's `/api/state`). A copy of the fields it
 * uses from the sandbox's control-API `StateView`; `server/contract.ts` checks at compile time that the
 * sandbox's real type still fits this one.
 */
export interface SandboxView {
  readonly workers: readonly { readonly sid: string; readonly identity: string }[];
  readonly calls: readonly SandboxCall[];
  readonly recordings: readonly SandboxRecording[];
  readonly tasks: readonly SandboxTask[];
  readonly reservations: readonly SandboxReservation[];
  readonly conferences: readonly SandboxConference[];
}

/** A call leg. */
export interface SandboxCall {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly direction: string;
  readonly role: 'customer' | 'worker';
  readonly status: string;
  readonly conferenceSids: readonly string[];
}

/** A recording. */
export interface SandboxRecording {
  readonly sid: string;
  readonly callSid: string;
  readonly status: string;
  readonly channels: 1 | 2;
  readonly durationSeconds: number | null;
  readonly startTime: string;
}

/** A TaskRouter task, attributes parsed; the ETag moves on every attribute write. */
export interface SandboxTask {
  readonly sid: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly assignmentStatus: string;
  readonly etag: string;
}

/** A reservation of a task for a worker. */
export interface SandboxReservation {
  readonly sid: string;
  readonly taskSid: string;
  readonly workerSid: string;
  readonly status: string;
}

/** A conference (named after its task) and its participants. */
export interface SandboxConference {
  readonly sid: string;
  readonly friendlyName: string;
  readonly status: string;
  readonly participants: readonly {
    readonly callSid: string;
    readonly role: string;
    readonly status: string;
  }[];
}

/** The `/api/state` answer: the sandbox plus the queue each task was routed through. */
export interface PageStateResponse {
  readonly sandbox: SandboxView;
  readonly queues: Readonly<Record<string, { readonly queueName: string; readonly queueSid: string }>>;
}
