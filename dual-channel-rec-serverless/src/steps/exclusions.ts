/**
 * create-recording's side of exclusions: the admin's settings read from the Flex configuration
 * (`ui_attributes.dual_channel_recording`, the document the plugin reads, see flex-settings.ts), and
 * the refusal of an excluded task. The parse and the matcher are shared with the
 * plugin (the contract package's settings/exclusions.ts), so both always agree on what is excluded.
 */
import { ApiError } from '../http/api-error';
import type { TaskSnapshot } from '../twilio/gateway';
import type { ExclusionSettingsResult } from '@dual-channel-recording/contract';
import { findExclusion } from '@dual-channel-recording/contract';

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
