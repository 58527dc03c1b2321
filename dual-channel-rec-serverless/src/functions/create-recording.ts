import { browserRoute } from '../http/browser-route';
import { parseCreateRecordingParams } from '../http/route-params';
import { runCreateRecording } from '../routes/create-recording';

/** POST /create-recording: starts (or finds) the dual-channel recording of an accepted task's call leg. */
export const handler = browserRoute({
  name: 'create-recording',
  parse: parseCreateRecordingParams,
  run: runCreateRecording,
});
