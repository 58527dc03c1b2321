import {
  MAX_AUDIT_ENTRIES,
  buildMediaEntry,
  type AuditEntry,
  type RecordingState,
} from '@dual-channel-recording/contract';
import {
  mergeRecording,
  mergeRecordingStatus,
  recordingStateFor,
  type RecordingOrigin,
} from '../../src/rules/attributes';
import { withPauseAction } from '../helpers/task-attributes';
import { parseConfig } from '../../src/config/settings';
import { ACCOUNT, CALL, RESERVATION, TASK, WORKER, WORKSPACE, sid } from '../helpers/sids';

const RE1 = sid('RE', 1);
const T0 = '2026-01-01T10:00:00.000Z';
const T1 = '2026-01-01T10:05:00.000Z';
const origin: RecordingOrigin = { call_sid: CALL, channel: 'customer', reservation_sid: RESERVATION };

function state(overrides: Partial<RecordingState> = {}): RecordingState {
  return { ...origin, status: 'in-progress', paused: false, updated_at: T0, ...overrides };
}

describe('mergeRecordingStatus: status precedence', () => {
  it('creates the entry from the first report', () => {
    expect(mergeRecordingStatus(undefined, { status: 'in-progress', channels: 2 }, origin, T0)).toEqual({
      state: state({ channels: 2 }),
      changed: true,
    });
  });

  it('advances in-progress to completed, adds duration and clears paused', () => {
    const { state: next, changed } = mergeRecordingStatus(
      state({ paused: true, start_time: 5 }),
      { status: 'completed', duration: 42, channels: 2 },
      origin,
      T1,
    );
    expect(changed).toBe(true);
    expect(next).toEqual(
      state({ status: 'completed', paused: false, duration: 42, channels: 2, start_time: 5, updated_at: T1 }),
    );
  });

  it.each([
    ['completed', 'in-progress'],
    ['absent', 'in-progress'],
    ['completed', 'absent'],
    ['absent', 'completed'],
  ] as const)('keeps %s when %s arrives later (out of order or contradicting)', (held, late) => {
    const current = state({ status: held, duration: 7 });
    expect(mergeRecordingStatus(current, { status: late, duration: 99 }, origin, T1)).toEqual({
      state: current,
      changed: false,
    });
  });

  it('a replay of the same report changes nothing (and keeps updated_at)', () => {
    const current = state({ status: 'completed', duration: 42, channels: 2 });
    expect(
      mergeRecordingStatus(current, { status: 'completed', duration: 42, channels: 2 }, origin, T1).changed,
    ).toBe(false);
  });

  it('a same-rank report with new facts fills them in, keeping the paused flag while in progress', () => {
    const { state: next, changed } = mergeRecordingStatus(
      state({ paused: true }),
      { status: 'in-progress', start_time: 123 },
      origin,
      T1,
    );
    expect(changed).toBe(true);
    expect(next).toMatchObject({ status: 'in-progress', paused: true, start_time: 123, updated_at: T1 });
  });

  it('absent records the error code', () => {
    expect(
      mergeRecordingStatus(state(), { status: 'absent', error_code: 16101 }, origin, T1).state,
    ).toMatchObject({ status: 'absent', error_code: 16101 });
  });
});

