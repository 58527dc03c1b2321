import { browserRoute } from '../http/browser-route';
import { parseControlRecordingParams } from '../http/route-params';
import { runResumeRecording } from '../routes/pause-resume-recording';

/** POST /resume-recording: resumes the recording of a task's call leg (the owner, or a PAUSE_ROLES role). */
export const handler = browserRoute({
  name: 'resume-recording',
  parse: parseControlRecordingParams,
  run: runResumeRecording,
});
