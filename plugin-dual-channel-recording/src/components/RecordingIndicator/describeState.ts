import type { FailureReason, RecordingState } from '../../recording/recordingStore';
import { StringTemplates } from '../../strings';
import type { TemplateContext, Translate } from '../../strings/format';

/** The visual weight of a state. */
export type Tone = 'pending' | 'recording' | 'paused' | 'off' | 'error';

/** What the indicator shows for a state: a tone and a string id with its context. */
export interface StateDescription {
  readonly tone: Tone;
  readonly code: StringTemplates;
  readonly context: TemplateContext;
}

/** The localized "why" of a failure; the Function's own message when it sent one. */
export function failureReasonText(reason: FailureReason, t: Translate): string {
  switch (reason.kind) {
    case 'leg_timeout':
      return t(StringTemplates.ReasonLegTimeout, { seconds: reason.seconds });
    case 'network':
      return t(StringTemplates.ReasonNetwork);
    case 'no_token':
      return t(StringTemplates.ReasonNoToken);
    case 'function':
      return reason.message || reason.code;
    case 'unexpected':
      return reason.message;
  }
}

/**
 * The localized "why" of a refused pause/resume: our own words for the two answers an agent can act
 * on (no recording for this leg; the call or recording already ended), the Function's message for the
 * rest (403 forbidden, 400, ...).
 */
export function pauseFailureReasonText(reason: FailureReason, t: Translate): string {
  if (reason.kind === 'function' && reason.code === 'no_recording')
    return t(StringTemplates.ReasonNoRecording);
  if (reason.kind === 'function' && reason.code === 'call_not_in_progress') {
    return t(StringTemplates.ReasonCallNotInProgress);
  }
  return failureReasonText(reason, t);
}

/** Maps a recording state to what the indicator says. */
export function describeState(state: RecordingState, t: Translate): StateDescription {
  switch (state.status) {
    case 'waiting_for_leg':
      // Every kind alike: Flex accepts an outbound reservation only once the customer answers, so the
      // wait is for Flex's conference data, never for the customer (Flex 2.17).
      return { tone: 'pending', code: StringTemplates.WaitingForCall, context: {} };
    case 'starting':
      return { tone: 'pending', code: StringTemplates.Starting, context: {} };
    case 'recording':
      if (state.consentFailed)
        return { tone: 'error', code: StringTemplates.RecordingConsentFailed, context: {} };
      return {
        tone: 'recording',
        code: state.alreadyRecording ? StringTemplates.RecordingContinued : StringTemplates.Recording,
        context: {},
      };
    case 'paused':
      return { tone: 'paused', code: StringTemplates.Paused, context: {} };
    case 'completed':
      if (state.stoppedBy === 'consent_failed')
        return { tone: 'error', code: StringTemplates.StoppedConsentFailed, context: {} };
      if (state.stoppedBy === 'last_agent_left')
        return { tone: 'off', code: StringTemplates.StoppedLastAgentLeft, context: {} };
      return { tone: 'off', code: StringTemplates.Completed, context: {} };
    case 'failed':
      return {
        tone: 'error',
        code: StringTemplates.Failed,
        context: { reason: failureReasonText(state.reason, t) },
      };
    case 'not_recorded': {
      const { reason } = state;
      switch (reason.kind) {
        case 'excluded':
          return reason.exclusion.kind === 'queue'
            ? {
                tone: 'off',
                code: StringTemplates.NotRecordedExcludedQueue,
                context: { queue: reason.exclusion.queue },
              }
            : {
                tone: 'off',
                code: StringTemplates.NotRecordedExcludedAttribute,
                context: { path: reason.exclusion.path, value: String(reason.exclusion.value) },
              };
        case 'call_ended':
          return { tone: 'off', code: StringTemplates.NotRecordedCallEnded, context: {} };
        case 'disabled':
          return { tone: 'off', code: StringTemplates.NotRecordedDisabled, context: {} };
        case 'config_invalid':
          return { tone: 'error', code: StringTemplates.NotRecordedConfigInvalid, context: {} };
        case 'internal_inbound':
          return { tone: 'off', code: StringTemplates.NotRecordedInternalInbound, context: {} };
        case 'absent':
          return { tone: 'off', code: StringTemplates.NotRecordedAbsent, context: {} };
      }
    }
  }
}
