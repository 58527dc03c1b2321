import type { ControlRecordingResponse } from '@dual-channel-recording/contract';
import { CONTROL_ROUTES, isRecord } from '@dual-channel-recording/contract';
import type { SetRecordingPaused } from '../api/contract';
import { ResponseFormatError } from '../api/errors';
import type { FunctionClientOptions } from './functionClient';
import { createFunctionPoster } from './functionClient';

function toSuccess(status: number, body: unknown): ControlRecordingResponse {
  if (!isRecord(body)) throw new ResponseFormatError(status, 'body is not a JSON object');
  const { recordingSid, callSid, changed } = body;
  if (typeof recordingSid !== 'string' || !recordingSid.startsWith('RE')) {
    throw new ResponseFormatError(status, 'recordingSid is missing');
  }
  if (typeof callSid !== 'string') throw new ResponseFormatError(status, 'callSid is missing');
  if (body.status !== 'paused' && body.status !== 'in-progress') {
    throw new ResponseFormatError(status, 'status is neither "paused" nor "in-progress"');
  }
  if (typeof changed !== 'boolean') throw new ResponseFormatError(status, 'changed is missing');
  return { recordingSid, callSid, status: body.status, changed };
}

/**
 * A client for POST `<baseUrl>/pause-recording` and `/resume-recording`, on the same transport as
 * create-recording: Flex token in the body, typed errors (404 no_recording, 409
 * call_not_in_progress, 403 forbidden, ...), retries only for 429, 503, 504 and network failures.
 */
export function createPauseRecordingClient(options: FunctionClientOptions): SetRecordingPaused {
  const post = createFunctionPoster(options);
  return (action, request) => post(CONTROL_ROUTES[action], { ...request }, toSuccess);
}
