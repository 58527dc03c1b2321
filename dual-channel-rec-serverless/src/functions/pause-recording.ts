import { browserRoute } from '../http/browser-route';
import { parseControlRecordingParams } from '../recording/params';
import { runPauseRecording } from '../recording/control';

/** POST /pause-recording: pauses the recording of a task's call leg (the owner, or a PAUSE_ROLES role). */
export const handler = browserRoute({
  name: 'pause-recording',
  parse: parseControlRecordingParams,
  run: runPauseRecording,
});
