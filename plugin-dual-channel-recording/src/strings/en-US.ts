import type { StringSet } from './StringTemplates';
import { StringTemplates as S } from './StringTemplates';

/** English (United States), the fallback for every other locale. */
export const enUS: StringSet = {
  [S.WaitingForCall]: 'Recording starts when the call connects',
  [S.WaitingForAnswer]: 'Recording starts when the customer answers',
  [S.Starting]: 'Starting recording…',
  [S.Recording]: 'Recording',
  [S.RecordingContinued]: 'Recording (continued from earlier in the call)',
  [S.NotRecordedExcludedQueue]: 'Not recorded: queue {{queue}} is excluded',
  [S.NotRecordedExcludedAttribute]: 'Not recorded: excluded by {{path}} = {{value}}',
  [S.NotRecordedCallEnded]: 'Not recorded: the call ended first',
  [S.NotRecordedDisabled]: 'Not recorded: recording is turned off',
  [S.NotRecordedConfigInvalid]: 'Not recorded: the recording settings are invalid',
  [S.NotRecordedInternalInbound]: 'Not recorded here: the calling agent records this call',
  [S.Failed]: 'Recording failed: {{reason}}',
  [S.ReasonLegTimeout]: 'the call did not connect within {{seconds}} seconds',
  [S.ReasonNetwork]: 'the recording service could not be reached',
  [S.ReasonNoToken]: 'your Flex session has no token; sign in again',
  [S.NotificationFailed]: 'This call is not being recorded: {{reason}}',
  [S.NotificationCallEnded]: 'The call ended before it could be recorded.',
  [S.NotificationConfigInvalid]: 'Call recording is off because its settings are invalid: {{problems}}',
};
