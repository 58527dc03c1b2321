import type * as Flex from '@twilio/flex-ui';

import type { Recorder } from '../../recording/recorder';

/** The part of the HangupCall payload we read (`{ task?, sid? }`, sid being the reservation SID). */
interface HangupCallPayload {
  readonly task?: { readonly sid?: string };
  readonly sid?: string;
}

/** A hang-up ends the wait for a leg right away, before Flex moves the task to wrap-up. */
export function registerHangupCall(flex: typeof Flex, recorder: Recorder): void {
  flex.Actions.addListener('afterHangupCall', (payload: HangupCallPayload | undefined) => {
    const reservationSid = payload?.task?.sid ?? payload?.sid;
    if (reservationSid) recorder.onTaskEnded(reservationSid);
  });
}
