import { SID_DIGITS } from '@dual-channel-recording/contract';
import { TwilioErrorResponse, notFound } from '../errors';
import { renderRecordingWav } from '../media';
import type { SandboxState } from '../state';
import type { ApiResponse } from './types';

/** Recording media: `/2010-04-01/Accounts/{AC}/Recordings/{RE}[.wav|.mp3]`. */
export const MEDIA_PATH = new RegExp(
  `^/2010-04-01/Accounts/(AC${SID_DIGITS})/Recordings/(RE${SID_DIGITS})(\\.wav|\\.mp3)?$`,
);

/**
 * Serves a completed recording as WAV. `RequestedChannels=2` is only for dual recordings (Twilio
 * refuses it otherwise); `.mp3` is refused clearly since the sandbox has no MP3 encoder.
 */
export function serveMedia(state: SandboxState, pathname: string, query: URLSearchParams): ApiResponse {
  const m = MEDIA_PATH.exec(pathname);
  if (!m) throw notFound(pathname);
  const [, accountSid, recordingSid, ext] = m;
  return renderMedia(
    state,
    { accountSid, recordingSid, ext, requestedChannels: query.get('RequestedChannels') },
    pathname,
  );
}

/** The recording's media a request names: which recording, which extension, which channels. */
export interface MediaRequest {
  accountSid: string;
  recordingSid: string;
  ext: string | undefined;
  requestedChannels: string | null;
}

/** The recording named by a media path, when Twilio would serve it (completed, not deleted). */
export function checkMediaServable(state: SandboxState, pathname: string): MediaRequest {
  const m = MEDIA_PATH.exec(pathname);
  if (!m) throw notFound(pathname);
  const [, accountSid, recordingSid, ext] = m;
  renderMedia(state, { accountSid, recordingSid, ext, requestedChannels: '1' }, pathname);
  return { accountSid, recordingSid, ext, requestedChannels: null };
}

/** Renders a completed recording as WAV (refusing what Twilio refuses). */
export function renderMedia(state: SandboxState, request: MediaRequest, pathname: string): ApiResponse {
  const { accountSid, recordingSid, ext } = request;
  const recording = state.recordings.get(recordingSid);
  if (
    !recording ||
    recording.deleted ||
    recording.accountSid !== accountSid ||
    recording.status !== 'completed'
  ) {
    throw notFound(pathname);
  }
  if (ext === '.mp3')
    throw new TwilioErrorResponse(415, 20415, 'The sandbox serves recordings as .wav only; ask for .wav');
  const requested = request.requestedChannels ?? String(recording.channels);
  if (requested !== '1' && requested !== '2') {
    throw new TwilioErrorResponse(400, 20001, `Invalid RequestedChannels ${requested}: use 1 or 2`);
  }
  if (requested === '2' && recording.channels !== 2) {
    throw new TwilioErrorResponse(
      400,
      20001,
      'RequestedChannels=2 is only available for dual-channel recordings',
    );
  }
  const data = renderRecordingWav({
    durationSeconds: recording.durationSeconds ?? 0,
    recordedChannels: recording.channels,
    requestedChannels: requested === '2' ? 2 : 1,
    recordedParty: state.calls.get(recording.callSid)?.role === 'customer' ? 'customer' : 'agent',
  });
  return { status: 200, raw: { contentType: 'audio/x-wav', data } };
}
