import type { RecordingState } from './recordingStore';
import {
  deriveRecordingState,
  readRecordingEntries,
  reconcileState,
  recordingForReservation,
  runningCustomerRecording,
  sameState,
} from './taskAttributes';

type Entry = Record<string, unknown>;

/** Task attributes holding `recordings` (and the matching `legs`) as the Functions write them. */
function attributes(recordings: Record<string, Entry>, extra: Record<string, unknown> = {}) {
  const legs = Object.fromEntries(
    Object.entries(recordings).map(([sid, r]) => [
      r.call_sid,
      { recording_sid: sid, channel: r.channel, reservation_sid: r.reservation_sid },
    ]),
  );
  return { direction: 'inbound', dual_channel_recording: { legs, recordings, ...extra } };
}

const rec = (overrides: Entry = {}): Entry => ({
  call_sid: 'CAcustomer',
  channel: 'customer',
  reservation_sid: 'WR1',
  status: 'in-progress',
  paused: false,
  updated_at: '2026-11-21T10:00:00Z',
  ...overrides,
});

const recording = (
  overrides: Partial<Extract<RecordingState, { status: 'recording' }>> = {},
): RecordingState => ({
  status: 'recording',
  recordingSid: 'RE1',
  callSid: 'CAcustomer',
  channel: 'customer',
  alreadyRecording: false,
  ...overrides,
});

describe("runningCustomerRecording: a transfer's customer leg already recorded", () => {
  it("another reservation's running customer recording of that leg: this reservation continues it", () => {
    expect(runningCustomerRecording(attributes({ RE1: rec() }), 'WR2', 'CAcustomer')).toEqual(
      recording({ alreadyRecording: true }),
    );
  });

  it('the running one wins over an earlier completed recording of the same leg', () => {
    const both = attributes({
      RE0: rec({ status: 'completed', updated_at: '2026-11-21T10:05:00Z' }),
      RE1: rec(),
    });
    expect(runningCustomerRecording(both, 'WR2', 'CAcustomer')).toMatchObject({
      status: 'recording',
      recordingSid: 'RE1',
    });
  });

  it.each([
    ['completed', rec({ status: 'completed' })],
    ['absent', rec({ status: 'absent' })],
    ['of another leg', rec({ call_sid: 'CAother' })],
    ['on the worker channel', rec({ channel: 'worker' })],
  ])('none for a recording %s', (_what, entry) => {
    expect(runningCustomerRecording(attributes({ RE1: entry }), 'WR2', 'CAcustomer')).toBeUndefined();
  });
});

describe('deriveRecordingState: reading the recording back from the task attributes', () => {
  it("Join Call: the hint names the leg that left (completed); this reservation's running recording wins", () => {
    const attributes = {
      dual_channel_recording: {
        recordings: {
          RE1: {
            call_sid: 'CAold',
            channel: 'worker',
            reservation_sid: 'WR1',
            status: 'completed',
            paused: false,
          },
          RE2: {
            call_sid: 'CAnew',
            channel: 'worker',
            reservation_sid: 'WR1',
            status: 'in-progress',
            paused: false,
          },
        },
      },
    };
    expect(deriveRecordingState(attributes, 'WR1', 'CAold')).toMatchObject({
      status: 'recording',
      recordingSid: 'RE2',
    });
  });

  it('no dual_channel_recording attributes: nothing to say', () => {
    expect(deriveRecordingState({ direction: 'inbound' }, 'WR1')).toBeUndefined();
    expect(deriveRecordingState({ dual_channel_recording: 'garbage' }, 'WR1')).toBeUndefined();
  });

  it('reload during a running recording: recording', () => {
    expect(deriveRecordingState(attributes({ RE1: rec() }), 'WR1')).toEqual(recording());
  });

  it('reload while paused: paused, permanently (until the attributes say otherwise)', () => {
    expect(deriveRecordingState(attributes({ RE1: rec({ paused: true }) }), 'WR1')).toEqual({
      ...recording(),
      status: 'paused',
    });
  });

  it('a failed consent announcement (recording kept): recording, flagged so the agent knows', () => {
    const failed = { status: 'failed', on: 'start', at: '', error_code: 21220 };
    expect(deriveRecordingState(attributes({ RE1: rec({ consent: failed }) }), 'WR1')).toEqual(
      recording({ consentFailed: true }),
    );
    const announced = { status: 'announced', on: 'start', at: '' };
    expect(deriveRecordingState(attributes({ RE1: rec({ consent: announced }) }), 'WR1')).toEqual(
      recording(),
    );
  });

  it('stopped by the Functions (consent failed, last agent left): completed, saying why', () => {
    for (const reason of ['consent_failed', 'last_agent_left']) {
      expect(
        deriveRecordingState(attributes({ RE1: rec({ status: 'completed', stopped_by: reason }) }), 'WR1'),
      ).toMatchObject({ status: 'completed', stoppedBy: reason });
    }
  });

  it('status callback wrote absent: not recorded, nothing was recorded', () => {
    expect(
      deriveRecordingState(attributes({ RE1: rec({ status: 'absent', error_code: 13617 }) }), 'WR1'),
    ).toEqual({ status: 'not_recorded', reason: { kind: 'absent', recordingSid: 'RE1', errorCode: 13617 } });
  });

  it('status callback wrote completed: completed, with the duration', () => {
    expect(
      deriveRecordingState(attributes({ RE1: rec({ status: 'completed', duration: 42 }) }), 'WR1'),
    ).toEqual({
      status: 'completed',
      recordingSid: 'RE1',
      callSid: 'CAcustomer',
      channel: 'customer',
      durationSeconds: 42,
    });
  });

  it("worker channel: another reservation's recording of its own leg is not this reservation's", () => {
    const attrs = attributes({
      REother: rec({ call_sid: 'CAother', channel: 'worker', reservation_sid: 'WR2' }),
    });
    expect(deriveRecordingState(attrs, 'WR1')).toBeUndefined();
    expect(deriveRecordingState(attrs, 'WR2')).toMatchObject({
      status: 'recording',
      recordingSid: 'REother',
    });
  });

  it('worker channel after a transfer: each reservation finds its own leg', () => {
    const attrs = attributes({
      REa: rec({ call_sid: 'CAa', channel: 'worker', reservation_sid: 'WR1', status: 'completed' }),
      REb: rec({ call_sid: 'CAb', channel: 'worker', reservation_sid: 'WR2', paused: true }),
    });
    expect(deriveRecordingState(attrs, 'WR1')).toMatchObject({ status: 'completed', recordingSid: 'REa' });
    expect(deriveRecordingState(attrs, 'WR2')).toMatchObject({
      status: 'paused',
      recordingSid: 'REb',
      channel: 'worker',
      alreadyRecording: false,
    });
  });

  it("customer channel after a transfer: the recording the first agent started is the next agent's too", () => {
    expect(deriveRecordingState(attributes({ RE1: rec({ paused: true }) }), 'WR2')).toEqual({
      ...recording({ alreadyRecording: true }),
      status: 'paused',
    });
  });

  it('prefers the leg this browser knows, then its own reservation, then a running recording, then the newest', () => {
    const entries = readRecordingEntries(
      attributes({
        REold: rec({ call_sid: 'CAold', status: 'completed', updated_at: '2026-11-21T10:05:00Z' }),
        REnew: rec({ call_sid: 'CAnew', reservation_sid: 'WR9', updated_at: '2026-11-21T10:01:00Z' }),
        REmine: rec({ call_sid: 'CAme', channel: 'worker', reservation_sid: 'WR2' }),
      }),
    );
    expect(recordingForReservation(entries, 'WR2', 'CAold')?.recordingSid).toBe('REold');
    expect(recordingForReservation(entries, 'WR2')?.recordingSid).toBe('REmine');
    expect(recordingForReservation(entries, 'WR3')?.recordingSid).toBe('REnew');
  });

  it('a legs claim without a recordings entry (older Functions) counts as recording, unpaused', () => {
    const attrs = {
      dual_channel_recording: {
        legs: { CAcustomer: { recording_sid: 'RE1', channel: 'customer', reservation_sid: 'WR1' } },
      },
    };
    expect(deriveRecordingState(attrs, 'WR1')).toEqual(recording());
  });

  it('ignores malformed entries', () => {
    const attrs = attributes({ RE1: rec() });
    Object.assign(attrs.dual_channel_recording.recordings, {
      XX1: rec(),
      RE2: 'nope',
      RE3: { status: 'paused' },
    });
    expect(readRecordingEntries(attrs).map((e) => e.recordingSid)).toEqual(['RE1']);
  });
});

