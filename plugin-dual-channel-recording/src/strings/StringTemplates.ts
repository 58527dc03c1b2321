/** Ids of every string this plugin adds to `manager.strings` (Handlebars templates). */
export enum StringTemplates {
  WaitingForCall = 'DualChannelRecordingWaitingForCall',
  WaitingForAnswer = 'DualChannelRecordingWaitingForAnswer',
  Starting = 'DualChannelRecordingStarting',
  Recording = 'DualChannelRecordingRecording',
  RecordingContinued = 'DualChannelRecordingRecordingContinued',
  NotRecordedExcludedQueue = 'DualChannelRecordingNotRecordedExcludedQueue',
  NotRecordedExcludedAttribute = 'DualChannelRecordingNotRecordedExcludedAttribute',
  NotRecordedCallEnded = 'DualChannelRecordingNotRecordedCallEnded',
  NotRecordedDisabled = 'DualChannelRecordingNotRecordedDisabled',
  NotRecordedConfigInvalid = 'DualChannelRecordingNotRecordedConfigInvalid',
  NotRecordedInternalInbound = 'DualChannelRecordingNotRecordedInternalInbound',
  Failed = 'DualChannelRecordingFailed',
  ReasonLegTimeout = 'DualChannelRecordingReasonLegTimeout',
  ReasonNetwork = 'DualChannelRecordingReasonNetwork',
  ReasonNoToken = 'DualChannelRecordingReasonNoToken',
  NotificationFailed = 'DualChannelRecordingNotificationFailed',
  NotificationCallEnded = 'DualChannelRecordingNotificationCallEnded',
  NotificationConfigInvalid = 'DualChannelRecordingNotificationConfigInvalid',
}

/** A complete set of translations: the compiler rejects a locale with a missing id. */
export type StringSet = Readonly<Record<StringTemplates, string>>;
