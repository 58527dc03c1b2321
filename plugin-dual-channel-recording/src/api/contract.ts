/**
 * The plugin's copy of the Functions' HTTP contract: what it sends to create-recording and
 * pause-recording / resume-recording and what they answer. Both the recording logic (which decides)
 * and services/ (which makes the HTTP calls) import it, so the logic never imports the transport.
 */
import type { RecordingChannel } from '../config/recordingConfig';

/** A request to the pause/resume Functions. */
export type PauseAction = 'pause' | 'resume';

/** What the plugin asks the `create-recording` Function to record. */
export interface CreateRecordingRequest {
  readonly taskSid: string;
  readonly reservationSid: string;
  readonly callSid: string;
  readonly channel: RecordingChannel;
}

/** The Function's success body (201 new recording, 200 `alreadyRecording: true`). */
export interface CreateRecordingResponse {
  readonly recordingSid: string;
  readonly callSid: string;
  readonly channel: RecordingChannel;
  readonly status: string;
  readonly startTime: string | number | null;
  readonly mediaUrl: string | null;
  readonly alreadyRecording: boolean;
}

/** Starts (or finds) the recording of one call leg. */
export type CreateRecording = (request: CreateRecordingRequest) => Promise<CreateRecordingResponse>;

/** Which recording to pause or resume: the recorded leg of the caller's reservation on the task. */
export interface PauseRecordingRequest {
  readonly taskSid: string;
  readonly reservationSid: string;
  /** The recorded leg (what create-recording answered as callSid). */
  readonly callSid: string;
}

/** The Functions' 200 body; `changed: false` when the recording already was in that state. */
export interface PauseRecordingResponse {
  readonly recordingSid: string;
  readonly callSid: string;
  readonly status: 'paused' | 'in-progress';
  readonly changed: boolean;
}

/** Pauses or resumes one recording through `pause-recording` / `resume-recording`. */
export type SetRecordingPaused = (
  action: PauseAction,
  request: PauseRecordingRequest,
) => Promise<PauseRecordingResponse>;
