import type { RecordingChannel } from '../recording/types';
import { ResponseFormatError } from './errors';
import type { FunctionClientOptions } from './functionClient';
import { createFunctionPoster, isRecord, optionalString } from './functionClient';

/** What the plugin asks the `create-recording` Function to record. */
export interface CreateRecordingRequest {
  readonly taskSid: string;
  readonly reservationSid: string;
  readonly callSid: string;
  readonly channel: RecordingChannel;
}

/** The Function's success body (201 new recording, 200 `alreadyRecording: true`). */
export interface CreateRecordingResponse {
  readonly recordingSid: string;
  readonly callSid: string;
  readonly channel: RecordingChannel;
  readonly status: string;
  readonly startTime: string | number | null;
  readonly mediaUrl: string | null;
  readonly alreadyRecording: boolean;
}

/** Starts (or finds) the recording of one call leg. */
export type CreateRecording = (request: CreateRecordingRequest) => Promise<CreateRecordingResponse>;

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
 * A client for POST `<baseUrl>/create-recording`. Retries 429, 503 and network failures with
 * jittered backoff (honouring Retry-After); any other error is final and thrown as a typed Error
 * subclass carrying the Function's code and message.
 */
export function createRecordingClient(options: CreateRecordingClientOptions): CreateRecording {
  const post = createFunctionPoster(options);
  return (request) => post('create-recording', { ...request }, toSuccess);
}
