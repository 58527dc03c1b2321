import http from 'node:http';
import https from 'node:https';
import { rfc2822 } from './dates';
import { twilioSignature } from './signer';
import type { WebhookParams } from './signer';
import type { CallbackRecord, Recording, SandboxState } from './state';

const CALLBACK_TIMEOUT_MS = 5000;

/** The public media URL Twilio puts in `RecordingUrl` (no extension; append .wav / .mp3). */
export function recordingUrl(recording: Recording): string {
  return `https://api.twilio.com/2010-04-01/Accounts/${recording.accountSid}/Recordings/${recording.sid}`;
}

/** Twilio's recording status callback parameters for the recording's current status. */
export function recordingCallbackParams(recording: Recording): WebhookParams {
  const params: WebhookParams = {
    AccountSid: recording.accountSid,
    CallSid: recording.callSid,
    RecordingSid: recording.sid,
    RecordingUrl: recordingUrl(recording),
    RecordingStatus: recording.status,
    // Twilio sends -1 while the recording is still running (no duration yet).
    RecordingDuration: recording.durationSeconds === null ? '-1' : String(recording.durationSeconds),
    RecordingChannels: String(recording.channels),
    RecordingStartTime: rfc2822(recording.startTime),
    RecordingSource: recording.source,
    RecordingTrack: recording.track,
  };
  if (recording.conferenceSid) params.ConferenceSid = recording.conferenceSid;
  if (recording.status === 'absent') params.ErrorCode = String(recording.errorCode ?? 16101);
  return params;
}

/** Sends one HTTP request and resolves with the status code; rejects when no answer came. */
export function send(
  url: URL,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method, headers, timeout: CALLBACK_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`callback timed out after ${CALLBACK_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends signed recording status callbacks and records each one with the response code, so tests
 * can assert what the Functions received and answered.
 */
export class CallbackSender {
  constructor(private readonly state: SandboxState) {}

  /** Sends the callback for the recording's current status if it subscribed to that event. */
  async notify(recording: Recording): Promise<CallbackRecord | undefined> {
    const callback = recording.callback;
    if (!callback || !callback.events.includes(recording.status)) return undefined;
    const account = this.state.accounts.get(recording.accountSid);
    if (!account) return undefined;
    const params = recordingCallbackParams(recording);
    const url = new URL(callback.url);
    let body = '';
    const headers: Record<string, string> = {
      'User-Agent': 'TwilioProxy/1.1',
      'I-Twilio-Idempotency-Token': recording.sid + recording.status,
    };
    if (callback.method === 'GET') {
      for (const [k, v] of Object.entries(params))
        for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
    } else {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(params))
        for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
      body = form.toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const signature = twilioSignature(
      account.authToken,
      url.toString(),
      callback.method === 'GET' ? {} : params,
    );
    headers['X-Twilio-Signature'] = signature;
    const record: CallbackRecord = {
      at: new Date().toISOString(),
      recordingSid: recording.sid,
      url: url.toString(),
      method: callback.method,
      params,
      signature,
      responseStatus: null,
      error: null,
    };
    this.state.callbacks.push(record);
    try {
      record.responseStatus = await send(url, callback.method, headers, body);
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    return record;
  }
}
