import {
  parseStatusCallback,
  splitCallbackEvent,
  statusCallbackUrl,
  verifyCallbackSignature,
} from '../../src/webhooks/recording-status-callback';
import { twilioSignature } from '@dual-channel-recording/twilio-sandbox/signer';
import { ACCOUNT, CALL, RESERVATION, TASK, sid } from '../helpers/sids';

const BASE = 'https://svc-1234-dev.twil.io';
const TOKEN = 'auth-token';
const RE1 = sid('RE', 1);
const body = {
  AccountSid: ACCOUNT,
  CallSid: CALL,
  RecordingSid: RE1,
  RecordingStatus: 'completed',
  RecordingDuration: '42',
  RecordingChannels: '2',
  RecordingStartTime: 'Thu, 01 Jan 2026 10:00:00 +0000',
};
const registered = statusCallbackUrl(BASE, { taskSid: TASK, reservationSid: RESERVATION });

/** The event as the runtime builds it: query and body merged, headers under `request`. */
function event(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    request: { headers: {}, cookies: {} },
    taskSid: TASK,
    reservationSid: RESERVATION,
    ...body,
    ...extra,
  };
}

describe('signature URL reconstruction', () => {
  it('rebuilds exactly the URL create-recording registered', () => {
    expect(registered).toBe(`${BASE}/recording-status?taskSid=${TASK}&reservationSid=${RESERVATION}`);
    const split = splitCallbackEvent(event());
    expect(split).toEqual({ query: { taskSid: TASK, reservationSid: RESERVATION }, body });
    expect(statusCallbackUrl(BASE, split!.query)).toBe(registered);
  });

  it('carries the channel in URLs registered now, and still verifies URLs registered without it', () => {
    const withChannel = statusCallbackUrl(BASE, {
      taskSid: TASK,
      reservationSid: RESERVATION,
      channel: 'worker',
    });
    expect(withChannel).toBe(`${registered}&channel=worker`);
    const signature = twilioSignature(TOKEN, withChannel, body);
    expect(verifyCallbackSignature(TOKEN, signature, BASE, event({ channel: 'worker' }))).toBe(true);
    expect(verifyCallbackSignature(TOKEN, signature, BASE, event({ channel: 'customer' }))).toBe(false);
    expect(verifyCallbackSignature(TOKEN, twilioSignature(TOKEN, registered, body), BASE, event())).toBe(
      true,
    );
    expect(parseStatusCallback(event({ channel: 'worker' }))).toMatchObject({
      ok: true,
      params: { channel: 'worker' },
    });
    expect(parseStatusCallback(event({ channel: 'boss' }))).toMatchObject({
      ok: false,
      problem: { field: 'channel' },
    });
  });

  it("separates the query from the POST body: Twilio signs the URL's query, then only the sorted body params", () => {
    const signature = twilioSignature(TOKEN, registered, body);
    expect(verifyCallbackSignature(TOKEN, signature, BASE, event())).toBe(true);
    // Signing the query keys as body params (what a merged event invites) is a different signature.
    const merged = twilioSignature(TOKEN, `${BASE}/recording-status`, {
      ...body,
      taskSid: TASK,
      reservationSid: RESERVATION,
    });
    expect(verifyCallbackSignature(TOKEN, merged, BASE, event())).toBe(false);
  });

  it('fails closed: missing signature, other token, other base, tampered body or query', () => {
    const signature = twilioSignature(TOKEN, registered, body);
    expect(verifyCallbackSignature(TOKEN, undefined, BASE, event())).toBe(false);
    expect(verifyCallbackSignature('other', signature, BASE, event())).toBe(false);
    expect(verifyCallbackSignature(TOKEN, signature, 'https://other.example', event())).toBe(false);
    expect(verifyCallbackSignature(TOKEN, signature, BASE, event({ RecordingDuration: '1' }))).toBe(false);
    expect(verifyCallbackSignature(TOKEN, signature, BASE, event({ taskSid: sid('WT', 2) }))).toBe(false);
    expect(verifyCallbackSignature(TOKEN, signature, BASE, event({ RecordingDuration: { a: 1 } }))).toBe(
      false,
    );
  });
});

describe('parseStatusCallback', () => {
  it('reads status, duration, channels, start time (epoch ms) and the target', () => {
    expect(parseStatusCallback(event())).toEqual({
      ok: true,
      params: {
        taskSid: TASK,
        reservationSid: RESERVATION,
        recordingSid: RE1,
        callSid: CALL,
        recordingStatus: 'completed',
        report: { status: 'completed', duration: 42, channels: 2, start_time: Date.UTC(2026, 0, 1, 10) },
      },
    });
  });

  it('treats a duration of -1 (in progress) as unknown and keeps absent error codes', () => {
    const inProgress = parseStatusCallback(
      event({ RecordingStatus: 'in-progress', RecordingDuration: '-1' }),
    );
    expect(inProgress.ok && inProgress.params.report?.duration).toBeUndefined();
    const absent = parseStatusCallback(event({ RecordingStatus: 'absent', ErrorCode: '16101' }));
    expect(absent.ok && absent.params.report).toMatchObject({ status: 'absent', error_code: 16101 });
  });

  it('passes unknown statuses through without a report, and names a malformed field', () => {
    const unknown = parseStatusCallback(event({ RecordingStatus: 'failed' }));
    expect(unknown.ok && unknown.params.report).toBeUndefined();
    expect(parseStatusCallback(event({ RecordingSid: 'RE1' }))).toMatchObject({
      ok: false,
      problem: { field: 'RecordingSid' },
    });
  });
});
