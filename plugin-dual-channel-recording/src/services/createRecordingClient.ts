import type { CreateRecording, CreateRecordingResponse } from '../api/contract';
import { ResponseFormatError } from '../api/errors';
import { isRecord } from '../json/isRecord';
import type { FunctionClientOptions } from './functionClient';
import { createFunctionPoster, optionalString } from './functionClient';

/** What the client needs from its surroundings (the shared Function transport's options). */
export type CreateRecordingClientOptions = FunctionClientOptions;

function toSuccess(status: number, body: unknown): CreateRecordingResponse {
  if (!isRecord(body)) throw new ResponseFormatError(status, 'body is not a JSON object');
  const { recordingSid, callSid, channel, alreadyRecording } = body;
  if (typeof recordingSid !== 'string' || !recordingSid.startsWith('RE')) {
    throw new ResponseFormatError(status, 'recordingSid is missing');
  }
  if (typeof callSid !== 'string') throw new ResponseFormatError(status, 'callSid is missing');
  if (channel !== 'customer' && channel !== 'worker') throw new ResponseFormatError(status, 'bad channel');
  if (typeof alreadyRecording !== 'boolean')
    throw new ResponseFormatError(status, 'alreadyRecording is missing');
  const startTime = body.startTime;
  return {
    recordingSid,
    callSid,
    channel,
    alreadyRecording,
    status: optionalString(body.status) ?? 'in-progress',
    startTime: typeof startTime === 'string' || typeof startTime === 'number' ? startTime : null,
    mediaUrl: optionalString(body.mediaUrl) ?? null,
  };
}

/**
 * A client for POST `<baseUrl>/create-recording`. Retries 429, 503, 504 and network failures with
 * jittered backoff (honouring Retry-After); any other error is final and thrown as a typed Error
 * subclass carrying the Function's code and message.
 */
export function createRecordingClient(options: CreateRecordingClientOptions): CreateRecording {
  const post = createFunctionPoster(options);
  return (request) => post('create-recording', { ...request }, toSuccess);
}