describe('lifecycle entries on the task', () => {
  it('create writes recordings[RE] as in-progress with the claim, and never regresses a terminal entry', () => {
    const input = {
      callSid: CALL,
      claim: { recording_sid: RE1, channel: 'customer' as const, reservation_sid: RESERVATION },
      entry: buildMediaEntry({
        accountSid: ACCOUNT,
        recordingSid: RE1,
        taskSid: TASK,
        channel: 'customer',
        startedAt: new Date(5),
        now: 0,
        serviceBaseUrl: 'https://svc.example',
      }),
      fill: {},
      updatedAt: T0,
    };
    const created = mergeRecording({ other: 1 }, input);
    expect(recordingStateFor(created, RE1)).toEqual(state({ start_time: 5 }));
    const done = mergeRecording(
      { dual_channel_recording: { recordings: { [RE1]: state({ status: 'completed', duration: 3 }) } } },
      input,
    );
    expect(recordingStateFor(done, RE1)).toMatchObject({ status: 'completed', paused: false, duration: 3 });
  });

  it('a start never sets the paused flag: an existing flag is kept, a new entry is not paused (pause/resume own it)', () => {
    const input = {
      callSid: CALL,
      claim: { recording_sid: RE1, channel: 'customer' as const, reservation_sid: RESERVATION },
      entry: buildMediaEntry({
        accountSid: ACCOUNT,
        recordingSid: RE1,
        taskSid: TASK,
        channel: 'customer',
        startedAt: new Date(5),
        now: 0,
        serviceBaseUrl: 'https://svc.example',
      }),
      fill: {},
      updatedAt: T0,
    };
    expect(recordingStateFor(mergeRecording({}, input), RE1)?.paused).toBe(false);
    const paused = { dual_channel_recording: { recordings: { [RE1]: state({ paused: true }) } } };
    expect(recordingStateFor(mergeRecording(paused, input), RE1)?.paused).toBe(true);
  });

  it('ignores malformed entries', () => {
    expect(
      recordingStateFor({ dual_channel_recording: { recordings: { [RE1]: { status: 'x' } } } }, RE1),
    ).toBe(undefined);
  });

  it('a pause sets the flag and appends to a bounded audit trail, keeping everything else', () => {
    const audit = (n: number): AuditEntry => ({
      action: n % 2 === 0 ? 'pause' : 'resume',
      recording_sid: RE1,
      call_sid: CALL,
      by: { worker_sid: WORKER, identity: 'alice', roles: ['agent'] },
      at: new Date(n * 1000).toISOString(),
    });
    let attrs: Record<string, unknown> = {
      conversations: { media: [{ url: 'u' }] },
      dual_channel_recording: { legs: { [CALL]: { recording_sid: RE1 } }, recordings: { [RE1]: state() } },
    };
    attrs = withPauseAction(attrs, { recordingSid: RE1, origin, paused: true, audit: audit(0) });
    expect(recordingStateFor(attrs, RE1)).toMatchObject({ paused: true, updated_at: audit(0).at });
    expect(attrs.conversations).toEqual({ media: [{ url: 'u' }] });
    expect(attrs.dual_channel_recording).toMatchObject({
      legs: { [CALL]: { recording_sid: RE1 } },
      audit: [audit(0)],
    });
    for (let n = 1; n <= MAX_AUDIT_ENTRIES + 3; n += 1) {
      attrs = withPauseAction(attrs, { recordingSid: RE1, origin, paused: n % 2 === 0, audit: audit(n) });
    }
    const trail = (attrs.dual_channel_recording as { audit: AuditEntry[] }).audit;
    expect(trail).toHaveLength(MAX_AUDIT_ENTRIES);
    expect(trail[trail.length - 1]).toEqual(audit(MAX_AUDIT_ENTRIES + 3));
  });
});

describe('pause settings', () => {
  const base = { ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: 's', TWILIO_WORKSPACE_SID: WORKSPACE };

  it('defaults to skip and supervisor; an empty PAUSE_ROLES means nobody else', () => {
    expect(parseConfig(base)).toMatchObject({
      ok: true,
      config: { pauseBehavior: 'skip', pauseRoles: ['supervisor'] },
    });
    expect(parseConfig({ ...base, PAUSE_ROLES: '' })).toMatchObject({ ok: true, config: { pauseRoles: [] } });
    expect(
      parseConfig({ ...base, PAUSE_ROLES: ' admin, supervisor ,admin', PAUSE_BEHAVIOR: 'Silence' }),
    ).toMatchObject({
      ok: true,
      config: { pauseBehavior: 'silence', pauseRoles: ['admin', 'supervisor'] },
    });
  });

  it('names PAUSE_BEHAVIOR and PAUSE_ROLES when malformed, without echoing values', () => {
    const result = parseConfig({ ...base, PAUSE_BEHAVIOR: 'mute', PAUSE_ROLES: 'admin;drop' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.setting)).toEqual(['PAUSE_BEHAVIOR', 'PAUSE_ROLES']);
    expect(JSON.stringify(result.problems)).not.toContain('drop');
  });
});
