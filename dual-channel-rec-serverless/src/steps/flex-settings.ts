/**
 * The admin's settings as the Functions read them: Flex's `ui_attributes` (Flex Configuration API),
 * the document the plugin reads, kept by a warm instance for `EXCLUSIONS_CACHE_SECONDS` (one read
 * per instance for a burst of calls; an admin's change is enforced within that time). Exclusions and
 * the compliance settings are parsed from the same read by the contract's parsers.
 */
import { ApiError } from '../http/api-error';
import type { TwilioGateway } from '../twilio/gateway';
import type {
  ComplianceSettings,
  ComplianceSettingsResult,
  ExclusionSettingsResult,
  SettingProblem,
  VoiceIntelligenceSettingsResult,
} from '@dual-channel-recording/contract';
import {
  parseComplianceSettings,
  parseExclusionSettings,
  parseVoiceIntelligenceSettings,
} from '@dual-channel-recording/contract';

/** Reads `ui_attributes` for a gateway's account, from cache while fresher than `ttlMs`. */
export type FlexUiAttributesReader = (gateway: TwilioGateway, now: number, ttlMs: number) => Promise<unknown>;

/**
 * A cache of `ui_attributes` per account (one per warm instance). A failed read is not kept, so the
 * next request asks again; concurrent requests share one read in flight.
 */
export function createFlexUiAttributesCache(): FlexUiAttributesReader {
  const cache = new Map<string, { readAt: number; value: Promise<unknown> }>();
  return (gateway, now, ttlMs) => {
    const hit = cache.get(gateway.accountSid);
    if (hit && now - hit.readAt < ttlMs) return hit.value;
    const value = gateway.fetchFlexUiAttributes();
    const entry = { readAt: now, value };
    cache.set(gateway.accountSid, entry);
    value.catch(() => {
      if (cache.get(gateway.accountSid) === entry) cache.delete(gateway.accountSid);
    });
    return value;
  };
}

/** One request's view of the admin's settings: both parses over a single read of `ui_attributes`. */
export interface FlexSettings {
  exclusions(): Promise<ExclusionSettingsResult>;
  compliance(): Promise<ComplianceSettingsResult>;
  voiceIntelligence(): Promise<VoiceIntelligenceSettingsResult>;
}

/** The settings for one request, read once (lazily) through the warm instance's cache. */
export function flexSettingsFor(read: () => Promise<unknown>): FlexSettings {
  let raw: Promise<unknown> | undefined;
  const once = (): Promise<unknown> => (raw ??= read());
  return {
    exclusions: () => once().then(parseExclusionSettings),
    compliance: () => once().then(parseComplianceSettings),
    voiceIntelligence: () => once().then(parseVoiceIntelligenceSettings),
  };
}

/**
 * Settings parsed from `ui_attributes`, or the 500 naming the first malformed one: an exclusion,
 * consent or stop rule an admin wrote wrongly is never silently dropped.
 */
export function requireFlexSettings<S>(
  result:
    | { readonly ok: true; readonly settings: S }
    | { readonly ok: false; readonly problems: readonly SettingProblem[] },
): S {
  if (result.ok) return result.settings;
  const [first] = result.problems;
  throw new ApiError(
    'invalid_setting',
    `The Flex setting ${first.setting} ${first.reason}; an administrator must fix it in Flex's ui_attributes`,
    { setting: first.setting },
  );
}

/** The compliance settings, or the 500 naming the first malformed one ({@link requireFlexSettings}). */
export function requireComplianceSettings(result: ComplianceSettingsResult): ComplianceSettings {
  return requireFlexSettings(result);
}
