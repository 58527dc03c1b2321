import { browserRoute } from '../http/browser-route';
import { parseControlRecordingParams } from '../http/route-params';
import { runPauseRecording } from '../routes/pause-resume-recording';

/** POST /pause-recording: pauses the recording of a task's call leg (the owner, or a PAUSE_ROLES role). */
export const handler = browserRoute({
  name: 'pause-recording',
  parse: parseControlRecordingParams,
  run: runPauseRecording,
});