describe('reconcileState: attributes merged into what this browser knows', () => {
  const paused = { ...recording(), status: 'paused' } as RecordingState;

  it('takes the attributes when this browser knows nothing (reload)', () => {
    expect(reconcileState(undefined, paused)).toEqual(paused);
  });

  it('keeps what it knows when the attributes say nothing', () => {
    expect(reconcileState(recording(), undefined)).toEqual(recording());
  });

  it('a running flow (waiting, starting) decides; so do config decisions (excluded, disabled, internal)', () => {
    const starting: RecordingState = { status: 'starting', callSid: 'CAcustomer' };
    const excluded: RecordingState = {
      status: 'not_recorded',
      reason: { kind: 'excluded', exclusion: { kind: 'queue', queue: 'VIP' } },
    };
    expect(reconcileState(starting, paused)).toBe(starting);
    expect(reconcileState(excluded, paused)).toBe(excluded);
  });

  it('another tab paused: paused, keeping a request in flight; the transfer flag is what the attributes say', () => {
    const pausedByFirstAgent = { ...paused, alreadyRecording: true } as RecordingState;
    expect(
      reconcileState(recording({ pending: 'pause', alreadyRecording: true }), pausedByFirstAgent),
    ).toEqual({
      ...paused,
      pending: 'pause',
      alreadyRecording: true,
    });
  });

  it('the Function\'s alreadyRecording for another tab of this reservation gives way to the attributes: not "continued"', () => {
    const ours = recording({ alreadyRecording: false });
    expect(reconcileState(recording({ alreadyRecording: true }), ours)).toEqual(ours);
  });

  it('completed and absent replace recording; a failed start the server did record becomes recording', () => {
    const absent: RecordingState = {
      status: 'not_recorded',
      reason: { kind: 'absent', recordingSid: 'RE1' },
    };
    expect(reconcileState(paused, absent)).toEqual(absent);
    const failed: RecordingState = { status: 'failed', reason: { kind: 'network', message: 'x' } };
    expect(reconcileState(failed, recording())).toEqual(recording());
  });

  it('a finished recording is not revived by an in-progress entry of the same recording', () => {
    const completed: RecordingState = {
      status: 'completed',
      recordingSid: 'RE1',
      callSid: 'CAcustomer',
      channel: 'customer',
    };
    expect(reconcileState(completed, recording())).toBe(completed);
    expect(reconcileState(completed, recording({ recordingSid: 'RE2' }))).toEqual(
      recording({ recordingSid: 'RE2' }),
    );
  });
});

describe('sameState', () => {
  it('compares plain data, ignoring key order and undefined fields', () => {
    expect(sameState(recording({ pending: undefined }), { ...recording() })).toBe(true);
    expect(sameState(recording(), recording({ pending: 'pause' }))).toBe(false);
    expect(sameState(undefined, undefined)).toBe(true);
  });
});
