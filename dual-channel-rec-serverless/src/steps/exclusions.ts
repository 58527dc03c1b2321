/**
 * create-recording's side of exclusions: the admin's settings read from the Flex configuration
 * (`ui_attributes.dual_channel_recording`, the document the plugin reads), kept for a short time by a
 * warm instance, and the refusal of an excluded task. The parse and the matcher are shared with the
 * plugin (the contract package's settings/exclusions.ts), so both always agree on what is excluded.
 */
import { ApiError } from '../http/api-error';
import type { TaskSnapshot, TwilioGateway } from '../twilio/gateway';
import type { ExclusionSettingsResult } from '@dual-channel-recording/contract';
import { findExclusion, parseExclusionSettings } from '@dual-channel-recording/contract';
import { createFlexUiAttributesCache } from './flex-settings';

/** Reads the exclusion settings for a gateway's account, from cache while fresher than `ttlMs`. */
export type ExclusionSettingsReader = (
  gateway: TwilioGateway,
  now: number,
  ttlMs: number,
) => Promise<ExclusionSettingsResult>;

/**
 * A cache of the exclusion settings per account (one per warm instance; how long an entry is
 * trusted is the `EXCLUSIONS_CACHE_SECONDS` setting, 30 s by default). A failed read is not kept,
 * so the next request asks again; concurrent requests share one read in flight.
 */
export function createExclusionSettingsCache(): ExclusionSettingsReader {
  const read = createFlexUiAttributesCache();
  return (gateway, now, ttlMs) => read(gateway, now, ttlMs).then(parseExclusionSettings);
}

/**
 * Refuses a task the admin excluded: 403 `recording_excluded` with the exclusion (queue from
 * TaskRouter's own fields, or the attribute rule that matched). Settings that do not parse refuse
 * every start as a configuration problem naming the setting: a compliance exclusion is never
 * silently dropped.
 */
export function checkNotExcluded(task: TaskSnapshot, result: ExclusionSettingsResult): void {
  if (!result.ok) {
    const [first] = result.problems;
    throw new ApiError(
      'invalid_setting',
      `The Flex setting ${first.setting} ${first.reason}; an administrator must fix it in Flex's ui_attributes`,
      { setting: first.setting },
    );
  }
  const exclusion = findExclusion(
    { queueName: task.queueName, queueSid: task.queueSid, attributes: task.attributes },
    result.settings,
  );
  if (!exclusion) return;
  const why =
    exclusion.kind === 'queue'
      ? `queue ${exclusion.queue} is excluded`
      : `excluded by ${exclusion.path} = ${String(exclusion.value)}`;
  throw new ApiError('recording_excluded', `Not recorded: ${why} (ui_attributes.dual_channel_recording)`, {
    exclusion,
  });
}
