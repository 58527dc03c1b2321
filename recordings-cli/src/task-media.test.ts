import { recordingSidOfMediaUrl } from '@dual-channel-recording/contract';
import { recordingsFromTaskAttributes } from './task-media';

const AC = 'AC' + 'a'.repeat(32);
const RE1 = 'RE' + '1'.repeat(32);
const RE2 = 'RE' + '2'.repeat(32);
const url = (sid: string): string => `https://api.twilio.com/2010-04-01/Accounts/${AC}/Recordings/${sid}`;

describe('recordingsFromTaskAttributes', () => {
  it('finds task-level and reservation-level Insights media with their channel roles', () => {
    const refs = recordingsFromTaskAttributes({
      conversations: {
        media: [{ type: 'VoiceRecording', url: url(RE1), start_time: 1, channels: ['customer', 'others'] }],
      },
      reservation_attributes: {
        ['WR' + '0'.repeat(32)]: {
          media: [{ type: 'VoiceRecording', url: url(RE2), channels: ['others', 'customer'] }],
        },
      },
    });
    expect(refs).toEqual([
      { recordingSid: RE1, roles: { channels: ['customer', 'agent'], source: 'task-media' } },
      { recordingSid: RE2, roles: { channels: ['agent', 'customer'], source: 'task-media' } },
    ]);
  });

  it('reads our Functions’ leg claims, and lists a recording named twice only once', () => {
    const refs = recordingsFromTaskAttributes({
      conversations: { media: [{ type: 'VoiceRecording', url: url(RE1) }] },
      dual_channel_recording: {
        legs: {
          CA1: { recording_sid: RE1, channel: 'worker' },
          CA2: { recording_sid: RE2, channel: 'customer' },
        },
      },
    });
    expect(refs).toEqual([
      { recordingSid: RE1, roles: { channels: ['agent', 'customer'], source: 'task-claim' } },
      { recordingSid: RE2, roles: { channels: ['customer', 'agent'], source: 'task-claim' } },
    ]);
  });

  it('ignores other media types, foreign URLs and malformed attributes', () => {
    expect(
      recordingsFromTaskAttributes({
        conversations: { media: [{ type: 'ChatTranscript', url: url(RE1) }, 'x', null] },
      }),
    ).toEqual([]);
    expect(recordingsFromTaskAttributes('not an object')).toEqual([]);
    expect(recordingSidOfMediaUrl('https://example.com/file.wav')).toBeNull();
    expect(recordingSidOfMediaUrl(`${url(RE1)}.wav?RequestedChannels=2`)).toBe(RE1);
  });

  it('leaves roles unknown when the channels array is not one customer and one other', () => {
    const [ref] = recordingsFromTaskAttributes({
      conversations: {
        media: [{ type: 'VoiceRecording', url: url(RE1), channels: ['customer', 'customer'] }],
      },
    });
    expect(ref.roles).toBeNull();
  });
});
