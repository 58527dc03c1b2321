/**
 * An in-memory TwilioGateway for unit tests: tasks with ETag compare-and-set, reservations, calls,
 * conferences, participants and recordings, plus hooks to fail or pause any operation so tests can
 * force the interleavings that matter (two starts racing on one leg, a writer sneaking in).
 */
import { TwilioApiError } from '../../src/twilio/errors';
import type {
  CallInfo,
  ParticipantInfo,
  RecordingInfo,
  ReservationInfo,
  TaskEvent,
  TaskSnapshot,
  TwilioGateway,
} from '../../src/twilio/gateway';
import { ACCOUNT, sid } from './sids';

type Op = keyof Omit<TwilioGateway, 'accountSid'>;

interface StoredTask {
  sid: string;
  attributes: string;
  revision: number;
  queueSid?: string;
  queueName?: string;
}

export class FakeTwilio {
  tasks = new Map<string, StoredTask>();
  reservations = new Map<string, ReservationInfo>();
  calls = new Map<string, CallInfo>();
  /** taskSid → conference SID (in progress). */
  conferences = new Map<string, string>();
  /** The Flex configuration's ui_attributes, as an admin set them. */
  flexUiAttributes: unknown = {};
  /** Conference SID → the task SID it was named after, for conferences that have ended. */
  endedConferences = new Map<string, string>();
  participants: ParticipantInfo[] = [];
  recordings: RecordingInfo[] = [];
  /** Every announcement played: conference, participant, URL. */
  announcements: { conferenceSid: string; callSid: string; url: string }[] = [];
  /** TaskRouter events by task SID (newest first, as Twilio lists them). */
  events = new Map<string, TaskEvent[]>();
  /** Task assignment status by task SID (default assigned). */
  taskStatus = new Map<string, string>();
  calls_log: { op: Op | 'validateToken'; args: unknown[]; depth: number }[] = [];
  /** Deepest chain of sequential round trips completed so far (see {@link depthOf}). */
  private completedDepth = 0;
  private nextRecording = 1;
  private hooks = new Map<Op, ((...args: unknown[]) => Promise<void>)[]>();
  /** Called after every operation's effect (a monitor checks invariants at each state change). */
  onChange: () => void = () => undefined;

  /** Runs `hook` before the next call of `op` (once); throw from it to fail that call. */
  before(op: Op, hook: (...args: unknown[]) => Promise<void>): void {
    const list = this.hooks.get(op) ?? [];
    list.push(hook);
    this.hooks.set(op, list);
  }

  count(op: Op): number {
    return this.calls_log.filter((c) => c.op === op).length;
  }

  /** How many sequential round trips preceded the first call of `op` (1 = started in round one). */
  depthOf(op: Op | 'validateToken'): number | undefined {
    return this.calls_log.find((c) => c.op === op)?.depth;
  }

  /**
   * Every fake round trip goes through here: it records the call with its depth (one more than the
   * deepest round trip that had completed when it started), runs a test hook, and yields once so
   * concurrent callers really overlap.
   */
  async track<T>(op: Op | 'validateToken', args: unknown[], body: () => T): Promise<T> {
    const depth = this.completedDepth + 1;
    this.calls_log.push({ op, args, depth });
    try {
      const hook = op === 'validateToken' ? undefined : this.hooks.get(op)?.shift();
      if (hook) await hook(...args);
      await new Promise((resolve) => setImmediate(resolve));
      try {
        return body();
      } finally {
        this.onChange();
      }
    } finally {
      this.completedDepth = Math.max(this.completedDepth, depth);
    }
  }

  etagOf(task: StoredTask): string {
    return `"rev-${task.revision}"`;
  }

  taskAttributes(taskSid: string): Record<string, unknown> {
    const task = this.tasks.get(taskSid);
    if (!task) throw new Error('no task');
    return JSON.parse(task.attributes) as Record<string, unknown>;
  }

  /** Another writer (Flex, a supervisor) changes the attributes, bumping the ETag. */
  externalWrite(taskSid: string, change: (attrs: Record<string, unknown>) => Record<string, unknown>): void {
    const task = this.tasks.get(taskSid);
    if (!task) throw new Error('no task');
    task.attributes = JSON.stringify(change(JSON.parse(task.attributes) as Record<string, unknown>));
    task.revision += 1;
  }

