import type { CreateRecordingResponse } from '@dual-channel-recording/contract';
import { isRecord, isRecordingChannel } from '@dual-channel-recording/contract';
import type { CreateRecording } from '../api/contract';
import { ResponseFormatError } from '../api/errors';
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
  if (!isRecordingChannel(channel)) throw new ResponseFormatError(status, 'bad channel');
  if (typeof alreadyRecording !== 'boolean')
    throw new ResponseFormatError(status, 'alreadyRecording is missing');
  if (typeof body.mediaUrl !== 'string') throw new ResponseFormatError(status, 'mediaUrl is missing');
  return {
    recordingSid,
    callSid,
    channel,
    alreadyRecording,
    status: optionalString(body.status) ?? 'in-progress',
    // ISO 8601, or null while Twilio has not reported the start (the Functions never send a number).
    startTime: optionalString(body.startTime) ?? null,
    mediaUrl: body.mediaUrl,
  };
}

/**
 * A client for POST `<baseUrl>/create-recording`. Retries 429, 503, 504 and network failures with
 * jittered backoff (honouring Retry-After); any other error is final and thrown as a typed Error
 * subclass carrying the Function's code and message. Each try says which it is (`attempt`, from 1):
 * only a retry makes the Function look for a recording an earlier try may have started (a first try
 * on a task that names nothing about the leg skips that list, one Twilio request fewer).
 */
export function createRecordingClient(options: CreateRecordingClientOptions): CreateRecording {
  const post = createFunctionPoster(options);
  return (request) => post('create-recording', (attempt) => ({ ...request, attempt }), toSuccess);
}
