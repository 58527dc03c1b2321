import type { CallbackSender } from './callbacks';
import type { Call, Recording, RecordingCallback, RecordingStatus, SandboxState } from './state';
import { nextChangeSeq } from './state';

/** Statuses in which a recording is still running (and so counts as "active" for Twilio.CURRENT). */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['in-progress', 'paused']);

/** What a recording create asks for. */
export interface StartRecordingOptions {
  channels: 1 | 2;
  track: Recording['track'];
  callback: RecordingCallback | null;
}

/** Sets a recording's status and numbers the change in the sandbox's one order of changes. */
function setStatus(recording: Recording, status: RecordingStatus): void {
  recording.status = status;
  recording.statusHistory.push({ seq: nextChangeSeq(), status });
}

/** Recording lifecycle: start, pause/resume, stop, complete, absent, and the end of a call leg. */
export class RecordingService {
  constructor(
    private readonly state: SandboxState,
    private readonly callbacks: CallbackSender,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a recording of an in-progress call (the caller checked the call state). */
  start(call: Call, options: StartRecordingOptions): Recording {
    const at = new Date(this.now());
    const recording: Recording = {
      sid: this.state.sids.next('RE'),
      accountSid: call.accountSid,
      callSid: call.sid,
      // Twilio reports conference_sid only for conference recordings; a call recording has none.
      conferenceSid: null,
      channels: options.channels,
      track: options.track,
      source: 'StartCallRecordingAPI',
      status: 'in-progress',
      pauseBehavior: 'silence',
      startTime: at,
      dateCreated: at,
      dateUpdated: at,
      durationSeconds: null,
      activeMs: 0,
      accruingSince: at.getTime(),
      callback: options.callback,
      errorCode: null,
      deleted: false,
      statusHistory: [{ seq: nextChangeSeq(), status: 'in-progress' }],
    };
    this.state.recordings.set(recording.sid, recording);
    // Twilio sends the in-progress callback after answering the create: do not hold the response.
    setImmediate(() => void this.callbacks.notify(recording));
    return recording;
  }

  private accrue(recording: Recording): void {
    if (recording.accruingSince !== null) {
      recording.activeMs += this.now() - recording.accruingSince;
      recording.accruingSince = null;
    }
  }

  /** Pauses: with `skip` the paused time is cut from the file, with `silence` it is kept as silence. */
  pause(recording: Recording, behavior: 'skip' | 'silence'): void {
    if (recording.status === 'paused') return;
    recording.pauseBehavior = behavior;
    if (behavior === 'skip') this.accrue(recording);
    setStatus(recording, 'paused');
    recording.dateUpdated = new Date(this.now());
  }

  /** Resumes a paused recording. */
  resume(recording: Recording): void {
    if (recording.status !== 'paused') return;
    if (recording.accruingSince === null) recording.accruingSince = this.now();
    setStatus(recording, 'in-progress');
    recording.dateUpdated = new Date(this.now());
  }

  /** Stops: Twilio answers `stopped`, then processes and reports `completed`. */
  stop(recording: Recording): void {
    this.accrue(recording);
    setStatus(recording, 'stopped');
    recording.dateUpdated = new Date(this.now());
    setImmediate(() => void this.complete(recording));
  }

  /** Completes (processing done): sets the duration and sends the `completed` callback. */
  async complete(recording: Recording, durationSeconds?: number): Promise<void> {
    if (recording.status === 'completed' || recording.status === 'absent' || recording.deleted) return;
    this.accrue(recording);
    recording.durationSeconds = durationSeconds ?? Math.max(1, Math.round(recording.activeMs / 1000));
    setStatus(recording, 'completed');
    recording.dateUpdated = new Date(this.now());
    await this.callbacks.notify(recording);
  }

  /** Marks the recording absent (too short or silent: Twilio error 16101 / 16102). */
  async markAbsent(recording: Recording, errorCode = 16101): Promise<void> {
    if (recording.status === 'completed' || recording.status === 'absent' || recording.deleted) return;
    this.accrue(recording);
    recording.durationSeconds = 0;
    setStatus(recording, 'absent');
    recording.errorCode = errorCode;
    recording.dateUpdated = new Date(this.now());
    await this.callbacks.notify(recording);
  }

  /** Ends a call leg: the call completes, its participant leaves, its recordings complete. */
  async hangup(callSid: string): Promise<void> {
    const call = this.state.calls.get(callSid);
    if (!call || call.status === 'completed') return;
    const at = new Date(this.now());
    call.status = 'completed';
    call.endTime = at;
    call.dateUpdated = at;
    for (const participant of this.state.participants.values()) {
      if (participant.callSid !== callSid || participant.status === 'complete') continue;
      participant.status = 'complete';
      participant.dateUpdated = at;
      const conference = this.state.conferences.get(participant.conferenceSid);
      const stillIn = [...this.state.participants.values()].some(
        (p) => p.conferenceSid === participant.conferenceSid && p.status === 'connected',
      );
      if (conference && !stillIn) {
        conference.status = 'completed';
        conference.dateUpdated = at;
      }
    }
    const open = [...this.state.recordings.values()].filter(
      (r) => r.callSid === callSid && (ACTIVE_STATUSES.has(r.status) || r.status === 'stopped'),
    );
    await Promise.all(open.map((r) => this.complete(r)));
  }
}