  gateway(): TwilioGateway {
    const notFound = (what: string) => new TwilioApiError(`${what} not found`, 404, 20404);
    return {
      accountSid: ACCOUNT,
      fetchTask: (taskSid) =>
        this.track('fetchTask', [taskSid], (): TaskSnapshot => {
          const task = this.tasks.get(taskSid);
          if (!task) throw notFound('Task');
          return {
            sid: task.sid,
            assignmentStatus: this.taskStatus.get(task.sid) ?? 'assigned',
            queueSid: task.queueSid ?? `WQ${'0'.repeat(31)}1`,
            queueName: task.queueName ?? 'Everyone',
            attributes: JSON.parse(task.attributes) as Record<string, unknown>,
            etag: this.etagOf(task),
          };
        }),
      updateTaskAttributes: (taskSid, attributes, etag) =>
        this.track('updateTaskAttributes', [taskSid, attributes, etag], () => {
          const task = this.tasks.get(taskSid);
          if (!task) throw notFound('Task');
          if (etag !== this.etagOf(task)) throw new TwilioApiError('Precondition failed', 412, 20412);
          task.attributes = JSON.stringify(attributes);
          task.revision += 1;
          return this.etagOf(task);
        }),
      fetchReservation: (taskSid, reservationSid) =>
        this.track('fetchReservation', [taskSid, reservationSid], () => {
          const r = this.reservations.get(reservationSid);
          if (!r || r.taskSid !== taskSid) throw notFound('Reservation');
          return { ...r };
        }),
      fetchCall: (callSid) =>
        this.track('fetchCall', [callSid], () => {
          const c = this.calls.get(callSid);
          if (!c) throw notFound('Call');
          return { ...c };
        }),
      findTaskConference: (taskSid) =>
        this.track('findTaskConference', [taskSid], () => {
          const conferenceSid = this.conferences.get(taskSid);
          return conferenceSid ? { sid: conferenceSid } : undefined;
        }),
      fetchFlexUiAttributes: () => this.track('fetchFlexUiAttributes', [], () => this.flexUiAttributes),
      fetchConference: (conferenceSid) =>
        this.track('fetchConference', [conferenceSid], () => {
          const entry = [...this.conferences.entries()].find(([, sid]) => sid === conferenceSid);
          if (entry) return { sid: conferenceSid, friendlyName: entry[0], status: 'in-progress' };
          const ended = this.endedConferences.get(conferenceSid);
          return ended ? { sid: conferenceSid, friendlyName: ended, status: 'completed' } : undefined;
        }),
      fetchParticipant: (conferenceSid, callSid) =>
        this.track('fetchParticipant', [conferenceSid, callSid], () => {
          const p = this.participants.find((x) => x.conferenceSid === conferenceSid && x.callSid === callSid);
          return p ? { ...p } : undefined;
        }),
      listParticipants: (conferenceSid) =>
        this.track('listParticipants', [conferenceSid], () =>
          this.participants.filter((p) => p.conferenceSid === conferenceSid).map((p) => ({ ...p })),
        ),
      listActiveRecordings: (callSid) =>
        this.track('listActiveRecordings', [callSid], () =>
          this.recordings
            .filter((r) => r.callSid === callSid && (r.status === 'in-progress' || r.status === 'paused'))
            .map((r) => ({ ...r })),
        ),
      listCallRecordings: (callSid) =>
        this.track('listCallRecordings', [callSid], () =>
          this.recordings.filter((r) => r.callSid === callSid).map((r) => ({ ...r })),
        ),
      fetchRecording: (callSid, recordingSid) =>
        this.track('fetchRecording', [callSid, recordingSid], () => {
          const r = this.recordings.find((x) => x.sid === recordingSid && x.callSid === callSid);
          return r ? { ...r } : undefined;
        }),
      createRecording: (callSid, url) =>
        this.track('createRecording', [callSid, url], () => {
          const call = this.calls.get(callSid);
          if (!call) throw notFound('Call');
          if (call.status !== 'in-progress') {
            throw new TwilioApiError(
              'Call is not in-progress. Cannot create recording.',
              400,
              21220,
              'https://www.twilio.com/docs/errors/21220',
            );
          }
          const now = new Date(Date.UTC(2026, 0, 1, 0, 0, this.nextRecording));
          const recording: RecordingInfo = {
            sid: sid('RE', this.nextRecording++),
            callSid,
            status: 'in-progress',
            startTime: now,
            dateCreated: now,
          };
          this.recordings.push(recording);
          return { ...recording };
        }),
      stopRecording: (callSid, recordingSid) =>
        this.track('stopRecording', [callSid, recordingSid], () => {
          const r = this.recordings.find((x) => x.sid === recordingSid && x.callSid === callSid);
          if (!r) throw notFound('Recording');
          r.status = 'stopped';
        }),
      deleteRecording: (recordingSid) =>
        this.track('deleteRecording', [recordingSid], () => {
          const index = this.recordings.findIndex((x) => x.sid === recordingSid);
          if (index < 0) throw notFound('Recording');
          if (this.recordings[index].status === 'in-progress' || this.recordings[index].status === 'paused') {
            throw new TwilioApiError('Cannot delete a recording that is still in progress', 400, 21220);
          }
          this.recordings.splice(index, 1);
        }),
      announceToParticipant: (conferenceSid, callSid, url) =>
        this.track('announceToParticipant', [conferenceSid, callSid, url], () => {
          const p = this.participants.find((x) => x.conferenceSid === conferenceSid && x.callSid === callSid);
          if (!p || p.status !== 'connected') throw notFound('Participant');
          this.announcements.push({ conferenceSid, callSid, url });
        }),
      fetchAccountRecording: (recordingSid) =>
        this.track('fetchAccountRecording', [recordingSid], () => {
          const r = this.recordings.find((x) => x.sid === recordingSid);
          return r ? { ...r } : undefined;
        }),
      mediaLocation: (recordingSid, requestedChannels) =>
        this.track('mediaLocation', [recordingSid, requestedChannels], () => {
          if (!this.recordings.some((x) => x.sid === recordingSid)) throw notFound('Recording');
          return `https://media.example/${recordingSid}.wav?channels=${requestedChannels}`;
        }),
      listTaskEvents: (taskSid) =>
        this.track('listTaskEvents', [taskSid], () => [...(this.events.get(taskSid) ?? [])]),
      listTaskReservations: (taskSid) =>
        this.track('listTaskReservations', [taskSid], () =>
          [...this.reservations.values()].filter((r) => r.taskSid === taskSid).map((r) => ({ ...r })),
        ),
      setRecordingStatus: (callSid, recordingSid, status, pauseBehavior) =>
        this.track('setRecordingStatus', [callSid, recordingSid, status, pauseBehavior], () => {
          const r = this.recordings.find((x) => x.sid === recordingSid && x.callSid === callSid);
          if (!r) throw notFound('Recording');
          if (r.status !== 'in-progress' && r.status !== 'paused') {
            throw new TwilioApiError('Recording is not active', 400, 21220);
          }
          r.status = status;
          return { ...r };
        }),
    };
  }
}

/** A deferred: a promise plus the functions that settle it. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
