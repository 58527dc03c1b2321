import type * as Flex from '@twilio/flex-ui';

import { failureReasonText, pauseFailureReasonText } from '../../components/RecordingIndicator/describeState';
import type { ConfigProblem } from '../../config/recordingConfig';
import type { PauseNotice } from '../../recording/pauseController';
import type { RecorderNotice } from '../../recording/recorder';
import { StringTemplates } from '../../strings';
import type { Translate } from '../../strings/format';

/** Ids of the notifications this plugin registers. */
export enum NotificationIds {
  RecordingFailed = 'DualChannelRecordingFailed',
  CallEndedFirst = 'DualChannelRecordingCallEndedFirst',
  ConfigInvalid = 'DualChannelRecordingConfigInvalid',
  PauseFailed = 'DualChannelRecordingPauseFailed',
  ResumeFailed = 'DualChannelRecordingResumeFailed',
}

/** Registers our notifications; their content is a string id Flex renders with the context. */
export function registerNotifications(flex: typeof Flex): void {
  flex.Notifications.registerNotification({
    id: NotificationIds.RecordingFailed,
    type: flex.NotificationType.error,
    content: StringTemplates.NotificationFailed,
    closeButton: true,
    timeout: 0,
  });
  flex.Notifications.registerNotification({
    id: NotificationIds.CallEndedFirst,
    type: flex.NotificationType.information,
    content: StringTemplates.NotificationCallEnded,
    closeButton: true,
    timeout: 8000,
  });
  flex.Notifications.registerNotification({
    id: NotificationIds.ConfigInvalid,
    type: flex.NotificationType.error,
    content: StringTemplates.NotificationConfigInvalid,
    closeButton: true,
    timeout: 0,
  });
  flex.Notifications.registerNotification({
    id: NotificationIds.PauseFailed,
    type: flex.NotificationType.error,
    content: StringTemplates.NotificationPauseFailed,
    closeButton: true,
    timeout: 10000,
  });
  flex.Notifications.registerNotification({
    id: NotificationIds.ResumeFailed,
    type: flex.NotificationType.error,
    content: StringTemplates.NotificationResumeFailed,
    closeButton: true,
    timeout: 10000,
  });
}

/** Shows why a pause or resume did not happen (the server's reason, or ours for the known ones). */
export function showPauseNotice(flex: typeof Flex, notice: PauseNotice, t: Translate): void {
  flex.Notifications.showNotification(
    notice.action === 'pause' ? NotificationIds.PauseFailed : NotificationIds.ResumeFailed,
    { reason: pauseFailureReasonText(notice.reason, t) },
  );
}

/** Shows the notification for something the recorder reports. */
export function showRecorderNotice(flex: typeof Flex, notice: RecorderNotice, t: Translate): void {
  if (notice.kind === 'failed') {
    flex.Notifications.showNotification(NotificationIds.RecordingFailed, {
      reason: failureReasonText(notice.reason, t),
    });
  } else {
    flex.Notifications.showNotification(NotificationIds.CallEndedFirst, {});
  }
}

/** Names every configuration problem in one error notification and in the console. */
export function showConfigProblems(
  flex: typeof Flex,
  problems: readonly ConfigProblem[],
  log: Pick<Console, 'error'>,
): void {
  if (problems.length === 0) return;
  const lines = problems.map((p) => `${p.source}: ${p.message}`);
  log.error(`[dual-channel-recording] recording is off; fix these settings:\n  ${lines.join('\n  ')}`);
  flex.Notifications.showNotification(NotificationIds.ConfigInvalid, { problems: lines.join('; ') });
}
