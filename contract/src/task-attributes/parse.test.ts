import { insightsChannelsFor, insightsMediaUrl, recordingSidOfMediaUrl } from './layout';
import type { ProductAttributes } from './parse';
import { hasCallSid, readMediaEntries, readProductAttributes } from './parse';

const AC = 'AC' + 'a'.repeat(32);
const RE1 = 'RE' + '1'.repeat(32);
const WR = 'WR' + '0'.repeat(32);

describe('readProductAttributes', () => {
  it('reads legs, recordings (their consent, stop and seals too) and the audit trail back exactly as the Functions write them', () => {
    const written: ProductAttributes = {
      legs: { CA1: { recording_sid: RE1, channel: 'worker', reservation_sid: WR } },
      recordings: {
        [RE1]: {
          call_sid: 'CA1',
          channel: 'worker',
          reservation_sid: WR,
          status: 'completed',
          paused: false,
          duration: 3,
          start_time: 5,
          updated_at: '2026-01-01T00:00:00.000Z',
          consent: { status: 'failed', on: 'start', at: 'T', error_code: 21220, recording_stopped: true },
          stopped_by: 'consent_failed',
          stop_seal: 'stop-seal',
          ended_seal: 'ended-seal',
          transcript: {
            status: 'created',
            sid: 'GT' + '2'.repeat(32),
            service_sid: 'GA' + '3'.repeat(32),
            channel_roles: ['agent', 'customer'],
            agent_identity: 'alice',
            pause_behavior: 'skip',
            at: 'T',
          },
        },
      },
      audit: [
        {
          action: 'pause',
          recording_sid: RE1,
          call_sid: 'CA1',
          by: { identity: 'alice', roles: ['agent'] },
          at: 'T',
        },
        {
          action: 'pause',
          recording_sid: RE1,
          call_sid: 'CA1',
          by: { worker_sid: 'WK1', identity: 'sam', roles: ['supervisor'] },
          at: 'T',
          duplicates_paused: ['RE' + '4'.repeat(32)],
        },
      ],
      leases: { [RE1]: { id: 'l1', action: 'pause', until: 9, seal: 's' } },
      media_repairs: [
        { at: 'T', recording_sid: RE1, reservation_sid: '', problem: 'p', outcome: 'repaired' },
      ],
    };
    expect(readProductAttributes({ other: 1, dual_channel_recording: written })).toEqual(written);
  });

  it('leaves out what does not parse and defaults what older writers left out', () => {
    const parsed = readProductAttributes({
      dual_channel_recording: {
        legs: { CA1: 'RE', CA2: { recording_sid: '' }, CA3: { recording_sid: RE1 } },
        recordings: {
          XX1: { status: 'completed' },
          RE2: { status: 'x' },
          RE3: 'nope',
          RE4: { status: 'absent', duration: 'long' },
        },
        audit: [{ action: 'delete' }, 'x'],
      },
    });
    expect(parsed.legs).toEqual({ CA3: { recording_sid: RE1, channel: 'customer', reservation_sid: '' } });
    expect(Object.keys(parsed.recordings)).toEqual(['RE4']);
    expect(parsed.recordings.RE4).toEqual({
      call_sid: '',
      channel: 'customer',
      reservation_sid: '',
      status: 'absent',
      paused: false,
      updated_at: '',
    });
    expect(parsed.audit).toEqual([]);
  });

  it("keeps an audit entry's duplicates_paused only as recording SIDs, and leaves the key out when none is one", () => {
    const entry = {
      action: 'pause',
      recording_sid: RE1,
      call_sid: 'CA1',
      by: { identity: 'a', roles: [] },
      at: 'T',
    };
    const RE4 = 'RE' + '4'.repeat(32);
    const { audit } = readProductAttributes({
      dual_channel_recording: {
        audit: [
          { ...entry, duplicates_paused: ['nope', 3, RE4, 'CA' + '4'.repeat(32)] },
          { ...entry, duplicates_paused: RE4 },
          { ...entry, duplicates_paused: ['x'] },
        ],
      },
    });
    expect(audit.map((a) => a.duplicates_paused)).toEqual([[RE4], undefined, undefined]);
    expect(audit[1]).not.toHaveProperty('duplicates_paused');
  });

  it("keeps a recording's transcript outcome and leaves out its parts that do not parse", () => {
    const parsed = readProductAttributes({
      dual_channel_recording: {
        recordings: {
          [RE1]: {
            status: 'completed',
            transcript: {
              status: 'failed',
              sid: 'nope',
              service_sid: 'GA1',
              channel_roles: ['boss'],
              reason: 'create_failed',
              error_code: 20001,
              at: 'T',
            },
          },
          RE2: { status: 'completed', transcript: { status: 'maybe' } },
        },
      },
    });
    expect(parsed.recordings[RE1].transcript).toEqual({
      status: 'failed',
      service_sid: 'GA1',
      reason: 'create_failed',
      error_code: 20001,
      at: 'T',
    });
    expect(parsed.recordings.RE2.transcript).toBeUndefined();
  });

  it('reads nothing from attributes that are not an object', () => {
    for (const value of [null, 'x', [], { dual_channel_recording: 'x' }])
      expect(readProductAttributes(value)).toEqual({
        legs: {},
        recordings: {},
        audit: [],
        leases: {},
        media_repairs: [],
      });
  });
});

describe('readMediaEntries', () => {
  it('finds task-level and reservation-level VoiceRecording entries, in that order', () => {
    const found = readMediaEntries({
      reservation_attributes: {
        [WR]: { media: [{ type: 'VoiceRecording', url: 'u2', channels: ['others', 'customer'] }] },
      },
      conversations: {
        media: [
          { type: 'ChatTranscript', url: 'x' },
          'x',
          { type: 'VoiceRecording', url: 'u1', start_time: 7 },
        ],
      },
    });
    expect(found).toEqual([
      { entry: { type: 'VoiceRecording', url: 'u1', start_time: 7 }, reservationSid: undefined },
      { entry: { type: 'VoiceRecording', url: 'u2', channels: ['others', 'customer'] }, reservationSid: WR },
    ]);
  });
});

describe('media URL and channel names', () => {
  it('builds the Insights URL and reads the recording SID back, extension and query allowed', () => {
    const url = insightsMediaUrl(AC, RE1);
    expect(url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${AC}/Recordings/${RE1}`);
    expect(recordingSidOfMediaUrl(url)).toBe(RE1);
    expect(recordingSidOfMediaUrl(`${url}.wav?RequestedChannels=2`)).toBe(RE1);
    expect(recordingSidOfMediaUrl('https://example.com/file.wav')).toBeNull();
    expect(recordingSidOfMediaUrl(42)).toBeNull();
  });

  it("puts the recorded leg's own party on the first channel", () => {
    expect(insightsChannelsFor('customer')).toEqual(['customer', 'others']);
    expect(insightsChannelsFor('worker')).toEqual(['others', 'customer']);
  });
});

describe('hasCallSid', () => {
  it('is true only for a non-empty call_sid string (what the Functions fill and the plugin hints for)', () => {
    expect(hasCallSid({ call_sid: 'CA' + '1'.repeat(32) })).toBe(true);
    expect(hasCallSid({})).toBe(false);
    expect(hasCallSid({ call_sid: '' })).toBe(false);
    expect(hasCallSid({ call_sid: 42 })).toBe(false);
    expect(hasCallSid({ call_sid: null })).toBe(false);
  });
});
