/**
 * The admin's Voice Intelligence setting (`ui_attributes.dual_channel_recording.voice_intelligence_service_sid`):
 * the Intelligence Service (`GA…`) that transcribes every completed recording, with each channel
 * labelled customer or agent. Off when absent, null or empty. One parser, problems naming the
 * setting's full path; a value that does not parse is never guessed (and never means "off").
 */
import type { SettingProblem } from '../credentials/settings';
import { sidPattern } from '../credentials/sid';
import { isRecord } from '../json/is-record';
import { SETTINGS_PATH, UI_ATTRIBUTES_KEY } from './exclusions';

/** The Voice Intelligence keys of `ui_attributes.dual_channel_recording` (the plugin accepts them too). */
export const VOICE_INTELLIGENCE_KEYS = ['voice_intelligence_service_sid'] as const;

/** The setting's full path, as problems and the docs name it. */
export const VOICE_INTELLIGENCE_SETTING = `${SETTINGS_PATH}.voice_intelligence_service_sid`;

// Twilio's pattern for a Service SID (twilio_intelligence_v2.json, ServiceSid).
const SERVICE_SID = sidPattern('GA');

/** The parsed setting: the service's SID, or undefined when transcription is off. */
export type VoiceIntelligenceSettingsResult =
  | { readonly ok: true; readonly serviceSid: string | undefined }
  | { readonly ok: false; readonly problems: readonly SettingProblem[] };

/**
 * Reads the Voice Intelligence setting from `ui_attributes` (the whole object, as the Flex
 * Configuration API answers it): off unless `voice_intelligence_service_sid` is an Intelligence
 * Service SID.
 */
export function parseVoiceIntelligenceSettings(uiAttributes: unknown): VoiceIntelligenceSettingsResult {
  if (uiAttributes === undefined || uiAttributes === null) return { ok: true, serviceSid: undefined };
  if (!isRecord(uiAttributes)) {
    return {
      ok: false,
      problems: [{ setting: 'ui_attributes', kind: 'invalid', reason: 'must be an object' }],
    };
  }
  const section = uiAttributes[UI_ATTRIBUTES_KEY];
  if (section === undefined || section === null) return { ok: true, serviceSid: undefined };
  if (!isRecord(section)) {
    return {
      ok: false,
      problems: [{ setting: SETTINGS_PATH, kind: 'invalid', reason: 'must be an object' }],
    };
  }
  const value = section.voice_intelligence_service_sid;
  if (value === undefined || value === null || value === '') return { ok: true, serviceSid: undefined };
  if (typeof value !== 'string' || !SERVICE_SID.test(value.trim())) {
    return {
      ok: false,
      problems: [
        {
          setting: VOICE_INTELLIGENCE_SETTING,
          kind: 'invalid',
          reason: 'must be a Voice Intelligence Service SID (GA followed by 32 hex digits), or null for off',
        },
      ],
    };
  }
  return { ok: true, serviceSid: value.trim() };
}
