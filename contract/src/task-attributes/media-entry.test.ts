import { buildMediaEntry, type MediaEntryInput } from './media-entry';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const RE1 = `RE${'2'.repeat(32)}`;
const TASK = `WT${'3'.repeat(32)}`;
const start = new Date('2026-01-02T03:04:05Z');

const input = (overrides: Partial<MediaEntryInput> = {}): MediaEntryInput => ({
  accountSid: ACCOUNT,
  recordingSid: RE1,
  taskSid: TASK,
  channel: 'customer',
  startedAt: start,
  now: 0,
  serviceBaseUrl: 'https://svc-1234-dev.twil.io',
  ...overrides,
});

describe('buildMediaEntry', () => {
  it('builds the Flex Insights entry: REST url, epoch-millisecond start_time, channels and the url_provider of this recording and task', () => {
    expect(buildMediaEntry(input())).toEqual({
      type: 'VoiceRecording',
      url: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${RE1}`,
      start_time: start.getTime(),
      channels: ['customer', 'others'],
      url_provider: `https://svc-1234-dev.twil.io/playback-recording?recordingSid=${RE1}&taskSid=${TASK}`,
    });
  });

  it('puts the agent first for a worker-leg recording', () => {
    expect(buildMediaEntry(input({ channel: 'worker' })).channels).toEqual(['others', 'customer']);
  });

  it('falls back to the write time when Twilio has no start time yet', () => {
    expect(buildMediaEntry(input({ startedAt: null, now: 1234 })).start_time).toBe(1234);
  });

  it('joins a base URL given with a trailing slash without doubling it', () => {
    expect(buildMediaEntry(input({ serviceBaseUrl: 'http://127.0.0.1:3000/' })).url_provider).toBe(
      `http://127.0.0.1:3000/playback-recording?recordingSid=${RE1}&taskSid=${TASK}`,
    );
  });
});
