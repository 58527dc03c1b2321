/// <reference types="@twilio-labs/serverless-runtime-types" />
import type * as Control from './recording/control-recording.private';

// Deployed Functions live at paths Twilio chooses, so private code is found through Runtime, never a
// relative path; `import type` above keeps the types without a runtime import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(key: string): T => require(Runtime.getFunctions()[key].path) as T;
const { controlRecordingHandler } = load<typeof Control>('recording/control-recording');

/** POST /resume-recording: resumes the recording of a task's call leg (the owner, or a PAUSE_ROLES role). */
export const handler = controlRecordingHandler('resume');
