import { parseVoiceIntelligenceSettings } from './voice-intelligence';

const ui = (section: unknown) => ({ dual_channel_recording: section });
const SID = 'GA0123456789abcdef0123456789abcdef';

describe('parseVoiceIntelligenceSettings', () => {
  it('is off by default: nothing set, no section, null or an empty string', () => {
    for (const input of [
      undefined,
      null,
      {},
      ui({}),
      ui(null),
      ui({ voice_intelligence_service_sid: null }),
      ui({ voice_intelligence_service_sid: '' }),
    ]) {
      expect(parseVoiceIntelligenceSettings(input)).toEqual({ ok: true, serviceSid: undefined });
    }
  });

  it('reads an Intelligence Service SID (surrounding spaces trimmed)', () => {
    expect(parseVoiceIntelligenceSettings(ui({ voice_intelligence_service_sid: ` ${SID} ` }))).toEqual({
      ok: true,
      serviceSid: SID,
    });
  });

  it.each([
    ['a Flex Flow SID', 'FO0123456789abcdef0123456789abcdef'],
    ['a short GA SID', 'GA0123'],
    ['a number', 42],
    ['true', true],
    ['non-hex digits', 'GAzz23456789abcdef0123456789abcdef'],
  ])('refuses %s, naming the setting (never read as off)', (_what, value) => {
    expect(parseVoiceIntelligenceSettings(ui({ voice_intelligence_service_sid: value }))).toEqual({
      ok: false,
      problems: [
        {
          setting: 'ui_attributes.dual_channel_recording.voice_intelligence_service_sid',
          kind: 'invalid',
          reason: expect.stringContaining('Voice Intelligence Service SID'),
        },
      ],
    });
  });

  it('refuses a section that is not an object', () => {
    expect(parseVoiceIntelligenceSettings(ui('GA…'))).toMatchObject({
      ok: false,
      problems: [{ setting: 'ui_attributes.dual_channel_recording' }],
    });
  });
});
