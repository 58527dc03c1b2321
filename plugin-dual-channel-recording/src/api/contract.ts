/**
 * The calls the recording logic makes to the Functions, as functions it is given: `services/`
 * implements them over HTTP, tests pass fakes, so the logic never imports the transport. The bodies
 * themselves are the contract package's (`@dual-channel-recording/contract`), which the Functions
 * build from too.
 */
import type {
  ControlAction,
  ControlRecordingResponse,
  CreateRecordingRequest,
  CreateRecordingResponse,
} from '@dual-channel-recording/contract';

/** Which recording to pause or resume: the recorded leg of the caller's own reservation on the task. */
export interface PauseRecordingRequest {
  readonly taskSid: string;
  readonly reservationSid: string;
  /** The recorded leg (what create-recording answered as callSid). */
  readonly callSid: string;
}

/** Starts (or finds) the recording of one call leg. */
export type CreateRecording = (request: CreateRecordingRequest) => Promise<CreateRecordingResponse>;

/** Pauses or resumes one recording through `pause-recording` / `resume-recording`. */
export type SetRecordingPaused = (
  action: ControlAction,
  request: PauseRecordingRequest,
) => Promise<ControlRecordingResponse>;
