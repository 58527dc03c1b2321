/**
 * The calls the recording logic makes to the Functions, as functions it is given: `services/`
 * implements them over HTTP, tests pass fakes, so the logic never imports the transport. The bodies
 * themselves are the contract package's (`@dual-channel-recording/contract`), which the Functions
 * build from too.
 */
import type {
  ControlAction,
  ControlRecordingRequest,
  ControlRecordingResponse,
  CreateRecordingRequest,
  CreateRecordingResponse,
} from '@dual-channel-recording/contract';

/** Which recording to pause or resume: an agent always names its own reservation on the task. */
export type PauseRecordingRequest = ControlRecordingRequest & { readonly reservationSid: string };

/** Starts (or finds) the recording of one call leg. */
export type CreateRecording = (request: CreateRecordingRequest) => Promise<CreateRecordingResponse>;

/** Pauses or resumes one recording through `pause-recording` / `resume-recording`. */
export type SetRecordingPaused = (
  action: ControlAction,
  request: PauseRecordingRequest,
) => Promise<ControlRecordingResponse>;
